#include "arguments.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "math/math.hpp"

namespace sluice::math::test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kMinSub = std::numeric_limits<double>::denorm_min();
constexpr double kMinNormal = std::numeric_limits<double>::min();
constexpr double kMax = std::numeric_limits<double>::max();

// splitmix64: a fixed, portable sequence (std::uniform_real_distribution is
// not the same on every standard library).
struct Draw {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }  // [0, 1)
  double uniform(double a, double b) { return a + (b - a) * unit(); }
  // Log-uniform on [a, b], a > 0: every binade as likely as another.
  double log_uniform(double a, double b) { return std::exp2(uniform(std::log2(a), std::log2(b))); }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

double draw_exp(Draw& d) {
  switch (d.below(10)) {
    case 0: return d.uniform(-745.2, -708.0);                                      // subnormal and tiny results
    case 1: case 2: return (d.below(2) ? 1 : -1) * d.log_uniform(1e-12, 1.0);     // rates times year fractions
    default: return d.uniform(-745.2, 709.78);
  }
}

double draw_log(Draw& d) {
  switch (d.below(4)) {
    case 0: return d.log_uniform(kMinSub, kMinNormal);  // subnormal arguments
    case 1: return d.uniform(0.0, 2.0) + kMinSub;     // probabilities and growth factors
    case 2: return 1.0 + (d.below(2) ? 1 : -1) * d.log_uniform(1e-16, 1e-2);  // near 1
    default: return d.log_uniform(kMinNormal, 1e308);
  }
}

// (1+r)^t with r a rate and t a time in years, months or days.
void draw_growth(Draw& d, double& x, double& y) {
  double r = d.below(2) ? d.uniform(-0.99, 1.0) : (d.below(2) ? 1 : -1) * d.log_uniform(1e-8, 0.5);
  x = 1.0 + r;
  switch (d.below(4)) {
    case 0: y = static_cast<double>(static_cast<int>(d.below(961)) - 480) / 12.0; break;
    case 1: y = static_cast<double>(static_cast<int>(d.below(14601)) - 7300) / 365.0; break;
    case 2: y = static_cast<double>(static_cast<int>(d.below(14401)) - 7200) / 360.0; break;
    default: y = d.uniform(-40.0, 40.0);
  }
}

void draw_pow(Draw& d, double& x, double& y) {
  switch (d.below(10)) {
    case 0: case 1: draw_growth(d, x, y); return;
    case 2:
      // Bases near 1 under large exponents, |y log x| up to 705: where
      // log x must be accurate relative to itself (pow_kernel.hpp's hardest
      // case; not a deal's shape, but inside the fast path's domain).
      x = 1.0 + (d.below(2) ? 1 : -1) * d.log_uniform(0x1p-52, 0x1p-6);
      y = d.uniform(-705.0, 705.0) / std::log(x);
      return;
    case 3: x = d.uniform(0.0, 1e6) + kMinSub; y = static_cast<double>(static_cast<int>(d.below(101)) - 50); return;
    case 4: case 5: x = d.uniform(0.0, 1e6) + kMinSub; y = d.uniform(-50.0, 50.0); return;
    case 9:
      // Any positive normal base, the exponent making |y log x| up to 705:
      // the whole domain of the library's own path (pow_kernel.hpp).
      x = d.log_uniform(kMinNormal, kMax);
      y = d.uniform(-705.0, 705.0) / std::log(x);
      return;
    default: x = d.log_uniform(kMinSub, 1e6); y = d.uniform(-50.0, 50.0); return;
  }
}

// log1p(r) for the rate solvers (runtime/metrics): rates over their
// domain (-0.9999, 1e6) and near 0, where log1p earns its keep; then the
// whole range, the tails just above -1 and past 2^1000 included.
double draw_log1p(Draw& d) {
  switch (d.below(10)) {
    case 0: case 1: case 2: return d.uniform(-0.9999, 1.0);                           // rates
    case 3: case 4: return (d.below(2) ? 1 : -1) * d.log_uniform(0x1p-70, 1.0);       // near 0
    case 5: return d.log_uniform(1.0, 1e6);                                            // large rates
    case 6: return -1.0 + d.log_uniform(0x1p-53, 1.0);                                 // near -1
    case 7: return (d.below(2) ? 1 : -1) * d.log_uniform(kMinSub, 0x1p-70);           // tiny and subnormal
    default: return d.log_uniform(1.0, kMax);
  }
}

// expm1(u) for u = log(1 + r): the rate solvers' bracket (log1p(-0.9999)
// to log1p(1e6)) and near 0; then the whole range, the tail towards -1 and
// the overflow threshold included.
double draw_expm1(Draw& d) {
  switch (d.below(10)) {
    case 0: case 1: case 2: case 3: return d.uniform(-9.2104, 13.8156);                // log-rates
    case 4: case 5: return (d.below(2) ? 1 : -1) * d.log_uniform(0x1p-70, 1.0);       // near 0
    case 6: return (d.below(2) ? 1 : -1) * d.log_uniform(kMinSub, 0x1p-70);           // tiny and subnormal
    case 7: return d.uniform(-60.0, -20.0);                                            // results near -1
    default: return d.uniform(-745.2, 709.78);
  }
}

double draw_sqrt(Draw& d) { return d.below(4) == 0 ? d.log_uniform(kMinSub, kMinNormal) : d.log_uniform(kMinNormal, kMax); }

// erfc(-z / sqrt 2) for the normal CDF: z up to 40 either side. Only up to
// 26 (results above 1e-296): nearer erfc's underflow at 27.3, where results
// approach the subnormals, SLEEF's erfc was measured at up to 1.82 ulp
// (docs/architecture.md, "Math"), past its 1.5-ulp bound.
double draw_erfc(Draw& d) { return d.below(4) == 0 ? d.uniform(-28.3, 26.0) : d.uniform(-6.0, 26.0); }

std::uint64_t seed_of(const std::string& f) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : f) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

}  // namespace

const char* const kFunctions[7] = {"exp", "log", "pow", "sqrt", "erfc", "log1p", "expm1"};

Args arguments(const std::string& f, std::size_t n) {
  Draw d{seed_of(f)};
  Args a;
  a.x.resize(n);
  if (f == "pow") a.y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (f == "exp") a.x[i] = draw_exp(d);
    else if (f == "log") a.x[i] = draw_log(d);
    else if (f == "pow") draw_pow(d, a.x[i], a.y[i]);
    else if (f == "sqrt") a.x[i] = draw_sqrt(d);
    else if (f == "erfc") a.x[i] = draw_erfc(d);
    else if (f == "log1p") a.x[i] = draw_log1p(d);
    else if (f == "expm1") a.x[i] = draw_expm1(d);
    else throw std::invalid_argument("unknown function " + f);
  }
  return a;
}

std::vector<Special> specials(const std::string& f) {
  if (f == "exp")
    return {{0.0, 0, 1.0}, {-0.0, 0, 1.0}, {kInf, 0, kInf}, {-kInf, 0, 0.0}, {kNan, 0, kNan},
            {710.0, 0, kInf}, {1e308, 0, kInf}, {-746.0, 0, 0.0}, {-1e308, 0, 0.0},
            {kMinSub, 0, 1.0}, {-kMinSub, 0, 1.0}};
  if (f == "log")
    return {{0.0, 0, -kInf}, {-0.0, 0, -kInf}, {1.0, 0, 0.0}, {-1.0, 0, kNan}, {-kMinSub, 0, kNan},
            {kInf, 0, kInf}, {-kInf, 0, kNan}, {kNan, 0, kNan}};
  if (f == "sqrt")
    return {{0.0, 0, 0.0}, {-0.0, 0, -0.0}, {-1.0, 0, kNan}, {kInf, 0, kInf}, {-kInf, 0, kNan},
            {kNan, 0, kNan}, {4.0, 0, 2.0}, {kMinSub, 0, 0x1p-537}};
  if (f == "erfc")
    return {{0.0, 0, 1.0}, {-0.0, 0, 1.0}, {kInf, 0, 0.0}, {-kInf, 0, 2.0}, {kNan, 0, kNan},
            {30.0, 0, 0.0}, {-30.0, 0, 2.0}, {kMinSub, 0, 1.0}};
  if (f == "log1p")
    return {{0.0, 0, 0.0}, {-0.0, 0, -0.0}, {-1.0, 0, -kInf}, {-1.5, 0, kNan}, {-kInf, 0, kNan},
            {kInf, 0, kInf}, {kNan, 0, kNan}, {kMinSub, 0, kMinSub}, {-kMinSub, 0, -kMinSub}};
  if (f == "expm1")
    return {{0.0, 0, 0.0}, {-0.0, 0, -0.0}, {kInf, 0, kInf}, {-kInf, 0, -1.0}, {kNan, 0, kNan},
            {710.0, 0, kInf}, {-800.0, 0, -1.0}, {kMinSub, 0, kMinSub}, {-kMinSub, 0, -kMinSub}};
  if (f == "pow")
    return {
        // pow(x, +-0) is 1 for any x, NaN included; pow(+1, y) is 1 for any y.
        {kNan, 0.0, 1.0}, {kNan, -0.0, 1.0}, {-kInf, 0.0, 1.0}, {0.0, 0.0, 1.0}, {-3.0, -0.0, 1.0},
        {1.0, kNan, 1.0}, {1.0, kInf, 1.0}, {1.0, -kInf, 1.0}, {1.0, -7.5, 1.0},
        // Zero bases: the sign survives odd integer exponents only.
        {0.0, -3.0, kInf}, {-0.0, -3.0, -kInf}, {0.0, -2.0, kInf}, {-0.0, -2.0, kInf},
        {-0.0, -0.5, kInf}, {0.0, -kInf, kInf}, {-0.0, -kInf, kInf},
        {0.0, 3.0, 0.0}, {-0.0, 3.0, -0.0}, {-0.0, 2.0, 0.0}, {-0.0, 0.5, 0.0}, {-0.0, kInf, 0.0},
        // Negative bases: integer exponents only.
        {-2.0, 3.0, -8.0}, {-2.0, -3.0, -0.125}, {-2.0, 2.0, 4.0}, {-2.0, 0.5, kNan}, {-1.0, kInf, 1.0},
        {-1.0, -kInf, 1.0}, {-1.0, 1e300, 1.0}, {-1.5, 1e300, kInf},
        // Infinite exponents.
        {0.5, -kInf, kInf}, {2.0, -kInf, 0.0}, {0.5, kInf, 0.0}, {2.0, kInf, kInf}, {-0.5, kInf, 0.0},
        // Infinite bases.
        {-kInf, -3.0, -0.0}, {-kInf, -2.0, 0.0}, {-kInf, -0.5, 0.0}, {-kInf, 3.0, -kInf}, {-kInf, 2.0, kInf},
        {-kInf, 0.5, kInf}, {kInf, -1.0, 0.0}, {kInf, 0.5, kInf},
        // NaN otherwise; overflow and underflow.
        {kNan, 1.0, kNan}, {2.0, kNan, kNan}, {-1.0, kNan, kNan}, {10.0, 400.0, kInf}, {10.0, -400.0, 0.0},
        {-10.0, 401.0, -kInf}, {-10.0, -401.0, -0.0}, {kMinSub, 1.0, kMinSub}};
  throw std::invalid_argument("unknown function " + f);
}

double scalar(const std::string& f, double x, double y) {
  if (f == "exp") return math::exp(x);
  if (f == "log") return math::log(x);
  if (f == "pow") return math::pow(x, y);
  if (f == "sqrt") return math::sqrt(x);
  if (f == "erfc") return math::erfc(x);
  if (f == "log1p") return math::log1p(x);
  if (f == "expm1") return math::expm1(x);
  throw std::invalid_argument("unknown function " + f);
}

}  // namespace sluice::math::test
