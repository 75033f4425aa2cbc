// What the bench prints and writes: one row per (workload, engine, size),
// the goals as ratios of rows measured in the same run, and the JSON file
// (schema sluice.bench.v2, described in docs/performance.md).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "measure.hpp"

namespace sluice::bench {

struct Row {
  std::string workload;  // "monte carlo", "scenarios", "periods", "tranches", "compile", "base case", "evaluate"
  std::string engine;    // "jit", "hand-written", "interp", "sluice run", ...
  std::uint64_t scenarios = 0;
  int periods = 0, tranches = 0, threads = 0;
  Stats seconds;
  // Scenario-periods a second at the median, for the rows that run scenarios.
  double throughput() const { return scenarios ? static_cast<double>(scenarios) * periods / seconds.median : 0; }
};

struct Goal {
  std::string goal;      // "JIT >= 0.9x hand-written"
  std::string measured;  // "0.74x"
  double value = 0, target = 0;
  bool met = false;
};

struct Agreement {
  std::string deal, engine;
  std::uint64_t scenarios = 0;
  bool agrees = false;
  std::string why;
};

struct Machine {
  std::string cpu;
  unsigned hardware_threads = 0;
  double load_before = 0, load_after = 0;  // 1-minute load average
};

Machine describe_machine();

// Prints the table of rows, then the goals.
void print_report(const std::vector<Row>& rows, const std::vector<Goal>& goals, const Machine& machine);

void write_json(const std::string& path, const std::vector<Row>& rows, const std::vector<Goal>& goals,
                const std::vector<Agreement>& agreement, const Machine& machine, bool quick, int reps);

}  // namespace sluice::bench
