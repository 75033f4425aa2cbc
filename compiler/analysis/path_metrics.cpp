#include "analysis/path_metrics.hpp"

#include "analysis/market.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include "calendar/day_count.hpp"
#include "math/math.hpp"
#include "metrics/cash_flow_metrics.hpp"
#include "metrics/time_weighted.hpp"

namespace sluice::analysis {

namespace {

TrancheMetrics::Coverage coverage(const ir::TrancheInfo& tr, const PathView& path, int T) {
  TrancheMetrics::Coverage c;
  double sum = 0, discount = 1, loan_life = 0, project_life = 0;
  int n = 0;
  const double original = T > 0 ? path.at(0, tr.col_original) : 0;
  for (int i = 0; i < T; ++i) {
    const double cfads = path.at(i, tr.col_cfads);
    const double service = path.at(i, tr.col_interest_due) + path.at(i, tr.col_principal_due);
    if (service > 0) {
      const double dscr = cfads / service;
      if (n == 0 || dscr < c.dscr_min) c.dscr_min = dscr, c.dscr_min_period = i + 1;
      sum += dscr;
      ++n;
    }
    discount /= 1 + path.at(i, tr.col_period_rate);
    const double opening = i == 0 ? original : path.at(i - 1, tr.col_end_balance);
    if (opening > 0) loan_life += cfads * discount;
    project_life += cfads * discount;
  }
  if (n) c.dscr_mean = sum / n;
  if (original > 0) c.llcr = loan_life / original, c.plcr = project_life / original;
  return c;
}

// Default and loss given default (TrancheMetrics::default_period). A
// tranche defaults at its first interest shortfall, or, without one, at a
// loss after the horizon: the rating agencies' timely interest and ultimate
// principal. Unpaid interest that capitalizes (PIK) is deferred by
// contract, not missed: such a tranche defaults on its loss alone. Both
// tests ignore what is below a millionth of what was lent, as PD does.
void default_metrics(const ir::TrancheInfo& tr, const PathView& path, int T, double lent, TrancheMetrics& x) {
  const double tiny = 1e-6 * lent;
  auto opening = [&](int i) { return i == 0 ? path.at(0, tr.col_original) : path.at(i - 1, tr.col_end_balance); };
  // What is owed in period i before its payments: the balance, the
  // interest due (with any carried unpaid) and a facility's draws.
  auto claim = [&](int i) { return opening(i) + path.at(i, tr.col_interest_due) + (tr.col_drawn >= 0 ? path.at(i, tr.col_drawn) : 0.0); };
  int d = 0;
  if (!tr.capitalizes)
    for (int i = 0; i < T && !d; ++i)
      if (path.at(i, tr.col_interest_due) - path.at(i, tr.col_interest_paid) > tiny) d = i + 1;
  // A loss without a missed coupon: the default is the last period with a
  // claim (the horizon, or the period a convertible converted below par).
  if (!d && x.loss > tiny && x.loss > 0)
    for (int i = T - 1; i >= 0 && !d; --i)
      if (claim(i) > 0) d = i + 1;
  if (!d) return;
  // The interest that accrues after the default period: each later
  // period's interest due less what it carries in from the one before.
  double accrued = 0;
  for (int i = d; i < T; ++i) accrued += path.at(i, tr.col_interest_due) - (tr.capitalizes ? 0.0 : path.at(i - 1, tr.col_interest_unpaid));
  x.default_period = d;
  x.exposure_at_default = claim(d - 1);
  // loss = exposure + interest accrued after the default - everything
  // received from the default on; without that interest, the market's
  // loss given default: exposure - received (never below 0).
  x.loss_ex_interest = std::min(x.loss, std::max(0.0, x.loss - accrued));
}

}  // namespace

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
  const int per_year = clock.per_year;
  PathMetrics r;
  const int T = clock.periods;
  const auto& when = clock.when;
  auto col = [&](int c, int period_index) { return path.at(period_index, c); };
  // A holder's cash, at settlement then on each payment date: the XIRR's
  // amounts at clock.xirr_years and the yield's at clock.grid_times.
  std::vector<double> cash(static_cast<std::size_t>(T) + 1), principal, principal_at;
  for (const auto& tr : m.tranches) {
    TrancheMetrics x;
    x.name = tr.name;
    x.opening = T > 0 ? col(tr.col_original, 0) : 0;
    cash[0] = -x.opening;
    principal.clear();
    principal_at.clear();
    double lent = x.opening, converted_short = 0, drawn_later = 0, drawn_at = 0;
    for (int i = 0; i < T; ++i) {
      auto at = [&](int c) { return col(c, i); };
      double in = at(tr.col_interest_paid), pr = at(tr.col_principal_paid);
      // A conversion retires principal in shares; a facility's draws are
      // new lending.
      double converted = tr.col_converted >= 0 ? at(tr.col_converted) : 0;
      if (converted != 0) converted_short += std::max(0.0, converted - at(tr.col_conversion_value));
      if (tr.col_drawn >= 0) {
        lent += at(tr.col_drawn);
        drawn_later += at(tr.col_drawn);
        drawn_at += at(tr.col_drawn) * when[static_cast<std::size_t>(i)];
      }
      x.interest += in;
      x.principal += pr;
      cash[static_cast<std::size_t>(i) + 1] = ir::holder_cash(tr, at);
      if (pr + converted != 0) principal.push_back(pr + converted), principal_at.push_back(when[static_cast<std::size_t>(i)]);
    }
    // What is still owed after the horizon: principal (with any capitalized
    // interest) and interest carried unpaid; and, for a convertible forced to
    // convert below par, the par its shares were not worth.
    x.loss = T > 0 ? std::max(0.0, col(tr.col_end_balance, T - 1) + col(tr.col_interest_unpaid, T - 1)) + converted_short : 0;
    x.loss_share = lent > 0 ? x.loss / lent : 0;
    x.original = lent;  // what the tables print as original: everything lent
    x.wal = metrics::weighted_average_life_at(principal_at, principal);
    // A facility drawn after `start` (a delayed-draw loan): the life of a
    // dollar lent runs from its draw, so the WAL is the mean time repaid
    // less the mean time drawn (the balance at `start` drawn at time 0).
    if (x.wal && drawn_later > 0) *x.wal -= drawn_at / lent;
    if (lent > 0) x.irr = metrics::irr_at(clock.xirr_years, cash);
    // Yield: the per-period IRR of the flows on the period grid, times the
    // periods in a year (so a note bought at par at its own coupon yields
    // its coupon); durations at that yield, at the WAL's times. A first
    // period that is a stub counts as its share of a period (grid_times).
    auto per_period = lent > 0 && detail.yield ? metrics::irr_at(clock.grid_times, cash) : std::nullopt;
    if (per_period && *per_period > -1) {
      const std::span<const double> received = std::span<const double>(cash).subspan(1);
      x.yield = *per_period * per_year;
      // A duration weighs cash received; a facility's later draws are cash
      // paid out, which no duration weighs: n/a for a facility that drew.
      if (lent == x.opening) {
        x.macaulay = metrics::macaulay_duration_at(math::pow(1 + *per_period, per_year) - 1, when, received);
        x.modified = metrics::modified_duration_at(*x.yield, per_year, when, received);
      }
      for (auto* d : {&x.macaulay, &x.modified})
        if (*d && !std::isfinite(**d)) d->reset();
    }
    if (tr.col_cfads >= 0 && detail.coverage) x.coverage = coverage(tr, path, T);
    if (T > 0) default_metrics(tr, path, T, lent, x);
    r.tranches.push_back(x);
  }
  for (const auto& eq : m.equities) {
    EquityMetrics x;
    x.name = eq.name;
    x.investment = m.init_columns.empty() ? 0 : path.init[static_cast<std::size_t>(eq.col_investment)];
    cash[0] = -x.investment;
    // Contributions over time (capex no facility drew for) are paid in
    // when delivered: the IRR counts each on its date, and `investment` is
    // everything put in, day 0 and later.
    double contributed = 0;
    for (int i = 0; i < T; ++i) {
      double d = col(eq.col_distribution, i);
      double in = eq.col_contribution >= 0 ? col(eq.col_contribution, i) : 0;
      x.distributions += d;
      contributed += in;
      cash[static_cast<std::size_t>(i) + 1] = in != 0 ? d - in : d;
    }
    if (contributed != 0) x.investment += contributed;
    if (x.investment > 0) x.irr = metrics::irr_at(clock.xirr_years, cash);
    r.equities.push_back(x);
  }
  for (const auto& ts : m.tests) {
    TestMetrics x;
    x.name = ts.name;
    x.min = INFINITY;
    x.max = -INFINITY;
    double sum = 0;
    int n = 0;
    // An undefined period (a NaN: ir/lower_tests.cpp) is skipped and counted.
    for (int i = 0; i < T; ++i) {
      double v = col(ts.col, i);
      if (!std::isfinite(v)) continue;
      if (v < x.min) x.min = v, x.min_period = i + 1;
      x.max = std::max(x.max, v);
      sum += v, ++n;
    }
    x.mean = n ? sum / n : NAN;
    if (!n) x.min = x.max = NAN;
    x.undefined_share = T > 0 ? static_cast<double>(T - n) / T : 0;
    r.tests.push_back(x);
  }
  for (const auto& tg : m.triggers) {
    TriggerMetrics x;
    x.name = tg.name;
    for (int i = 0; i < T; ++i)
      if (col(tg.col, i) != 0) {
        if (!x.first) x.first = i + 1;
        ++x.periods;
      }
    r.triggers.push_back(x);
  }
  for (const auto& c : m.calls) {
    CallMetrics x{c.name};
    for (int i = 0; i < T && !x.period; ++i)
      if (col(c.col_called, i) != 0) x.period = i + 1, x.price = col(c.col_price, i);
    r.calls.push_back(x);
  }
  return r;
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
