// sluice_math_bench: throughput of runtime/math's functions, scalar and
// vector forms, against glibc's libm on the same arguments (the accuracy
// test's sets, tests/math/arguments.cpp), in one run; `make bench` runs it
// after the engines' bench. Each row is the fastest of 7 passes over 65,536
// arguments (the best the machine does, least disturbed by other load);
// ratios are glibc's time over the row's.
#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <string>
#include <cmath>
#include <cstdio>
#include <vector>

#include <emmintrin.h>
#include <sleef.h>

#include "arguments.hpp"
#include "math/math.hpp"

using namespace sluice::math;

namespace {

std::uint64_t sink = 0;  // keeps every result live

template <class Pass>
double ns_per_value(Pass pass, const std::vector<double>& r) {
  double best = 1e300;
  for (int rep = 0; rep < 7; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    pass();
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(r.size()));
    for (double v : r) sink ^= std::bit_cast<std::uint64_t>(v);
  }
  return best;
}

void row(const char* f, const char* form, double ns, double base) {
  std::printf("%-10s %-15s %9.2f %9.2fx\n", f, form, ns, base / ns);
}

// One function's rows: G is glibc's, S the scalar form, V2 and V4 the vector
// forms, each called directly in the loop (no dispatch per value).
template <class G, class S, class V2, class V4>
void bench(const char* f, G g, S s, V2 v2, V4 v4, bool normal_results = false, const char* who = "math::") {
  const std::size_t n = 65536;
  test::Args a = test::arguments(normal_results ? "pow" : f, normal_results ? 4 * n : n);
  if (normal_results) {
    // pow at the accuracy test's arguments whose result is a normal number
    // (|y log x| < 700): the shapes deals use, (1 + r)^t and moderate
    // powers. Two fifths of the full set over- or underflow, where the
    // library's pow hands the lane to SLEEF's (pow_kernel.hpp).
    std::size_t kept = 0;
    for (std::size_t i = 0; i < a.x.size() && kept < n; ++i)
      if (std::fabs(a.y[i] * std::log(a.x[i])) < 700) a.x[kept] = a.x[i], a.y[kept] = a.y[i], ++kept;
    a.x.resize(kept);
    a.y.resize(kept);
  }
  std::vector<double> y = a.y.empty() ? std::vector<double>(n, 0.0) : a.y, r(n);
  const double* xp = a.x.data();
  const double* yp = y.data();
  double* rp = r.data();
  double base = ns_per_value([&] { for (std::size_t i = 0; i < n; ++i) rp[i] = g(xp[i], yp[i]); }, r);
  row(f, "glibc scalar", base, base);
  std::string form = who;
  row(f, (form + " scalar").c_str(), ns_per_value([&] { for (std::size_t i = 0; i < n; ++i) rp[i] = s(xp[i], yp[i]); }, r), base);
  row(f, (form + " x2 sse2").c_str(), ns_per_value([&] { for (std::size_t i = 0; i < n; i += 2) v2(xp + i, yp + i, rp + i); }, r), base);
  if (has_avx())
    row(f, (form + " x4 avx").c_str(), ns_per_value([&] { for (std::size_t i = 0; i < n; i += 4) v4(xp + i, yp + i, rp + i); }, r), base);
}

}  // namespace

#define UNARY(F)                                                          \
  bench(                                                                  \
      #F, [](double x, double) { return std::F(x); },                     \
      [](double x, double) { return sluice::math::F(x); },                \
      [](const double* x, const double*, double* r) { F##_x2(x, r); },    \
      [](const double* x, const double*, double* r) { F##_x4(x, r); })

// In a file of its own, built for AVX (math_bench_avx.cpp).
void sleef_pow4(const double* x, const double* y, double* r);

int main() {
  std::printf("%-10s %-15s %9s %10s\n", "fn", "form", "ns/value", "vs glibc");
  UNARY(exp);
  UNARY(log);
  auto glibc_pow = [](double x, double y) { return std::pow(x, y); };
  auto our_pow = [](double x, double y) { return sluice::math::pow(x, y); };
  // SLEEF's own deterministic pow, which the library's fast path replaces.
  auto sleef_pow1 = [](double x, double y) { return Sleef_cinz_powd1_u10purec(x, y); };
  auto sleef_pow2 = [](const double* x, const double* y, double* r) {
    _mm_storeu_pd(r, Sleef_cinz_powd2_u10sse2(_mm_loadu_pd(x), _mm_loadu_pd(y)));
  };
  bench("pow", glibc_pow, our_pow, pow_x2, pow_x4);
  bench("pow*", glibc_pow, our_pow, pow_x2, pow_x4, true);
  bench("pow*", glibc_pow, sleef_pow1, sleef_pow2, sleef_pow4, true, "SLEEF");
  UNARY(sqrt);
  UNARY(erfc);
  std::printf("pow*: the arguments with a normal result; SLEEF: its cinz pow, which the library replaces\n(checksum %016llx)\n", static_cast<unsigned long long>(sink));
  return 0;
}
