// The deals the bench runs: tests/bench/bench.deal as written, the same deal
// at other horizons (the periods series) and generated deals of the same
// shape with 2 to 16 tranches (the tranches series), compiled from text in
// memory through the driver's phases.
#pragma once
#include <memory>
#include <string>

#include "interp/interpreter.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::bench {

struct Deal {
  std::string label;  // "bench.deal", "240 periods", "8 tranches"
  std::unique_ptr<pipeline::Compiled> compiled;
  exec::Schedule schedule;
  int term_months = 0;  // the level term the hand-written evaluator needs; 0: not bench.deal's structure
  const ir::Module& module() const { return *compiled->module; }
  int periods() const { return schedule.periods(); }
};

std::string read_text(const std::string& path);

// bench.deal's text with its horizon and level terms set to `months`.
std::string with_horizon(const std::string& bench_text, int months);

// A deal of bench.deal's shape (the same market, pool, fees, reserve and
// triggers) with `tranches` tranches: a level senior, a floating second,
// fixed-coupon middles and a PIK convertible last (bench.deal's D), paid
// sequentially.
std::string tranche_deal(int tranches);

// Compiles `text` (named `path`, for diagnostics and imports); on failure
// prints the diagnostics to stderr and returns null.
std::unique_ptr<Deal> compile_deal(const std::string& path, const std::string& text, std::string label, int term_months);

}  // namespace sluice::bench
