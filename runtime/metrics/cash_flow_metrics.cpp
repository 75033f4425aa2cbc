// Sluice runtime: cash-flow metrics (see cash_flow_metrics.hpp). Powers are
// runtime/math's (the same bits on every machine and C library); the rate
// solver is rate_solver.cpp.
#include "metrics/cash_flow_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <vector>

#include "math/math.hpp"
#include "metrics/rate_solver.hpp"

namespace sluice::metrics {

namespace {

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
    return solve_rate(times, amounts);
}

std::optional<double> irr(std::span<const double> values) {
    std::vector<double> times(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) times[i] = static_cast<double>(i);
    return solve_rate(times, values);
}

std::optional<double> irr_at(std::span<const double> periods, std::span<const double> values) {
    if (periods.size() != values.size()) return std::nullopt;
    return solve_rate(periods, values);
}

double npv(double rate, std::span<const double> values) {
    double sum = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i)
        sum += values[i] / math::pow(1.0 + rate, static_cast<double>(i + 1));
    return sum;
}

double xnpv(double annual_rate, cal::Date valuation, std::span<const Flow> flows) {
    double sum = 0.0;
    for (const Flow& f : flows) sum += f.amount / math::pow(1.0 + annual_rate, years_act365(valuation, f.date));
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
        const double pv = f.amount / math::pow(1.0 + annual_effective_yield, t);
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
    const double effective = math::pow(per_period, compounding_per_year) - 1.0;
    return macaulay_duration(effective, valuation, flows) / per_period;
}

double nominal_from_effective(double r, int f) {
    if (f <= 0) throw std::invalid_argument("nominal_from_effective: frequency must be positive");
    return f * (math::pow(1.0 + r, 1.0 / f) - 1.0);
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
