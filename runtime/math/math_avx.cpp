// Built with -mavx and no -mfma (runtime/math/CMakeLists.txt): SLEEF's "avx"
// cinz functions, which compute what the scalar ones do, four lanes at once.
#include "math/math_avx.hpp"

#include <cstring>

#include "math/pow_kernel.hpp"

#include <immintrin.h>
#include <sleef.h>

#include <cstdint>

namespace sluice::math::avx {
namespace {

__m256d canonical4(__m256d r) {
  __m256d nan = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7ff8000000000000LL));
  return _mm256_blendv_pd(r, nan, _mm256_cmp_pd(r, r, _CMP_UNORD_Q));
}

}  // namespace

void exp4(const double* x, double* r) { _mm256_storeu_pd(r, canonical4(Sleef_cinz_expd4_u10avx(_mm256_loadu_pd(x)))); }
void log4(const double* x, double* r) { _mm256_storeu_pd(r, canonical4(Sleef_cinz_logd4_u10avx(_mm256_loadu_pd(x)))); }
void pow4(const double* x, const double* y, double* r) {
  using D4 = double __attribute__((vector_size(32)));
  using I4 = std::int64_t __attribute__((vector_size(32)));
  using U4 = std::uint64_t __attribute__((vector_size(32)));
  D4 xv, yv;
  std::memcpy(&xv, x, sizeof xv);
  std::memcpy(&yv, y, sizeof yv);
  I4 fallback;
  D4 res = kernel::pow_fast<D4, I4, U4, 4>(xv, yv, fallback);
  if (fallback[0] | fallback[1] | fallback[2] | fallback[3]) {
    D4 s = reinterpret_cast<D4>(canonical4(Sleef_cinz_powd4_u10avx(_mm256_loadu_pd(x), _mm256_loadu_pd(y))));
    res = fallback ? s : res;
  }
  std::memcpy(r, &res, sizeof res);
}
void sqrt4(const double* x, double* r) { _mm256_storeu_pd(r, canonical4(_mm256_sqrt_pd(_mm256_loadu_pd(x)))); }
void erfc4(const double* x, double* r) { _mm256_storeu_pd(r, canonical4(Sleef_cinz_erfcd4_u15avx(_mm256_loadu_pd(x)))); }

}  // namespace sluice::math::avx
