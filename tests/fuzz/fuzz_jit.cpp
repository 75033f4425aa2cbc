// Fuzz target: what the interpreter accepts, the JIT compiles and runs to
// the same bits. Each input is a deal; one the compiler accepts (and whose
// work is small) is run as the base case and as 8 random scenarios on both
// engines, and the init values, period tables and any broken check must be
// identical, NaN payloads included. LLVM itself is not instrumented: the
// coverage that guides the fuzzer is the front end's and the lowering's.
#include <cstring>
#include <string>

#include "codegen/jit.hpp"
#include "fuzz_common.hpp"
#include "interp/interpreter.hpp"
#include "ir/ir.hpp"
#include "pipeline/pipeline.hpp"

namespace {

// A compile costs tens of milliseconds: smaller programs than the
// interpreter's target keeps a run near a hundred inputs a second.
constexpr double kMaxWork = 2e5;

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void compare(const sluice::exec::Batch& a, const sluice::exec::Batch& b) {
  using sluice::fuzz::broken;
  if (!same_bits(a.init, b.init)) broken("the JIT's init values differ from the interpreter's");
  if (a.violation.has_value() != b.violation.has_value()) broken("one engine broke a check the other did not");
  if (a.violation) {
    if (a.violation_scenario != b.violation_scenario || a.violation->period != b.violation->period || a.violation->check != b.violation->check)
      broken("the engines broke different checks");
    return;  // past a broken check the rows are not defined to agree
  }
  if (!same_bits(a.rows, b.rows)) broken("the JIT's period table differs from the interpreter's");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sluice;
  pipeline::Compiled c;
  pipeline::compile_text(c, fuzz::kPath, fuzz::text_of(data, size), {}, "ir");
  if (c.exit != kOk) return 0;  // the check target covers refusals
  if (!c.module || !c.model) fuzz::broken("compile succeeded without a module");
  const auto& m = *c.module;
  const auto& deal = c.model->deal;
  double work = static_cast<double>(m.init.code.size()) + static_cast<double>(m.step.code.size()) * deal.periods;
  if (work > kMaxWork) return 0;
  auto schedule = exec::schedule_for(deal);
  for (bool random : {false, true}) {
    std::string error;
    auto jit = codegen::make_jit(m, schedule, random, error);
    if (!jit) fuzz::broken("the JIT refused a module the interpreter runs");
    exec::Batch a, b;
    a.seed = b.seed = 7;
    a.count = b.count = random ? 8 : 1;
    if (random) {
      interp::make_interpreter(m, schedule)->evaluate(a);
    } else {
      auto trace = interp::run_base_case(m, schedule);
      a.init = trace.init;
      for (const auto& row : trace.rows) a.rows.insert(a.rows.end(), row.begin(), row.end());
      if (trace.violation) {
        a.violation = trace.violation;
        a.violation_scenario = 0;
      }
    }
    jit->evaluate(b);
    compare(a, b);
  }
  return 0;
}
