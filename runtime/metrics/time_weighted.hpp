// Sluice runtime: time-weighted metrics at stated times.
//
// A term sheet states the basis its WAL is measured on (30/360 years from
// settlement, SIFMA's months/12 from the start, ACT/365F from the start);
// these take each flow's time already measured on that basis, so the basis
// is chosen once (exec/schedule.cpp) and every time-weighted metric
// agrees with it. With ACT/365F times from the start they give, bit for
// bit, weighted_average_life(start, ..., Act365Fixed) and
// macaulay_duration(y, start, ...) of cash_flow_metrics.hpp.
#pragma once

#include <optional>
#include <span>

namespace sluice::metrics {

// sum(t_i * a_i) / sum(a_i), summed in order; nullopt when the amounts do
// not sum to a positive total. `times` and `amounts` have equal lengths.
std::optional<double> weighted_average_life_at(std::span<const double> times, std::span<const double> amounts);

// Macaulay duration at an annual effective yield over the flows at t > 0:
// sum(t_i * PV_i) / sum(PV_i), PV_i = a_i / (1 + y)^t_i; NaN when there is
// no such flow or their present values sum to zero.
double macaulay_duration_at(double annual_effective_yield, std::span<const double> times, std::span<const double> amounts);

// Macaulay / (1 + y/f) at the equivalent annual effective yield
// (1 + y/f)^f - 1. Throws std::invalid_argument if f <= 0.
double modified_duration_at(double nominal_yield, int compounding_per_year, std::span<const double> times, std::span<const double> amounts);

}  // namespace sluice::metrics
