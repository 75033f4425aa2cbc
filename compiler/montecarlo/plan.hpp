// The plan of a Monte Carlo run: the numbers each scenario keeps, one per
// (owner, registry metric), in a fixed order. One plan serves the run
// (montecarlo/simulate.cpp, with the columns it reads) and the checks of a
// partial result (montecarlo/partial.cpp, from the names it carries).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.hpp"
#include "vocabulary/metrics.hpp"

namespace sluice::mc {

using MetricKind = vocab::Metric;

struct Metric {
  std::string name;  // "A.loss_share", "dscr.min", "cash_trap.first"
  MetricKind kind;
  int index = 0;     // tranche, equity or test position; column for a condition, report number or factor
  int trigger = -1;  // FactorAtBreach: the trigger's column (a run's plan only; a partial result needs none)
};

// What a plan is made of: the owners' names in the deal's order, and the
// Requested metrics the report names. A risk shape (montecarlo/risk.hpp) is
// one, so a partial result carries it.
struct PlanOwners {
  std::vector<std::string> tranches, equities, tests, triggers;
  std::vector<std::string> probabilities;  // conditions that are not triggers
  std::vector<std::string> horizon_metrics;
  std::vector<std::pair<std::string, MetricKind>> requested;  // `report { metrics A.modified_duration }`: (owner, metric)
  // The obligors that can default (ir::Module::obligors, lowered for a
  // Monte Carlo run), each one's group (an index into `groups`, -1 for
  // none) and whether it is a loan; kept as sums, not metrics.
  std::vector<std::string> obligors, groups;
  std::vector<int> obligor_group;
  std::vector<bool> obligor_loan;
  // The market's draws and factors (ir::Module::factors, recorded in every
  // Monte Carlo run), whose summary each scenario keeps for --scenarios-out.
  std::vector<std::string> factors;
};
PlanOwners plan_owners(const ir::Module& m);

// For each tranche, equity and test (in that order) its registry rows
// (vocabulary/metrics.def) that every run keeps and the Requested ones its
// report names; then each trigger's and probability's first period; then
// each report number at the horizon; then for each draw and factor its
// minimum and its value at each trigger's first breach (`F.min`,
// `F.at_TRIGGER`). A column metric's index is the column `m` has under its
// name; without a module (a partial result's shape) -1.
std::vector<Metric> metric_plan(const PlanOwners& owners, const ir::Module* m);
inline std::vector<Metric> metric_plan(const ir::Module& m) { return metric_plan(plan_owners(m), &m); }

// Whether some metric of the plan needs the tranches' yield (Cost Yield).
bool needs_yield(const std::vector<Metric>& plan);

}  // namespace sluice::mc
