// math_accuracy FUNCTION N: the scalar form of FUNCTION (runtime/math) at N
// arguments over the ranges deals use (arguments.cpp), each against MPFR at
// 160 bits, the error in units in the last place of the exact result; and
// the special values of C99 Annex F, bit for bit. Exits 1 if an error passes
// the function's bound (1 ulp; sqrt 0.5; erfc 1.5, SLEEF's own bound) or a
// special value differs. The vector forms give the same bits
// (math_identity), so this holds for them too.
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "arguments.hpp"

using namespace sluice::math::test;

namespace {

constexpr mpfr_prec_t kPrec = 160;

void exact(const std::string& f, double x, double y, mpfr_t r) {
  mpfr_t a, b;
  mpfr_inits2(kPrec, a, b, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_d(a, x, MPFR_RNDN);
  mpfr_set_d(b, y, MPFR_RNDN);
  if (f == "exp") mpfr_exp(r, a, MPFR_RNDN);
  else if (f == "log") mpfr_log(r, a, MPFR_RNDN);
  else if (f == "pow") mpfr_pow(r, a, b, MPFR_RNDN);
  else if (f == "sqrt") mpfr_sqrt(r, a, MPFR_RNDN);
  else if (f == "log1p") mpfr_log1p(r, a, MPFR_RNDN);
  else if (f == "expm1") mpfr_expm1(r, a, MPFR_RNDN);
  else mpfr_erfc(r, a, MPFR_RNDN);
  mpfr_clears(a, b, static_cast<mpfr_ptr>(nullptr));
}

// |got - exact| / ulp(exact), the ulp of the binade holding the exact value
// (2^-1074 below the normal range). An infinite result counts as 2^1024, so
// overflowing exactly past the largest double costs at most what rounding
// does, and an exact value at or beyond 2^1024 makes infinity exact.
double ulp_error(double got, mpfr_t ex) {
  if (mpfr_nan_p(ex)) return std::isnan(got) ? 0 : INFINITY;
  if (std::isnan(got)) return INFINITY;
  mpfr_t g, d;
  mpfr_inits2(kPrec + 1100, g, d, static_cast<mpfr_ptr>(nullptr));
  if (std::isinf(got)) {
    if (mpfr_inf_p(ex) && (mpfr_sgn(ex) > 0) == (got > 0)) return mpfr_clears(g, d, static_cast<mpfr_ptr>(nullptr)), 0;
    mpfr_set_si_2exp(g, got > 0 ? 1 : -1, 1024, MPFR_RNDN);
    if (mpfr_cmpabs(ex, g) >= 0 && mpfr_sgn(ex) == mpfr_sgn(g)) return mpfr_clears(g, d, static_cast<mpfr_ptr>(nullptr)), 0;
  } else {
    mpfr_set_d(g, got, MPFR_RNDN);
  }
  if (mpfr_inf_p(ex)) return mpfr_clears(g, d, static_cast<mpfr_ptr>(nullptr)), INFINITY;
  long e = mpfr_zero_p(ex) ? -2000 : mpfr_get_exp(ex);  // |ex| in [2^(e-1), 2^e)
  long ulp_exp = std::max(e - 53, -1074L);
  mpfr_sub(d, g, ex, MPFR_RNDN);
  mpfr_abs(d, d, MPFR_RNDN);
  mpfr_div_2si(d, d, ulp_exp, MPFR_RNDN);
  double err = mpfr_get_d(d, MPFR_RNDU);
  mpfr_clears(g, d, static_cast<mpfr_ptr>(nullptr));
  return err;
}

bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) {  // the library's NaN is the canonical one
    std::uint64_t u;
    std::memcpy(&u, &a, sizeof u);
    return u == 0x7ff8000000000000ULL;
  }
  return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: math_accuracy exp|log|pow|sqrt|erfc|log1p|expm1 N\n");
    return 2;
  }
  std::string f = argv[1];
  std::size_t n = std::strtoull(argv[2], nullptr, 10);
  double bound = f == "sqrt" ? 0.5 : f == "erfc" ? 1.5 : 1.0;
  Args a = arguments(f, n);
  mpfr_t ex;
  mpfr_init2(ex, kPrec);
  double worst = 0, sum = 0, worst_fast = 0;
  std::size_t worst_i = 0, over_half = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double y = a.y.empty() ? 0 : a.y[i];
    double got = scalar(f, a.x[i], y);
    exact(f, a.x[i], y, ex);
    double err = ulp_error(got, ex);
    sum += err;
    over_half += err > 0.5;
    if (!(err <= worst)) worst = err, worst_i = i;
    // pow's own fast path (runtime/math/pow_kernel.hpp), roughly: a positive
    // normal base and a normal result; elsewhere SLEEF's pow answers.
    if (f == "pow" && a.x[i] >= 0x1p-1022 && std::fabs(y * std::log(a.x[i])) < 707.9) worst_fast = std::fmax(worst_fast, err);
  }
  mpfr_clear(ex);
  double wy = a.y.empty() ? 0 : a.y[worst_i];
  std::printf("%s: %zu arguments, max error %.4f ulp at x=%a%s", f.c_str(), n, worst, a.x[worst_i], a.y.empty() ? "" : " y=");
  if (!a.y.empty()) std::printf("%a", wy);
  std::printf(" (%.17g), mean %.4f ulp, %zu over 0.5 ulp; bound %.1f ulp\n", scalar(f, a.x[worst_i], wy), sum / n, over_half, bound);
  if (f == "pow") std::printf("pow: max error %.4f ulp where the base is normal and |y log x| < 707.9 (the library's own path)\n", worst_fast);
  int failures = worst <= bound ? 0 : 1;
  for (const Special& s : specials(f)) {
    double got = scalar(f, s.x, s.y);
    if (!same_bits(got, s.expected)) {
      std::printf("FAIL special: %s(%a, %a) = %a, expected %a\n", f.c_str(), s.x, s.y, got, s.expected);
      failures++;
    }
  }
  std::printf("%s: %zu special values checked\n", f.c_str(), specials(f).size());
  return failures ? 1 : 0;
}
