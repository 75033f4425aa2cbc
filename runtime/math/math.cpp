// The scalar and two-lane forms, and the dispatch for arrays. exp, log and
// erfc wrap one SLEEF "cinz" function each, pow runs pow_kernel.hpp (SLEEF's
// pow for the lanes outside it), sqrt is the IEEE instruction (math.hpp);
// what this file adds is the canonical NaN and the choice of width.
#include "math/math.hpp"

#include <emmintrin.h>
#include <sleef.h>

#include <cstdint>
#include <cstring>

#include "math/math_avx.hpp"
#include "math/pow_kernel.hpp"

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

// The scalar forms run the two-lane code with the argument in both lanes:
// SSE2 is in every x86-64 CPU, and SLEEF's pure-C scalar build of the same
// algorithm (Sleef_cinz_*d1_*purec, which gives the same bits: math_identity
// checks it) is 2-6x slower, its vector emulation included.
double exp(double x) { return _mm_cvtsd_f64(canonical2(Sleef_cinz_expd2_u10sse2(_mm_set1_pd(x)))); }
double log(double x) { return _mm_cvtsd_f64(canonical2(Sleef_cinz_logd2_u10sse2(_mm_set1_pd(x)))); }
// pow's scalar form is the kernel at one lane (plain scalar code: the same
// IEEE operations as each lane of the vector forms), SLEEF's two-lane pow
// where it falls back.
double pow(double x, double y) {
  using D1 = double __attribute__((vector_size(8)));
  using I1 = std::int64_t __attribute__((vector_size(8)));
  using U1 = std::uint64_t __attribute__((vector_size(8)));
  I1 fallback;
  D1 res = kernel::pow_fast<D1, I1, U1, 1>(D1{x}, D1{y}, fallback);
  if (fallback[0]) return _mm_cvtsd_f64(canonical2(Sleef_cinz_powd2_u10sse2(_mm_set1_pd(x), _mm_set1_pd(y))));
  return res[0];
}
double sqrt(double x) { return canonical(_mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(x)))); }
double erfc(double x) { return _mm_cvtsd_f64(canonical2(Sleef_cinz_erfcd2_u15sse2(_mm_set1_pd(x)))); }
// SLEEF's log1p returns 0 for a subnormal x and infinity above about 1e307
// (measured on 3.5.1); both ends are answered here, exactly enough: below
// 2^-60, log1p(x) = x (1 - x/2 + ...) rounds to x (the sign of a zero kept);
// above 2^1000, log1p(x) = log(x) + log1p(1/x) and the second term is far
// below half an ulp of the first.
double log1p(double x) {
  if (x > -0x1p-60 && x < 0x1p-60) return x;
  if (x > 0x1p1000) return log(x);
  return _mm_cvtsd_f64(canonical2(Sleef_cinz_log1pd2_u10sse2(_mm_set1_pd(x))));
}
double expm1(double x) { return _mm_cvtsd_f64(canonical2(Sleef_cinz_expm1d2_u10sse2(_mm_set1_pd(x)))); }

namespace {

// The by-value forms (math.hpp, ByValue); the pointer forms below are these
// between a load and a store.
__m128d exp2v(__m128d x) { return canonical2(Sleef_cinz_expd2_u10sse2(x)); }
__m128d log2v(__m128d x) { return canonical2(Sleef_cinz_logd2_u10sse2(x)); }
// pow: the kernel's fast path (pow_kernel.hpp), SLEEF's pow in the lanes
// outside it (special values, negative bases, subnormals, over/underflow).
__m128d pow2v(__m128d x, __m128d y) {
  using D2 = double __attribute__((vector_size(16)));
  using I2 = std::int64_t __attribute__((vector_size(16)));
  using U2 = std::uint64_t __attribute__((vector_size(16)));
  I2 fallback;
  D2 res = kernel::pow_fast<D2, I2, U2, 2>(reinterpret_cast<D2>(x), reinterpret_cast<D2>(y), fallback);
  if (fallback[0] | fallback[1]) {
    D2 s = reinterpret_cast<D2>(canonical2(Sleef_cinz_powd2_u10sse2(x, y)));
    res = fallback ? s : res;
  }
  return reinterpret_cast<__m128d>(res);
}
__m128d erfc2v(__m128d x) { return canonical2(Sleef_cinz_erfcd2_u15sse2(x)); }

}  // namespace

void exp_x2(const double* x, double* r) { _mm_storeu_pd(r, exp2v(_mm_loadu_pd(x))); }
void log_x2(const double* x, double* r) { _mm_storeu_pd(r, log2v(_mm_loadu_pd(x))); }
void pow_x2(const double* x, const double* y, double* r) { _mm_storeu_pd(r, pow2v(_mm_loadu_pd(x), _mm_loadu_pd(y))); }
void sqrt_x2(const double* x, double* r) { _mm_storeu_pd(r, canonical2(_mm_sqrt_pd(_mm_loadu_pd(x)))); }
void erfc_x2(const double* x, double* r) { _mm_storeu_pd(r, erfc2v(_mm_loadu_pd(x))); }

ByValue by_value_x2() {
  return {reinterpret_cast<const void*>(&exp2v), reinterpret_cast<const void*>(&log2v), reinterpret_cast<const void*>(&pow2v),
          reinterpret_cast<const void*>(&erfc2v)};
}
ByValue by_value_x4() {
  const avx::ByValueAddresses a = avx::by_value();
  return {a.exp, a.log, a.pow, a.erfc};
}

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
