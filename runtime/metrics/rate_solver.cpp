// The rate-of-return solver (rate_solver.hpp).
#include "metrics/rate_solver.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

#include "math/math.hpp"

namespace sluice::metrics {

namespace {

// Roots are searched for in the open interval (kLowestRate, kHighestRate).
constexpr double kLowestRate = -0.9999;
constexpr double kHighestRate = 1e6;
constexpr double kGuess = 0.1;  // the spreadsheets' default guess
constexpr int kNewtonIterations = 100;
constexpr int kGridPoints = 1000;

// The solver's arrays, kept per thread: a Monte Carlo run solves a few
// rates a scenario, and they need no allocation after the first.
struct Workspace {
  std::vector<double> t, a, ta, arg, df;
};

// The equation over the flows whose amount is not zero: a zero adds nothing
// at any rate (and would make 0 x infinity = NaN where a factor overflows).
class RateEquation {
 public:
  // The flows are written through plain pointers into arrays sized once:
  // a Monte Carlo run builds three equations a scenario, and growing the
  // (thread-local) vectors one flow at a time cost as much as the Newton
  // steps' own arithmetic.
  RateEquation(std::span<const double> times, std::span<const double> amounts, Workspace& w) : w_(w) {
    const std::size_t n = amounts.size();
    for (auto* v : {&w.t, &w.a, &w.ta, &w.arg, &w.df}) v->resize(n);
    double *t = w.t.data(), *a = w.a.data(), *ta = w.ta.data();
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = amounts[i];
      if (x == 0) continue;
      t[k] = times[i];
      a[k] = x;
      ta[k] = times[i] * x;
      ++k;
      t_min_ = std::min(t_min_, times[i]);
      t_max_ = std::max(t_max_, times[i]);
      positive_ = positive_ || x > 0;
      negative_ = negative_ || x < 0;
    }
    for (auto* v : {&w.t, &w.a, &w.ta, &w.arg, &w.df}) v->resize(k);
  }

  bool changes_sign() const { return positive_ && negative_; }

  // Sign changes of the amounts in time order (zeros are already out).
  int sign_changes() const {
    const auto& t = w_.t;
    std::vector<std::size_t> order(t.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (!std::is_sorted(t.begin(), t.end()))
      std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return t[x] < t[y]; });
    int changes = 0, last = 0;
    for (std::size_t i : order) {
      const int sign = w_.a[i] > 0 ? 1 : w_.a[i] < 0 ? -1 : 0;  // 0: NaN
      if (sign && last && sign != last) ++changes;
      if (sign) last = sign;
    }
    return changes;
  }

  // Value and derivative with respect to r: with D_i = (1 + r)^(-t_i),
  // sum a_i D_i and -sum t_i a_i D_i / (1 + r).
  void evaluate(double r, double& value, double& slope) const {
    factors(r, false);
    double v = 0, s = 0;
    for (std::size_t i = 0; i < w_.df.size(); ++i) {
      v += w_.a[i] * w_.df[i];
      s += w_.ta[i] * w_.df[i];
    }
    value = v;
    slope = -s / (1.0 + r);
  }

  // The value times a positive factor (1 + r)^s, with s chosen so that no
  // term's factor exceeds 1: the sign is right even where the plain value
  // would overflow (rates near -1 or very large rates over long horizons).
  double scaled_value(double r) const {
    factors(r, true);
    double v = 0;
    for (std::size_t i = 0; i < w_.df.size(); ++i) v += w_.a[i] * w_.df[i];
    return v;
  }

 private:
  // df_i = (1 + r)^(shift - t_i) = exp(-(t_i - shift) log1p(r)), the
  // shift 0 or (scaled) the earliest time where r >= 0, the latest below.
  void factors(double r, bool scaled) const {
    const double log_base = math::log1p(r);
    const double shift = !scaled ? 0.0 : log_base >= 0 ? t_min_ : t_max_;
    for (std::size_t i = 0; i < w_.t.size(); ++i) w_.arg[i] = -((w_.t[i] - shift) * log_base);
    math::exp_n(w_.arg.data(), w_.df.data(), w_.arg.size());
  }

  Workspace& w_;
  double t_min_ = std::numeric_limits<double>::infinity();
  double t_max_ = -std::numeric_limits<double>::infinity();
  bool positive_ = false, negative_ = false;  // any amount above zero, any below
};

bool inside_domain(double r) { return std::isfinite(r) && r > kLowestRate && r < kHighestRate; }

std::optional<double> newton(const RateEquation& eq, double guess) {
  double r = guess;
  for (int it = 0; it < kNewtonIterations; ++it) {
    double value = 0.0, slope = 0.0;
    eq.evaluate(r, value, slope);
    if (value == 0.0) return r;
    if (!std::isfinite(value) || !std::isfinite(slope) || slope == 0.0) return std::nullopt;
    const double step = value / slope;
    const double next = r - step;
    if (!inside_domain(next)) return std::nullopt;
    // Convergence is quadratic: once the step is this small, `next` is
    // accurate to rounding.
    if (std::abs(step) <= 1e-12 * std::max(1.0, std::abs(next))) return next;
    r = next;
  }
  return std::nullopt;
}

// Bisection on [lo, hi] where the scaled value changes sign; returns the
// rate to full double precision.
double bisect(const RateEquation& eq, double lo, double hi) {
  double value_lo = eq.scaled_value(lo);
  for (int it = 0; it < 2000; ++it) {
    const double mid = lo + 0.5 * (hi - lo);
    if (mid <= lo || mid >= hi) break;
    const double value_mid = eq.scaled_value(mid);
    if (value_mid == 0.0) return mid;
    if ((value_mid < 0) == (value_lo < 0)) {
      lo = mid;
      value_lo = value_mid;
    } else {
      hi = mid;
    }
  }
  return lo + 0.5 * (hi - lo);
}

// The one root of an equation whose amounts change sign once: bisection in
// log(1 + r) (the rate spans -99.99% to 1e6, so halving log(1 + r) takes a
// few dozen steps where halving r takes a hundred) down to a narrow bracket,
// then Newton steps kept inside it, to full precision.
std::optional<double> unique_root(const RateEquation& eq) {
  double lo = math::log1p(kLowestRate), hi = math::log1p(kHighestRate);
  double value_lo = eq.scaled_value(kLowestRate), value_hi = eq.scaled_value(kHighestRate);
  // No sign change inside the domain: the root, if any, lies outside it.
  if (!std::isfinite(value_lo) || !std::isfinite(value_hi) || value_lo == 0 || value_hi == 0 || (value_lo < 0) == (value_hi < 0))
    return std::nullopt;
  for (int it = 0; it < 200 && hi - lo > 1e-6; ++it) {
    const double mid = 0.5 * (lo + hi);
    const double v = eq.scaled_value(math::expm1(mid));
    if (!std::isfinite(v)) return std::nullopt;
    if (v == 0) return math::expm1(mid);
    if ((v < 0) == (value_lo < 0)) lo = mid;
    else hi = mid;
  }
  double a = math::expm1(lo), b = math::expm1(hi), r = 0.5 * (a + b);
  for (int it = 0; it < 100; ++it) {
    double value = 0, slope = 0;
    eq.evaluate(r, value, slope);
    if (value == 0) break;
    // Keep the bracket: the sign at r tells which end r replaces.
    if ((value < 0) == (value_lo < 0)) a = r;
    else b = r;
    double next = (std::isfinite(value) && std::isfinite(slope) && slope != 0) ? r - value / slope : a - 1;
    if (!(next > a && next < b)) next = 0.5 * (a + b);  // Newton left the bracket: bisect
    if (std::abs(next - r) <= 1e-15 * std::max(1.0, std::abs(r)) || next == a || next == b) {
      r = next;
      break;
    }
    r = next;
  }
  if (!inside_domain(r)) return std::nullopt;
  return r;
}

// Scans a grid of rates, equally spaced in log(1 + r) over the whole domain,
// for sign changes and bisects the one nearest the guess.
std::optional<double> bracket(const RateEquation& eq, double guess) {
  const double log_lo = math::log1p(kLowestRate);
  const double log_hi = math::log1p(kHighestRate);
  std::optional<double> best;
  double best_distance = std::numeric_limits<double>::infinity();
  double prev_r = 0.0, prev_value = std::numeric_limits<double>::quiet_NaN();
  for (int k = 0; k <= kGridPoints; ++k) {
    double r = math::expm1(log_lo + (log_hi - log_lo) * k / kGridPoints);
    if (k == 0) r = kLowestRate;
    if (k == kGridPoints) r = kHighestRate;
    const double value = eq.scaled_value(r);
    if (std::isfinite(value)) {
      std::optional<double> root;
      if (value == 0.0) {
        if (inside_domain(r)) root = r;
      } else if (std::isfinite(prev_value) && prev_value != 0.0 && (value < 0) != (prev_value < 0)) {
        const double candidate = bisect(eq, prev_r, r);
        if (inside_domain(candidate)) root = candidate;
      }
      if (root && std::abs(*root - guess) < best_distance) {
        best = root;
        best_distance = std::abs(*root - guess);
      }
    }
    prev_r = r;
    prev_value = value;
  }
  return best;
}

}  // namespace

std::optional<double> solve_rate(std::span<const double> times, std::span<const double> amounts) {
  if (times.size() != amounts.size()) return std::nullopt;
  thread_local Workspace w;
  const RateEquation eq(times, amounts, w);
  if (!eq.changes_sign()) return std::nullopt;
  if (auto r = newton(eq, kGuess)) return r;
  // One sign change in time order (an outlay, then receipts): by
  // Descartes' rule the root is unique, so bisecting the whole domain finds
  // it without scanning the grid (which matters in a Monte Carlo, where
  // distressed scenarios defeat Newton by the thousand).
  if (eq.sign_changes() == 1) {
    if (auto r = unique_root(eq)) return r;
  }
  return bracket(eq, kGuess);
}

}  // namespace sluice::metrics
