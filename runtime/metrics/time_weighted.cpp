#include "metrics/time_weighted.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "math/math.hpp"

namespace sluice::metrics {

std::optional<double> weighted_average_life_at(std::span<const double> times, std::span<const double> amounts) {
  double total = 0.0, weighted = 0.0;
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    total += amounts[i];
    weighted += times[i] * amounts[i];
  }
  if (!(total > 0.0)) return std::nullopt;
  return weighted / total;
}

double macaulay_duration_at(double annual_effective_yield, std::span<const double> times, std::span<const double> amounts) {
  double weighted = 0.0, present_value = 0.0;
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    const double t = times[i];
    if (!(t > 0.0)) continue;
    const double pv = amounts[i] / math::pow(1.0 + annual_effective_yield, t);
    weighted += t * pv;
    present_value += pv;
  }
  if (present_value == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return weighted / present_value;
}

double modified_duration_at(double nominal_yield, int compounding_per_year, std::span<const double> times, std::span<const double> amounts) {
  if (compounding_per_year <= 0) throw std::invalid_argument("modified_duration_at: compounding_per_year must be positive");
  const double per_period = 1.0 + nominal_yield / compounding_per_year;
  const double effective = math::pow(per_period, compounding_per_year) - 1.0;
  return macaulay_duration_at(effective, times, amounts) / per_period;
}

}  // namespace sluice::metrics
