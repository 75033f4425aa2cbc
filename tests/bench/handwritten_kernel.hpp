// bench.deal by hand, N scenarios a lane group (handwritten_lanes.hpp).
// Every expression mirrors the order of operations of the IR that `sluice
// ir tests/bench/bench.deal` prints, because the point is the interpreter's
// bits: no reassociation, no fused multiply-add, std::min/std::max as the
// interpreter calls them, `0.0 + x` kept where the IR adds a zero (it turns
// -0 into +0). What a hand-written model gains over the JIT is what the
// deal's author knows: the calendar's values are computed once per
// evaluator (handwritten_block.hpp), the pool's two level schedules share
// one pow (same base, same exponent), dead state is not stored, nothing is
// checked, the table is written once (not cleared first) and, per period,
// the block runs in three passes over structure-of-arrays state: the draws,
// the market (whose exp and pow are runtime/math's vector forms over the
// whole block at once), and the waterfall, pure lane arithmetic.
#pragma once
#include <cstdint>

#include "handwritten_draws.hpp"

namespace sluice::bench::hand {
namespace {

// The per-scenario state between periods, and this period's market.
struct alignas(32) Block {
  double sofr[kBlock], credit[kBlock], price[kBlock], pool[kBlock];
  double a[kBlock], b[kBlock], c[kBlock], d[kBlock], reserve[kBlock], retained[kBlock];
  double d_called[kBlock], d_call_run[kBlock], d_converted[kBlock];
  double de_on[kBlock], de_run[kBlock], a_carried[kBlock];
  double oc_on[kBlock], oc_run[kBlock], oc_cure[kBlock];
  double ds_on[kBlock], ds_run[kBlock], ds_cure[kBlock];
  double ls_on[kBlock], ls_run[kBlock];
  double b_carried[kBlock], c_carried[kBlock], trustee_carried[kBlock], servicing_carried[kBlock];
  // This period: the three normals; exp's arguments and values (credit,
  // then price); pow's bases, exponents and values (the default rate's,
  // the pool's annuity, A's annuity).
  double z_credit[kBlock], z_sofr[kBlock], z_price[kBlock];
  double exp_in[2 * kBlock], exp_out[2 * kBlock];
  double pow_x[3 * kBlock], pow_y[3 * kBlock], pow_out[3 * kBlock];
  Tails tails;
};

template <class D, class I>
struct Deal {
  const Period& p;
  D zero = splat<D>(0.0), one = splat<D>(1.0);

  // The level annuity's scheduled principal (%62..%85 for the pool,
  // %193..%208 for A): balance b at periodic rate i, pw = pow(1 + i, -left).
  D level_principal(D b, D i, D pw) const {
    const D annuity = b * i / (1 - pw);
    const D interest = b * i;
    const I flat = i == 0.0;
    // A zero rate (never, with the floor at 0 and the margin) pays b / left;
    // the division is skipped where no lane needs it.
    const D pay = any(flat) ? sel(flat, b / p.left_max, annuity) : annuity;
    D due = sel(flat, pay, pay - interest);
    due = p.left_le1 ? b : due;
    due = p.is_last ? b : due;
    return vmax(zero, vmin(due, b));
  }

  // A trigger with persistence and a cure run, in the IR's order: whether
  // it is on this period; its breach and cure counters updated in place.
  D trigger_with_cure(D was_on, D& run, D& cure, I breach, I cured, double persist, double cure_len) const {
    const D new_run = sel(breach, run + 1, zero);
    const D new_cure = was_on * sel(cured, cure + 1, zero);
    const D cleared = was_on * flag<D>(new_cure >= cure_len);
    const D on = sel(was_on != 0.0, 1 - cleared, (1 - was_on) * flag<D>(new_run >= persist));
    run = sel(on != 0.0, zero, sel(cleared != 0.0, zero, new_run));
    cure = sel(on != 0.0, sel(cleared != 0.0, zero, new_cure), zero);
    return on;
  }

  // A pay step on a claim owed `owed` under branch mask `mask` out of
  // cash: the amount paid; `cash` lowered (the IR's Sub/Max/Mul/Min run).
  D pay(D& cash, D owed, D mask) const {
    const D due = 0.0 + mask * vmax(zero, owed);
    const D paid = vmin(vmax(cash, zero), due);
    cash = cash - paid;
    return paid;
  }
};

template <class D>
inline D at(const double* a, int g) {
  return load<D>(a + g * lanes_of<D>);
}
template <class D>
inline void put(double* a, int g, D v) {
  store(a + g * lanes_of<D>, v);
}

// Credit, sofr and price this period, and the exp and pow the pool, A and
// the default rate need; the old factors are replaced.
template <class D, class I>
void market(const Period& p, Block& k, int groups) {
  const int n = groups * lanes_of<D>;
  for (int g = 0; g < groups; ++g) {
    const D zc = at<D>(k.z_credit, g), zs = at<D>(k.z_sofr, g), zp = at<D>(k.z_price, g);
    put(k.exp_in, g, p.credit_vol * zc - p.credit_cvx);
    // price: lognormal, -0.4 correlated with credit through its Cholesky row.
    const D price_z = -0.4 * zc + 0.916515138991168 * zp;
    put(k.exp_in + kBlock, g, p.price_vol * price_z - p.price_cvx);
    // sofr: Vasicek, floored at 0.
    put(k.sofr, g, vmax(0.035 + (at<D>(k.sofr, g) - 0.035) * p.decay + p.sofr_sd * zs, splat<D>(0.0)));
  }
  math::exp_n(k.exp_in, k.exp_out, static_cast<std::size_t>(n));
  math::exp_n(k.exp_in + kBlock, k.exp_out + kBlock, static_cast<std::size_t>(n));
  for (int g = 0; g < groups; ++g) {
    const D credit = at<D>(k.credit, g) * p.credit_growth * at<D>(k.exp_out, g);
    put(k.credit, g, credit);
    put(k.price, g, at<D>(k.price, g) * p.price_growth * at<D>(k.exp_out + kBlock, g));
    const D sofr = at<D>(k.sofr, g);
    put(k.pow_x, g, 1 - vmin(0.03 * credit, splat<D>(0.6)));
    put(k.pow_y, g, splat<D>(p.year_part));
    put(k.pow_x + kBlock, g, 1 + (sofr + 0.04) * p.yf);
    put(k.pow_y + kBlock, g, splat<D>(p.neg_left));
    put(k.pow_x + 2 * kBlock, g, 1 + (sofr + 0.015) * p.yf);
    put(k.pow_y + 2 * kBlock, g, splat<D>(p.neg_left));
  }
  for (int j = 0; j < 3; ++j)
    math::pow_n(k.pow_x + j * kBlock, k.pow_y + j * kBlock, k.pow_out + j * kBlock, static_cast<std::size_t>(n));
}

// One period of the pool, the triggers and the waterfall for every group;
// row t - 1 of each scenario's table written.
template <class D, class I>
void waterfall(const Period& p, Block& k, int groups, int valid_in_last, double* rows, std::size_t stride, int t, int columns) {
  constexpr int N = lanes_of<D>;
  const Deal<D, I> w{p};
  const D zero = w.zero, one = w.one;
  const double yf = p.yf;
  for (int g = 0; g < groups; ++g) {
    const D pool = at<D>(k.pool, g), a = at<D>(k.a, g), b = at<D>(k.b, g), c = at<D>(k.c, g), d = at<D>(k.d, g);
    const D sofr = at<D>(k.sofr, g), price = at<D>(k.price, g);
    // Pool (SIFMA's SF-17/18): defaults of the opening balance; level
    // principal of the performing rest; prepayments of the opening balance
    // less its own level principal (before the defaults), at most what the
    // performing loans have left.
    const D defaults = pool * (1 - at<D>(k.pow_out, g));
    const D performing = pool - defaults;
    const D pool_i = (sofr + 0.04) * yf, pool_pw = at<D>(k.pow_out + kBlock, g);
    const D pool_interest = performing * (sofr + 0.04) * yf;
    const D sched = w.level_principal(performing, pool_i, pool_pw);
    const D sched_all = w.level_principal(pool, pool_i, pool_pw);
    const D prepaid = vmin((pool - sched_all) * p.prepay, performing - sched);
    const D pool_end = (performing - sched) - prepaid;
    const D recovered = defaults - defaults * 0.6;
    const D collections = 0.0 + (((pool_interest + sched) + prepaid) + recovered);
    // Triggers. default_event: sticky, on last period's C shortfall (C's
    // carried interest is that shortfall).
    const D de_was = at<D>(k.de_on, g), ls_was = at<D>(k.ls_on, g);
    const D de_run = sel(at<D>(k.c_carried, g) > 0.0, at<D>(k.de_run, g) + 1, zero);
    const D de_on = sel(de_was != 0.0, one, (1 - de_was) * flag<D>(de_run >= 1.0));
    put(k.de_run, g, sel(de_on != 0.0, zero, de_run));
    const D oc = pool * price / ((a + b) + c);
    D oc_run = at<D>(k.oc_run, g), oc_cure = at<D>(k.oc_cure, g);
    const D oc_on = w.trigger_with_cure(at<D>(k.oc_on, g), oc_run, oc_cure, oc < 0.9, oc >= 0.95, 2, 3);
    const D a_rate = sofr + 0.015, a_i = a_rate * yf;
    const D a_interest_due = a * a_rate * yf + at<D>(k.a_carried, g);
    const D a_sched = w.level_principal(a, a_i, at<D>(k.pow_out + 2 * kBlock, g));
    const D b_interest_due = b * (sofr + 0.03) * yf + at<D>(k.b_carried, g);
    const D dscr = collections / ((a_interest_due + a_sched) + b_interest_due);
    D ds_run = at<D>(k.ds_run, g), ds_cure = at<D>(k.ds_cure, g);
    const D ds_on = w.trigger_with_cure(at<D>(k.ds_on, g), ds_run, ds_cure, dscr < 1.05, dscr >= 1.15, 1, 2);
    const D ls_run = p.late ? sel(pool < 5e7, at<D>(k.ls_run, g) + 1, zero) : zero;
    const D ls_on = sel(ls_was != 0.0, one, (1 - ls_was) * flag<D>(ls_run >= 1.0));
    put(k.ls_run, g, sel(ls_on != 0.0, zero, ls_run));
    const I turbo = (oc_on != 0.0) | (ds_on != 0.0) | (ls_on != 0.0);
    // Branch masks: event of default, else turbo, else the normal order.
    const D m_default = de_on, m_rest = 1 - de_on;
    const D m_turbo = m_rest * flag<D>(turbo), m_normal = m_rest * (1 - flag<D>(turbo));
    // The waterfall; at the horizon the reserve joins available funds.
    const D reserve_open = at<D>(k.reserve, g);
    const D released = p.last * reserve_open;
    D reserve = reserve_open - released;
    D cash = (0.0 + collections + at<D>(k.retained, g)) + released;
    const D trustee_due = p.trustee_fee + at<D>(k.trustee_carried, g);
    const D trustee_paid = 0.0 + w.pay(cash, trustee_due - 0.0, one);
    const D servicing_due = 0.005 * pool * yf + at<D>(k.servicing_carried, g);
    const D servicing_paid = 0.0 + w.pay(cash, servicing_due - 0.0, one);
    // Interest of A and B, each covered by the reserve when cash is short;
    // met in full, a claim is paid exactly what it was owed (no ulp residue).
    const D a_owed = vmax(zero, a_interest_due - 0.0);
    const D a_cash = w.pay(cash, a_interest_due - 0.0, one);
    const D a_cover = vmin(reserve, vmax(zero, a_owed - a_cash));
    reserve = reserve - a_cover;
    const D a_interest_paid = sel((a_owed - a_cash) - a_cover <= 0.0, 0.0 + a_owed, (0.0 + a_cash) + a_cover);
    const D b_owed = vmax(zero, b_interest_due - 0.0);
    const D b_cash = w.pay(cash, b_interest_due - 0.0, one);
    const D b_cover = vmin(reserve, vmax(zero, b_owed - b_cash));
    reserve = reserve - b_cover;
    const D b_interest_paid = sel((b_owed - b_cash) - b_cover <= 0.0, 0.0 + b_owed, (0.0 + b_cash) + b_cover);
    const D deposit = vmin(vmax(cash, zero), vmax(zero, p.not_last * (3 * a_interest_due) - reserve));
    reserve = reserve + deposit;
    cash = cash - deposit;
    const D c_interest_due = c * 0.08 * yf + at<D>(k.c_carried, g);
    const D c_interest_paid = 0.0 + w.pay(cash, c_interest_due - 0.0, one);
    // Event of default: A, B and C in full, in order; D converts (below).
    D a_principal = 0.0 + w.pay(cash, a - 0.0, m_default);
    D b_principal = 0.0 + w.pay(cash, b - 0.0, m_default);
    D c_principal = 0.0 + w.pay(cash, c - 0.0, m_default);
    // Turbo: A in full, then D's interest; else A scheduled, D, a sweep to B.
    a_principal = a_principal + w.pay(cash, a - a_principal, m_turbo);
    const D d_interest_due = d * 0.11 * yf + 0.0;  // D capitalizes: its carried interest is always 0
    D d_interest_paid = 0.0 + w.pay(cash, d_interest_due - 0.0, m_turbo);
    a_principal = a_principal + w.pay(cash, a_sched - a_principal, m_normal);
    d_interest_paid = d_interest_paid + w.pay(cash, d_interest_due - d_interest_paid, m_normal);
    const D sweep = m_normal * vmin(0.25 * vmax(cash, zero), vmax(zero, b - b_principal));
    cash = cash - sweep;
    b_principal = b_principal + sweep;
    // Every branch: the bullets of B and C fall due at the horizon, D's at
    // its maturity or the horizon.
    b_principal = b_principal + w.pay(cash, vmax(zero, vmin(p.is_last ? b : zero, b)) - b_principal, one);
    c_principal = c_principal + w.pay(cash, vmax(zero, vmin(p.is_last ? c : zero, c)) - c_principal, one);
    // D, the convertible. The issuer's soft call: stock at 130% of the
    // conversion price for 3 periods in a row, then called for good.
    const D stock = 20 * price * price;
    const D call_run = sel(stock >= 1.3 * 24, at<D>(k.d_call_run, g) + 1, zero);
    const D called = vmax(at<D>(k.d_called, g), flag<D>(call_run >= 3.0));
    put(k.d_call_run, g, sel(called != 0.0, zero, call_run));
    // It converts, if still open, when in the money at maturity or once
    // called, and on the event of default's `convert D` (whatever the
    // price); then none of its principal is due in cash.
    const D at_end = splat<D>(static_cast<double>(p.d_at_end)), was_converted = at<D>(k.d_converted, g);
    const D elects = vmax(flag<D>(stock > 24.0) * vmax(at_end, called), m_default);
    const D converts = ((1 - was_converted) * flag<D>(d > 0.0)) * elects;
    const D d_due = sel(converts != 0.0, zero, sel(called != 0.0, d, vmax(zero, vmin(p.d_at_end ? d : zero, d))));
    const D d_principal = 0.0 + w.pay(cash, d_due - 0.0, one);
    const D to_equity = vmax(cash, zero);
    cash = cash - to_equity;
    // What is left of D (capitalized interest included) is retired in
    // shares when it converts.
    const D d_before = (d - d_principal) + (d_interest_due - d_interest_paid);
    const D d_converted = converts * d_before;
    const D d_end = d_before - d_converted;
    const D d_value = sel(converts != 0.0, d_converted / 24 * stock, zero);
    const D d_ever = vmax(was_converted, converts);

    // The row, in the order of the deal's columns; then the pool's losses
    // by obligor (its defaults, its losses, of which `recovered` is the
    // rest, and its opening balance) when the run records them.
    const D col[47] = {collections, zero, trustee_paid, servicing_paid,
                       a_interest_due, a_interest_paid, a_principal, a - a_principal, splat<D>(300e6), a_interest_due - a_interest_paid,
                       b_interest_due, b_interest_paid, b_principal, b - b_principal, splat<D>(60e6), b_interest_due - b_interest_paid,
                       c_interest_due, c_interest_paid, c_principal, c - c_principal, splat<D>(40e6), c_interest_due - c_interest_paid,
                       d_interest_due, d_interest_paid, d_principal, d_end, splat<D>(25e6), d_converted, d_value, zero,
                       to_equity, reserve, dscr, oc, oc_on, ds_on, de_on, ls_on,
                       sofr, a, d, reserve_open, d_ever, called,
                       defaults, defaults * 0.6, pool};
    double* out[N];
    for (int l = 0; l < N; ++l) out[l] = rows + static_cast<std::size_t>(g * N + l) * stride + static_cast<std::size_t>(t - 1) * static_cast<std::size_t>(columns);
    store_rows(col, columns, out, g + 1 == groups ? valid_in_last : N);

    put(k.pool, g, pool_end);
    put(k.a, g, a - a_principal), put(k.b, g, b - b_principal), put(k.c, g, c - c_principal), put(k.d, g, d_end);
    put(k.reserve, g, reserve), put(k.retained, g, cash);
    put(k.de_on, g, de_on), put(k.oc_on, g, oc_on), put(k.ds_on, g, ds_on), put(k.ls_on, g, ls_on);
    put(k.oc_run, g, oc_run), put(k.oc_cure, g, oc_cure), put(k.ds_run, g, ds_run), put(k.ds_cure, g, ds_cure);
    put(k.d_called, g, called), put(k.d_converted, g, d_ever);
    put(k.a_carried, g, a_interest_due - a_interest_paid);
    put(k.b_carried, g, b_interest_due - b_interest_paid), put(k.c_carried, g, c_interest_due - c_interest_paid);
    put(k.trustee_carried, g, trustee_due - trustee_paid), put(k.servicing_carried, g, servicing_due - servicing_paid);
  }
}

// A block: its state from the deal's opening values, then every period's
// draws, market and waterfall.
template <class D, class I, class U>
void run_block(const BlockJob& job) {
  constexpr int N = lanes_of<D>;
  static thread_local Block k;
  const int groups = (job.count + N - 1) / N, n = groups * N;
  const int valid_in_last = job.count - (groups - 1) * N;
  const double investment = ((((0.0 + 500e6) - 300e6) - 60e6) - 40e6) - 25e6 + 5e6;  // init %9..%32
  for (int l = 0; l < job.count; ++l) job.init[l] = investment;
  for (int l = 0; l < n; ++l) {
    k.sofr[l] = 0.043, k.credit[l] = 1, k.price[l] = 1, k.pool[l] = 500e6;
    k.a[l] = 300e6, k.b[l] = 60e6, k.c[l] = 40e6, k.d[l] = 25e6, k.reserve[l] = 5e6, k.retained[l] = 0;
    k.d_called[l] = k.d_call_run[l] = k.d_converted[l] = 0;
    k.de_on[l] = k.de_run[l] = k.a_carried[l] = 0;
    k.oc_on[l] = k.oc_run[l] = k.oc_cure[l] = k.ds_on[l] = k.ds_run[l] = k.ds_cure[l] = k.ls_on[l] = k.ls_run[l] = 0;
    k.b_carried[l] = k.c_carried[l] = k.trustee_carried[l] = k.servicing_carried[l] = 0;
  }
  const std::size_t stride = static_cast<std::size_t>(job.periods) * static_cast<std::size_t>(job.columns);
  for (int t = 1; t <= job.periods; ++t) {
    const Period& p = job.calendar[t - 1];
    const auto period = static_cast<std::uint32_t>(t);
    draw_normals<D, I, U>(job.seed, job.first, groups, job.key_credit, period, k.z_credit, k.tails);
    draw_normals<D, I, U>(job.seed, job.first, groups, job.key_sofr, period, k.z_sofr, k.tails);
    draw_normals<D, I, U>(job.seed, job.first, groups, job.key_price, period, k.z_price, k.tails);
    market<D, I>(p, k, groups);
    waterfall<D, I>(p, k, groups, valid_in_last, job.rows, stride, t, job.columns);
  }
}

}  // namespace
}  // namespace sluice::bench::hand
