// math_identity N: for every function, the two-lane form, the four-lane form
// (where the CPU has AVX) and the array form against the scalar form (log1p
// and expm1 have only the scalar form), and for the SLEEF functions SLEEF's
// pure-C scalar build of the same algorithm too (no SIMD at all: the bits do
// not depend on SSE2), bit for bit, at the N arguments per function the accuracy test uses and at the
// special values, each set also shifted by one so every value passes through
// every lane. Exits 1 at the first difference, naming it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <sleef.h>

#include "arguments.hpp"
#include "math/math.hpp"

using namespace sluice::math;
using namespace sluice::math::test;

namespace {

using Unary = void (*)(const double*, double*);
using Binary = void (*)(const double*, const double*, double*);

struct Forms {
  Unary x2 = nullptr, x4 = nullptr;
  Binary p2 = nullptr, p4 = nullptr;
};

Forms forms(const std::string& f) {
  if (f == "exp") return {exp_x2, exp_x4};
  if (f == "log") return {log_x2, log_x4};
  if (f == "sqrt") return {sqrt_x2, sqrt_x4};
  if (f == "erfc") return {erfc_x2, erfc_x4};
  if (f == "pow") return {nullptr, nullptr, pow_x2, pow_x4};
  return {};  // scalar only
}

// SLEEF's pure-C scalar exp, log, erfc, log1p and expm1, canonical NaN as
// the library's; log1p with the library's own answers at its two ends
// (runtime/math/math.cpp), where SLEEF's are wrong in every form.
double purec(const std::string& f, double x) {
  if (f == "log1p" && ((x > -0x1p-60 && x < 0x1p-60) || x > 0x1p1000)) return log1p(x);
  double r = f == "exp"     ? Sleef_cinz_expd1_u10purec(x)
             : f == "log"   ? Sleef_cinz_logd1_u10purec(x)
             : f == "log1p" ? Sleef_cinz_log1pd1_u10purec(x)
             : f == "expm1" ? Sleef_cinz_expm1d1_u10purec(x)
                            : Sleef_cinz_erfcd1_u15purec(x);
  return r != r ? std::numeric_limits<double>::quiet_NaN() : r;
}

void array_form(const std::string& f, const std::vector<double>& x, const std::vector<double>& y, std::vector<double>& r) {
  if (f == "exp") exp_n(x.data(), r.data(), x.size());
  else if (f == "log") log_n(x.data(), r.data(), x.size());
  else if (f == "sqrt") sqrt_n(x.data(), r.data(), x.size());
  else if (f == "erfc") erfc_n(x.data(), r.data(), x.size());
  else pow_n(x.data(), y.data(), r.data(), x.size());
}

// The vector form of the given width over x (and y), in groups from offset.
void vector_form(const Forms& v, int width, std::size_t offset, const std::vector<double>& x,
                 const std::vector<double>& y, std::vector<double>& r) {
  for (std::size_t i = offset; i + width <= x.size(); i += width) {
    if (v.x2) (width == 2 ? v.x2 : v.x4)(x.data() + i, r.data() + i);
    else (width == 2 ? v.p2 : v.p4)(x.data() + i, y.data() + i, r.data() + i);
  }
}

int compare(const std::string& f, const char* form, std::size_t from, std::size_t to, const std::vector<double>& x,
            const std::vector<double>& y, const std::vector<double>& want, const std::vector<double>& got) {
  for (std::size_t i = from; i < to; ++i)
    if (std::memcmp(&want[i], &got[i], sizeof(double)) != 0) {
      std::printf("FAIL %s %s at x=%a y=%a: scalar %a, vector %a\n", f.c_str(), form, x[i], y[i], want[i], got[i]);
      return 1;
    }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  int failures = 0;
  std::printf("four-lane forms (AVX): %s\n", has_avx() ? "checked" : "not on this CPU");
  for (const char* name : kFunctions) {
    std::string f = name;
    int before = failures;
    Args a = arguments(f, n);
    std::vector<double> x = a.x, y = a.y;
    for (const Special& s : specials(f)) {
      // Each special value between ordinary ones, so lanes mix them.
      x.insert(x.begin() + static_cast<std::ptrdiff_t>(x.size() / 2), s.x);
      if (!y.empty()) y.insert(y.begin() + static_cast<std::ptrdiff_t>(y.size() / 2), s.y);
    }
    if (y.empty()) y.assign(x.size(), 0.0);
    std::vector<double> want(x.size()), got(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) want[i] = scalar(f, x[i], y[i]);
    Forms v = forms(f);
    const bool lanes = v.x2 || v.p2;
    for (int width : {2, 4}) {
      if (!lanes || (width == 4 && !has_avx())) continue;
      for (std::size_t offset = 0; offset < 2; ++offset) {
        vector_form(v, width, offset, x, y, got);
        std::size_t whole = offset + (x.size() - offset) / width * width;
        failures += compare(f, width == 2 ? "x2" : "x4", offset, whole, x, y, want, got);
      }
    }
    if (lanes) {
      array_form(f, x, y, got);
      failures += compare(f, "array", 0, x.size(), x, y, want, got);
    }
    // pow is the library's own outside its special cases (pow_kernel.hpp),
    // and sqrt the IEEE operation (SLEEF's pure-C sqrt is software, within
    // 0.5001 ulp): SLEEF's pure-C forms are no reference for them.
    bool pure = f != "pow" && f != "sqrt";
    if (pure) {
      for (std::size_t i = 0; i < x.size(); ++i) got[i] = purec(f, x[i]);
      failures += compare(f, "pure C", 0, x.size(), x, y, want, got);
    }
    std::printf("%s: %zu arguments, scalar%s%s%s%s: %s\n", f.c_str(), x.size(), lanes ? " = x2" : "", lanes && has_avx() ? " = x4" : "",
                lanes ? " = array" : "", pure ? " = pure C" : "", failures == before ? "yes" : "NO");
  }
  return failures ? 1 : 0;
}
