#include "end_to_end.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <spawn.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/market.hpp"
#include "deals.hpp"
#include "exec/schedule.hpp"
#include "handwritten.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "report.hpp"

extern char** environ;

namespace sluice::bench {

namespace {

constexpr std::uint64_t kSeed = 7;

// One run: wall seconds from start to end, CPU seconds (user + system, every
// thread) and the peak resident memory.
struct Run {
  double wall = 0, cpu = 0, peak_mb = 0;
};

struct Line {
  std::string deal, engine;
  std::uint64_t scenarios = 0;
  int threads = 0;
  std::vector<Run> runs;
  double median(double Run::*field) const {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(r.*field);
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
  }
  double fastest() const {
    double best = runs.front().wall;
    for (const auto& r : runs) best = std::min(best, r.wall);
    return best;
  }
};

double cpu_of(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// The environment without what would change what is measured: an object
// cache would skip the compile, and the tier's test hooks force or log it.
std::vector<char*> clean_environment(std::vector<std::string>& keep) {
  for (char** e = environ; *e; ++e) {
    const std::string v = *e;
    if (v.rfind("SLUICE_JIT_CACHE=", 0) == 0 || v.rfind("SLUICE_HANDOVER=", 0) == 0 || v.rfind("SLUICE_TIER_LOG=", 0) == 0 ||
        v.rfind("SLUICE_TIER_STALL=", 0) == 0)
      continue;
    keep.push_back(v);
  }
  std::vector<char*> env;
  for (auto& v : keep) env.push_back(v.data());
  env.push_back(nullptr);
  return env;
}

// `sluice ARGS`, stdout to `out`, timed from spawn to exit.
Run spawn_timed(const std::string& sluice, std::vector<std::string> args, const std::string& out) {
  std::vector<std::string> keep;
  auto env = clean_environment(keep);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv{const_cast<char*>(sluice.c_str())};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, sluice.c_str(), &fa, nullptr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  rusage u{};
  if (rc != 0 || wait4(pid, &status, 0, &u) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(fmt::format("`{} {} {}` failed", sluice, args[0], args[1]));
  Run r;
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu = cpu_of(u);
  r.peak_mb = static_cast<double>(u.ru_maxrss) / 1024;
  return r;
}

// bench.deal through the hand-written evaluator, in this process, by the
// steps `sluice run DEAL -n N` takes: the front end, the Monte Carlo
// driver, the risk report as a table. Its text must be the command's.
Run hand_written(const std::string& path, std::uint64_t n, int threads, std::string& text) {
  rusage u0{}, u1{};
  getrusage(RUSAGE_SELF, &u0);
  const auto t0 = std::chrono::steady_clock::now();
  pipeline::Compiled c;
  c.record_obligors = true;  // as `sluice run -n` lowers it: the risk report's losses by obligor
  pipeline::compile(c, path, {}, "ir");
  if (c.exit) throw std::runtime_error(path + " does not compile");
  const auto& deal = c.model->deal;
  const exec::Schedule s = exec::schedule_for(deal);
  if (analysis::has_quote(*c.module)) throw std::runtime_error("bench.deal quotes a tranche: the in-process run does not price it");
  const auto hand = make_handwritten(s, 120, true);
  if (c.module->obligors.size() != 1 || c.module->columns.size() != kHandwrittenColumns + kHandwrittenObligorColumns)
    throw std::runtime_error("bench.deal's columns are not those the hand-written evaluator writes");
  mc::Options o;
  o.scenarios = n;
  o.seed = kSeed;
  o.threads = threads;
  o.months_per_period = deal.months_per_period;
  const auto sim = mc::simulate(*c.module, s, *hand, o);
  if (sim.failure) throw std::runtime_error("the hand-written evaluator's run failed");
  const auto shape = mc::risk_shape(*c.module, s, std::string(cal::day_count_name(deal.day_count)), deal.period_name);
  text = mc::format_risk(mc::aggregate(shape, sim), "table", false);
  Run r;
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  getrusage(RUSAGE_SELF, &u1);
  r.cpu = cpu_of(u1) - cpu_of(u0);
  return r;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const Line* find(const std::vector<Line>& lines, const std::string& deal, const std::string& engine, std::uint64_t n, int threads) {
  for (const auto& l : lines)
    if (l.deal == deal && l.engine == engine && l.scenarios == n && l.threads == threads) return &l;
  return nullptr;
}

}  // namespace

int end_to_end(const EndToEndPlan& plan) {
  const Machine machine = describe_machine();
  const std::uint64_t small = plan.small ? plan.small : plan.quick ? 10'000 : 100'000, large = small * 10;
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("sluice-bench-e2e-{}", getpid());
  std::filesystem::create_directories(dir);
  std::vector<Line> lines;
  bool same = true;
  const std::vector<std::pair<std::string, std::string>> deals = {{"flagship", plan.flagship}, {"bench.deal", plan.bench_deal}};
  for (const auto& [label, path] : deals)
    for (std::uint64_t n : {small, large})
      for (int thr : {1, 2}) {
        const int reps = n == small ? plan.reps : 1;
        // What runs at this size: the default engine (the tier), and at the
        // smaller size the JIT waited for and the interpreter (a million
        // interpreted scenarios would take most of an hour).
        std::vector<std::string> engines = {"auto"};
        if (n == small) engines.insert(engines.end(), {"jit", "interp"});
        std::optional<std::string> first;
        for (const auto& engine : engines) {
          Line l{label, "sluice " + engine, n, thr, {}};
          const std::string out = (dir / fmt::format("{}-{}-{}-{}.txt", label, engine, n, thr)).string();
          for (int i = 0; i < reps; ++i)
            l.runs.push_back(spawn_timed(plan.sluice, {"run", path, "-n", std::to_string(n), "--seed", std::to_string(kSeed), "--threads",
                                                       std::to_string(thr), "--engine", engine},
                                         out));
          const std::string text = slurp(out);
          if (!first) first = text;
          else if (text != *first) {
            std::fprintf(stderr, "e2e: %s, %llu scenarios, %d threads: `--engine %s` printed other bytes\n", label.c_str(),
                         static_cast<unsigned long long>(n), thr, engine.c_str());
            same = false;
          }
          std::fprintf(stderr, "  %-10s %-14s %8llu sc  %d thr: %.3f s\n", label.c_str(), l.engine.c_str(), static_cast<unsigned long long>(n), thr,
                       l.median(&Run::wall));
          lines.push_back(std::move(l));
        }
        if (label == "bench.deal") {
          Line l{label, "hand-written", n, thr, {}};
          std::string text;
          for (int i = 0; i < reps; ++i) l.runs.push_back(hand_written(path, n, thr, text));
          if (first && text != *first) {
            // Both reports kept, to diff: the folder above is removed.
            std::ofstream("e2e-sluice.txt", std::ios::binary) << *first;
            std::ofstream("e2e-hand-written.txt", std::ios::binary) << text;
            std::fprintf(stderr,
                         "e2e: bench.deal, %llu scenarios: the hand-written run's report differs from sluice run's "
                         "(e2e-sluice.txt, e2e-hand-written.txt)\n",
                         static_cast<unsigned long long>(n));
            same = false;
          }
          std::fprintf(stderr, "  %-10s %-14s %8llu sc  %d thr: %.3f s\n", label.c_str(), l.engine.c_str(), static_cast<unsigned long long>(n), thr,
                       l.median(&Run::wall));
          lines.push_back(std::move(l));
        }
      }
  std::filesystem::remove_all(dir);

  double load[1] = {0};
  const double load_after = getloadavg(load, 1) == 1 ? load[0] : 0;
  std::printf("\nend to end: `sluice run DEAL -n N --seed 7 --threads T --engine E`, spawned, output to a file\n");
  std::printf("machine: %s, %u hardware threads, load %.2f before, %.2f after; %d runs at %llu scenarios (median, fastest), 1 at %llu\n\n",
              machine.cpu.c_str(), machine.hardware_threads, machine.load_before, load_after, plan.reps, static_cast<unsigned long long>(small),
              static_cast<unsigned long long>(large));
  std::printf("%-10s %-14s %9s %4s %11s %11s %11s %9s\n", "deal", "engine", "scenarios", "thr", "wall", "fastest", "cpu", "peak MB");
  for (const auto& l : lines)
    std::printf("%-10s %-14s %9llu %4d %10.3fs %10.3fs %10.3fs %9.0f\n", l.deal.c_str(), l.engine.c_str(), static_cast<unsigned long long>(l.scenarios),
                l.threads, l.median(&Run::wall), l.fastest(), l.median(&Run::cpu), l.median(&Run::peak_mb));
  // Ratios of rows of this run: how many times faster the default engine is
  // than each baseline (above 1: faster), by wall time and by CPU time.
  std::printf("\n%-10s %9s %4s  %-30s %8s %8s\n", "deal", "scenarios", "thr", "sluice run (auto) against", "wall", "cpu");
  nlohmann::json ratios = nlohmann::json::array();
  for (const auto& l : lines) {
    if (l.engine != "sluice auto") continue;
    for (const char* base : {"sluice interp", "sluice jit", "hand-written"}) {
      const Line* b = find(lines, l.deal, base, l.scenarios, l.threads);
      if (!b) continue;
      const double wall = b->median(&Run::wall) / l.median(&Run::wall), cpu = b->median(&Run::cpu) / l.median(&Run::cpu);
      std::printf("%-10s %9llu %4d  %-30s %7.2fx %7.2fx\n", l.deal.c_str(), static_cast<unsigned long long>(l.scenarios), l.threads, base, wall, cpu);
      ratios.push_back({{"deal", l.deal}, {"scenarios", l.scenarios}, {"threads", l.threads}, {"baseline", base}, {"wall", wall}, {"cpu", cpu}});
    }
  }
  nlohmann::json j;
  j["schema"] = "sluice.bench.e2e.v1";
  j["machine"] = {{"cpu", machine.cpu}, {"hardware_threads", machine.hardware_threads}, {"load_before", machine.load_before}, {"load_after", load_after}};
  j["same_bytes"] = same;
  j["rows"] = nlohmann::json::array();
  for (const auto& l : lines) {
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& r : l.runs) runs.push_back({{"wall", r.wall}, {"cpu", r.cpu}, {"peak_mb", r.peak_mb}});
    j["rows"].push_back({{"deal", l.deal}, {"engine", l.engine}, {"scenarios", l.scenarios}, {"threads", l.threads}, {"runs", runs}});
  }
  j["ratios"] = ratios;
  std::ofstream(plan.json_path) << j.dump(2) << "\n";
  std::printf("\n%s; wrote %s\n", same ? "every output of one size: the same bytes" : "OUTPUTS DIFFER", plan.json_path.c_str());
  return same ? 0 : 1;
}

}  // namespace sluice::bench
