// Runs against oracles and hand-derived identities.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "exec/semantics.hpp"
#include "metrics/cash_flow_metrics.hpp"
#include "test_support.hpp"

using namespace sluice;
using test::run_file;
using test::run_text;

namespace {
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}
// Relative agreement, with an absolute floor of 1e-6 for amounts near zero
// (LibreOffice's last balance is -1.7e-8, ours exactly 0).
bool close(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)) + 1e-6; }
}  // namespace

TEST_CASE("the level loan reproduces LibreOffice's PMT, IPMT, PPMT and FV", "[run][oracle]") {
  auto r = run_file(std::string(SLUICE_SOURCE_DIR) + "/examples/level_loan/level_loan.deal");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  auto rows = read_csv(std::string(SLUICE_ORACLES_DIR) + "/spreadsheet/level_loan.csv");
  REQUIRE(rows.size() == 61);
  for (int t = 1; t <= 60; ++t) {
    const auto& o = rows[static_cast<std::size_t>(t)];
    double interest = r->at("note.interest_paid", t), principal = r->at("note.principal_paid", t);
    INFO("period " << t);
    CHECK(close(interest + principal, std::stod(o[1])));
    CHECK(close(interest, std::stod(o[2])));
    CHECK(close(principal, std::stod(o[3])));
    CHECK(close(r->at("note.end_balance", t), std::stod(o[4])));
  }
}

TEST_CASE("the level loan's note cash flows give LibreOffice's XIRR", "[run][oracle]") {
  auto r = run_file(std::string(SLUICE_SOURCE_DIR) + "/examples/level_loan/level_loan.deal");
  REQUIRE(r->c.module);
  auto rep = analysis::summarize(*r->c.module, r->trace, r->schedule, "30E/360 ISDA", "monthly");
  REQUIRE(rep.tranches.size() == 1);
  REQUIRE(rep.tranches[0].irr);
  CHECK(*rep.tranches[0].irr == Approx(0.077728278278262).epsilon(1e-9));
  CHECK(rep.tranches[0].loss == Approx(0).margin(1e-6));
  // Bought at par at its own coupon, the note yields its coupon (nominal monthly).
  REQUIRE(rep.tranches[0].yield);
  CHECK(*rep.tranches[0].yield == Approx(0.075).epsilon(1e-9));
}

TEST_CASE("a bullet note: interest is balance x coupon x year fraction; WAL is its term", "[run][identity]") {
  // 10,000,000 at 6% under 30/360 from the 1st of a month: each period is
  // exactly 30/360, so interest is 10,000,000 * 0.06 / 12 = 50,000 a month,
  // all principal is paid at the 24th period, and the WAL is 2 years
  // (730 actual days / 365 = 2.0 exactly: 2025-01-01 to 2027-01-01).
  auto r = run_text("bullet.deal", R"(
deal "bullet" {
  currency USD  start 2025-01-01  period monthly  horizon 24 months  day_count 30/360
  loan pool { balance 10m USD  rate 6%  amortization bullet }
  tranche N { balance 10m USD  coupon 6%  amortization bullet }
  equity E
  waterfall { pay N.interest  pay N.principal scheduled  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  for (int t = 1; t <= 24; ++t) {
    CHECK(r->at("N.interest_paid", t) == Approx(50000.0).epsilon(1e-12));
    CHECK(r->at("N.principal_paid", t) == Approx(t == 24 ? 1e7 : 0.0).margin(1e-6));
  }
  auto rep = analysis::summarize(*r->c.module, r->trace, r->schedule, "30/360", "monthly");
  REQUIRE(rep.tranches[0].wal);
  CHECK(*rep.tranches[0].wal == Approx(2.0).epsilon(1e-12));
  // Bought at par at its own coupon, the note yields the coupon.
  REQUIRE(rep.tranches[0].yield);
  CHECK(*rep.tranches[0].yield == Approx(0.06).epsilon(1e-9));
}

TEST_CASE("a coupon or pool rate below zero is read as zero; a written floor still applies", "[run][identity]") {
  // The index starts at 1% and falls 1% a year (a path), so `sofr - 2%` is
  // -1% in year one and lower after: N owes no interest; M, floored at 1%,
  // owes 10,000,000 * 1% / 12 = 8,333.33 a month under 30/360; the pool at
  // `sofr - 3%` collects no interest, only its principal at the end, and
  // the 12% pool 300,000 a month, so every period's interest is paid.
  auto r = run_text("negative_coupon.deal", R"(
deal "negative coupon" {
  currency USD  start 2025-01-01  period monthly  horizon 12 months  day_count 30/360
  curve index = table { 0 months: 1%, 12 months: 0% }
  market { factor sofr = path(index) }
  loan pool { balance 30m USD  rate sofr - 3%  amortization bullet }
  loan fixed { balance 30m USD  rate 12%  amortization bullet }
  tranche N { balance 10m USD  coupon sofr - 2%  amortization bullet }
  tranche M { balance 10m USD  coupon sofr - 2%, floor 1%  amortization bullet }
  equity E
  waterfall { pay N.interest  pay M.interest  pay N.principal  pay M.principal  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  for (int t = 1; t <= 12; ++t) {
    CHECK(r->at("N.interest_due", t) == 0.0);
    CHECK(r->at("M.interest_due", t) == Approx(1e7 * 0.01 / 12).epsilon(1e-12));
    CHECK(r->at("collections", t) == Approx(300'000.0 + (t == 12 ? 6e7 : 0.0)).epsilon(1e-12));
  }
}

TEST_CASE("constant sculpting: every DSCR and the LLCR equal the target; the PLCR is CFADS to the horizon", "[run][identity]") {
  // CFADS 50,000 a month (10m at 6%, 30/360); sculpted at 1.25x the debt
  // service is 40,000; the balance 24 such payments repay at 0.5% a month is
  // 40,000 x (1 - 1.005^-24) / 0.005. The pool's flows at its own rate are
  // worth its 10,000,000, so PLCR = 10,000,000 / that balance.
  auto r = run_text("sculpted.deal", R"(
deal "sculpted" {
  currency USD  start 2025-01-01  period monthly  horizon 36 months  day_count 30/360
  loan pool { balance 10m USD  rate 6%  amortization bullet }
  tranche A { balance (40_000 USD * (1 - exp(-24 * log(1.005))) / 0.005)  coupon 6%  amortization sculpted dscr 1.25x }
  equity E
  waterfall { pay A.interest  pay A.principal  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  const double balance = 40'000 * (1 - std::pow(1.005, -24)) / 0.005;
  CHECK(r->at("A.original", 1) == Approx(balance).epsilon(1e-14));
  for (int t = 1; t <= 24; ++t) CHECK(r->at("A.interest_paid", t) + r->at("A.principal_paid", t) == Approx(40'000).epsilon(1e-12));
  CHECK(r->at("A.end_balance", 24) == Approx(0).margin(1e-6));
  for (int t = 25; t <= 36; ++t) CHECK(r->at("A.principal_paid", t) == 0);
  auto rep = analysis::summarize(*r->c.module, r->trace, r->schedule, "30/360", "monthly");
  REQUIRE(rep.tranches[0].coverage);
  const auto& cov = *rep.tranches[0].coverage;
  CHECK(cov.dscr_min == Approx(1.25).epsilon(1e-12));
  CHECK(cov.dscr_mean == Approx(1.25).epsilon(1e-12));
  REQUIRE(cov.llcr);
  CHECK(*cov.llcr == Approx(1.25).epsilon(1e-12));
  REQUIRE(cov.plcr);
  CHECK(*cov.plcr == Approx(10e6 / balance).epsilon(1e-12));
  REQUIRE(rep.tranches[0].yield);
  CHECK(*rep.tranches[0].yield == Approx(0.06).epsilon(1e-9));
}

TEST_CASE("a trigger breaches after its persistence and cures after its cure run", "[run][trigger]") {
  // x is the period number. `x >= 3 for 2 periods` first holds for two
  // periods at t = 4; the cure `x >= 7 for 3 periods` holds three in a row at
  // t = 9, so the trigger is off at 9; its own run restarts then, and two
  // more periods of x >= 3 breach it again at t = 11.
  auto r = run_text("trigger.deal", R"(
deal "trigger" {
  currency USD  start 2025-01-31  period monthly  horizon 12 months  day_count 30/360
  test x = period_number
  trigger t when x >= 3 for 2 periods, cure when x >= 7 for 3 periods
  trigger sticky when x >= 5
  tranche N { balance 1m USD  coupon 0%  amortization bullet }
  loan pool { balance 1m USD  rate 0%  amortization bullet }
  equity E
  waterfall { pay N.principal scheduled  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  for (int t = 1; t <= 12; ++t) {
    INFO("period " << t);
    CHECK(r->at("t", t) == ((t >= 4 && t <= 8) || t >= 11 ? 1 : 0));
    CHECK(r->at("sticky", t) == (t >= 5 ? 1 : 0));
  }
}

TEST_CASE("a fire sale recovers less the more units it dumps beyond the market's depth", "[run][liquidation]") {
  // 10,000 units at 1,000 USD (value 10m); the market absorbs 1,500 units a
  // month at value, each further block fetches 60% of the block before:
  // n = 10000/1500 = 6.667 blocks, k = 6 whole, r = 0.667, q = 0.6:
  // recovered blocks = (1 - 0.6^6)/0.4 + 0.667 * 0.6^6 = 2.38336 + 0.031104 = 2.414464
  // share = 2.414464 / 6.667 = 0.3621696, proceeds = 3,621,696 USD.
  auto r = run_text("fire.deal", R"(
deal "fire" {
  currency USD  start 2025-01-31  period monthly  horizon 3 months  day_count 30/360
  unit gpu
  fleet f {
    units 10_000 gpu
    cost 1_000 USD/gpu
    liquidate fire_sale(depth: 1_500 gpu per month, discount: 40%)
  }
  tranche N { balance 5m USD  coupon 0%  amortization bullet }
  equity E
  waterfall {
    liquidate f
    pay N.principal in full
    pay E residual
  }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  CHECK(r->at("N.principal_paid", 1) == Approx(3621696.0).epsilon(1e-9));
  CHECK(r->at("N.principal_paid", 2) == 0);
  // The sale happens once: nothing is left to sell at the horizon.
  CHECK(r->at("N.end_balance", 3) == Approx(5e6 - 3621696.0).epsilon(1e-9));
}

TEST_CASE("a reserve account covers interest shortfalls and is released at the horizon", "[run][account]") {
  // No collections at all: the 30,000 reserve pays interest of
  // 1,000,000 * 12% / 12 = 10,000 a month for three months, then is empty.
  auto r = run_text("reserve.deal", R"(
deal "reserve" {
  currency USD  start 2025-01-01  period monthly  horizon 4 months  day_count 30/360
  tranche N { balance 1m USD  coupon 12%  amortization bullet }
  account r { initial 30_000 USD  covers N.interest }
  equity E
  waterfall { pay N.interest  pay N.principal scheduled  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  for (int t = 1; t <= 3; ++t) CHECK(r->at("N.interest_paid", t) == Approx(10000.0));
  CHECK(r->at("r.end_balance", 3) == Approx(0).margin(1e-9));
  CHECK(r->at("N.interest_paid", 4) == 0);
}

TEST_CASE("the flagship checks and runs with every invariant holding", "[run]") {
  auto r = run_file(std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK_FALSE(r->trace.violation);
  CHECK(r->trace.rows.size() == 84);
  // Tranche A starts at 60% of 10,000 x 30,000 USD.
  CHECK(r->at("A.original", 1) == Approx(180e6));
}

TEST_CASE("the audit recomputes each tranche's roll-forward from the table and finds a tampered cell", "[run][invariant]") {
  // A reserve, a capitalizing tranche and a carrying one: the clean table
  // passes; each tampering below breaks exactly the rule it should, in the
  // period it was made.
  auto r = run_text("audit.deal", R"(
deal "audit" {
  currency USD  start 2025-01-01  period monthly  horizon 12 months  day_count 30/360
  loan pool { balance 10m USD  rate 6%  amortization level over 12 months }
  tranche A { balance 6m USD  coupon 5%  amortization level over 12 months }
  tranche B { balance 3m USD  coupon 30%  amortization bullet  shortfall capitalize }
  account reserve { initial 100k USD  target 100k USD  covers A.interest }
  equity E
  waterfall { pay A.interest  pay A.principal  fill reserve to target  pay B.interest up to 40k USD  pay B.principal  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  const auto& m = *r->c.module;
  auto flat = [&] {
    std::vector<double> f;
    for (const auto& row : r->trace.rows) f.insert(f.end(), row.begin(), row.end());
    return f;
  };
  auto col = [&](const std::string& name) {
    for (std::size_t i = 0; i < m.columns.size(); ++i)
      if (m.columns[i].name == name) return i;
    FAIL("no column " << name);
    return std::size_t{0};
  };
  const std::size_t C = m.columns.size();
  CHECK_FALSE(exec::audit(m, flat().data(), 12));
  // B capitalizes: 3m x 30% / 12 = 75,000 due, 40,000 paid, so B grows.
  CHECK(r->at("B.end_balance", 1) == Approx(3e6 + 35'000).epsilon(1e-12));
  auto broken = [&](const std::string& name, int period, double delta) {
    auto f = flat();
    f[static_cast<std::size_t>(period - 1) * C + col(name)] += delta;
    return exec::audit(m, f.data(), 12);
  };
  auto v = broken("A.end_balance", 5, 1.0);  // one dollar off
  REQUIRE(v);
  CHECK(v->period == 5);
  CHECK(m.checks[v->check].what == "`A` closes at its opening balance less principal paid");
  v = broken("A.principal_paid", 7, -0.01);  // paid a cent less, balance unchanged
  REQUIRE(v);
  CHECK(v->period == 7);
  CHECK(m.checks[v->check].what == "`A` closes at its opening balance less principal paid");
  v = broken("B.interest_paid", 3, 100.0);  // capitalized interest does not follow
  REQUIRE(v);
  CHECK(v->period == 3);
  CHECK(m.checks[v->check].what == "`B` closes at its opening balance less principal paid plus capitalized interest");
  v = broken("A.interest_unpaid", 2, 5.0);
  REQUIRE(v);
  CHECK(m.checks[v->check].what == "`A` carries forward exactly the interest due and not paid");
  v = broken("reserve.end_balance", 4, -200e3);
  REQUIRE(v);
  CHECK(v->period == 4);
  CHECK(m.checks[v->check].what == "account `reserve` balance is not negative");
  v = broken("E.distributions", 9, -1e9);
  REQUIRE(v);
  CHECK(m.checks[v->check].what == "`E` receives no negative distribution");
  CHECK_FALSE(broken("A.end_balance", 5, 1e-7));  // within the money tolerance
}

TEST_CASE("an invariant that breaks is reported, not ignored", "[run][invariant]") {
  ir::Module m;
  m.checks.push_back({"a <= b", Span::none()});
  m.step.code = {ir::Instr{ir::Op::Const, -1, -1, -1, 0, 2.0}, ir::Instr{ir::Op::Const, -1, -1, -1, 0, 1.0},
                 ir::Instr{ir::Op::Check, 0, 1, -1, 0, 0}};
  auto s = exec::make_schedule(cal::Date{2025, 1, 31}, 1, 2, cal::DayCount::Act360);
  auto tr = interp::run_base_case(m, s);
  REQUIRE(tr.violation);
  CHECK(tr.violation->period == 1);
}

TEST_CASE("--set overrides a param and is type-checked", "[run][params]") {
  std::string path = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";
  auto r = run_file(path, {{"advance_A", "50%"}});
  REQUIRE(r->c.module);
  CHECK(r->at("A.original", 1) == Approx(150e6));
  auto bad = run_file(path, {{"advance_A", "50 USD"}});
  CHECK_FALSE(bad->c.module);
  CHECK(bad->c.exit == kUsage);
  CHECK(bad->diagnostics().find("E0702") != std::string::npos);
  auto unknown = run_file(path, {{"advance_a", "50%"}});
  CHECK(unknown->diagnostics().find("did you mean `advance_A`?") != std::string::npos);
}

TEST_CASE("a rent per month is integrated by months, a rent per hour by hours", "[run][lease]") {
  // 10 GPUs at 1,000 USD/gpu/month collect 10,000 a month whatever the
  // month's length; at 1 USD/gpu/h they collect 10 x 24 x days.
  auto r = run_text("rent.deal", R"(
deal "rent" {
  currency USD  start 2025-01-31  period monthly  horizon 2 months  day_count 30/360
  unit gpu
  fleet f { units 20 gpu  cost 100 USD/gpu }
  lease monthly on f { units 10 gpu  rent 1_000 USD/gpu/month }
  lease hourly on f { units 10 gpu  rent 1 USD/gpu/h }
  tranche N { balance 1_000 USD  coupon 0%  amortization bullet }
  equity E
  let per_month = monthly.collections
  let per_hour = hourly.collections
  report { series per_month, per_hour }
  waterfall { pay N.principal scheduled  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->at("per_month", 1) == Approx(10000.0));
  CHECK(r->at("per_hour", 1) == Approx(10 * 24 * 28.0));  // February 2025
  CHECK(r->at("per_hour", 2) == Approx(10 * 24 * 31.0));
}

TEST_CASE("up to caps interest and fee payments; a sweep to a fee is recorded", "[run][waterfall]") {
  auto r = run_text("upto.deal", R"(
deal "upto" {
  currency USD  start 2025-01-01  period monthly  horizon 3 months  day_count 30/360
  loan pool { balance 10m USD  rate 12%  amortization bullet }
  tranche N { balance 1m USD  coupon 12%  amortization bullet }
  fee trustee = 12_000 USD per year
  equity E
  waterfall {
    pay N.interest up to 4_000 USD
    sweep 50% to trustee
    pay E residual
  }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  // Interest due is 10,000 a month; only 4,000 is paid, 6,000 carries.
  CHECK(r->at("N.interest_paid", 1) == Approx(4000.0));
  CHECK(r->at("N.interest_unpaid", 1) == Approx(6000.0));
  // The trustee's 1,000 is paid by the sweep and not owed again.
  CHECK(r->at("trustee.paid", 1) == Approx(1000.0));
  CHECK(r->at("trustee.paid", 2) == Approx(1000.0));
}

TEST_CASE("at the horizon, collateral a selected liquidate step sells goes under its rule", "[run][liquidation]") {
  // Same fleet as the fire-sale test; the step is selected only in the
  // horizon period, so the horizon's orderly sale (10m) gives way to the
  // fire sale (3,621,696, derived above).
  auto r = run_text("horizon_fire.deal", R"(
deal "fire at horizon" {
  currency USD  start 2025-01-31  period monthly  horizon 3 months  day_count 30/360
  unit gpu
  fleet f {
    units 10_000 gpu
    cost 1_000 USD/gpu
    liquidate fire_sale(depth: 1_500 gpu per month, discount: 40%)
  }
  tranche N { balance 5m USD  coupon 0%  amortization bullet }
  equity E
  test t = period_number
  waterfall {
    if t >= 3 { liquidate f }
    pay N.principal in full
    pay E residual
  }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  CHECK(r->at("N.principal_paid", 3) == Approx(3621696.0).epsilon(1e-9));
}
