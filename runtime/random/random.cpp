#include "random/random.hpp"

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
  static const double a[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
                              1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                              3.3430575583588128105e+4, 2.5090809287301226727e+3};
  static const double b[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                              2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
                              5.2264952788528545610e+3};
  static const double c[8] = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                              3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                              2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static const double d[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                              1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
                              1.05075007164441684324e-9};
  static const double e[8] = {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
                              2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                              2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static const double f[8] = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                              7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
                              2.04426310338993978564e-15};
  if (!(p > 0)) return -HUGE_VAL;
  if (!(p < 1)) return HUGE_VAL;
  double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    double r = 0.180625 - q * q;
    return q * poly(a, r) / poly(b, r);
  }
  double r = math::sqrt(-math::log(q < 0 ? p : 1 - p));
  double v = r <= 5 ? poly(c, r - 1.6) / poly(d, r - 1.6) : poly(e, r - 5) / poly(f, r - 5);
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
