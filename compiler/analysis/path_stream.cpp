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

PathStream::PathStream(const ir::Module& m, const PathClock& clock, Detail detail, int lanes)
    : m_(m), clock_(clock), detail_(detail), T_(clock.periods), W_(static_cast<std::size_t>(std::max(1, lanes))) {
  const auto T = static_cast<std::size_t>(T_), W = W_;
  tranches_.resize(m.tranches.size());
  for (auto& s : tranches_) {
    for (auto* v : {&s.lent, &s.converted_short, &s.drawn_later, &s.drawn_at, &s.last_end, &s.last_unpaid, &s.opening, &s.interest,
                    &s.principal, &s.dscr_sum, &s.dscr_min, &s.discount, &s.loan_life, &s.project_life})
      v->assign(W, 0.0);
    s.dscr_n.assign(W, 0);
    s.dscr_min_period.assign(W, 0);
    s.cash.assign((T + 1) * W, 0.0);
    for (auto* v : {&s.retired, &s.shortfall, &s.claim, &s.accrued}) v->assign(T * W, 0.0);
  }
  equities_.resize(m.equities.size());
  for (auto& s : equities_) {
    for (auto* v : {&s.investment, &s.contributed, &s.distributions}) v->assign(W, 0.0);
    s.cash.assign((T + 1) * W, 0.0);
  }
  tests_.resize(m.tests.size());
  for (auto& s : tests_) {
    for (auto* v : {&s.min, &s.max, &s.sum}) v->assign(W, 0.0);
    s.min_period.assign(W, 0);
    s.n.assign(W, 0);
  }
  trigger_first_.assign(m.triggers.size() * W, 0);
  trigger_periods_.assign(m.triggers.size() * W, 0);
  call_period_.assign(m.calls.size() * W, 0);
  call_price_.assign(m.calls.size() * W, 0.0);
  flows_.reserve(T + 1);
  amounts_.reserve(T);
  times_.reserve(T);
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

void PathStream::open(int n, const double* init, std::size_t init_stride) {
  n_ = n;
  const auto N = static_cast<std::size_t>(n);
  for (auto& s : tranches_) {
    for (auto* v : {&s.lent, &s.converted_short, &s.drawn_later, &s.drawn_at, &s.last_end, &s.last_unpaid, &s.opening, &s.interest,
                    &s.principal, &s.dscr_sum, &s.loan_life, &s.project_life})
      std::fill_n(v->begin(), N, 0.0);
    std::fill_n(s.discount.begin(), N, 1.0);
    std::fill_n(s.dscr_min.begin(), N, NAN);
    std::fill_n(s.dscr_n.begin(), N, 0);
    std::fill_n(s.dscr_min_period.begin(), N, 0);
    // The holders pay nothing at settlement unless a period says what was lent.
    std::fill_n(s.cash.begin(), N, -0.0);
  }
  for (std::size_t k = 0; k < equities_.size(); ++k) {
    auto& s = equities_[k];
    const auto col = static_cast<std::size_t>(m_.equities[k].col_investment);
    for (std::size_t l = 0; l < N; ++l) {
      s.investment[l] = m_.init_columns.empty() ? 0 : init[l * init_stride + col];
      s.cash[l] = -s.investment[l];
    }
    std::fill_n(s.contributed.begin(), N, 0.0);
    std::fill_n(s.distributions.begin(), N, 0.0);
  }
  for (auto& s : tests_) {
    std::fill_n(s.min.begin(), N, INFINITY);
    std::fill_n(s.max.begin(), N, -INFINITY);
    std::fill_n(s.sum.begin(), N, 0.0);
    std::fill_n(s.min_period.begin(), N, 0);
    std::fill_n(s.n.begin(), N, 0);
  }
  std::fill(trigger_first_.begin(), trigger_first_.end(), 0);
  std::fill(trigger_periods_.begin(), trigger_periods_.end(), 0);
  std::fill(call_period_.begin(), call_period_.end(), 0);
  std::fill(call_price_.begin(), call_price_.end(), 0.0);
}

// Each quantity is one pass over the lanes (the lanes' cells adjacent in
// the row and in the state), so that the compiler keeps the passes in
// vector registers; cloned for AVX2, four lanes an instruction where the
// machine has it. A pass does for every lane what one path alone does:
// the same operations in the same order (a select where one path
// branches gives the value the branch would).
__attribute__((target_clones("avx2", "default"))) void PathStream::period(int i, const double* row, std::size_t stride) {
  const auto u = static_cast<std::size_t>(i), W = W_, N = static_cast<std::size_t>(n_);
  const double when = clock_.when[u];
  // Column c's cells, lane 0's first.
  const auto cells = [row, stride](int c) { return row + static_cast<std::size_t>(c) * stride; };
  for (std::size_t j = 0; j < tranches_.size(); ++j) {
    const auto& tr = m_.tranches[j];
    auto& s = tranches_[j];
    double *lent = s.lent.data(), *last_end = s.last_end.data(), *last_unpaid = s.last_unpaid.data(), *opening = s.opening.data();
    // What the holders paid at `start`: the balance lent then.
    if (i == 0) {
      const double* original = cells(tr.col_original);
      for (std::size_t l = 0; l < N; ++l) opening[l] = original[l], s.cash[l] = -original[l], lent[l] = original[l];
    }
    const double *in = cells(tr.col_interest_paid), *pr = cells(tr.col_principal_paid), *due = cells(tr.col_interest_due);
    double *interest = s.interest.data(), *principal = s.principal.data();
    for (std::size_t l = 0; l < N; ++l) interest[l] += in[l], principal[l] += pr[l];
    ir::holder_cash(tr, cells, N, s.cash.data() + (u + 1) * W);
    // A conversion retires principal in shares; a facility's draws are
    // new lending.
    double* retired = s.retired.data() + u * W;
    if (tr.col_converted >= 0) {
      const double *converted = cells(tr.col_converted), *value = cells(tr.col_conversion_value);
      double* short_by = s.converted_short.data();
      for (std::size_t l = 0; l < N; ++l) {
        short_by[l] += converted[l] != 0 ? std::max(0.0, converted[l] - value[l]) : 0.0;
        retired[l] = pr[l] + converted[l];
      }
    } else {
      for (std::size_t l = 0; l < N; ++l) retired[l] = pr[l] + 0.0;
    }
    const double* drawn = tr.col_drawn >= 0 ? cells(tr.col_drawn) : nullptr;
    if (drawn) {
      double *later = s.drawn_later.data(), *drawn_at = s.drawn_at.data();
      for (std::size_t l = 0; l < N; ++l) lent[l] += drawn[l], later[l] += drawn[l], drawn_at[l] += drawn[l] * when;
    }
    // What was owed as the period opened, before its payments (the
    // default's exposure): the balance, the interest due (with any carried
    // unpaid) and a facility's draws.
    const double* open_balance = i == 0 ? opening : last_end;
    double *shortfall = s.shortfall.data() + u * W, *claim = s.claim.data() + u * W;
    for (std::size_t l = 0; l < N; ++l) shortfall[l] = due[l] - in[l];
    if (drawn)
      for (std::size_t l = 0; l < N; ++l) claim[l] = open_balance[l] + due[l] + drawn[l];
    else
      for (std::size_t l = 0; l < N; ++l) claim[l] = open_balance[l] + due[l] + 0.0;
    // The interest that accrues in this period less what it carries in from
    // the one before (a tranche that capitalizes carries nothing unpaid).
    if (i > 0) {
      double* accrued = s.accrued.data() + u * W;
      if (tr.capitalizes)
        for (std::size_t l = 0; l < N; ++l) accrued[l] = due[l] - 0.0;
      else
        for (std::size_t l = 0; l < N; ++l) accrued[l] = due[l] - last_unpaid[l];
    }
    if (tr.col_cfads >= 0 && detail_.coverage) {
      // DSCR per period with debt service; the lives' CFADS discounted at
      // the tranche's own coupon, over the loan's life or to the horizon.
      const double *cfads = cells(tr.col_cfads), *principal_due = cells(tr.col_principal_due), *rate = cells(tr.col_period_rate);
      for (std::size_t l = 0; l < N; ++l) {
        const double service = due[l] + principal_due[l];
        if (service > 0) {
          const double dscr = cfads[l] / service;
          if (s.dscr_n[l] == 0 || dscr < s.dscr_min[l]) s.dscr_min[l] = dscr, s.dscr_min_period[l] = i + 1;
          s.dscr_sum[l] += dscr;
          ++s.dscr_n[l];
        }
        s.discount[l] /= 1 + rate[l];
        if (open_balance[l] > 0) s.loan_life[l] += cfads[l] * s.discount[l];
        s.project_life[l] += cfads[l] * s.discount[l];
      }
    }
    const double *end = cells(tr.col_end_balance), *unpaid = cells(tr.col_interest_unpaid);
    for (std::size_t l = 0; l < N; ++l) last_end[l] = end[l], last_unpaid[l] = unpaid[l];
  }
  for (std::size_t k = 0; k < equities_.size(); ++k) {
    const auto& eq = m_.equities[k];
    auto& s = equities_[k];
    // Contributions over time (capex no facility drew for) are paid in
    // when delivered: the IRR counts each on its date.
    const double* d = cells(eq.col_distribution);
    double *distributions = s.distributions.data(), *cash = s.cash.data() + (u + 1) * W;
    for (std::size_t l = 0; l < N; ++l) distributions[l] += d[l];
    if (eq.col_contribution >= 0) {
      const double* in = cells(eq.col_contribution);
      double* contributed = s.contributed.data();
      for (std::size_t l = 0; l < N; ++l) contributed[l] += in[l], cash[l] = in[l] != 0 ? d[l] - in[l] : d[l];
    } else {
      double* contributed = s.contributed.data();
      for (std::size_t l = 0; l < N; ++l) contributed[l] += 0.0, cash[l] = d[l];
    }
  }
  // An undefined period of a test (a NaN: ir/lower_tests.cpp) is skipped and counted.
  for (std::size_t k = 0; k < tests_.size(); ++k) {
    auto& s = tests_[k];
    const double* v = cells(m_.tests[k].col);
    double *lo = s.min.data(), *hi = s.max.data(), *sum = s.sum.data();
    int *lo_at = s.min_period.data(), *n = s.n.data();
    for (std::size_t l = 0; l < N; ++l) {
      const bool defined = std::isfinite(v[l]);
      const bool lower = defined && v[l] < lo[l];
      lo_at[l] = lower ? i + 1 : lo_at[l];
      lo[l] = lower ? v[l] : lo[l];
      hi[l] = defined ? std::max(hi[l], v[l]) : hi[l];
      sum[l] = defined ? sum[l] + v[l] : sum[l];
      n[l] += defined;
    }
  }
  for (std::size_t k = 0; k < m_.triggers.size(); ++k) {
    const double* on = cells(m_.triggers[k].col);
    int *first = trigger_first_.data() + k * W, *periods = trigger_periods_.data() + k * W;
    for (std::size_t l = 0; l < N; ++l) {
      const bool is_on = on[l] != 0;
      first[l] = is_on && !first[l] ? i + 1 : first[l];
      periods[l] += is_on;
    }
  }
  for (std::size_t k = 0; k < m_.calls.size(); ++k) {
    const double *called = cells(m_.calls[k].col_called), *price = cells(m_.calls[k].col_price);
    for (std::size_t l = 0; l < N; ++l)
      if (!call_period_[k * W + l] && called[l] != 0) call_period_[k * W + l] = i + 1, call_price_[k * W + l] = price[l];
  }
}

// Default and loss given default (TrancheMetrics::default_period). A
// tranche defaults at its first interest shortfall, or, without one, at a
// loss after the horizon: the rating agencies' timely interest and ultimate
// principal. Unpaid interest that capitalizes (PIK) is deferred by
// contract, not missed: such a tranche defaults on its loss alone. Both
// tests ignore what is below a millionth of what was lent, as PD does.
void PathStream::close_tranche(std::size_t j, std::size_t l) {
  const auto& tr = m_.tranches[j];
  auto& s = tranches_[j];
  auto& x = r_.tranches[j];
  const int T = T_;
  const std::size_t W = W_;
  x.opening = s.opening[l];
  x.interest = s.interest[l];
  x.principal = s.principal[l];
  // What is still owed after the horizon: principal (with any capitalized
  // interest) and interest carried unpaid; and, for a convertible forced to
  // convert below par, the par its shares were not worth.
  x.loss = T > 0 ? std::max(0.0, s.last_end[l] + s.last_unpaid[l]) + s.converted_short[l] : 0;
  const double lent = s.lent[l];
  x.loss_share = lent > 0 ? x.loss / lent : 0;
  x.original = lent;  // what the tables print as original: everything lent
  // The principal retired, where any was, and when.
  amounts_.clear();
  times_.clear();
  for (std::size_t i = 0; i < static_cast<std::size_t>(T); ++i)
    if (const double r = s.retired[i * W + l]; r != 0) amounts_.push_back(r), times_.push_back(clock_.when[i]);
  x.wal = metrics::weighted_average_life_at(times_, amounts_);
  // A facility drawn after `start` (a delayed-draw loan): the life of a
  // dollar lent runs from its draw, so the WAL is the mean time repaid
  // less the mean time drawn (the balance at `start` drawn at time 0).
  if (x.wal && s.drawn_later[l] > 0) *x.wal -= s.drawn_at[l] / lent;
  flows_.resize(static_cast<std::size_t>(T) + 1);
  for (std::size_t i = 0; i < flows_.size(); ++i) flows_[i] = s.cash[i * W + l];
  if (lent > 0) x.irr = metrics::irr_at(clock_.xirr_years, flows_);
  // Yield: the per-period IRR of the flows on the period grid, times the
  // periods in a year (so a note bought at par at its own coupon yields
  // its coupon); durations at that yield, at the WAL's times. A first
  // period that is a stub counts as its share of a period (grid_times).
  auto per_period = lent > 0 && detail_.yield ? metrics::irr_at(clock_.grid_times, flows_) : std::nullopt;
  if (per_period && *per_period > -1) {
    const std::span<const double> received = std::span<const double>(flows_).subspan(1);
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
    auto& c = x.coverage.emplace();
    c.dscr_min = s.dscr_min[l];
    c.dscr_min_period = s.dscr_min_period[l];
    if (s.dscr_n[l]) c.dscr_mean = s.dscr_sum[l] / s.dscr_n[l];
    if (x.opening > 0) c.llcr = s.loan_life[l] / x.opening, c.plcr = s.project_life[l] / x.opening;
  }
  if (T == 0) return;
  const double tiny = 1e-6 * lent;
  int d = 0;
  if (!tr.capitalizes)
    for (int i = 0; i < T && !d; ++i)
      if (s.shortfall[static_cast<std::size_t>(i) * W + l] > tiny) d = i + 1;
  // A loss without a missed coupon: the default is the last period with a
  // claim (the horizon, or the period a convertible converted below par).
  if (!d && x.loss > tiny && x.loss > 0)
    for (int i = T - 1; i >= 0 && !d; --i)
      if (s.claim[static_cast<std::size_t>(i) * W + l] > 0) d = i + 1;
  if (!d) return;
  // The interest that accrues after the default period.
  double accrued = 0;
  for (int i = d; i < T; ++i) accrued += s.accrued[static_cast<std::size_t>(i) * W + l];
  x.default_period = d;
  x.exposure_at_default = s.claim[static_cast<std::size_t>(d - 1) * W + l];
  // loss = exposure + interest accrued after the default - everything
  // received from the default on; without that interest, the market's
  // loss given default: exposure - received (never below 0).
  x.loss_ex_interest = std::min(x.loss, std::max(0.0, x.loss - accrued));
}

const PathMetrics& PathStream::close(int lane) {
  const auto l = static_cast<std::size_t>(lane), W = W_;
  for (std::size_t j = 0; j < tranches_.size(); ++j) {
    reset(r_.tranches[j]);
    close_tranche(j, l);
  }
  for (std::size_t k = 0; k < equities_.size(); ++k) {
    auto& x = r_.equities[k];
    const auto& s = equities_[k];
    reset(x);
    x.distributions = s.distributions[l];
    // `investment` is everything put in, day 0 and later.
    x.investment = s.investment[l];
    if (s.contributed[l] != 0) x.investment += s.contributed[l];
    flows_.resize(static_cast<std::size_t>(T_) + 1);
    for (std::size_t i = 0; i < flows_.size(); ++i) flows_[i] = s.cash[i * W + l];
    if (x.investment > 0) x.irr = metrics::irr_at(clock_.xirr_years, flows_);
  }
  for (std::size_t k = 0; k < tests_.size(); ++k) {
    auto& x = r_.tests[k];
    const auto& s = tests_[k];
    reset(x);
    const int n = s.n[l];
    x.min = s.min[l];
    x.max = s.max[l];
    x.min_period = s.min_period[l];
    x.mean = n ? s.sum[l] / n : NAN;
    if (!n) x.min = x.max = NAN;
    x.undefined_share = T_ > 0 ? static_cast<double>(T_ - n) / T_ : 0;
  }
  for (std::size_t k = 0; k < r_.triggers.size(); ++k) {
    auto& x = r_.triggers[k];
    reset(x);
    x.first = trigger_first_[k * W + l];
    x.periods = trigger_periods_[k * W + l];
  }
  for (std::size_t k = 0; k < r_.calls.size(); ++k) {
    auto& x = r_.calls[k];
    reset(x);
    x.period = call_period_[k * W + l];
    x.price = call_price_[k * W + l];
  }
  return r_;
}

}  // namespace sluice::analysis
