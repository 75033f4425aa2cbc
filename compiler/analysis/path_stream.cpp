#include "analysis/path_stream.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>

#include "math/math.hpp"
#include "metrics/cash_flow_metrics.hpp"
#include "metrics/time_weighted.hpp"

namespace sluice::analysis {

namespace {

// A record back to its empty state, keeping its name (and its string's buffer).
template <class Record>
void reset(Record& x) {
  std::string name = std::move(x.name);
  x = Record{};
  x.name = std::move(name);
}

}  // namespace

PathStream::PathStream(const ir::Module& m, const PathClock& clock, Detail detail)
    : m_(m), clock_(clock), detail_(detail), T_(clock.periods) {
  const auto T = static_cast<std::size_t>(T_);
  tranches_.resize(m.tranches.size());
  for (auto& s : tranches_) {
    s.cash.assign(T + 1, 0.0);
    s.principal.reserve(T);
    s.principal_at.reserve(T);
    s.shortfall.assign(T, 0.0);
    s.claim.assign(T, 0.0);
    s.accrued.assign(T, 0.0);
  }
  equities_.resize(m.equities.size());
  for (auto& s : equities_) s.cash.assign(T + 1, 0.0);
  tests_.resize(m.tests.size());
  auto named = [](auto& records, const auto& owners) {
    records.resize(owners.size());
    for (std::size_t k = 0; k < owners.size(); ++k) records[k].name = owners[k].name;
  };
  named(r_.tranches, m.tranches);
  named(r_.equities, m.equities);
  named(r_.tests, m.tests);
  named(r_.triggers, m.triggers);
  named(r_.calls, m.calls);
}

void PathStream::open(const double* init) {
  for (std::size_t j = 0; j < tranches_.size(); ++j) {
    reset(r_.tranches[j]);
    auto& s = tranches_[j];
    s.lent = s.converted_short = s.drawn_later = s.drawn_at = 0;
    s.last_end = s.last_unpaid = 0;
    s.principal.clear();
    s.principal_at.clear();
    s.dscr_sum = 0, s.discount = 1, s.loan_life = 0, s.project_life = 0;
    s.dscr_n = 0;
    // The holders pay nothing at settlement unless a period says what was lent.
    s.cash[0] = -0.0;
  }
  for (std::size_t k = 0; k < equities_.size(); ++k) {
    auto& x = r_.equities[k];
    reset(x);
    x.investment = m_.init_columns.empty() ? 0 : init[static_cast<std::size_t>(m_.equities[k].col_investment)];
    equities_[k].contributed = 0;
    equities_[k].cash[0] = -x.investment;
  }
  for (std::size_t k = 0; k < tests_.size(); ++k) {
    auto& x = r_.tests[k];
    reset(x);
    x.min = INFINITY;
    x.max = -INFINITY;
    tests_[k] = {};
  }
  for (auto& x : r_.triggers) reset(x);
  for (auto& x : r_.calls) reset(x);
}

void PathStream::period(int i, const double* row) {
  const auto at = [row](int c) { return row[c]; };
  const auto u = static_cast<std::size_t>(i);
  const double when = clock_.when[u];
  for (std::size_t j = 0; j < tranches_.size(); ++j) {
    const auto& tr = m_.tranches[j];
    auto& s = tranches_[j];
    auto& x = r_.tranches[j];
    // What the holders paid at `start`: the balance lent then.
    if (i == 0) {
      x.opening = at(tr.col_original);
      s.cash[0] = -x.opening;
      s.lent = x.opening;
    }
    const double in = at(tr.col_interest_paid), pr = at(tr.col_principal_paid);
    // A conversion retires principal in shares; a facility's draws are
    // new lending.
    const double converted = tr.col_converted >= 0 ? at(tr.col_converted) : 0;
    if (converted != 0) s.converted_short += std::max(0.0, converted - at(tr.col_conversion_value));
    if (tr.col_drawn >= 0) {
      s.lent += at(tr.col_drawn);
      s.drawn_later += at(tr.col_drawn);
      s.drawn_at += at(tr.col_drawn) * when;
    }
    x.interest += in;
    x.principal += pr;
    s.cash[u + 1] = ir::holder_cash(tr, at);
    if (pr + converted != 0) s.principal.push_back(pr + converted), s.principal_at.push_back(when);
    // What was owed as the period opened, before its payments (the
    // default's exposure): the balance, the interest due (with any carried
    // unpaid) and a facility's draws.
    const double opening = i == 0 ? x.opening : s.last_end;
    s.shortfall[u] = at(tr.col_interest_due) - at(tr.col_interest_paid);
    s.claim[u] = opening + at(tr.col_interest_due) + (tr.col_drawn >= 0 ? at(tr.col_drawn) : 0.0);
    // The interest that accrues in this period less what it carries in from
    // the one before (a tranche that capitalizes carries nothing unpaid).
    if (i > 0) s.accrued[u] = at(tr.col_interest_due) - (tr.capitalizes ? 0.0 : s.last_unpaid);
    if (tr.col_cfads >= 0 && detail_.coverage) {
      // DSCR per period with debt service; the lives' CFADS discounted at
      // the tranche's own coupon, over the loan's life or to the horizon.
      auto& c = x.coverage ? *x.coverage : x.coverage.emplace();
      const double cfads = at(tr.col_cfads);
      const double service = at(tr.col_interest_due) + at(tr.col_principal_due);
      if (service > 0) {
        const double dscr = cfads / service;
        if (s.dscr_n == 0 || dscr < c.dscr_min) c.dscr_min = dscr, c.dscr_min_period = i + 1;
        s.dscr_sum += dscr;
        ++s.dscr_n;
      }
      s.discount /= 1 + at(tr.col_period_rate);
      if (opening > 0) s.loan_life += cfads * s.discount;
      s.project_life += cfads * s.discount;
    }
    s.last_end = at(tr.col_end_balance);
    s.last_unpaid = at(tr.col_interest_unpaid);
  }
  for (std::size_t k = 0; k < equities_.size(); ++k) {
    const auto& eq = m_.equities[k];
    auto& s = equities_[k];
    // Contributions over time (capex no facility drew for) are paid in
    // when delivered: the IRR counts each on its date.
    const double d = at(eq.col_distribution);
    const double in = eq.col_contribution >= 0 ? at(eq.col_contribution) : 0;
    r_.equities[k].distributions += d;
    s.contributed += in;
    s.cash[u + 1] = in != 0 ? d - in : d;
  }
  // An undefined period of a test (a NaN: ir/lower_tests.cpp) is skipped and counted.
  for (std::size_t k = 0; k < tests_.size(); ++k) {
    const double v = at(m_.tests[k].col);
    if (!std::isfinite(v)) continue;
    auto& x = r_.tests[k];
    if (v < x.min) x.min = v, x.min_period = i + 1;
    x.max = std::max(x.max, v);
    tests_[k].sum += v, ++tests_[k].n;
  }
  for (std::size_t k = 0; k < m_.triggers.size(); ++k)
    if (at(m_.triggers[k].col) != 0) {
      auto& x = r_.triggers[k];
      if (!x.first) x.first = i + 1;
      ++x.periods;
    }
  for (std::size_t k = 0; k < m_.calls.size(); ++k) {
    auto& x = r_.calls[k];
    if (!x.period && at(m_.calls[k].col_called) != 0) x.period = i + 1, x.price = at(m_.calls[k].col_price);
  }
}

// Default and loss given default (TrancheMetrics::default_period). A
// tranche defaults at its first interest shortfall, or, without one, at a
// loss after the horizon: the rating agencies' timely interest and ultimate
// principal. Unpaid interest that capitalizes (PIK) is deferred by
// contract, not missed: such a tranche defaults on its loss alone. Both
// tests ignore what is below a millionth of what was lent, as PD does.
void PathStream::close_tranche(std::size_t j) {
  const auto& tr = m_.tranches[j];
  auto& s = tranches_[j];
  auto& x = r_.tranches[j];
  const int T = T_;
  // What is still owed after the horizon: principal (with any capitalized
  // interest) and interest carried unpaid; and, for a convertible forced to
  // convert below par, the par its shares were not worth.
  x.loss = T > 0 ? std::max(0.0, s.last_end + s.last_unpaid) + s.converted_short : 0;
  const double lent = s.lent;
  x.loss_share = lent > 0 ? x.loss / lent : 0;
  x.original = lent;  // what the tables print as original: everything lent
  x.wal = metrics::weighted_average_life_at(s.principal_at, s.principal);
  // A facility drawn after `start` (a delayed-draw loan): the life of a
  // dollar lent runs from its draw, so the WAL is the mean time repaid
  // less the mean time drawn (the balance at `start` drawn at time 0).
  if (x.wal && s.drawn_later > 0) *x.wal -= s.drawn_at / lent;
  if (lent > 0) x.irr = metrics::irr_at(clock_.xirr_years, s.cash);
  // Yield: the per-period IRR of the flows on the period grid, times the
  // periods in a year (so a note bought at par at its own coupon yields
  // its coupon); durations at that yield, at the WAL's times. A first
  // period that is a stub counts as its share of a period (grid_times).
  auto per_period = lent > 0 && detail_.yield ? metrics::irr_at(clock_.grid_times, s.cash) : std::nullopt;
  if (per_period && *per_period > -1) {
    const std::span<const double> received = std::span<const double>(s.cash).subspan(1);
    x.yield = *per_period * clock_.per_year;
    // A duration weighs cash received; a facility's later draws are cash
    // paid out, which no duration weighs: n/a for a facility that drew.
    if (lent == x.opening) {
      x.macaulay = metrics::macaulay_duration_at(math::pow(1 + *per_period, clock_.per_year) - 1, clock_.when, received);
      x.modified = metrics::modified_duration_at(*x.yield, clock_.per_year, clock_.when, received);
    }
    for (auto* d : {&x.macaulay, &x.modified})
      if (*d && !std::isfinite(**d)) d->reset();
  }
  if (tr.col_cfads >= 0 && detail_.coverage) {
    auto& c = x.coverage ? *x.coverage : x.coverage.emplace();
    if (s.dscr_n) c.dscr_mean = s.dscr_sum / s.dscr_n;
    if (x.opening > 0) c.llcr = s.loan_life / x.opening, c.plcr = s.project_life / x.opening;
  }
  if (T == 0) return;
  const double tiny = 1e-6 * lent;
  int d = 0;
  if (!tr.capitalizes)
    for (int i = 0; i < T && !d; ++i)
      if (s.shortfall[static_cast<std::size_t>(i)] > tiny) d = i + 1;
  // A loss without a missed coupon: the default is the last period with a
  // claim (the horizon, or the period a convertible converted below par).
  if (!d && x.loss > tiny && x.loss > 0)
    for (int i = T - 1; i >= 0 && !d; --i)
      if (s.claim[static_cast<std::size_t>(i)] > 0) d = i + 1;
  if (!d) return;
  // The interest that accrues after the default period.
  double accrued = 0;
  for (int i = d; i < T; ++i) accrued += s.accrued[static_cast<std::size_t>(i)];
  x.default_period = d;
  x.exposure_at_default = s.claim[static_cast<std::size_t>(d - 1)];
  // loss = exposure + interest accrued after the default - everything
  // received from the default on; without that interest, the market's
  // loss given default: exposure - received (never below 0).
  x.loss_ex_interest = std::min(x.loss, std::max(0.0, x.loss - accrued));
}

const PathMetrics& PathStream::close() {
  for (std::size_t j = 0; j < tranches_.size(); ++j) close_tranche(j);
  for (std::size_t k = 0; k < equities_.size(); ++k) {
    auto& x = r_.equities[k];
    // `investment` is everything put in, day 0 and later.
    if (equities_[k].contributed != 0) x.investment += equities_[k].contributed;
    if (x.investment > 0) x.irr = metrics::irr_at(clock_.xirr_years, equities_[k].cash);
  }
  for (std::size_t k = 0; k < tests_.size(); ++k) {
    auto& x = r_.tests[k];
    const int n = tests_[k].n;
    x.mean = n ? tests_[k].sum / n : NAN;
    if (!n) x.min = x.max = NAN;
    x.undefined_share = T_ > 0 ? static_cast<double>(T_ - n) / T_ : 0;
  }
  return r_;
}

}  // namespace sluice::analysis
