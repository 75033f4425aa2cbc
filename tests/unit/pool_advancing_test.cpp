// A pool's foreclosure pipeline, servicer advancing, the tail rule and the
// caps that keep its balance from going negative: hand figures in the
// comments and accounting identities. (tests/sifma ties the same mechanics
// out to SIFMA's Cash Flows A and B month by month.)
#include <catch2/catch.hpp>
#include <cmath>

#include "pool_deal.hpp"
#include "test_support.hpp"

using sluice::test::run_text;

namespace {
std::string deal(const std::string& behaviour, int horizon = 12, const std::string& amortization = "bullet") {
  return sluice::test::pool_deal_text({behaviour, horizon, "monthly", "12%", amortization,
                                       {{"open", "balance"}, {"closing", "end_balance"}, {"defaulted", "defaults"},
                                        {"prepaid", "prepayments"}, {"sched", "principal"}, {"interest", "interest"},
                                        {"lost", "losses"}, {"recovered", "recoveries"}, {"foreclosure", "in_foreclosure"},
                                        {"liquidated", "liquidated"}, {"interest_lost", "interest_lost"},
                                        {"adv_i", "advanced_interest"}, {"adv_p", "advanced_principal"}, {"cash", "collections"}},
                                       "pay N.principal"});
}
}  // namespace

TEST_CASE("without advancing a default waits in foreclosure at its balance and is lost when liquidated", "[pool][advancing]") {
  // MDR 1% of a bullet pool: month 1 defaults 10,000, month 2 9,900. Lag 3
  // months: month 1's default is liquidated in month 4 at 10,000 (nothing
  // advanced, so nothing amortizes): loss 25% x 10,000 = 2,500, recovery
  // 7,500. Interest lost in month 2 = (10,000 + 9,900) x 1% = 199.
  auto r = run_text("none.deal", deal("default mdr(1%)  severity 25%  recovery_lag 3 months"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  CHECK(r->at("defaulted", 1) == Approx(10000.0).epsilon(1e-12));
  CHECK(r->at("foreclosure", 2) == Approx(19900.0).epsilon(1e-12));
  CHECK(r->at("interest_lost", 2) == Approx(199.0).epsilon(1e-12));
  CHECK(r->at("adv_i", 2) == 0);
  for (int m = 1; m <= 3; ++m) CHECK(r->at("lost", m) == 0);
  CHECK(r->at("liquidated", 4) == Approx(10000.0).epsilon(1e-12));
  CHECK(r->at("lost", 4) == Approx(2500.0).epsilon(1e-12));
  CHECK(r->at("recovered", 4) == Approx(7500.0).epsilon(1e-12));
  // Interest is paid by the performing loans only: (open - defaults) x 1%.
  CHECK(r->at("interest", 2) == Approx((r->at("open", 2) - r->at("defaulted", 2)) * 0.01).epsilon(1e-12));
  // At the horizon the pool is sold: what is in foreclosure is liquidated.
  CHECK(r->at("foreclosure", 12) == 0);
  double lost = 0, defaulted = 0;
  for (int m = 1; m <= 12; ++m) lost += r->at("lost", m), defaulted += r->at("defaulted", m);
  CHECK(lost == Approx(0.25 * defaulted).epsilon(1e-12));
}

TEST_CASE("advancing interest pays the defaulted loans' interest until liquidation", "[pool][advancing]") {
  auto r = run_text("adv_i.deal", deal("default mdr(1%)  severity 25%  recovery_lag 3 months  advancing interest"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  // Month 2: 199 advanced; the pool collects the interest of every loan not
  // yet liquidated, as if none had defaulted: 1% of the opening balances.
  CHECK(r->at("adv_i", 2) == Approx(199.0).epsilon(1e-12));
  CHECK(r->at("interest", 2) + r->at("adv_i", 2) == Approx((r->at("open", 2) + r->at("foreclosure", 1)) * 0.01).epsilon(1e-12));
  CHECK(r->at("adv_p", 2) == 0);  // a bullet pool schedules no principal
  CHECK(r->at("cash", 2) == Approx(r->at("interest", 2) + r->at("adv_i", 2)).epsilon(1e-12));
}

TEST_CASE("advancing principal and interest: defaulted loans amortize until liquidation", "[pool][advancing]") {
  // Level over 12 months at 1% a month: month 1's scheduled share is
  // 0.01 / (1.01^12 - 1) = 7.8849%; 10,000 defaulted in month 1 amortize
  // by it in month 1 (788.49 advanced) and the share of month 2, 3 after;
  // liquidated in month 4 at 10,000 x (1 - s1)(1 - s2)(1 - s3); the loss
  // is 25% of 10,000 (at most what is left), the recovery the rest.
  auto r = run_text("adv_pi.deal", deal("default mdr(1%)  severity 25%  recovery_lag 3 months  advancing principal_and_interest", 12,
                                        "level over 12 months"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  auto share = [](int m) { return 0.01 / (std::pow(1.01, 12 - (m - 1)) - 1); };
  CHECK(r->at("adv_p", 1) == Approx(10000.0 * share(1)).epsilon(1e-12));
  double left = 10000.0 * (1 - share(1)) * (1 - share(2)) * (1 - share(3));
  CHECK(r->at("liquidated", 4) == Approx(left).epsilon(1e-12));
  CHECK(r->at("lost", 4) == Approx(2500.0).epsilon(1e-12));
  CHECK(r->at("recovered", 4) == Approx(left - 2500.0).epsilon(1e-12));
  // Tail rule: no defaults in the term's last 3 months (10-12).
  CHECK(r->at("defaulted", 9) > 0);
  for (int m = 10; m <= 12; ++m) CHECK(r->at("defaulted", m) == 0);
  CHECK(r->at("foreclosure", 12) == 0);
  // Principal in (scheduled, advanced, recovered) + losses = the original.
  double principal = 0, lost = 0;
  for (int m = 1; m <= 12; ++m) principal += r->at("sched", m) + r->at("adv_p", m) + r->at("recovered", m), lost += r->at("lost", m);
  CHECK(principal + lost == Approx(1e6).epsilon(1e-12));
}

TEST_CASE("a horizon before the term liquidates foreclosure and accounts for every dollar", "[pool][advancing]") {
  auto r = run_text("adv_h.deal", deal("prepayment cpr(10%)  default cdr(20%)  severity 40%  recovery_lag 6 months  advancing principal_and_interest",
                                       9, "level over 60 months"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  CHECK(r->at("foreclosure", 9) == 0);
  double principal = 0, lost = 0;
  for (int m = 1; m <= 9; ++m)
    principal += r->at("sched", m) + r->at("prepaid", m) + r->at("adv_p", m) + r->at("recovered", m), lost += r->at("lost", m);
  CHECK(principal + lost == Approx(1e6).epsilon(1e-12));
}

TEST_CASE("prepayments and defaults never take more than the pool holds", "[pool][domain]") {
  // MDR 50% and SMM 100%: half defaults, the rest prepays (capped at what
  // the performing loans hold after their scheduled principal): closing 0.
  auto r = run_text("cap.deal", deal("prepayment smm(100%)  default mdr(50%)", 4, "level over 12 months"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  CHECK(r->at("defaulted", 1) == Approx(500000.0).epsilon(1e-12));
  CHECK(r->at("closing", 1) == 0);
  CHECK(r->at("sched", 1) + r->at("prepaid", 1) == Approx(500000.0).epsilon(1e-12));
  for (int m = 2; m <= 4; ++m) CHECK(r->at("closing", m) == 0);
}

TEST_CASE("rates outside [0, 1] are refused", "[pool][domain]") {
  auto has = [](const std::string& name, const std::string& behaviour, const char* code) {
    auto r = run_text(name, deal(behaviour));
    std::string d = r->diagnostics();
    INFO(d);
    return d.find(code) != std::string::npos;
  };
  CHECK(has("d1.deal", "prepayment cpr(101%)", "E0219"));
  CHECK(has("d2.deal", "default mdr(-1%)", "E0219"));
  CHECK(has("d3.deal", "default sda(200%)  severity -5%", "E0219"));
  CHECK(has("d4.deal", "prepayment abs(1.5)", "E0219"));
  CHECK(has("d5.deal", "default cdr(2%)  advancing some", "E0205"));
  // Not a constant: checked each period, at the expression.
  auto r = run_text("d6.deal", deal("prepayment cpr(if period_number > 2 then 2 else 0.1)"));
  REQUIRE(r->c.module);
  CHECK(r->trace.violation);
}
