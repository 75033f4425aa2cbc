// sluice_math_bench: throughput of runtime/math's functions, scalar and
// vector forms, against glibc's libm on the same arguments (the accuracy
// test's sets, tests/math/arguments.cpp), in one run; `make bench` runs it
// after the engines' bench. Each row is the fastest of 7 passes over 65,536
// arguments (the best the machine does, least disturbed by other load);
// ratios are glibc's time over the row's.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "math/math.hpp"

using namespace sluice::math;

namespace {

double sink = 0;  // keeps every result live

double ns_per_value(const std::function<void()>& pass, std::size_t n, const std::vector<double>& r) {
  double best = 1e300;
  for (int rep = 0; rep < 7; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    pass();
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(n));
    for (double v : r) sink += v;
  }
  return best;
}

double glibc(const std::string& f, double x, double y) {
  if (f == "exp") return std::exp(x);
  if (f == "log") return std::log(x);
  if (f == "pow") return std::pow(x, y);
  if (f == "sqrt") return std::sqrt(x);
  return std::erfc(x);
}

}  // namespace

int main() {
  const std::size_t n = 65536;
  std::printf("%-5s %-14s %10s %10s\n", "fn", "form", "ns/value", "vs glibc");
  for (const char* name : test::kFunctions) {
    std::string f = name;
    test::Args a = test::arguments(f, n);
    std::vector<double> y = a.y.empty() ? std::vector<double>(n, 0.0) : a.y, r(n);
    const double* xp = a.x.data();
    const double* yp = y.data();
    double* rp = r.data();
    bool binary = f == "pow";
    double base = ns_per_value([&] { for (std::size_t i = 0; i < n; ++i) rp[i] = glibc(f, xp[i], yp[i]); }, n, r);
    std::printf("%-5s %-14s %10.2f %9.2fx\n", f.c_str(), "glibc scalar", base, 1.0);
    double scalar = ns_per_value([&] { for (std::size_t i = 0; i < n; ++i) rp[i] = test::scalar(f, xp[i], yp[i]); }, n, r);
    std::printf("%-5s %-14s %10.2f %9.2fx\n", f.c_str(), "sluice scalar", scalar, base / scalar);
    auto x2 = f == "exp" ? exp_x2 : f == "log" ? log_x2 : f == "sqrt" ? sqrt_x2 : erfc_x2;
    auto x4 = f == "exp" ? exp_x4 : f == "log" ? log_x4 : f == "sqrt" ? sqrt_x4 : erfc_x4;
    double v2 = ns_per_value([&] {
      for (std::size_t i = 0; i < n; i += 2) binary ? pow_x2(xp + i, yp + i, rp + i) : x2(xp + i, rp + i);
    }, n, r);
    std::printf("%-5s %-14s %10.2f %9.2fx\n", f.c_str(), "sluice x2 sse2", v2, base / v2);
    if (has_avx()) {
      double v4 = ns_per_value([&] {
        for (std::size_t i = 0; i < n; i += 4) binary ? pow_x4(xp + i, yp + i, rp + i) : x4(xp + i, rp + i);
      }, n, r);
      std::printf("%-5s %-14s %10.2f %9.2fx\n", f.c_str(), "sluice x4 avx", v4, base / v4);
    }
  }
  std::printf("(checksum %g)\n", sink);
  return 0;
}
