// Deterministic elementary functions: one definition for scalars and vectors.
//
// libm's exp, log and pow differ between C libraries (and glibc versions),
// and a vector back end that calls them lane by lane buys little. These
// functions give the same bits on every x86-64 machine, whatever its C
// library, and their vector forms give, in every lane, the bits of the scalar
// form at that lane's argument, so the interpreter (scalars) and the JIT
// (lanes) can share one definition.
//
// exp, log, erfc, log1p and expm1 are SLEEF's deterministic "cinz" functions (Debian's
// libsleef, 3.5): computed without fused multiply-add, by one algorithm
// written once for every vector extension, so the pure-C scalar, the SSE2
// and the AVX forms round identically (tests/math checks it bit for bit on
// every argument the accuracy test uses). The FMA forms ("finz") would agree
// with each other but not with a machine that has no FMA, and the
// interpreter must give the same bits there too. pow is this library's own
// (pow_kernel.hpp: one template for one, two and four lanes, no FMA), faster
// than SLEEF's in every form (docs/performance.md), with SLEEF's pow for special values, negative bases,
// subnormal bases and results past the normal range. sqrt is the IEEE
// operation (correctly rounded, the same instruction in every form).
//
// Accuracy (tests/math/accuracy_test.cpp, against MPFR): exp, log, pow,
// log1p and expm1 within 1 ulp, sqrt correctly rounded, erfc within 1.5
// ulp; C99 Annex F's special values for all of them. NaN results are the canonical quiet NaN
// (sign clear), so that no NaN's payload depends on the form.
#pragma once
#include <cstddef>

namespace sluice::math {

double exp(double x);
double log(double x);
double pow(double x, double y);
double sqrt(double x);
double erfc(double x);
// log(1 + x) and exp(x) - 1, accurate where 1 + x and exp(x) would lose
// digits to rounding (rates and log-rates near 0): the rate solvers'
// (runtime/metrics) discount factors exp(-t log1p(r)). Scalar only: no
// engine evaluates them in lanes.
double log1p(double x);
double expm1(double x);

// Two lanes (SSE2: every x86-64 machine). r[i] is the scalar function at x[i]
// (and y[i]), bit for bit. r may alias x or y.
void exp_x2(const double* x, double* r);
void log_x2(const double* x, double* r);
void pow_x2(const double* x, const double* y, double* r);
void sqrt_x2(const double* x, double* r);
void erfc_x2(const double* x, double* r);

// Four lanes (AVX, no FMA); only where has_avx() is true.
bool has_avx();
void exp_x4(const double* x, double* r);
void log_x4(const double* x, double* r);
void pow_x4(const double* x, const double* y, double* r);
void sqrt_x4(const double* x, double* r);
void erfc_x4(const double* x, double* r);

// The two- and four-lane forms of exp, log, pow and erfc with their vectors
// passed and returned by value in registers (__m128d in xmm, __m256d in ymm,
// as the x86-64 calling convention passes them), for generated code, which
// declares them as functions of <2 x double> and <4 x double> and so keeps
// its lanes out of memory around the call. The same bits as the pointer
// forms above, which are these between a load and a store. The four-lane
// ones only where has_avx().
struct ByValue {
  const void *exp, *log, *pow, *erfc;
};
ByValue by_value_x2();
ByValue by_value_x4();

// Any length: the widest form the CPU has, the scalar form for the tail.
void exp_n(const double* x, double* r, std::size_t n);
void log_n(const double* x, double* r, std::size_t n);
void pow_n(const double* x, const double* y, double* r, std::size_t n);
void sqrt_n(const double* x, double* r, std::size_t n);
void erfc_n(const double* x, double* r, std::size_t n);

}  // namespace sluice::math
