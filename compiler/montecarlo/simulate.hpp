// The Monte Carlo driver: runs scenarios 0 .. N-1 of a compiled deal in
// batches over a thread pool and keeps, per scenario, the handful of numbers
// the risk report needs (never the whole period table). Everything it keeps
// is either indexed by scenario or an exact sum, so the result is the same
// bits for any thread count and batch size.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "exec/evaluator.hpp"
#include "ir/ir.hpp"
#include "montecarlo/plan.hpp"
#include "stats/exact_sum.hpp"

namespace sluice::mc {

// Scenarios per evaluator call unless told: two lane groups of a 16-lane
// (AVX-512) JIT, and few enough that the batch's period tables (26 KB a
// scenario in the flagship) stay in a core's L2 cache between the
// evaluator's write and the metric stream's read (docs/performance.md,
// "The metric stream": 3-5% faster than 256 on the flagship).
inline constexpr int kDefaultBatch = 16;

struct Options {
  std::uint64_t scenarios = 1000;
  std::uint64_t seed = 1;
  int threads = 0;                 // 0: the machine's hardware threads
  int batch = kDefaultBatch;       // scenarios per evaluator call
  std::uint64_t fan_sample = 10000;  // scenarios whose series feed the fan-chart quantiles
  bool progress = false;           // a progress bar on stderr
  int months_per_period = 1;
  // A shard runs only scenarios [first, first + count) of the N above (the
  // default count: through N). Scenario i draws the same numbers wherever
  // it runs, so shards add up to the one-process run.
  std::uint64_t first = 0, count = UINT64_MAX;
  // `--check`: audit every scenario's period table (exec/semantics.hpp), as
  // the base case always is. Off by default: it reads every table again.
  bool audit = false;
  // Asked on the calling thread about every 50 ms while the workers run; once
  // it answers true, no worker starts another batch and the run returns
  // early with `Simulation::cancelled` set (the Python binding's Ctrl-C).
  // Never part of a result: a cancelled run is not reported.
  std::function<bool()> cancel;
};

// Why a run stopped: a broken invariant or money that is not finite.
struct Failure {
  std::uint64_t scenario = 0;
  int period = 0;
  bool invariant = true;
  std::size_t check = 0;  // invariant: ir::Module::checks index
  int column = -1;        // non-finite money: the column
  double a = 0, b = 0;
};

// Per obligor or group, over the scenarios: the defaults (an obligor's 0
// or 1, a loan's defaulted share of its balance; a group's sum of its
// obligors'), the credit losses and their squares (for the standard error).
struct CreditSums {
  stats::ExactSum defaults, loss, loss_sq;
};

void merge_credit(CreditSums& into, const CreditSums& from);

// Per tranche, over the scenarios (analysis::TrancheMetrics::default_period):
// its defaults (0 or 1 each), and where it defaulted the default period,
// the exposure at default and the loss with and without the interest
// accrued after the default (0 where it did not): loss given default is a
// ratio of these sums, so it merges exactly across threads and shards.
struct DefaultSums {
  stats::ExactSum defaults, period, exposure, loss, loss_ex_interest;
};

void merge_defaults(DefaultSums& into, const DefaultSums& from);

struct Simulation {
  Options options;
  // The scenarios held: [first, first + count); the whole run unless a shard.
  std::uint64_t first = 0, count = 0;
  std::vector<Metric> metrics;               // the plan (montecarlo/plan.hpp)
  std::vector<std::vector<double>> values;  // [metric][scenario - first]
  // Per tranche and period: the sum over scenarios of (interest + principal)
  // times the risk-free discount factor of the scenario (1 without one).
  std::vector<std::vector<stats::ExactSum>> discounted_flows;  // [tranche][period]
  // Per report series and period: the sum over scenarios.
  std::vector<std::vector<stats::ExactSum>> series_sums;  // [series][period]
  // Losses by obligor and by group (PlanOwners::obligors and ::groups).
  std::vector<CreditSums> obligor_sums, group_sums;
  std::vector<DefaultSums> default_sums;  // [tranche]
  // The series of the first `fan` scenarios of the run, as far as this
  // simulation holds them: [series][period][scenario - first], fan_held()
  // scenarios per period.
  std::uint64_t fan = 0;
  std::vector<double> fan_values;
  std::uint64_t fan_held() const { return fan > first ? std::min(fan, first + count) - first : 0; }
  std::optional<Failure> failure;  // the failing scenario with the lowest index
  bool cancelled = false;          // Options::cancel stopped the run: the values are incomplete
};

Simulation simulate(const ir::Module& m, const exec::Schedule& s, const exec::Evaluator& eval, const Options& o);

}  // namespace sluice::mc
