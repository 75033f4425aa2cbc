#include "random/random.hpp"

#include "random/as241.hpp"

#include <Random123/philox.h>
#include <algorithm>
#include <cmath>

#include "math/math.hpp"

namespace sluice::rng {

std::uint32_t stream_key(std::string_view name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

std::array<std::uint32_t, 4> philox(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period) {
  r123::Philox4x32 gen;
  r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(scenario), static_cast<std::uint32_t>(scenario >> 32), stream, period}};
  r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  auto r = gen(ctr, key);
  return {r.v[0], r.v[1], r.v[2], r.v[3]};
}

double to_unit(std::uint32_t w0, std::uint32_t w1) {
  std::uint64_t bits = (static_cast<std::uint64_t>(w1) << 32 | w0) >> 11;  // 53 bits
  return (static_cast<double>(bits) + 0.5) * 0x1p-53;
}

double uniform(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period) {
  auto w = philox(seed, scenario, stream, period);
  return to_unit(w[0], w[1]);
}

double normal(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period) {
  return inverse_normal(uniform(seed, scenario, stream, period));
}

namespace {
// Horner with the coefficients from the constant term up.
double poly(const double (&c)[8], double x) {
  double v = c[7];
  for (int i = 6; i >= 0; --i) v = v * x + c[i];
  return v;
}
}  // namespace

// Wichura, "The Percentage Points of the Normal Distribution", Algorithm
// AS 241, Applied Statistics 37(3), 1988: three rational approximations.
double inverse_normal(double p) {
  using namespace as241;
  if (!(p > 0)) return -HUGE_VAL;
  if (!(p < 1)) return HUGE_VAL;
  double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    double r = 0.180625 - q * q;
    return q * poly(kA, r) / poly(kB, r);
  }
  double r = math::sqrt(-math::log(q < 0 ? p : 1 - p));
  double v = r <= 5 ? poly(kC, r - 1.6) / poly(kD, r - 1.6) : poly(kE, r - 5) / poly(kF, r - 5);
  return q < 0 ? -v : v;
}

double normal_cdf(double x) { return 0.5 * math::erfc(-x * 0.70710678118654752440); }

double poisson(double mean, double u) {
  if (!(mean > 0)) return 0;
  if (mean > 700) return std::max(0.0, std::floor(mean + math::sqrt(mean) * inverse_normal(u) + 0.5));
  double p = math::exp(-mean), cdf = p, k = 0;
  while (u > cdf && k < 100000) {
    k += 1;
    p *= mean / k;
    if (p == 0) break;  // the tail beyond double precision
    cdf += p;
  }
  return k;
}

}  // namespace sluice::rng
