// Timing and agreement for the bench: repetitions summarised as median, min
// and max; engines run through the evaluator seam alone or through the Monte
// Carlo driver; period tables compared bit for bit.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "deals.hpp"
#include "exec/evaluator.hpp"

namespace sluice::bench {

struct Stats {
  double median = 0, min = 0, max = 0;
  int reps = 0;
};

// Runs `fn` `reps` times (after one untimed warm-up when `warm_up`) and
// summarises the seconds each run took.
Stats repeat(int reps, bool warm_up, const std::function<void()>& fn);

// Scenarios [0, n) through `eval` in batches over `threads` threads (each
// taking the next batch as it finishes one), tables dropped: the engine
// alone, without the driver's per-scenario metrics.
void evaluate_only(const exec::Evaluator& eval, std::uint64_t n, int batch, std::uint64_t seed, int threads);

// An evaluator that hands out the tables of `source`'s first batch for
// every batch: the Monte Carlo driver timed over it costs the driver alone.
std::unique_ptr<exec::Evaluator> make_replay(const exec::Evaluator& source, int batch, std::uint64_t seed);

// The Monte Carlo driver (mc::simulate: batches over a thread pool, per
// scenario metrics, exact sums), as `sluice run -n N` drives an engine.
void monte_carlo(const Deal& d, const exec::Evaluator& eval, std::uint64_t n, int threads, std::uint64_t seed);

// Scenarios [0, n) of `seed` through `eval` and through `reference`, in
// batches of `batch` (a partial last batch included): true when every init
// and period value has the same bits, both as `eval` evaluates them into
// tables and as its stream hands them over (what a Monte Carlo run reads).
// On a difference `why` names the first (scenario, period, column) and
// both values.
bool same_tables(const Deal& d, const exec::Evaluator& reference, const exec::Evaluator& eval, std::uint64_t n, int batch,
                 std::uint64_t seed, std::string& why);

// How many (scenario, period) rows of the first `n` scenarios have each
// trigger on, by the interpreter: the agreement check is only as strong as
// the branches its scenarios take.
std::vector<std::uint64_t> trigger_counts(const Deal& d, const exec::Evaluator& reference, std::uint64_t n, std::uint64_t seed);

// How the deal's convertible converts in the first `n` scenarios, by the
// interpreter, each conversion counted once under the first route that
// applies in its period: the issuer has called it (`NAME.called`, a report
// column), the trigger `swap_trigger` is on (a `convert` step on its
// branch), or neither (at maturity or the horizon, in the money).
struct Conversions {
  std::uint64_t by_call = 0, by_swap = 0, at_maturity = 0;
};
Conversions conversion_counts(const Deal& d, const exec::Evaluator& reference, std::uint64_t n, std::uint64_t seed,
                              const std::string& swap_trigger);

}  // namespace sluice::bench
