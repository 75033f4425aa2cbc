// make bench: the JIT, the interpreter and a hand-written C++ evaluator of
// tests/bench/bench.deal, in one process, on the same seeds.
//
//   sluice_bench [--quick | --smoke] [--reps N] [--json PATH] [--sluice BIN] [--deal FILE]
//   sluice_bench --profile jit|hand-written|interp [--scenarios N] [--threads T]   (for perf)
//   sluice_bench --e2e [--quick | --scenarios N] [--reps N] [--json PATH] [--sluice BIN]   (`sluice run -n` end to end: end_to_end.hpp)
//
// Before any time is taken every engine's period tables must equal the
// interpreter's bit for bit (exit 1 otherwise). --smoke stops there: it is
// the ctest `bench.smoke`. The workloads, their sizes and the goals are in
// docs/performance.md; plan.cpp says what each run mode measures.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fmt/format.h>
#include <string>

#include "end_to_end.hpp"
#include "plan.hpp"

using namespace sluice::bench;

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: sluice_bench [--quick | --smoke] [--reps N] [--json PATH] [--sluice BIN] [--deal FILE]\n"
               "       sluice_bench --profile jit|hand-written|interp [--scenarios N] [--threads T]\n"
               "       sluice_bench --e2e [--quick | --scenarios N] [--reps N] [--json PATH] [--sluice BIN]\n");
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  Plan plan;
  plan.deal_path = std::string(SLUICE_SOURCE_DIR) + "/tests/bench/bench.deal";
  plan.sluice = SLUICE_BINARY;
  plan.json_path = "tests/bench/results.json";
  bool e2e = false, json_given = false, scenarios_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool more = i + 1 < argc;
    if (a == "--quick") plan.mode = Mode::Quick;
    else if (a == "--smoke") plan.mode = Mode::Smoke;
    else if (a == "--profile" && more) plan.mode = Mode::Profile, plan.profile_engine = argv[++i];
    else if (a == "--threads" && more) plan.profile_threads = std::atoi(argv[++i]);
    else if (a == "--scenarios" && more) plan.profile_scenarios = std::strtoull(argv[++i], nullptr, 10), scenarios_given = true;
    else if (a == "--reps" && more) plan.reps = std::atoi(argv[++i]);
    else if (a == "--e2e") e2e = true;
    else if (a == "--json" && more) plan.json_path = argv[++i], json_given = true;
    else if (a == "--sluice" && more) plan.sluice = argv[++i];
    else if (a == "--deal" && more) plan.deal_path = argv[++i];
    else return usage();
  }
  if (plan.reps < 1) return usage();
  try {
    if (e2e) {
      EndToEndPlan p;
      p.quick = plan.mode == Mode::Quick;
      p.reps = plan.reps == 5 ? 3 : plan.reps;  // 5 is the other workloads' default
      p.sluice = plan.sluice;
      p.flagship = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";
      p.bench_deal = plan.deal_path;
      p.json_path = json_given ? plan.json_path : "tests/bench/e2e.json";
      if (scenarios_given) p.small = plan.profile_scenarios;
      return end_to_end(p);
    }
    return run(plan);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench: %s\n", e.what());
    return 1;
  }
}
