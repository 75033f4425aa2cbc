// The JIT's inverse normal over lanes (codegen/emit_random.cpp) computes its
// tail only where a lane is in it, the tail's log only for the groups of
// lanes that have such a lane, and the far tail (p < 1.4e-11) only where a
// lane is that far out. A loan whose default rate is far below any real one
// puts its copula's quantile (the IR's NormInv of the period's default
// probability) in the far tail in every lane, a second in the near tail:
// against the interpreter, bit for bit. The rent factor's drift is drawn
// and the day count ACT/360, so its (1 + drift)^(year fraction) is memoized
// (codegen/calendar.hpp) and the memo both hits (July to August: 31 days
// each) and misses (February).
#include <catch2/catch.hpp>

#include "batch_support.hpp"

using namespace sluice;

TEST_CASE("The JIT's inverse normal in the far and near tails, as the interpreter's", "[codegen]") {
  const char* text = R"(unit gpu
deal "Far tail" {
  currency  USD
  start     2025-01-31
  period    monthly
  horizon   12 months
  day_count ACT/360
  market {
    draw   trend    = uniform(-30%, 10%) per year
    factor gpu_rate = lognormal(start: 2.00 USD/gpu/h, drift: trend, vol: 30% per year)
  }
  fleet gpus { units 10 gpu  cost 20_000 USD/gpu }
  loan rare   { balance 10m USD  rate 11%  amortization level over 12 months  default cdr(0.0000000001%), copula 30% on gpu_rate  severity 70% }
  loan common { balance 10m USD  rate 11%  amortization level over 12 months  default cdr(8%), copula 30% on gpu_rate  severity 70% }
  tranche A { balance 10m USD  coupon 5%  amortization bullet }
  equity E
  waterfall {
    pay A.interest
    pay A.principal
    pay E residual
  }
  report { series gpu_rate }
}
)";
  auto r = test::run_text("far_tail.deal", text);
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const exec::Batch a = test::random_batch(*r, 29, 11, false);
  REQUIRE_FALSE(a.rows.empty());
  for (unsigned lanes : {0u, 1u, 3u}) {
    INFO("lanes " << lanes);
    CHECK(test::same_bits(a, test::random_batch(*r, 29, 11, true, lanes)));
  }
}
