// Convertibles and facilities: the metrics of the golden deals
// (tests/golden/debt/ok_convertible.deal, ok_facility.deal, where the period
// tables are derived by hand) and the audit's roll-forward with conversions
// and draws.
#include <catch2/catch.hpp>

#include "exec/semantics.hpp"
#include "metrics/cash_flow_metrics.hpp"
#include "test_support.hpp"

using namespace sluice;
using test::run_file;

namespace {
const analysis::TrancheMetrics& tranche(const analysis::BaseReport& rep, const std::string& name) {
  for (const auto& t : rep.tranches)
    if (t.name == name) return t;
  FAIL("no tranche " << name);
  return rep.tranches.front();
}
std::vector<double> flat(const exec::Trace& t) {
  std::vector<double> f;
  for (const auto& row : t.rows) f.insert(f.end(), row.begin(), row.end());
  return f;
}
std::size_t column(const ir::Module& m, const std::string& name) {
  for (std::size_t i = 0; i < m.columns.size(); ++i)
    if (m.columns[i].name == name) return i;
  FAIL("no column " << name);
  return 0;
}
// A golden deal of tests/golden/debt that checks and runs with every invariant
// holding (both are 30E/360 ISDA, monthly).
std::unique_ptr<test::Run> golden_run(const std::string& file) {
  auto r = run_file(std::string(SLUICE_SOURCE_DIR) + "/tests/golden/debt/" + file);
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  return r;
}
}  // namespace

TEST_CASE("a converted note's holders receive the shares' value; a conversion below par is a loss", "[run][convertible]") {
  auto r = golden_run("ok_convertible.deal");
  auto rep = analysis::summarize(*r->c.module, r->trace, r->schedule, "30E/360 ISDA", "monthly");
  const auto& s = tranche(rep, "S");
  // S: -12m, four coupons of 60,000, and 1.2m shares at 14 USD at month 4.
  using cal::Date;
  std::vector<metrics::Flow> flows{{Date{2025, 1, 31}, -12e6}, {Date{2025, 2, 28}, 60e3}, {Date{2025, 3, 31}, 60e3},
                                   {Date{2025, 4, 30}, 60e3}, {Date{2025, 5, 31}, 60e3 + 16.8e6}};
  REQUIRE(s.irr);
  CHECK(*s.irr == Approx(*metrics::xirr(flows)).epsilon(1e-12));
  CHECK(s.loss == 0);
  REQUIRE(s.wal);
  CHECK(*s.wal == Approx(120.0 / 365).epsilon(1e-12));  // converted at month 4: 2025-01-31 to 2025-05-31
  const auto& x = tranche(rep, "X");
  CHECK(x.loss == Approx(1.8e6).epsilon(1e-12));  // 150,000 shares at 8 USD for a 3m note
  CHECK(x.loss_share == Approx(0.6).epsilon(1e-12));
  CHECK(tranche(rep, "Y").loss == 0);
  CHECK(tranche(rep, "M").loss == 0);
}

TEST_CASE("a facility's loss share is of all it lent; its lenders' flows net the draws", "[run][facility]") {
  auto r = golden_run("ok_facility.deal");
  auto rep = analysis::summarize(*r->c.module, r->trace, r->schedule, "30E/360 ISDA", "monthly");
  const auto& f = tranche(rep, "R");
  CHECK(f.loss == Approx(11'179'143.66975).epsilon(1e-12));
  CHECK(f.loss_share == Approx(11'179'143.66975 / 32e6).epsilon(1e-12));
  // Lent 30m + 2m, received interest and principal: what it lost is what
  // it lent less the principal it got back.
  CHECK(f.principal == Approx(32e6 - f.loss).epsilon(1e-12));
}

TEST_CASE("the audit's roll-forward counts conversions and draws", "[run][invariant]") {
  for (const char* file : {"ok_convertible.deal", "ok_facility.deal"}) {
    auto r = golden_run(file);
    const auto& m = *r->c.module;
    auto rows = flat(r->trace);
    const int T = static_cast<int>(r->trace.rows.size());
    CHECK_FALSE(exec::audit(m, rows.data(), T));
    // Drop the conversion (or the draw) from the table: the balance no
    // longer rolls forward in that period.
    const bool conv = std::string(file) == "ok_convertible.deal";
    const int period = conv ? 4 : 3;
    rows[static_cast<std::size_t>(period - 1) * m.columns.size() + column(m, conv ? "S.converted_balance" : "R.draws")] = 0;
    auto v = exec::audit(m, rows.data(), T);
    REQUIRE(v);
    CHECK(v->period == period);
    CHECK(m.checks[v->check].what ==
          (conv ? "`S` closes at its opening balance less principal paid less the balance converted" : "`R` closes at its opening balance less principal paid plus draws"));
  }
}
