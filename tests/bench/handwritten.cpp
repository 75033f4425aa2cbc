// bench.deal by hand. Every expression mirrors the order of operations of
// the IR that `sluice ir tests/bench/bench.deal` prints (the %N in comments
// are its registers), because the point is the same bits as the interpreter:
// no reassociation, no fused multiply-add (the target keeps
// -ffp-contract=off), std::min/std::max exactly as the interpreter calls
// them, `0.0 + x` kept where the IR adds a zero (it turns -0 into +0).
// What a hand-written model gains over the JIT is what the deal's author
// knows: calendar-only values (pow(0.9, 1/12), exp(-k dt), ...) are
// computed once per period for a whole block instead of once per scenario,
// dead state is not stored, and nothing is checked. exp, pow and sqrt are
// runtime/math's scalar forms, as the interpreter's (one value a call; the
// vector forms would give the same bits).
#include "handwritten.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "math/math.hpp"
#include "random/random.hpp"

namespace sluice::bench {

namespace {

using exec::Batch;
using CF = ir::ContextField;

constexpr int kBlock = 64;  // scenarios a block: the SoA state stays in L1

// AS241's central region, Horner from the top coefficient as the runtime
// evaluates it; the tails (|q| > 0.425, 15% of draws) call the runtime.
constexpr double kA[8] = {3.3871328727963666080e0,   1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
                          4.5921953931549871457e+4,  6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr double kB[8] = {1.0,                       4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                          2.1213794301586595867e+4,  3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3};

inline double horner(const double (&c)[8], double x) {
  double v = c[7];
  for (int i = 6; i >= 0; --i) v = v * x + c[i];
  return v;
}

// Philox4x32-10 (Salmon et al., SC'11) written out so that a block's lanes
// vectorize: Random123's generator, which the runtime calls, computes the
// same words, and the agreement check would catch a difference.
inline void philox(std::uint32_t (&c)[4], std::uint32_t k0, std::uint32_t k1) {
  for (int round = 0; round < 10; ++round) {
    if (round) k0 += 0x9E3779B9u, k1 += 0xBB67AE85u;
    const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c[0], p1 = std::uint64_t{0xCD9E8D57u} * c[2];
    const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k0, n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k1;
    c[0] = n0, c[1] = static_cast<std::uint32_t>(p1), c[2] = n2, c[3] = static_cast<std::uint32_t>(p0);
  }
}

// One block's normals for one stream and period: Philox at counter
// (scenario, stream, period) under key (seed), the 53-bit centred uniform,
// then the inverse normal. The first two loops have no calls and vectorize.
void draw_normals(std::uint64_t seed, std::uint64_t first, int n, std::uint32_t stream, std::uint32_t period, double* z, double* u) {
  const auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int l = 0; l < n; ++l) {
    const std::uint64_t s = first + static_cast<std::uint64_t>(l);
    std::uint32_t c[4] = {static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32), stream, period};
    philox(c, k0, k1);
    // The top 53 bits (w1 << 21 | w0 >> 11) as a double, from parts that
    // convert as signed 32-bit integers (AVX2 has no 64-bit conversion);
    // every step is exact, so this is the runtime's double(bits).
    const double hi = static_cast<double>(static_cast<std::int32_t>(c[1] >> 16)) * 65536.0 + static_cast<double>(static_cast<std::int32_t>(c[1] & 0xFFFFu));
    const double bits = hi * 2097152.0 + static_cast<double>(static_cast<std::int32_t>(c[0] >> 11));
    u[l] = (bits + 0.5) * 0x1p-53;
  }
  for (int l = 0; l < n; ++l) {
    const double q = u[l] - 0.5, r = 0.180625 - q * q;
    z[l] = q * horner(kA, r) / horner(kB, r);
  }
  for (int l = 0; l < n; ++l)
    if (std::fabs(u[l] - 0.5) > 0.425) z[l] = rng::inverse_normal(u[l]);
}

// The level annuity's scheduled principal (%62..%85 for the pool, %193..%208
// for A): balance b at periodic rate i with R periods left.
inline double level_principal(double b, double i, double neg_r, double r_max, bool r_le1, bool last) {
  const double annuity = b * i / (1 - math::pow(1 + i, neg_r));
  const double interest = b * i;
  const bool zero = i == 0;
  const double pay = zero ? b / r_max : annuity;
  double due = zero ? pay : pay - interest;
  due = r_le1 ? b : due;
  due = last ? b : due;
  return std::max(0.0, std::min(due, b));
}

// A pay step on a claim owed `owed` under branch mask `mask` out of cash:
// returns the amount paid and lowers `cash` (the IR's Sub/Max/Mul/Min run).
// A trigger with persistence and a cure run, in the IR's order: whether it
// is on this period; its breach and cure counters are updated in place.
inline double trigger_with_cure(double was_on, double& run, double& cure, bool breach, bool cured, double persist, double cure_len) {
  const double new_run = breach ? run + 1 : 0.0;
  const double new_cure = was_on * (cured ? cure + 1 : 0.0);
  const double cleared = was_on * static_cast<double>(new_cure >= cure_len);
  const double on = was_on != 0 ? 1 - cleared : (1 - was_on) * static_cast<double>(new_run >= persist);
  run = on != 0 ? 0.0 : (cleared != 0 ? 0.0 : new_run);
  cure = on != 0 ? (cleared != 0 ? 0.0 : new_cure) : 0.0;
  return on;
}

inline double pay(double& cash, double owed, double mask) {
  const double due = 0.0 + mask * std::max(0.0, owed);
  const double paid = std::min(std::max(cash, 0.0), due);
  cash = cash - paid;
  return paid;
}

struct Block {
  double sofr[kBlock], credit[kBlock], price[kBlock], pool[kBlock];
  double a[kBlock], b[kBlock], c[kBlock], d[kBlock], reserve[kBlock], retained[kBlock];
  double d_called[kBlock], d_call_run[kBlock], d_converted[kBlock];
  double de_on[kBlock], de_run[kBlock], a_carried[kBlock];
  double oc_on[kBlock], oc_run[kBlock], oc_cure[kBlock];
  double ds_on[kBlock], ds_run[kBlock], ds_cure[kBlock];
  double ls_on[kBlock], ls_run[kBlock];
  double b_carried[kBlock], c_carried[kBlock], trustee_carried[kBlock], servicing_carried[kBlock];
  double z_credit[kBlock], z_sofr[kBlock], z_price[kBlock], u[kBlock];
};

class Handwritten final : public exec::Evaluator {
 public:
  Handwritten(const exec::Schedule& s, int term_months, bool obligors)
      : s_(s), term_(term_months), columns_(kHandwrittenColumns + (obligors ? kHandwrittenObligorColumns : 0)) {}
  const char* name() const override { return "hand-written"; }

  void evaluate(Batch& batch) const override {
    const int periods = s_.periods();
    const auto n = static_cast<std::size_t>(batch.count);
    batch.init.assign(n * kHandwrittenInitColumns, 0.0);
    batch.rows.assign(n * static_cast<std::size_t>(periods) * static_cast<std::size_t>(columns_), 0.0);
    batch.violation.reset();
    Block blk;
    for (std::size_t i = 0; i < n; i += kBlock) {
      const int w = static_cast<int>(std::min<std::size_t>(kBlock, n - i));
      run_block(blk, batch.seed, batch.first + i, w, batch.init.data() + i, batch.rows.data() + i * static_cast<std::size_t>(periods) * static_cast<std::size_t>(columns_));
    }
  }

 private:
  void run_block(Block& k, std::uint64_t seed, std::uint64_t first, int w, double* init, double* rows) const;

  const exec::Schedule& s_;
  int term_;
  int columns_;  // a period's row: the deal's columns, then the obligor's if asked
  std::uint32_t key_credit_ = rng::stream_key("credit"), key_sofr_ = rng::stream_key("sofr"), key_price_ = rng::stream_key("price");
};

void Handwritten::run_block(Block& k, std::uint64_t seed, std::uint64_t first, int w, double* init, double* rows) const {
  const double investment = ((((0.0 + 500e6) - 300e6) - 60e6) - 40e6) - 25e6 + 5e6;  // init %9..%32
  for (int l = 0; l < w; ++l) {
    init[l] = investment;
    k.sofr[l] = 0.043, k.credit[l] = 1, k.price[l] = 1, k.pool[l] = 500e6;
    k.a[l] = 300e6, k.b[l] = 60e6, k.c[l] = 40e6, k.d[l] = 25e6, k.reserve[l] = 5e6, k.retained[l] = 0;
    k.d_called[l] = k.d_call_run[l] = k.d_converted[l] = 0;
    k.de_on[l] = k.de_run[l] = k.a_carried[l] = 0;
    k.oc_on[l] = k.oc_run[l] = k.oc_cure[l] = k.ds_on[l] = k.ds_run[l] = k.ds_cure[l] = k.ls_on[l] = k.ls_run[l] = 0;
    k.b_carried[l] = k.c_carried[l] = k.trustee_carried[l] = k.servicing_carried[l] = 0;
  }
  const int periods = s_.periods();
  const auto row = static_cast<std::size_t>(columns_);
  const std::size_t stride = static_cast<std::size_t>(periods) * row;
  constexpr auto nctx = static_cast<std::size_t>(CF::kCount);
  for (int t = 1; t <= periods; ++t) {
    const double* ctx = &s_.context[static_cast<std::size_t>(t - 1) * nctx];
    const double yf = ctx[static_cast<std::size_t>(CF::YearFraction)];
    const double last = ctx[static_cast<std::size_t>(CF::IsLast)];
    const double pn = ctx[static_cast<std::size_t>(CF::PeriodNumber)];
    // What depends on the calendar alone, once per period for the block.
    const double sq = math::sqrt(yf);
    const double credit_growth = math::pow(1 + 0.0, yf), credit_cvx = 0.5 * (0.4 * 0.4 * yf), credit_vol = 0.4 * sq;
    const double year_part = ctx[static_cast<std::size_t>(CF::Months)] / 12;
    const double decay = math::exp(-(0.3 * yf));
    const double sofr_sd = 0.01 * math::sqrt((1 - decay * decay) / (2 * 0.3));
    const double left = static_cast<double>(term_) / 1 - (pn - 1);  // %67: periods left, this one included
    const double neg_left = -left, left_max = std::max(left, 1.0);
    const bool left_le1 = left <= 1, is_last = last != 0;
    const double prepay = 1 - math::pow(1 - 0.1, year_part);
    const double price_growth = math::pow(1 + -0.02, yf), price_cvx = 0.5 * (0.15 * 0.15 * yf), price_vol = 0.15 * sq;
    const double trustee_fee = 150000 * yf, not_last = 1 - last;
    const bool late = pn > 96;
    // D's maturity (120 months, whatever the horizon) or the horizon.
    const bool d_at_end = is_last || ctx[static_cast<std::size_t>(CF::MonthsAtEnd)] >= 120;

    const auto period = static_cast<std::uint32_t>(t);
    draw_normals(seed, first, w, key_credit_, period, k.z_credit, k.u);
    draw_normals(seed, first, w, key_sofr_, period, k.z_sofr, k.u);
    draw_normals(seed, first, w, key_price_, period, k.z_price, k.u);

    for (int l = 0; l < w; ++l) {
      double* out = rows + static_cast<std::size_t>(l) * stride + static_cast<std::size_t>(t - 1) * row;
      const double pool = k.pool[l], a = k.a[l], b = k.b[l], c = k.c[l], d = k.d[l];
      // Market: credit (lognormal), sofr (vasicek floored at 0), price
      // (lognormal, -0.4 correlated with credit through its Cholesky row).
      const double credit = k.credit[l] * credit_growth * math::exp(credit_vol * k.z_credit[l] - credit_cvx);
      const double sofr = std::max(0.035 + (k.sofr[l] - 0.035) * decay + sofr_sd * k.z_sofr[l], 0.0);
      const double price_z = -0.4 * k.z_credit[l] + 0.916515138991168 * k.z_price[l];
      const double price = k.price[l] * price_growth * math::exp(price_vol * price_z - price_cvx);
      // Pool (SIFMA's SF-17/18): defaults of the opening balance; level
      // principal of the performing rest; prepayments of the opening balance
      // less its own level principal (before the defaults), at most what the
      // performing loans have left.
      const double defaults = pool * (1 - math::pow(1 - std::min(0.03 * credit, 0.6), year_part));
      const double performing = pool - defaults;
      const double pool_i = (sofr + 0.04) * yf;
      const double pool_interest = performing * (sofr + 0.04) * yf;
      const double sched = level_principal(performing, pool_i, neg_left, left_max, left_le1, is_last);
      const double sched_all = level_principal(pool, pool_i, neg_left, left_max, left_le1, is_last);
      const double prepaid = std::min((pool - sched_all) * prepay, performing - sched);
      const double pool_end = (performing - sched) - prepaid;
      const double recovered = defaults - defaults * 0.6;
      const double collections = 0.0 + (((pool_interest + sched) + prepaid) + recovered);
      // Triggers. default_event: sticky, on last period's C shortfall (C's
      // carried interest is that shortfall).
      const double de_run = k.c_carried[l] > 0 ? k.de_run[l] + 1 : 0.0;
      const double de_on = k.de_on[l] != 0 ? 1.0 : (1 - k.de_on[l]) * static_cast<double>(de_run >= 1);
      k.de_run[l] = de_on != 0 ? 0.0 : de_run;
      const double oc = pool * price / ((a + b) + c);
      const double oc_on = trigger_with_cure(k.oc_on[l], k.oc_run[l], k.oc_cure[l], oc < 0.9, oc >= 0.95, 2, 3);
      const double a_rate = sofr + 0.015, a_i = a_rate * yf;
      const double a_interest_due = a * a_rate * yf + k.a_carried[l];
      const double a_sched = level_principal(a, a_i, neg_left, left_max, left_le1, is_last);
      const double b_interest_due = b * (sofr + 0.03) * yf + k.b_carried[l];
      const double dscr = collections / ((a_interest_due + a_sched) + b_interest_due);
      const double ds_on = trigger_with_cure(k.ds_on[l], k.ds_run[l], k.ds_cure[l], dscr < 1.05, dscr >= 1.15, 1, 2);
      const double ls_run = late && pool < 5e7 ? k.ls_run[l] + 1 : 0.0;
      const double ls_on = k.ls_on[l] != 0 ? 1.0 : (1 - k.ls_on[l]) * static_cast<double>(ls_run >= 1);
      k.ls_run[l] = ls_on != 0 ? 0.0 : ls_run;
      const bool turbo = oc_on != 0 || ds_on != 0 || ls_on != 0;
      // Branch masks: event of default, else turbo, else the normal order.
      const double m_default = de_on, m_rest = 1 - de_on;
      const double m_turbo = m_rest * static_cast<double>(turbo), m_normal = m_rest * (1 - static_cast<double>(turbo));
      // The waterfall; at the horizon the reserve joins available funds.
      const double reserve_open = k.reserve[l];
      const double released = last * reserve_open;
      double reserve = reserve_open - released;
      double cash = (0.0 + collections + k.retained[l]) + released;
      const double trustee_due = trustee_fee + k.trustee_carried[l];
      const double trustee_paid = 0.0 + pay(cash, trustee_due - 0, 1);
      const double servicing_due = 0.005 * pool * yf + k.servicing_carried[l];
      const double servicing_paid = 0.0 + pay(cash, servicing_due - 0, 1);
      // Interest of A and B, each covered by the reserve when cash is short;
      // met in full, a claim is paid exactly what it was owed (no ulp residue).
      const double a_owed = std::max(0.0, a_interest_due - 0);
      const double a_cash = pay(cash, a_interest_due - 0, 1);
      const double a_cover = std::min(reserve, std::max(0.0, a_owed - a_cash));
      reserve = reserve - a_cover;
      const double a_interest_paid = (a_owed - a_cash) - a_cover <= 0.0 ? 0.0 + a_owed : (0.0 + a_cash) + a_cover;
      const double b_owed = std::max(0.0, b_interest_due - 0);
      const double b_cash = pay(cash, b_interest_due - 0, 1);
      const double b_cover = std::min(reserve, std::max(0.0, b_owed - b_cash));
      reserve = reserve - b_cover;
      const double b_interest_paid = (b_owed - b_cash) - b_cover <= 0.0 ? 0.0 + b_owed : (0.0 + b_cash) + b_cover;
      const double deposit = std::min(std::max(cash, 0.0), std::max(0.0, not_last * (3 * a_interest_due) - reserve));
      reserve = reserve + deposit;
      cash = cash - deposit;
      const double c_interest_due = c * 0.08 * yf + k.c_carried[l];
      const double c_interest_paid = 0.0 + pay(cash, c_interest_due - 0, 1);
      // Event of default: A, B and C in full, in order; D converts (below).
      double a_principal = 0.0 + pay(cash, a - 0, m_default);
      double b_principal = 0.0 + pay(cash, b - 0, m_default);
      double c_principal = 0.0 + pay(cash, c - 0, m_default);
      // Turbo: A in full, then D's interest; else A scheduled, D, a sweep to B.
      a_principal = a_principal + pay(cash, a - a_principal, m_turbo);
      const double d_interest_due = d * 0.11 * yf + 0.0;  // D capitalizes: its carried interest is always 0
      double d_interest_paid = 0.0 + pay(cash, d_interest_due - 0, m_turbo);
      a_principal = a_principal + pay(cash, a_sched - a_principal, m_normal);
      d_interest_paid = d_interest_paid + pay(cash, d_interest_due - d_interest_paid, m_normal);
      const double sweep = m_normal * std::min(0.25 * std::max(cash, 0.0), std::max(0.0, b - b_principal));
      cash = cash - sweep;
      b_principal = b_principal + sweep;
      // Every branch: the bullets of B and C fall due at the horizon, D's
      // at its maturity or the horizon.
      b_principal = b_principal + pay(cash, std::max(0.0, std::min(is_last ? b : 0.0, b)) - b_principal, 1);
      c_principal = c_principal + pay(cash, std::max(0.0, std::min(is_last ? c : 0.0, c)) - c_principal, 1);
      // D, the convertible. The issuer's soft call: stock at 130% of the
      // conversion price for 3 periods in a row, then called for good.
      const double stock = 20 * price * price;
      const double call_run = stock >= 1.3 * 24 ? k.d_call_run[l] + 1 : 0.0;
      const double called = std::max(k.d_called[l], static_cast<double>(call_run >= 3));
      k.d_call_run[l] = called != 0 ? 0.0 : call_run;
      // It converts, if still open, when in the money at maturity or once
      // called, and on the event of default's `convert D` (whatever the
      // price); then none of its principal is due in cash.
      const double elects = std::max(static_cast<double>(stock > 24) * std::max(static_cast<double>(d_at_end), called), m_default);
      const double converts = ((1 - k.d_converted[l]) * static_cast<double>(d > 0)) * elects;
      const double d_due = converts != 0 ? 0.0 : (called != 0 ? d : std::max(0.0, std::min(d_at_end ? d : 0.0, d)));
      const double d_principal = 0.0 + pay(cash, d_due - 0, 1);
      const double to_equity = std::max(cash, 0.0);
      cash = cash - to_equity;

      out[0] = collections, out[1] = 0.0, out[2] = trustee_paid, out[3] = servicing_paid;
      out[4] = a_interest_due, out[5] = a_interest_paid, out[6] = a_principal, out[7] = a - a_principal, out[8] = 300e6;
      out[9] = a_interest_due - a_interest_paid;
      out[10] = b_interest_due, out[11] = b_interest_paid, out[12] = b_principal, out[13] = b - b_principal, out[14] = 60e6;
      out[15] = b_interest_due - b_interest_paid;
      out[16] = c_interest_due, out[17] = c_interest_paid, out[18] = c_principal, out[19] = c - c_principal, out[20] = 40e6;
      out[21] = c_interest_due - c_interest_paid;
      // What is left of D (capitalized interest included) is retired in
      // shares when it converts.
      const double d_before = (d - d_principal) + (d_interest_due - d_interest_paid);
      const double d_converted = converts * d_before;
      const double d_end = d_before - d_converted;
      const double d_value = converts != 0 ? d_converted / 24 * stock : 0.0;
      const double d_ever = std::max(k.d_converted[l], converts);
      out[22] = d_interest_due, out[23] = d_interest_paid, out[24] = d_principal, out[25] = d_end, out[26] = 25e6;
      out[27] = d_converted, out[28] = d_value, out[29] = 0.0;
      out[30] = to_equity, out[31] = reserve, out[32] = dscr, out[33] = oc;
      out[34] = oc_on, out[35] = ds_on, out[36] = de_on, out[37] = ls_on;
      out[38] = sofr, out[39] = a, out[40] = d, out[41] = reserve_open, out[42] = d_ever, out[43] = called;
      // The pool's losses by obligor: its defaults, its losses (the IR's
      // defaults x severity, of which `recovered` above is the rest) and its
      // opening balance.
      if (row > kHandwrittenColumns) out[44] = defaults, out[45] = defaults * 0.6, out[46] = pool;

      k.sofr[l] = sofr, k.credit[l] = credit, k.price[l] = price, k.pool[l] = pool_end;
      k.a[l] = a - a_principal, k.b[l] = b - b_principal, k.c[l] = c - c_principal, k.d[l] = d_end;
      k.reserve[l] = reserve, k.retained[l] = cash;
      k.de_on[l] = de_on, k.oc_on[l] = oc_on, k.ds_on[l] = ds_on, k.ls_on[l] = ls_on;
      k.d_called[l] = called, k.d_converted[l] = d_ever;
      k.a_carried[l] = a_interest_due - a_interest_paid;
      k.b_carried[l] = b_interest_due - b_interest_paid, k.c_carried[l] = c_interest_due - c_interest_paid;
      k.trustee_carried[l] = trustee_due - trustee_paid, k.servicing_carried[l] = servicing_due - servicing_paid;
    }
  }
}

}  // namespace

std::unique_ptr<exec::Evaluator> make_handwritten(const exec::Schedule& s, int term_months, bool obligors) {
  return std::make_unique<Handwritten>(s, term_months, obligors);
}

}  // namespace sluice::bench
