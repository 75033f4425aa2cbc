#include "analysis/path_metrics.hpp"

#include "analysis/market.hpp"
#include "analysis/path_stream.hpp"

#include <algorithm>
#include <cmath>

#include "calendar/day_count.hpp"

namespace sluice::analysis {

PathClock path_clock(const exec::Schedule& s, int months_per_period) {
  PathClock c;
  const int T = s.periods();
  c.periods = T;
  c.per_year = std::max(1, 12 / std::max(1, months_per_period));
  // The notes settle on pay_date(0) and are paid on pay_date(t); WAL and
  // durations measure each payment's time on the deal's basis (wal_years).
  c.when.resize(static_cast<std::size_t>(T));
  for (int i = 0; i < T; ++i)
    c.when[static_cast<std::size_t>(i)] = s.wal_years.empty() ? cal::year_fraction(cal::DayCount::Act365Fixed, s.dates[0], s.dates[static_cast<std::size_t>(i + 1)])
                                                              : s.wal_years[static_cast<std::size_t>(i)];
  // The IRRs are XIRRs (metrics::xirr) of the flows on the payment dates:
  // its times, ACT/365 years from the first flow's date, settlement.
  const cal::Date settled = s.pay_date(0);
  for (int i = 0; i <= T; ++i) c.xirr_years.push_back(cal::days_between(settled, s.pay_date(i)) / 365.0);
  // The yield's clock, in periods from the notes' settlement: 0, then a
  // period each. Notes that settle apart from the period grid (a cut-off
  // deal: settled on the 29th, paid on the 15th) are first paid after a
  // stub, which counts as its share of a regular period: the notes'
  // accrual to the first payment over the next period's (16/30 on
  // 30/360), so a note bought at par at its coupon still yields it.
  // (analysis/market.cpp's yield_clock gives the payments' times.)
  c.grid_times.push_back(0.0);
  for (double t : yield_clock(s)) c.grid_times.push_back(t);
  return c;
}

PathMetrics path_metrics(const ir::Module& m, const PathView& path, const PathClock& clock, Detail detail) {
  PathStream stream(m, clock, detail);
  stream.open(path.init);
  for (int i = 0; i < clock.periods; ++i) stream.period(i, path.rows + static_cast<std::size_t>(i) * path.columns);
  return stream.close();
}

namespace {

double number(double v) { return v; }
double number(const std::optional<double>& v) { return v ? *v : std::nan(""); }

template <vocab::MetricOwner O>
const auto& records(const PathMetrics& p) {
  if constexpr (O == vocab::MetricOwner::Tranche) return p.tranches;
  else if constexpr (O == vocab::MetricOwner::Equity) return p.equities;
  else {
    static_assert(O == vocab::MetricOwner::Test, "a record metric belongs to a tranche, an equity or a test");
    return p.tests;
  }
}

}  // namespace

double record_metric(const PathMetrics& p, vocab::Metric k, std::size_t index) {
  switch (k) {
#define SLUICE_RECORD_METRIC(Id, member, Owner, Unit, Summary, Access, Cost, Worse, field, doc) \
  case vocab::Metric::Id: return number(records<vocab::MetricOwner::Owner>(p)[index].field);
#include "vocabulary/metrics.def"
    default: break;  // a column metric
  }
  return std::nan("");
}

}  // namespace sluice::analysis
