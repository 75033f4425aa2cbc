// Sluice runtime: cash-flow metrics (see cash_flow_metrics.hpp).
#include "metrics/cash_flow_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace sluice::metrics {

namespace {

// Roots are searched for in the open interval (kLowestRate, kHighestRate).
constexpr double kLowestRate = -0.9999;
constexpr double kHighestRate = 1e6;
constexpr double kGuess = 0.1;  // the spreadsheets' default guess
constexpr int kNewtonIterations = 100;
constexpr int kGridPoints = 1000;

// The rate-of-return equation sum_i a_i (1 + r)^(-t_i) = 0 over times t_i
// (in periods or years) and amounts a_i.
class RateEquation {
public:
    RateEquation(std::vector<double> times, std::vector<double> amounts)
        : t_(std::move(times)), a_(std::move(amounts)) {
        for (double t : t_) {
            t_min_ = std::min(t_min_, t);
            t_max_ = std::max(t_max_, t);
        }
    }

    bool changes_sign() const {
        bool positive = false, negative = false;
        for (double a : a_) {
            positive = positive || a > 0;
            negative = negative || a < 0;
        }
        return positive && negative;
    }

    // Sign changes of the amounts in time order, zeros skipped.
    int sign_changes() const {
        std::vector<std::size_t> order(t_.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return t_[x] < t_[y]; });
        int changes = 0, last = 0;
        for (std::size_t i : order) {
            int sign = a_[i] > 0 ? 1 : a_[i] < 0 ? -1 : 0;
            if (sign && last && sign != last) ++changes;
            if (sign) last = sign;
        }
        return changes;
    }

    // Value and derivative with respect to r.
    void evaluate(double r, double& value, double& slope) const {
        const double base = 1.0 + r;
        value = 0.0;
        slope = 0.0;
        for (std::size_t i = 0; i < t_.size(); ++i) {
            const double discounted = a_[i] * std::pow(base, -t_[i]);
            value += discounted;
            slope -= t_[i] * discounted / base;
        }
    }

    // The value times a positive factor (1 + r)^s, with s chosen so that no
    // term's factor exceeds 1: the sign is right even where the plain value
    // would overflow (rates near -1 or very large rates over long horizons).
    double scaled_value(double r) const {
        const double log_base = std::log1p(r);
        const double shift = log_base >= 0 ? t_min_ : t_max_;
        double sum = 0.0;
        for (std::size_t i = 0; i < t_.size(); ++i) sum += a_[i] * std::exp(-(t_[i] - shift) * log_base);
        return sum;
    }

private:
    std::vector<double> t_, a_;
    double t_min_ = std::numeric_limits<double>::infinity();
    double t_max_ = -std::numeric_limits<double>::infinity();
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
    double lo = std::log1p(kLowestRate), hi = std::log1p(kHighestRate);
    double value_lo = eq.scaled_value(kLowestRate), value_hi = eq.scaled_value(kHighestRate);
    // No sign change inside the domain: the root, if any, lies outside it.
    if (!std::isfinite(value_lo) || !std::isfinite(value_hi) || value_lo == 0 || value_hi == 0 || (value_lo < 0) == (value_hi < 0))
        return std::nullopt;
    for (int it = 0; it < 200 && hi - lo > 1e-6; ++it) {
        const double mid = 0.5 * (lo + hi);
        const double v = eq.scaled_value(std::expm1(mid));
        if (!std::isfinite(v)) return std::nullopt;
        if (v == 0) return std::expm1(mid);
        if ((v < 0) == (value_lo < 0)) lo = mid;
        else hi = mid;
    }
    double a = std::expm1(lo), b = std::expm1(hi), r = 0.5 * (a + b);
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
    const double log_lo = std::log1p(kLowestRate);
    const double log_hi = std::log1p(kHighestRate);
    std::optional<double> best;
    double best_distance = std::numeric_limits<double>::infinity();
    double prev_r = 0.0, prev_value = std::numeric_limits<double>::quiet_NaN();
    for (int k = 0; k <= kGridPoints; ++k) {
        double r = std::expm1(log_lo + (log_hi - log_lo) * k / kGridPoints);
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

std::optional<double> solve_rate(const RateEquation& eq) {
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

double years_act365(cal::Date from, cal::Date to) { return cal::days_between(from, to) / 365.0; }

}  // namespace

std::optional<double> xirr(std::span<const Flow> flows) {
    if (flows.empty()) return std::nullopt;
    std::vector<double> times, amounts;
    times.reserve(flows.size());
    amounts.reserve(flows.size());
    const cal::Date d0 = flows.front().date;
    for (const Flow& f : flows) {
        times.push_back(years_act365(d0, f.date));
        amounts.push_back(f.amount);
    }
    return solve_rate(RateEquation(std::move(times), std::move(amounts)));
}

std::optional<double> irr(std::span<const double> values) {
    std::vector<double> times(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) times[i] = static_cast<double>(i);
    return solve_rate(RateEquation(std::move(times), std::vector<double>(values.begin(), values.end())));
}

std::optional<double> irr_at(std::span<const double> periods, std::span<const double> values) {
    if (periods.size() != values.size()) return std::nullopt;
    return solve_rate(RateEquation(std::vector<double>(periods.begin(), periods.end()), std::vector<double>(values.begin(), values.end())));
}

double npv(double rate, std::span<const double> values) {
    double sum = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i)
        sum += values[i] / std::pow(1.0 + rate, static_cast<double>(i + 1));
    return sum;
}

double xnpv(double annual_rate, cal::Date valuation, std::span<const Flow> flows) {
    double sum = 0.0;
    for (const Flow& f : flows) sum += f.amount / std::pow(1.0 + annual_rate, years_act365(valuation, f.date));
    return sum;
}

std::optional<double> weighted_average_life(cal::Date start, std::span<const Flow> principal,
                                            cal::DayCount day_count) {
    double total = 0.0, weighted = 0.0;
    for (const Flow& f : principal) {
        total += f.amount;
        weighted += cal::year_fraction(day_count, start, f.date) * f.amount;
    }
    if (!(total > 0.0)) return std::nullopt;
    return weighted / total;
}

double macaulay_duration(double annual_effective_yield, cal::Date valuation, std::span<const Flow> flows) {
    double weighted = 0.0, present_value = 0.0;
    for (const Flow& f : flows) {
        if (!(valuation < f.date)) continue;
        const double t = years_act365(valuation, f.date);
        const double pv = f.amount / std::pow(1.0 + annual_effective_yield, t);
        weighted += t * pv;
        present_value += pv;
    }
    if (present_value == 0.0) return std::numeric_limits<double>::quiet_NaN();
    return weighted / present_value;
}

double modified_duration(double nominal_yield, int compounding_per_year, cal::Date valuation,
                         std::span<const Flow> flows) {
    if (compounding_per_year <= 0)
        throw std::invalid_argument("modified_duration: compounding_per_year must be positive");
    const double per_period = 1.0 + nominal_yield / compounding_per_year;
    const double effective = std::pow(per_period, compounding_per_year) - 1.0;
    return macaulay_duration(effective, valuation, flows) / per_period;
}

double nominal_from_effective(double r, int f) {
    if (f <= 0) throw std::invalid_argument("nominal_from_effective: frequency must be positive");
    return f * (std::pow(1.0 + r, 1.0 / f) - 1.0);
}

std::optional<double> spread_to_price(std::span<const double> a, std::span<const double> yf, double original) {
  // A lender who advances later (a facility's draws, a delayed-draw term
  // loan) has negative flows, and may have paid nothing at `start`: its
  // break-even is the spread at which the net flows are worth what it lent
  // at `start`. Flows that are never negative need a positive price.
  if (a.empty() || !(original >= 0)) return std::nullopt;
  bool lends_later = false;
  for (double x : a) {
    if (!std::isfinite(x)) return std::nullopt;
    lends_later = lends_later || x < 0;
  }
  if (!(original > 0) && !lends_later) return std::nullopt;
  auto pv = [&](double s) {
    double v = 0, d = 1;
    for (std::size_t t = 0; t < a.size(); ++t) {
      d /= 1 + s * yf[t];
      v += a[t] * d;
    }
    return v;
  };
  // PV falls as the spread rises; the lowest spread keeps every 1 + s yf > 0.
  double longest = *std::max_element(yf.begin(), yf.end());
  double lo = longest > 0 ? -0.999 / longest : -0.999, hi = 10;
  if (pv(lo) < original || pv(hi) > original) return std::nullopt;
  for (int i = 0; i < 200 && hi - lo > 1e-13; ++i) {
    double mid = 0.5 * (lo + hi);
    (pv(mid) > original ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace sluice::metrics
