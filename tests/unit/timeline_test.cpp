// Term-sheet dates and the WAL basis (exec/schedule.cpp) by hand: a pool
// cut off on 2025-01-01, notes settled on 2025-01-29 and paid on the 15th
// of the month after each collection period.
#include <catch2/catch.hpp>

#include <vector>

#include "calendar/business_day.hpp"
#include "exec/schedule.hpp"
#include "ir/ir.hpp"
#include "metrics/cash_flow_metrics.hpp"
#include "metrics/time_weighted.hpp"

using namespace sluice;

namespace {
exec::Schedule term_sheet(int periods, int months = 1) {
  auto s = exec::make_schedule(cal::Date{2025, 1, 1}, months, periods, cal::DayCount::Thirty360);
  exec::apply_timeline(s, exec::Timeline{cal::Date{2025, 1, 29}, 15, cal::DayCount::Thirty360});
  return s;
}
double ctx(const exec::Schedule& s, int t, ir::ContextField f) {
  return s.context[static_cast<std::size_t>(t - 1) * static_cast<std::size_t>(ir::ContextField::kCount) + static_cast<std::size_t>(f)];
}
}  // namespace

TEST_CASE("payment dates fall on the payment day of the month after each collection period", "[timeline]") {
  auto s = term_sheet(36);
  CHECK(s.pay[0] == cal::Date{2025, 1, 29});
  CHECK(s.pay[1] == cal::Date{2025, 2, 15});
  CHECK(s.pay[2] == cal::Date{2025, 3, 15});
  CHECK(s.pay[36] == cal::Date{2028, 1, 15});
  // The pool's first collection period is all of January; the notes accrue
  // 16 days (30/360) from settlement to the first payment date, then 30.
  CHECK(ctx(s, 1, ir::ContextField::YearFraction) == 30.0 / 360.0);
  CHECK(ctx(s, 1, ir::ContextField::AccrualFraction) == 16.0 / 360.0);
  CHECK(ctx(s, 2, ir::ContextField::AccrualFraction) == 30.0 / 360.0);
  // Day 31 clamps to the month's length; a quarterly collection period is
  // paid in the month after its last month.
  auto q = exec::make_schedule(cal::Date{2025, 1, 1}, 3, 2, cal::DayCount::Thirty360);
  exec::apply_timeline(q, exec::Timeline{std::nullopt, 31, cal::DayCount::Thirty360});
  CHECK(q.pay[0] == cal::Date{2025, 1, 1});
  CHECK(q.pay[1] == cal::Date{2025, 4, 30});
  CHECK(q.pay[2] == cal::Date{2025, 7, 31});
  // A calendar moves the payment dates: 2025-03-15 is a Saturday.
  auto w = exec::make_schedule(cal::Date{2025, 1, 1}, 1, 2, cal::DayCount::Thirty360);
  auto weekdays = cal::make_calendar({});
  exec::apply_timeline(w, exec::Timeline{cal::Date{2025, 1, 29}, 15, cal::DayCount::Thirty360, &weekdays, cal::BusinessDay::Following});
  CHECK(w.pay[2] == cal::Date{2025, 3, 17});
}

TEST_CASE("a bullet's WAL is its term on the stated basis", "[timeline][metrics]") {
  auto s = term_sheet(36);
  std::vector<double> principal(36, 0.0);
  principal[35] = 10e6;
  auto wal = [&](exec::WalBasis b) {
    exec::apply_wal_basis(s, b);
    return *metrics::weighted_average_life_at(s.wal_years, principal);
  };
  // 30/360 from 2025-01-29 to 2028-01-15: 3 x 360 + (15 - 29) = 1066 days.
  CHECK(wal({"settlement", cal::DayCount::Thirty360}) == 1066.0 / 360.0);
  CHECK(s.wal_basis == "30/360 years from settlement 2025-01-29");
  CHECK(wal({"settlement", cal::DayCount::Act365Fixed}) == 1081.0 / 365.0);  // actual days
  CHECK(wal({"cutoff", cal::DayCount::Act365Fixed}) == 1109.0 / 365.0);
  CHECK(wal({"cutoff", std::nullopt}) == 3.0);  // SIFMA: 36 months / 12
  CHECK(s.wal_basis == "months/12 from cutoff 2025-01-01");
}

TEST_CASE("the default basis gives the ACT/365F WAL and duration bit for bit", "[timeline][metrics]") {
  auto s = exec::make_schedule(cal::Date{2025, 3, 31}, 1, 24, cal::DayCount::Thirty360);
  CHECK(s.wal_basis == "ACT/365F years from start 2025-03-31");
  std::vector<double> amounts;
  std::vector<metrics::Flow> flows;
  for (int t = 1; t <= 24; ++t) {
    amounts.push_back(1000.0 + 37.5 * t);
    flows.push_back({s.dates[static_cast<std::size_t>(t)], amounts.back()});
  }
  CHECK(*metrics::weighted_average_life_at(s.wal_years, amounts) ==
        *metrics::weighted_average_life(s.dates[0], flows, cal::DayCount::Act365Fixed));
  CHECK(metrics::macaulay_duration_at(0.061, s.wal_years, amounts) == metrics::macaulay_duration(0.061, s.dates[0], flows));
  CHECK(metrics::modified_duration_at(0.06, 12, s.wal_years, amounts) == metrics::modified_duration(0.06, 12, s.dates[0], flows));
}

TEST_CASE("each period carries every day count's accrual, on payment dates with a cut-off", "[timeline]") {
  // Without a cut-off: between the period ends (2025-01-31, 2025-02-28).
  auto s = exec::make_schedule(cal::Date{2025, 1, 31}, 1, 2, cal::DayCount::Thirty360);
  auto at = [&](const exec::Schedule& x, int t, cal::DayCount dc) {
    return ctx(x, t, static_cast<ir::ContextField>(static_cast<std::uint32_t>(ir::ContextField::AccrualByDayCount) + static_cast<std::uint32_t>(dc)));
  };
  CHECK(at(s, 1, cal::DayCount::Act360) == 28.0 / 360.0);
  CHECK(at(s, 1, cal::DayCount::Thirty360) == ctx(s, 1, ir::ContextField::YearFraction));
  // With one: settlement 2025-01-29 to 2025-02-15 is 17 actual days, 16 on 30/360.
  auto t = term_sheet(2);
  CHECK(at(t, 1, cal::DayCount::Act360) == 17.0 / 360.0);
  CHECK(at(t, 1, cal::DayCount::Thirty360) == 16.0 / 360.0);
  CHECK(at(t, 2, cal::DayCount::Act365Fixed) == 28.0 / 365.0);
}
