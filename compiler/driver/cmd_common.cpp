#include <fmt/format.h>
#include <iostream>

#include "driver/commands.hpp"
#include "driver/errors.hpp"

namespace sluice::driver {

std::vector<sema::ParamOverride> parse_sets(const std::vector<std::string>& raw, bool& ok) {
  std::vector<sema::ParamOverride> out;
  ok = true;
  for (const auto& s : raw) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      refuse(kUsage, DiagCode::BadSetSyntax, fmt::format("--set `{}` is not of the form name=value", s), {"for example --set advance_A=55%"});
      ok = false;
      continue;
    }
    out.push_back({s.substr(0, eq), s.substr(eq + 1)});
  }
  return out;
}

int emit(const std::string& text, const std::string& out, std::vector<OutputFile> also) {
  if (!out.empty()) also.push_back({out, text});
  if (int rc = write_outputs(also)) return rc;
  if (out.empty()) std::cout << text;
  return kOk;
}

void add_lib_option(CLI::App& cmd, std::vector<std::string>& libs) {
  cmd.add_option("--lib", libs, "a library folder for `import desk.gpu` (desk/gpu.deal in it), searched after the deal's folder "
                                "and before $SLUICE_PATH (repeatable, in order)");
}

CLI::Option* add_monte_carlo_options(CLI::App& cmd, mc::Options& o, std::string& engine, const std::string& what_n) {
  auto* n = cmd.add_option("-n,--scenarios", o.scenarios, what_n)->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  cmd.add_option("--seed", o.seed, "the generator's seed (default 1): the same seed gives the same bits on any machine");
  cmd.add_option("--threads", o.threads, "worker threads (default: every hardware thread)")->check(CLI::Range(1, 1024));
  cmd.add_option("--batch", o.batch, "scenarios per evaluator call (default 256); results do not depend on it")->check(CLI::Range(1, 1 << 20));
  cmd.add_option("--engine", engine, "auto (default: the interpreter for a base case, the JIT for Monte Carlo), interp or jit")
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
  if (clash) return refuse(kUsage, DiagCode::BadSetSyntax, clash);
  session.emplace(args.argc, args.argv);
  if (session->rank() != 0) std::cerr.rdbuf(nullptr);
  return kOk;
}

}  // namespace sluice::driver
