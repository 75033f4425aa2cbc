// The scalar and two-lane forms, and the dispatch for arrays. Every form is a
// thin wrapper on one SLEEF "cinz" function of the same algorithm (math.hpp);
// what this file adds is the canonical NaN and the choice of width.
#include "math/math.hpp"

#include <emmintrin.h>
#include <sleef.h>

#include <cstdint>
#include <cstring>

#include "math/math_avx.hpp"

namespace sluice::math {
namespace {

// The canonical quiet NaN: x86's default NaN has its sign set, a C library's
// nan("") has it clear; one choice, whatever produced the NaN.
constexpr std::uint64_t kNanBits = 0x7ff8000000000000ULL;

double canonical(double r) {
  if (r != r) std::memcpy(&r, &kNanBits, sizeof r);
  return r;
}

__m128d canonical2(__m128d r) {
  __m128d nan = _mm_castsi128_pd(_mm_set1_epi64x(static_cast<long long>(kNanBits)));
  __m128d is_nan = _mm_cmpunord_pd(r, r);
  return _mm_or_pd(_mm_and_pd(is_nan, nan), _mm_andnot_pd(is_nan, r));
}

bool detect_avx() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx");
}

const bool kHasAvx = detect_avx();

}  // namespace

double exp(double x) { return canonical(Sleef_cinz_expd1_u10purec(x)); }
double log(double x) { return canonical(Sleef_cinz_logd1_u10purec(x)); }
double pow(double x, double y) { return canonical(Sleef_cinz_powd1_u10purec(x, y)); }
double sqrt(double x) { return canonical(_mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(x)))); }
double erfc(double x) { return canonical(Sleef_cinz_erfcd1_u15purec(x)); }

void exp_x2(const double* x, double* r) { _mm_storeu_pd(r, canonical2(Sleef_cinz_expd2_u10sse2(_mm_loadu_pd(x)))); }
void log_x2(const double* x, double* r) { _mm_storeu_pd(r, canonical2(Sleef_cinz_logd2_u10sse2(_mm_loadu_pd(x)))); }
void pow_x2(const double* x, const double* y, double* r) {
  _mm_storeu_pd(r, canonical2(Sleef_cinz_powd2_u10sse2(_mm_loadu_pd(x), _mm_loadu_pd(y))));
}
void sqrt_x2(const double* x, double* r) { _mm_storeu_pd(r, canonical2(_mm_sqrt_pd(_mm_loadu_pd(x)))); }
void erfc_x2(const double* x, double* r) { _mm_storeu_pd(r, canonical2(Sleef_cinz_erfcd2_u15sse2(_mm_loadu_pd(x)))); }

bool has_avx() { return kHasAvx; }
void exp_x4(const double* x, double* r) { avx::exp4(x, r); }
void log_x4(const double* x, double* r) { avx::log4(x, r); }
void pow_x4(const double* x, const double* y, double* r) { avx::pow4(x, y, r); }
void sqrt_x4(const double* x, double* r) { avx::sqrt4(x, r); }
void erfc_x4(const double* x, double* r) { avx::erfc4(x, r); }

namespace {

// The widest form over whole groups, the scalar form for what is left: the
// bits do not depend on n or on where a value falls.
template <class X4, class X2, class X1>
void unary_n(const double* x, double* r, std::size_t n, X4 x4, X2 x2, X1 x1) {
  std::size_t i = 0;
  if (kHasAvx)
    for (; i + 4 <= n; i += 4) x4(x + i, r + i);
  for (; i + 2 <= n; i += 2) x2(x + i, r + i);
  for (; i < n; ++i) r[i] = x1(x[i]);
}

}  // namespace

void exp_n(const double* x, double* r, std::size_t n) { unary_n(x, r, n, avx::exp4, exp_x2, exp); }
void log_n(const double* x, double* r, std::size_t n) { unary_n(x, r, n, avx::log4, log_x2, log); }
void sqrt_n(const double* x, double* r, std::size_t n) { unary_n(x, r, n, avx::sqrt4, sqrt_x2, sqrt); }
void erfc_n(const double* x, double* r, std::size_t n) { unary_n(x, r, n, avx::erfc4, erfc_x2, erfc); }
void pow_n(const double* x, const double* y, double* r, std::size_t n) {
  std::size_t i = 0;
  if (kHasAvx)
    for (; i + 4 <= n; i += 4) avx::pow4(x + i, y + i, r + i);
  for (; i + 2 <= n; i += 2) pow_x2(x + i, y + i, r + i);
  for (; i < n; ++i) r[i] = pow(x[i], y[i]);
}

}  // namespace sluice::math
