// The lane arithmetic the hand-written kernel is written in: GCC vector
// extensions over N doubles (D), int64s (I, the comparison masks) and
// uint64s (U), so one text compiles to AVX2 (N = 4) and SSE2 (N = 2). Every
// operation is an IEEE operation in each lane (no FMA: -ffp-contract=off),
// so a lane computes what the interpreter computes for its scenario, and
// min, max and bool-to-double are written as the interpreter's std::min,
// std::max and static_cast<double> are, argument order included (they
// differ from the min/max instructions on -0 and NaN).
//
// Everything here is in an unnamed namespace: each file that includes it
// is built for one instruction set, and a shared inline copy could be
// linked into the other.
#pragma once
#include <cstdint>

#include <emmintrin.h>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace sluice::bench::hand {
namespace {

// Two lanes (SSE2) and, in the AVX2 file, four.
using D2 = double __attribute__((vector_size(16)));
using I2 = std::int64_t __attribute__((vector_size(16)));
using U2 = std::uint64_t __attribute__((vector_size(16)));
#if defined(__AVX2__)
using D4 = double __attribute__((vector_size(32)));
using I4 = std::int64_t __attribute__((vector_size(32)));
using U4 = std::uint64_t __attribute__((vector_size(32)));
#endif

template <class V>
constexpr int lanes_of = sizeof(V) / 8;

template <class V, class T>
inline V splat(T x) {
  V v = {};
  for (int i = 0; i < lanes_of<V>; ++i) v[i] = x;
  return v;
}

template <class V>
inline V load(const void* p) {
  V v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

template <class V>
inline void store(void* p, V v) {
  __builtin_memcpy(p, &v, sizeof v);
}

template <class To, class From>
inline To as(From v) {
  return __builtin_bit_cast(To, v);
}

// m ? a : b lane by lane (m a comparison's mask).
template <class M, class D>
inline D sel(M m, D a, D b) {
  return m ? a : b;
}

// Whether any lane of a mask is set.
template <class M>
inline bool any(M m) {
  bool r = false;
  for (int i = 0; i < lanes_of<M>; ++i) r |= m[i] != 0;
  return r;
}

// std::min(a, b) = b < a ? b : a and std::max(a, b) = a < b ? b : a, lane
// by lane: minpd(b, a) and maxpd(b, a) exactly (x86's min and max return
// their second operand where the comparison fails), which GCC does not
// always find by itself.
inline D2 vmin(D2 a, D2 b) { return __builtin_ia32_minpd(b, a); }
inline D2 vmax(D2 a, D2 b) { return __builtin_ia32_maxpd(b, a); }
#if defined(__AVX2__)
inline D4 vmin(D4 a, D4 b) { return __builtin_ia32_minpd256(b, a); }
inline D4 vmax(D4 a, D4 b) { return __builtin_ia32_maxpd256(b, a); }
#endif

// static_cast<double>(bool): 1 where the mask is set, else 0.
template <class D, class M>
inline D flag(M m) {
  return m ? splat<D>(1.0) : splat<D>(0.0);
}

// The 64-bit products of the low 32 bits of each lane and m (Philox's
// mulhilo32): one pmuludq, which GCC's generic 64-bit multiply is not.
inline U2 mul_wide(U2 a, std::uint32_t m) { return as<U2>(_mm_mul_epu32(as<__m128i>(a), _mm_set1_epi64x(m))); }
#if defined(__AVX2__)
inline U4 mul_wide(U4 a, std::uint32_t m) { return as<U4>(_mm256_mul_epu32(as<__m256i>(a), _mm256_set1_epi64x(m))); }
#endif

// A non-negative integer below 2^53 in each lane, as a double, exactly: its
// two halves through the 2^52 exponent trick (SSE2 and AVX2 have no
// conversion from 64-bit integers).
template <class D, class U>
inline D to_double(U x) {
  const U magic = splat<U>(0x4330000000000000ULL);
  const D hi = as<D>((x >> 32) | magic) - 0x1p52;
  const D lo = as<D>((x & 0xffffffffULL) | magic) - 0x1p52;
  return hi * 4294967296.0 + lo;
}

// Rows out[l] + c .. for lanes l < valid: col[c][l] for every column c.
// A full group transposes N columns at a time and stores whole rows of N.
template <class D>
inline void store_rows(const D* col, int ncols, double* const* out, int valid) {
  constexpr int N = lanes_of<D>;
  int c = 0;
  if (valid == N) {
    if constexpr (N == 4) {
      for (; c + 4 <= ncols; c += 4) {
        const D t0 = __builtin_shufflevector(col[c], col[c + 1], 0, 4, 2, 6);
        const D t1 = __builtin_shufflevector(col[c], col[c + 1], 1, 5, 3, 7);
        const D t2 = __builtin_shufflevector(col[c + 2], col[c + 3], 0, 4, 2, 6);
        const D t3 = __builtin_shufflevector(col[c + 2], col[c + 3], 1, 5, 3, 7);
        store(out[0] + c, __builtin_shufflevector(t0, t2, 0, 1, 4, 5));
        store(out[1] + c, __builtin_shufflevector(t1, t3, 0, 1, 4, 5));
        store(out[2] + c, __builtin_shufflevector(t0, t2, 2, 3, 6, 7));
        store(out[3] + c, __builtin_shufflevector(t1, t3, 2, 3, 6, 7));
      }
    } else if constexpr (N == 2) {
      for (; c + 2 <= ncols; c += 2) {
        store(out[0] + c, __builtin_shufflevector(col[c], col[c + 1], 0, 2));
        store(out[1] + c, __builtin_shufflevector(col[c], col[c + 1], 1, 3));
      }
    }
  }
  for (int l = 0; l < valid; ++l)
    for (int k = c; k < ncols; ++k) out[l][k] = col[k][l];
}

}  // namespace
}  // namespace sluice::bench::hand
