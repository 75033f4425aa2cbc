// The ABS prepayment convention and a pool's age (seasoning), against
// figures derived by hand in the comments and the ABS identity: at a
// constant ABS speed S, a share S of the ORIGINAL number of receivables
// prepays each month, so a pool that pays nothing else has (1 - S x m) of
// its original balance left after m months.
#include <catch2/catch.hpp>
#include <cmath>

#include "pool_deal.hpp"
#include "test_support.hpp"

using sluice::test::run_text;

namespace {
std::string abs_deal(const std::string& behaviour, const std::string& period = "monthly", int months = 24) {
  return sluice::test::pool_deal_text({behaviour, months, period, "0%", "bullet", {{"prepaid", "prepayments"}, {"open", "balance"}}});
}
}  // namespace

TEST_CASE("ABS: a share of the original count prepays each month", "[pool][abs]") {
  // abs(1.5%): SMM_1 = 1.5%; SMM_2 = 1.5% / (1 - 1.5%) = 1.522843%;
  // SMM_10 = 1.5% / (1 - 9 x 1.5%) = 1.734104%. Month 1 prepays 15,000; the
  // balance opening month m is 1,000,000 x (1 - 1.5% x (m - 1)): 865,000 in
  // month 10, and every month prepays 15,000 (1.5% of the original).
  auto r = run_text("abs.deal", abs_deal("prepayment abs(1.5%)"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  CHECK(r->at("prepaid", 1) == Approx(15000.0).epsilon(1e-12));
  CHECK(r->at("prepaid", 2) == Approx(985000.0 * 0.015 / 0.985).epsilon(1e-12));
  CHECK(r->at("open", 10) == Approx(865000.0).epsilon(1e-12));
  for (int m = 1; m < 24; ++m) {
    INFO("month " << m);
    CHECK(r->at("prepaid", m) == Approx(15000.0).epsilon(1e-12));
    CHECK(r->at("prepaid", m) / r->at("open", m) == Approx(0.015 / (1 - 0.015 * (m - 1))).epsilon(1e-12));
  }
}

TEST_CASE("ABS: seasoned receivables start from their age", "[pool][abs]") {
  // age 24 months: SMM_1 = 1.5% / (1 - 1.5% x 24) = 1.5% / 0.64 = 2.34375%.
  auto r = run_text("abs_age.deal", abs_deal("prepayment abs(1.5%)  age 24 months"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->at("prepaid", 1) == Approx(1e6 * 0.015 / 0.64).epsilon(1e-12));
  CHECK(r->at("prepaid", 5) / r->at("open", 5) == Approx(0.015 / (1 - 0.015 * 28)).epsilon(1e-12));
  // `age 2 years` is the same age.
  auto y = run_text("abs_years.deal", abs_deal("prepayment abs(1.5%)  age 2 years"));
  REQUIRE(y->c.module);
  CHECK(y->at("prepaid", 1) == r->at("prepaid", 1));
}

TEST_CASE("ABS: a quarter's rate is the product of its three months", "[pool][abs]") {
  // 1 - (1 - 1.5%)(1 - 1.5%/0.985)(1 - 1.5%/0.97) = 1 - 0.955 = 4.5%: 45,000
  // of 1,000,000 in quarter 1; quarter 2: 45,000 of 955,000 (3 x 1.5% of
  // the original count again).
  auto r = run_text("abs_q.deal", abs_deal("prepayment abs(1.5%)", "quarterly", 24));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->at("prepaid", 1) == Approx(45000.0).epsilon(1e-12));
  CHECK(r->at("prepaid", 2) == Approx(45000.0).epsilon(1e-12));
  CHECK(r->at("open", 3) == Approx(910000.0).epsilon(1e-12));
}

TEST_CASE("ABS: once every original receivable has prepaid, the rest prepays", "[pool][abs]") {
  // abs(10%): month m prepays 100,000 until month 10, which prepays the
  // last 100,000 (SMM 10% / (1 - 90%) = 100%); the balance is 0 after.
  auto r = run_text("abs_end.deal", abs_deal("prepayment abs(10%)", "monthly", 14));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  CHECK(r->at("prepaid", 10) == Approx(100000.0).epsilon(1e-12));
  CHECK(r->at("open", 11) == 0);
  CHECK(r->at("prepaid", 12) == 0);
}

TEST_CASE("PSA and SDA ramps count from the pool's age", "[pool][sifma]") {
  // age 24 months: month 1 is the loans' month 25, CPR = 6% x 25/30 = 5%;
  // month 6 is month 30: 6%, flat after.
  auto r = run_text("psa_age.deal", abs_deal("prepayment psa(100%)  age 24 months", "monthly", 12));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->at("prepaid", 1) == Approx(1e6 * (1 - std::pow(0.95, 1.0 / 12))).epsilon(1e-12));
  for (int m : {6, 8})
    CHECK(r->at("prepaid", m) == Approx(r->at("open", m) * (1 - std::pow(0.94, 1.0 / 12))).epsilon(1e-12));
}

TEST_CASE("a pool's age is a duration", "[pool][sema]") {
  CHECK(run_text("age_bad.deal", abs_deal("age 24 USD"))->diagnostics().find("E0301") != std::string::npos);
  CHECK(run_text("abs_bad.deal", abs_deal("prepayment abs(2 USD)"))->diagnostics().find("E0301") != std::string::npos);
}
