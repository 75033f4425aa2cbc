// SLEEF's four-lane deterministic pow for sluice_math_bench's comparison row;
// built with -mavx -mno-fma, called only where the CPU has AVX.
#include <immintrin.h>
#include <sleef.h>

void sleef_pow4(const double* x, const double* y, double* r) {
  _mm256_storeu_pd(r, Sleef_cinz_powd4_u10avx(_mm256_loadu_pd(x), _mm256_loadu_pd(y)));
}
