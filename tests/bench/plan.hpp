// The bench's run modes and what each measures (plan.cpp).
#pragma once
#include <cstdint>
#include <string>

namespace sluice::bench {

enum class Mode {
  Full,   // make bench: every workload at the sizes (~10 minutes on 2 cores)
  Quick,  // the same workloads at a tenth of the scenarios (~1 minute)
  Smoke,  // agreement only, no timing (the ctest bench.smoke)
  Profile // one engine on bench.deal, nothing else: to run under `perf record`
};

struct Plan {
  Mode mode = Mode::Full;
  int reps = 5;
  std::string deal_path, sluice, json_path;
  std::string profile_engine;  // Profile: "jit", "hand-written" or "interp"
  std::uint64_t profile_scenarios = 20'000;
  int profile_threads = 1;
};

// Checks agreement, then (unless Smoke) times, prints and writes the JSON.
// Returns the exit status: 1 when any engine disagrees.
int run(const Plan& plan);

}  // namespace sluice::bench
