// Asset pools under the SIFMA standard formulas, against figures derived by
// hand (in the comments) and identities.
#include <catch2/catch.hpp>
#include <cmath>

#include "pool_deal.hpp"
#include "test_support.hpp"

using sluice::test::run_text;

namespace {
std::string pool_deal(const std::string& behaviour, int months = 12) {
  return sluice::test::pool_deal_text({behaviour, months, "monthly", "0%", "bullet",
                                       {{"prepaid", "prepayments"}, {"defaulted", "defaults"}, {"recovered", "recoveries"},
                                        {"lost", "losses"}, {"open", "balance"}}});
}
}  // namespace

TEST_CASE("a constant CPR leaves (1 - CPR) of a bullet balance after a year", "[pool][sifma]") {
  // SMM = 1 - (1 - 12%)^(1/12) = 0.010596...; month 1 prepays 1,000,000 x SMM;
  // after 12 months the balance is 1,000,000 x (1 - SMM)^12 = 880,000.
  auto r = run_text("cpr.deal", pool_deal("prepayment cpr(12%)", 13));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  double smm = 1 - std::pow(0.88, 1.0 / 12);
  CHECK(r->at("prepaid", 1) == Approx(1e6 * smm).epsilon(1e-12));
  CHECK(r->at("open", 13) == Approx(880000.0).epsilon(1e-12));
}

TEST_CASE("PSA ramps CPR by 0.2% a month to 6% at month 30", "[pool][sifma]") {
  // 100% PSA: month m has CPR = 6% x min(m, 30) / 30; month 10: CPR 2%,
  // SMM = 1 - 0.98^(1/12); prepayment = opening balance x SMM. 150% PSA
  // at month 40: CPR 9%.
  auto r = run_text("psa.deal", pool_deal("prepayment psa(100%)", 40));
  REQUIRE(r->c.module);
  for (int m : {1, 10, 30, 31}) {
    double cpr = 0.06 * std::min(m, 30) / 30.0;
    INFO("month " << m);
    CHECK(r->at("prepaid", m) == Approx(r->at("open", m) * (1 - std::pow(1 - cpr, 1.0 / 12))).epsilon(1e-12));
  }
  // (month 40 is not the horizon: at the horizon the whole balance is due.)
  auto f = run_text("psa150.deal", pool_deal("prepayment psa(150%)", 41));
  REQUIRE(f->c.module);
  CHECK(f->at("prepaid", 40) == Approx(f->at("open", 40) * (1 - std::pow(1 - 0.09, 1.0 / 12))).epsilon(1e-12));
}

TEST_CASE("SDA: CDR rises to 0.6% at month 30, holds to 60, falls to 0.03% at 120", "[pool][sifma]") {
  auto r = run_text("sda.deal", pool_deal("default sda(100%)  severity 40%", 130));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  auto cdr = [](int m) { return m <= 30 ? 0.0002 * m : m <= 60 ? 0.006 : m <= 120 ? 0.006 - 0.000095 * (m - 60) : 0.0003; };
  for (int m : {1, 15, 30, 45, 60, 61, 90, 120, 121, 130}) {
    INFO("month " << m);
    double mdr = 1 - std::pow(1 - cdr(m), 1.0 / 12);
    CHECK(r->at("defaulted", m) == Approx(r->at("open", m) * mdr).epsilon(1e-12));
    // 40% of each default is lost, 60% recovered at once (no lag).
    CHECK(r->at("lost", m) == Approx(0.4 * r->at("defaulted", m)).epsilon(1e-12));
    CHECK(r->at("recovered", m) == Approx(0.6 * r->at("defaulted", m)).epsilon(1e-12));
  }
}

TEST_CASE("recoveries arrive after their lag; what is still due arrives at the horizon", "[pool][sifma]") {
  // CDR 12%: MDR = 1 - 0.88^(1/12). Recoveries of (1 - 25%) of month m's
  // defaults arrive in month m + 3; at the horizon (month 6) months 4-6's
  // recoveries arrive too. Principal in + recoveries + losses = 1,000,000.
  auto r = run_text("lag.deal", pool_deal("default cdr(12%)  severity 25%  recovery_lag 3 months", 6));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  for (int m = 1; m <= 3; ++m) CHECK(r->at("recovered", m) == 0);
  CHECK(r->at("recovered", 4) == Approx(0.75 * r->at("defaulted", 1)).epsilon(1e-12));
  CHECK(r->at("recovered", 6) ==
        Approx(0.75 * (r->at("defaulted", 3) + r->at("defaulted", 4) + r->at("defaulted", 5) + r->at("defaulted", 6))).epsilon(1e-12));
  double principal_in = 0, lost = 0;
  for (int m = 1; m <= 6; ++m) principal_in += r->at("N.principal_paid", m), lost += r->at("lost", m);
  CHECK(principal_in + lost == Approx(1e6).epsilon(1e-12));
}

TEST_CASE("pool behaviour is checked", "[pool][sema]") {
  CHECK(run_text("bad1.deal", pool_deal("prepayment 6%"))->diagnostics().find("E0205") != std::string::npos);
  CHECK(run_text("bad2.deal", pool_deal("default cdr(2 USD)"))->diagnostics().find("E0301") != std::string::npos);
  CHECK(run_text("bad3.deal", pool_deal("default cdr(2%)  recovery_lag 2 days"))->diagnostics().find("E0301") != std::string::npos);
}
