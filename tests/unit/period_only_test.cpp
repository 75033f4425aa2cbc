// The JIT's calendar plan (codegen/calendar.hpp): which values of the
// flagship depend on the period alone, so that the kernel reads them from
// the period's row instead of computing them for every block of lanes, and
// which calls it memoizes. The
// differential and golden tests show the bits do not change; this shows
// what is moved and that nothing drawn is.
#include <catch2/catch.hpp>
#include <string>

#include "codegen/calendar.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

bool slot_is(const ir::Module& m, const codegen::CalendarPlan& c, const std::string& name) {
  for (std::size_t s = 0; s < m.state.size(); ++s)
    if (m.state[s].name == name) return c.slot[s] != 0;
  FAIL("no state slot " << name);
  return false;
}

}  // namespace

TEST_CASE("The calendar plan: a hazard accrued at a fixed rate is the period's, anything drawn is not", "[codegen]") {
  auto r = test::run_file(std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal");
  REQUIRE(r->c.module);
  const ir::Module& m = *r->c.module;
  const codegen::CalendarPlan c = codegen::plan_calendar(m);
  // The lessees' hazards accrue pd x year fraction from zero; the default
  // times, the rent factor and the balances follow the draws.
  CHECK(slot_is(m, c, "lessees.hyperscaler.hazard"));
  CHECK(slot_is(m, c, "lessees.startup.hazard"));
  CHECK_FALSE(slot_is(m, c, "lessees.hyperscaler.default_time"));
  CHECK_FALSE(slot_is(m, c, "gpu_rate"));
  CHECK_FALSE(slot_is(m, c, "A.balance"));
  // Every hoisted register is the period's, none is a draw, and each the
  // kernel reads has a column the calendar computes.
  REQUIRE(c.columns > 0);
  std::size_t with_column = 0, exps = 0;
  for (std::size_t i = 0; i < m.step.code.size(); ++i) {
    const ir::Op op = m.step.code[i].op;
    if (!c.hoisted[i]) {
      CHECK(c.column[i] < 0);
      continue;
    }
    CHECK(c.step[i]);
    CHECK(op != ir::Op::Normal);
    CHECK(op != ir::Op::Uniform);
    CHECK(op != ir::Op::Poisson);
    exps += op == ir::Op::Exp;
    if (c.column[i] >= 0) {
      ++with_column;
      CHECK(c.step_emit[i]);
    }
  }
  CHECK(with_column == c.columns);
  // exp(-hazard) for each of the four lessees, the fleet's value's
  // exp(log(80%) x age / 12), and the Vasicek factor's exp(-speed x dt).
  CHECK(exps == 6);
  // The rent factor's (1 + drift)^(year fraction), its drift drawn once a
  // scenario (a slot the step never stores): memoized, as the only call
  // whose arguments are all fixed for the scenario or the period's.
  std::size_t memo_pows = 0;
  for (std::size_t i = 0; i < m.step.code.size(); ++i)
    if (c.memo[i] >= 0) {
      CHECK_FALSE(c.hoisted[i]);
      memo_pows += m.step.code[i].op == ir::Op::Pow;
    }
  CHECK(c.memos == 1);
  CHECK(memo_pows == 1);
}
