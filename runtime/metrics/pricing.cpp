// Sluice runtime: price, yield, spread and z-spread (see pricing.hpp).
#include "metrics/pricing.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "math/math.hpp"
#include "metrics/cash_flow_metrics.hpp"

namespace sluice::metrics {

double pv_at_spread(std::span<const double> a, std::span<const double> yf, double s) {
  double v = 0, d = 1;
  for (std::size_t t = 0; t < a.size(); ++t) {
    d /= 1 + s * yf[t];
    v += a[t] * d;
  }
  return v;
}

std::optional<double> yield_from_price(std::span<const double> periods, std::span<const double> flows, double price, int per_year) {
  if (!(price > 0) || per_year <= 0 || periods.size() != flows.size()) return std::nullopt;
  // The per-period IRR of paying the price at 0 and receiving the flows:
  // the base case's own yield is this at the original balance.
  std::vector<double> when{0.0}, cash{-price};
  when.insert(when.end(), periods.begin(), periods.end());
  cash.insert(cash.end(), flows.begin(), flows.end());
  auto r = irr_at(when, cash);
  if (!r || !(*r > -1)) return std::nullopt;
  return *r * per_year;
}

double price_at_yield(std::span<const double> periods, std::span<const double> flows, double y, int per_year) {
  double v = 0;
  for (std::size_t t = 0; t < flows.size(); ++t) v += flows[t] * math::pow(1 + y / per_year, -periods[t]);
  return v;
}

double pv_at_zspread(std::span<const double> flows, std::span<const double> years, std::span<const double> z, int f, double s) {
  double v = 0;
  for (std::size_t t = 0; t < flows.size(); ++t) v += flows[t] * math::pow(1 + (z[t] + s) / f, -f * years[t]);
  return v;
}

std::optional<double> zspread(std::span<const double> flows, std::span<const double> years, std::span<const double> z, int f,
                              double price) {
  if (!(price > 0) || f <= 0 || flows.empty() || flows.size() != years.size() || flows.size() != z.size()) return std::nullopt;
  bool any = false;
  for (std::size_t t = 0; t < flows.size(); ++t) {
    if (!std::isfinite(flows[t]) || flows[t] < 0 || !std::isfinite(z[t]) || !std::isfinite(years[t])) return std::nullopt;
    any = any || (flows[t] > 0 && years[t] > 0);
  }
  if (!any) return std::nullopt;
  // The value falls as s rises; the lowest s keeps every base 1 + (z + s)/f
  // above zero (at 0.1% of a period's rate from it), the lowest zero rate's
  // too: a base below zero raised to a power that is not whole is NaN.
  const double zmin = *std::min_element(z.begin(), z.end());
  double lo = -0.999 * f - zmin, hi = 10;
  auto pv = [&](double s) { return pv_at_zspread(flows, years, z, f, s); };
  if (!(pv(lo) >= price) || pv(hi) > price) return std::nullopt;
  for (int i = 0; i < 400 && hi - lo > 1e-13; ++i) {
    double mid = 0.5 * (lo + hi);
    (pv(mid) > price ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace sluice::metrics
