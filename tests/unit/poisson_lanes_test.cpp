// The JIT's Poisson count runs rng::poisson's inversion in every lane at
// once (codegen/emit_random.cpp) and calls the runtime lane by lane for a
// block where some mean is above 700. Both paths and many rounds of the
// inversion, against the interpreter, bit for bit.
#include <catch2/catch.hpp>

#include "batch_support.hpp"

using namespace sluice;

TEST_CASE("The JIT's Poisson counts: few, many and past the normal approximation's 700, as the interpreter's", "[codegen]") {
  // Monthly means up to 3.3 drawn per scenario (so different in each
  // lane), 5 (many rounds of the inversion) and 1000 (past 700: the
  // runtime's normal approximation).
  const char* text = R"(unit gpu
deal "Poisson lanes" {
  currency  USD
  start     2025-01-31
  period    monthly
  horizon   12 months
  day_count 30/360
  market {
    draw   lam  = uniform(0%, 4000%)
    factor few  = lognormal(start: 1.00 USD/gpu/h, drift: 0% per year, vol: 10% per year) jumps poisson(lam per year) size -1%
    factor many = lognormal(start: 1.00 USD/gpu/h, drift: 0% per year, vol: 10% per year) jumps poisson(60 per year) size 1%
    factor huge = lognormal(start: 1.00 USD/gpu/h, drift: 0% per year, vol: 10% per year) jumps poisson(12000 per year) size 0.01%
  }
  fleet gpus { units 10 gpu  cost 20_000 USD/gpu }
  lease l on gpus { units 10 gpu  rent few * many / huge }
  tranche A { balance 100_000 USD  coupon 5%  amortization bullet }
  equity E
  waterfall {
    pay A.interest
    pay A.principal
    pay E residual
  }
  report { series few, many, huge }
}
)";
  auto r = test::run_text("poisson_lanes.deal", text);
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const exec::Batch a = test::random_batch(*r, 37, 5, false);
  REQUIRE_FALSE(a.rows.empty());
  for (unsigned lanes : {0u, 1u, 3u}) {
    INFO("lanes " << lanes);
    CHECK(test::same_bits(a, test::random_batch(*r, 37, 5, true, lanes)));
  }
}
