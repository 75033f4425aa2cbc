// math::pow's fast path, written once for every width: D is a GCC vector of
// N doubles, I and U the vectors of N int64s and uint64s (bit arithmetic
// that may wrap is done unsigned; I only where a shift must be arithmetic).
// Every operation is an IEEE operation on each lane (no FMA: -ffp-contract=
// off, and the AVX file is -mno-fma), so a lane's bits do not depend on N or
// on the other lanes; math.cpp (one lane and two, SSE2) and math_avx.cpp
// (four, AVX) instantiate it.
//
// pow(x, y) = exp(y log x), with log x and y log x carried as double-double
// (head + tail, Dekker's exact products by Veltkamp splitting) and exp of a
// double-double by a 128-entry table of 2^(j/128) and a degree-7 Taylor
// polynomial. log x: x = 2^k z with z in [0.707, 1.414), z = c (1 + r) where
// 1/c comes from a 128-entry table (pow_tables.cpp), |r| <= 2^-7, and
// log1p(r) by its Taylor series to r^11. The error budget (about 2^-59
// relative before the last rounding, so within 0.52 ulp; measured in
// docs/architecture.md, "Math") holds where x is a positive normal number, y
// is finite with |y| <= 2^64, and |y log x| < 708 (the result is a normal
// number); elsewhere `fallback` is set for the lane and the caller takes
// SLEEF's pow for it (special values, negative bases, subnormals, overflow
// and underflow), which is itself the same in every form.
#pragma once
#include <cstdint>

#include "math/pow_tables.hpp"

namespace sluice::math::kernel {

constexpr std::int64_t kOff = 0x3fe6a00000000000LL;  // must match gen_pow_tables.cpp

template <class D, class I>
struct DD {
  D hi, lo;
};

// a + b = s + e exactly (Knuth's two-sum: no assumption on magnitudes).
template <class D, class I>
inline DD<D, I> two_sum(D a, D b) {
  D s = a + b;
  D bb = s - a;
  D e = (a - (s - bb)) + (b - bb);
  return {s, e};
}

// a * b = p + e exactly (Dekker), for |a|, |b| < 2^996.
template <class D, class I>
inline DD<D, I> two_prod(D a, D b) {
  const D split = a * 0 + 134217729.0;  // 2^27 + 1
  D ta = split * a, tb = split * b;
  D ah = ta - (ta - a), bh = tb - (tb - b);
  D al = a - ah, bl = b - bh;
  D p = a * b;
  D e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return {p, e};
}

template <class To, class From>
inline To bits(From v) { return __builtin_bit_cast(To, v); }

// The fast path of pow at N lanes; fallback[i] is nonzero where lane i must
// take SLEEF's pow instead (the result there is meaningless).
template <class D, class I, class U, int N>
inline D pow_fast(D x, D y, I& fallback) {
  using namespace pow_tables;
  const D zero = x * 0;
  // log x = k ln2 + log c + log1p(r).
  U ix = bits<U>(x);
  U utmp = ix - static_cast<std::uint64_t>(kOff);
  I tmp = bits<I>(utmp);
  I idx = (tmp >> 45) & 127;
  I k = tmp >> 52;  // arithmetic shift
  U iz = ix - (utmp & 0xfff0000000000000ULL);
  D z = bits<D>(iz);
  D zhi = bits<D>(iz & 0xffffffff00000000ULL);
  D zlo = z - zhi;
  // The table lookups, lane by lane (SSE2 and AVX have no gather), through
  // memory rather than vector element inserts.
  alignas(sizeof(D)) double g0[N], g1[N], g2[N];
  for (int l = 0; l < N; ++l) {
    const LogEntry& e = kLog[idx[l] & 127];
    g0[l] = e.invc;
    g1[l] = e.logc_hi;
    g2[l] = e.logc_lo;
  }
  D invc, logc_hi, logc_lo;
  __builtin_memcpy(&invc, g0, sizeof(D));
  __builtin_memcpy(&logc_hi, g1, sizeof(D));
  __builtin_memcpy(&logc_lo, g2, sizeof(D));
  D rhi = zhi * invc - 1.0;  // exact: 21 bits times 10, then Sterbenz
  D rlo = zlo * invc;
  DD<D, I> r = two_sum<D, I>(rhi, rlo);
  DD<D, I> s = two_prod<D, I>(r.hi, r.hi);  // r^2
  // r^3 (1/3 - r/4 + r^2/5 - ... + r^8/11), the series of log1p past r^2/2.
  D rr = r.hi;
  D q = zero + 1.0 / 11;
  q = -1.0 / 10 + rr * q;
  q = 1.0 / 9 + rr * q;
  q = -1.0 / 8 + rr * q;
  q = 1.0 / 7 + rr * q;
  q = -1.0 / 6 + rr * q;
  q = 1.0 / 5 + rr * q;
  q = -1.0 / 4 + rr * q;
  q = 1.0 / 3 + rr * q;
  q = (s.hi * rr) * q;
  // k (|k| < 1100) as a double, exactly, without a conversion instruction
  // SSE2 and AVX lack for 64-bit integers.
  D kd = bits<D>(k + bits<I>(zero + 0x1.8p52)) - 0x1.8p52;
  DD<D, I> h1 = two_sum<D, I>(kd * kLn2Hi, logc_hi);  // k ln2hi exact: 11 bits times 42
  DD<D, I> h2 = two_sum<D, I>(h1.hi, r.hi);
  DD<D, I> h3 = two_sum<D, I>(h2.hi, -0.5 * s.hi);
  D lo = ((h1.lo + h2.lo) + h3.lo) + ((kd * kLn2Lo + logc_lo) + (r.lo + (-0.5 * s.lo - r.hi * r.lo))) + q;
  D lhi = h3.hi + lo;
  D llo = (h3.hi - lhi) + lo;
  // t = y log x as a double-double.
  DD<D, I> t = two_prod<D, I>(y, lhi);
  D tlo0 = t.lo + y * llo;
  D thi = t.hi + tlo0;
  D tlo = (t.hi - thi) + tlo0;
  // exp(thi + tlo) = 2^(ki/128) exp(u).
  const D shift = zero + 0x1.8p52;
  D kf = thi * k128ByLn2 + shift;  // rounded to an integer in the low bits
  I ki = bits<I>(bits<U>(kf) - bits<U>(shift));
  kf = kf - shift;
  D u = (thi - kf * kLn2By128Hi) - kf * kLn2By128Lo + tlo;  // the first difference is exact
  D p = u + (u * u) * (0.5 + u * (1.0 / 6 + u * (1.0 / 24 + u * (1.0 / 120 + u * (1.0 / 720 + u * (1.0 / 5040))))));
  I j = ki & 127;
  I e = bits<I>(bits<U>(ki) - bits<U>(j)) >> 7;
  for (int l = 0; l < N; ++l) {
    const ExpEntry& x2 = kExp[j[l] & 127];
    g0[l] = x2.hi;
    g1[l] = x2.lo;
  }
  D thj, tlj;
  __builtin_memcpy(&thj, g0, sizeof(D));
  __builtin_memcpy(&tlj, g1, sizeof(D));
  D res = thj + ((tlj + thj * p) + tlj * p);
  D scale = bits<D>((bits<U>(e) + 1023) << 52);
  // Where the fast path holds; written so that NaN fails it.
  I ok = (x >= 0x1p-1022) & (x <= 0x1.fffffffffffffp1023) & (y >= -0x1p64) & (y <= 0x1p64) & (thi > -708.0) &
         (thi < 708.0);
  fallback = ~ok;
  return res * scale;
}

}  // namespace sluice::math::kernel
