#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <iostream>

#include "base/text.hpp"
#include "driver/cli_numbers.hpp"
#include "driver/commands.hpp"
#include "driver/errors.hpp"

namespace sluice::driver {

using sema::ParamOverride;

std::vector<std::string> inputs_of(const pipeline::Compiled& c, const std::string& file) {
  std::vector<std::string> in{file};
  for (std::uint32_t i = 0; i < c.sources.size(); ++i)
    if (!c.sources.file(i).real_path.empty()) in.push_back(c.sources.file(i).real_path);
  return in;
}

int emit(const std::string& text, const std::string& out, std::vector<OutputFile> also) {
  if (!out.empty()) also.push_back({out, text});
  if (int rc = write_outputs(also)) return rc;
  if (out.empty()) std::cout << text;
  return kOk;
}

CLI::Option* NumberOptions::add_text(CLI::App& cmd, const std::string& flags, std::uint64_t lo, std::uint64_t hi, const std::string& help,
                                     std::function<void(std::uint64_t)> store) {
  auto text = std::make_shared<std::string>();
  auto* option = cmd.add_option(flags, *text, fmt::format("{} (a whole number from {} to {})", help, lo, hi));
  entries_.push_back({option, flags.substr(0, flags.find(',')), std::move(text), lo, hi, std::move(store)});
  return option;
}

int NumberOptions::check() const {
  for (const auto& e : entries_) {
    if (e.option->empty()) continue;
    std::string why;
    auto v = parse_whole(*e.text, e.lo, e.hi, why);
    if (!v) return refuse(kUsage, DiagCode::BadOptionNumber, whole_number_error(e.name, *e.text, e.lo, e.hi, why));
    e.store(*v);
  }
  return kOk;
}

void add_lib_option(CLI::App& cmd, std::vector<std::string>& libs) {
  cmd.add_option("--lib", libs, "a library folder for `import desk.gpu` (desk/gpu.deal in it), searched after the deal's folder "
                                "and before $SLUICE_PATH (repeatable, in order)");
}

CLI::Option* add_monte_carlo_options(CLI::App& cmd, mc::Options& o, std::string& engine, const std::string& what_n, NumberOptions& numbers) {
  auto* n = numbers.add(cmd, "-n,--scenarios", o.scenarios, 1, 100'000'000, what_n);
  numbers.add(cmd, "--seed", o.seed, 0, UINT64_MAX, "the generator's seed (default 1): the same seed gives the same bits on any machine");
  numbers.add(cmd, "--threads", o.threads, 1, 1024, "worker threads (default: every hardware thread)");
  numbers.add(cmd, "--batch", o.batch, 1, 1 << 20, "scenarios per evaluator call (default " + std::to_string(mc::kDefaultBatch) + "); results do not depend on it");
  cmd.add_option("--engine", engine,
                 "auto (default: the interpreter for a base case; Monte Carlo on the interpreter until the JIT has compiled, then the "
                 "JIT), interp or jit (compiled before the first scenario)")
      ->check(CLI::IsMember({"auto", "interp", "jit"}));
  cmd.add_flag("--check", o.audit,
               "audit every scenario's period table: each tranche's balance rolls forward, carried interest, no negative account or "
               "distribution (the base case is always audited)");
  return n;
}

int start_mpi(bool monte_carlo, bool shard_given, Args args, std::optional<mpi::Session>& session) {
  const char* clash = !mpi::available() ? "this sluice was built without MPI (install libopenmpi-dev and rebuild); "
                                          "`--shard i/k` and `sluice merge` do the same by hand"
                      : !monte_carlo    ? "--mpi spreads Monte Carlo scenarios over the ranks: give -n N"
                      : shard_given     ? "--mpi chooses each rank's shard itself: drop --shard"
                                        : nullptr;
  if (clash) return refuse(kUsage, DiagCode::OptionClash, clash);
  session.emplace(args.argc, args.argv);
  if (session->rank() != 0) std::cerr.rdbuf(nullptr);
  return kOk;
}

}  // namespace sluice::driver
