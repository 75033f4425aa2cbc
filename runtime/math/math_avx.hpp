// The four-lane forms, compiled for AVX (without FMA) in math_avx.cpp alone,
// so that nothing else in the library uses AVX instructions on a machine
// that lacks them. Call only where math::has_avx().
#pragma once

namespace sluice::math::avx {

void exp4(const double* x, double* r);
void log4(const double* x, double* r);
void pow4(const double* x, const double* y, double* r);
void sqrt4(const double* x, double* r);
void erfc4(const double* x, double* r);

// The addresses of the forms that take and return __m256d in registers
// (math.hpp, ByValue).
struct ByValueAddresses {
  const void *exp, *log, *pow, *erfc;
};
ByValueAddresses by_value();

}  // namespace sluice::math::avx
