// Built with -mavx and no -mfma (runtime/math/CMakeLists.txt): SLEEF's "avx"
// cinz functions, which compute what the scalar ones do, four lanes at once.
#include "math/math_avx.hpp"

#include "math/pow_kernel.hpp"

#include <immintrin.h>
#include <sleef.h>

#include <cstdint>

namespace sluice::math::avx {
namespace {

__m256d canonical4(__m256d r) {
  __m256d nan = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7ff8000000000000LL));
  // Masks rather than _mm256_blendv_pd, which GCC 12 turned into a branch
  // per lane.
  __m256d is_nan = _mm256_cmp_pd(r, r, _CMP_UNORD_Q);
  return _mm256_or_pd(_mm256_and_pd(is_nan, nan), _mm256_andnot_pd(is_nan, r));
}

// The by-value forms (math.hpp, ByValue): what generated code calls.
__m256d exp4v(__m256d x) { return canonical4(Sleef_cinz_expd4_u10avx(x)); }
__m256d log4v(__m256d x) { return canonical4(Sleef_cinz_logd4_u10avx(x)); }
__m256d pow4v(__m256d x, __m256d y) {
  using D4 = double __attribute__((vector_size(32)));
  using I4 = std::int64_t __attribute__((vector_size(32)));
  using U4 = std::uint64_t __attribute__((vector_size(32)));
  I4 fallback;
  D4 res = kernel::pow_fast<D4, I4, U4, 4>(reinterpret_cast<D4>(x), reinterpret_cast<D4>(y), fallback);
  if (fallback[0] | fallback[1] | fallback[2] | fallback[3]) {
    D4 s = reinterpret_cast<D4>(canonical4(Sleef_cinz_powd4_u10avx(x, y)));
    res = fallback ? s : res;
  }
  return reinterpret_cast<__m256d>(res);
}
__m256d erfc4v(__m256d x) { return canonical4(Sleef_cinz_erfcd4_u15avx(x)); }

}  // namespace

// The pointer forms: the by-value ones between a load and a store.
void exp4(const double* x, double* r) { _mm256_storeu_pd(r, exp4v(_mm256_loadu_pd(x))); }
void log4(const double* x, double* r) { _mm256_storeu_pd(r, log4v(_mm256_loadu_pd(x))); }
void pow4(const double* x, const double* y, double* r) { _mm256_storeu_pd(r, pow4v(_mm256_loadu_pd(x), _mm256_loadu_pd(y))); }
void sqrt4(const double* x, double* r) { _mm256_storeu_pd(r, canonical4(_mm256_sqrt_pd(_mm256_loadu_pd(x)))); }
void erfc4(const double* x, double* r) { _mm256_storeu_pd(r, erfc4v(_mm256_loadu_pd(x))); }

ByValueAddresses by_value() {
  return {reinterpret_cast<const void*>(&exp4v), reinterpret_cast<const void*>(&log4v), reinterpret_cast<const void*>(&pow4v),
          reinterpret_cast<const void*>(&erfc4v)};
}

}  // namespace sluice::math::avx
