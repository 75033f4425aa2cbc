// `sluice run -n N --worst METRIC`: the scenarios a per-scenario metric
// ranks worst, so that an analyst goes from the tail of the distribution
// to one scenario's path (`--path K`). Which way is worse comes from the
// metric registry (vocabulary/metrics.def, its Worse column).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "montecarlo/plan.hpp"
#include "montecarlo/simulate.hpp"

namespace sluice::mc {

struct WorstScenario {
  std::uint64_t scenario = 0;
  double value = 0;
};

struct WorstList {
  std::string metric;     // "B.loss"
  vocab::MetricWorse worse = vocab::MetricWorse::High;
  vocab::MetricUnit unit = vocab::MetricUnit::Money;
  std::uint64_t ranked = 0, undefined = 0;  // scenarios with a value; without one (an IRR that does not exist, a trigger never on)
  std::vector<WorstScenario> worst;         // worst first; ties by the lower scenario id
};

// The plan's metric of that name, if any.
const Metric* find_metric(const std::vector<Metric>& plan, const std::string& name);

// The `top` worst scenarios of `sim` by `metric` (a row of its plan whose
// registry row has a direction). Undefined values (NaN) and a condition's
// 0 (never on) are counted, not ranked. The order is total (value, then id), so the list is the same for
// any thread count, batch size or engine that produced the same values.
WorstList worst_scenarios(const Simulation& sim, const Metric& metric, std::uint64_t top);

// The list as a table (with the command that replays the worst scenario:
// `replay` is that command without `--path K`), as CSV, or as JSON.
std::string format_worst(const WorstList& w, const std::string& format, const std::string& replay, std::uint64_t seed,
                         std::uint64_t scenarios, bool color);

}  // namespace sluice::mc
