// The CheckRange instruction (ir/ops.def): a value against both bounds of
// its domain in one check. Both engines must stop at the same period with
// the same violation, bits included (the value, then the bound it broke),
// at the bounds themselves, below, above, at a NaN and at an infinity; and
// a deal's value checked against its domain carries exactly one.
#include <catch2/catch.hpp>
#include <cfloat>
#include <cstring>
#include <limits>

#include "codegen/jit.hpp"
#include "exec/schedule.hpp"
#include "interp/interpreter.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

constexpr int kPeriods = 12;

// step: CheckRange(lo, v, hi) as check 0, v a function of the period
// number t: t itself; with a `pole`, t / (t - pole), infinite at t = pole;
// with `nan` too, (t - pole) / (t - pole), NaN there.
ir::Module range_module(double lo, double hi, int pole = 0, bool nan = false) {
  using ir::Instr;
  using ir::Op;
  ir::Module m;
  m.checks.push_back(ir::CheckInfo{"the value lies in its range", Span::none(), true});
  m.checks.back().domain = true;
  auto& c = m.step.code;
  auto emit = [&](Op op, int a = -1, int b = -1, int cc = -1, double imm = 0, std::uint32_t aux = 0) {
    c.push_back(Instr{op, a, b, cc, aux, imm});
    return static_cast<int>(c.size() - 1);
  };
  int t = emit(Op::Context, -1, -1, -1, 0, static_cast<std::uint32_t>(ir::ContextField::PeriodNumber));
  int v = t;
  if (pole) {
    int d = emit(Op::Sub, t, emit(Op::Const, -1, -1, -1, pole));
    v = emit(Op::Div, nan ? d : t, d);
  }
  emit(Op::CheckRange, emit(Op::Const, -1, -1, -1, lo), v, emit(Op::Const, -1, -1, -1, hi));
  return m;
}

bool same_bits(double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; }

// The interpreter's violation, and the JIT's at one lane and at its default
// width, in the base case and in a batch of scenarios: all the same.
std::optional<exec::Violation> run_both(const ir::Module& m) {
  auto s = exec::make_schedule(cal::Date{2025, 1, 31}, 1, kPeriods, cal::DayCount::Act360);
  auto base = interp::run_base_case(m, s).violation;
  for (bool random : {false, true})
    for (unsigned lanes : {1u, 0u}) {
      INFO((random ? "scenarios" : "base case") << ", lanes " << lanes);
      std::string error;
      codegen::JitOptions o;
      o.lanes = lanes;
      auto jit = codegen::make_jit(m, s, random, error, o);
      INFO(error);
      REQUIRE(jit);
      exec::Batch b;
      b.seed = 7;
      b.count = random ? 5 : 1;
      jit->evaluate(b);
      REQUIRE(b.violation.has_value() == base.has_value());
      if (random) {
        exec::Batch i = b;
        interp::make_interpreter(m, s)->evaluate(i);
        REQUIRE(i.violation.has_value() == base.has_value());
        if (base) CHECK(i.violation_scenario == b.violation_scenario);
      }
      if (!base) continue;
      CHECK(b.violation->period == base->period);
      CHECK(b.violation->check == base->check);
      CHECK(same_bits(b.violation->a, base->a));
      CHECK(same_bits(b.violation->b, base->b));
    }
  return base;
}

}  // namespace

TEST_CASE("a range check holds at its bounds and stops below, above, at a NaN and at an infinity", "[codegen][domain]") {
  // Inclusive at both ends: t runs 1..12.
  CHECK_FALSE(run_both(range_module(1, kPeriods)));
  // Below the low bound in period 1: the violation holds t and the bound.
  auto below = run_both(range_module(1.5, 4.5));
  REQUIRE(below);
  CHECK(below->period == 1);
  CHECK(below->a == 1);
  CHECK(below->b == 1.5);
  // Above the high bound from period 5.
  auto above = run_both(range_module(0.5, 4.5));
  REQUIRE(above);
  CHECK(above->period == 5);
  CHECK(above->a == 5);
  CHECK(above->b == 4.5);
  // 0/0 in period 3: a NaN fails both ordered compares; the low bound is
  // the one named.
  auto nan = run_both(range_module(-DBL_MAX, DBL_MAX, 3, true));
  REQUIRE(nan);
  CHECK(nan->period == 3);
  CHECK(std::isnan(nan->a));
  CHECK(nan->b == -DBL_MAX);
  // 3/0 in period 3: infinite, above every finite bound.
  auto inf = run_both(range_module(-DBL_MAX, DBL_MAX, 3));
  REQUIRE(inf);
  CHECK(inf->period == 3);
  CHECK(inf->a == std::numeric_limits<double>::infinity());
  CHECK(inf->b == DBL_MAX);
}

TEST_CASE("a value checked against its domain carries one CheckRange, no Check", "[ir][domain]") {
  auto r = test::run_text("range_utilization.deal", R"(unit gpu
deal "Utilization ramps past 100%" {
  currency USD
  start    2025-01-31
  horizon  12 months
  fleet gpus { units 10 gpu  cost 1_000 USD/gpu }
  lease L on gpus { rent 1 USD/gpu/h  utilization 60% + 10% * period_number }
  equity E
  waterfall { pay E residual }
}
)");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const auto& m = *r->c.module;
  int ranges = 0, domain_checks = 0;
  for (const auto& in : m.step.code) {
    if (in.op == ir::Op::CheckRange) {
      ++ranges;
      CHECK(m.checks.at(in.aux).domain);
      CHECK_THAT(m.checks.at(in.aux).what, Catch::Contains("utilization of `L`"));
    }
    if (in.op == ir::Op::Check && m.checks.at(in.aux).domain) ++domain_checks;
  }
  CHECK(ranges == 1);
  CHECK(domain_checks == 0);
  // The run stops in period 5 at 110%, named by that check.
  REQUIRE(r->trace.violation);
  CHECK(r->trace.violation->period == 5);
  CHECK(m.checks.at(r->trace.violation->check).domain);
  CHECK(r->trace.violation->a == Approx(1.1));
}
