// Fuzz target: `sluice run` on the interpreter: check, lower to IR, print
// the IR, run the base case and summarize it as `run --format csv` does.
// The JIT is not fuzzed (LLVM is not instrumented). Work is capped so one
// input stays fast: the horizon is at most 1,200 periods by the language,
// and a program longer than kMaxWork instruction-periods is only lowered.
#include <cmath>
#include <string>

#include "calendar/day_count.hpp"
#include "driver/report.hpp"
#include "fuzz_common.hpp"
#include "interp/interpreter.hpp"
#include "ir/ir.hpp"
#include "pipeline/pipeline.hpp"

namespace {
constexpr double kMaxWork = 2e6;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sluice;
  pipeline::Compiled c;
  pipeline::compile_text(c, fuzz::kPath, fuzz::text_of(data, size), {}, "ir");
  if (c.exit != kOk && !c.diags.has_errors()) fuzz::broken("compile refused the deal without an error");
  (void)render_all(c.diags, c.sources, false);
  if (c.exit != kOk) return 0;
  if (!c.module || !c.model) fuzz::broken("compile succeeded without a module");
  const auto& m = *c.module;
  (void)ir::print(m);
  const auto& deal = c.model->deal;
  double work = static_cast<double>(m.init.code.size()) + static_cast<double>(m.step.code.size()) * deal.periods;
  if (work > kMaxWork) return 0;
  auto schedule = exec::schedule_for(deal);
  if (schedule.periods() != deal.periods) fuzz::broken("the schedule's length is not the horizon");
  auto trace = interp::run_base_case(m, schedule);
  if (trace.rows.size() != static_cast<std::size_t>(deal.periods)) fuzz::broken("the trace's length is not the horizon");
  for (const auto& row : trace.rows)
    if (row.size() != m.columns.size()) fuzz::broken("a trace row has the wrong number of columns");
  if (trace.violation) return 0;  // the driver reports it (exit 70)
  for (const auto& row : trace.rows)
    for (std::size_t col = 0; col < m.columns.size(); ++col)
      if (m.columns[col].unit == m.currency && !std::isfinite(row[col])) return 0;  // reported too (E0901)
  auto rep = analysis::summarize(m, trace, schedule, std::string(cal::day_count_name(deal.day_count)), deal.period_name,
                               deal.months_per_period);
  (void)driver::format_csv(rep);
  (void)driver::format_json(rep);
  return 0;
}
