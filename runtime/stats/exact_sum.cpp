#include "stats/exact_sum.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace sluice::stats {

// ExactSum::add's rare cases, counted already: NaN and the infinities are
// counted apart, a zero adds nothing, and a subnormal's significand (no
// hidden bit) weighs 2^-1074 a unit, at bit 14 of the fixed-point sum.
void ExactSum::add_rare(std::uint64_t bits) {
  const bool special = ((bits >> 52) & 0x7ff) == 0x7ff;
  const std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
  if (special) {
    if (m) return void(++nan_);
    return void(bits >> 63 ? ++neg_inf_ : ++pos_inf_);
  }
  if (m == 0) return;  // a zero
  add_digits(m, static_cast<unsigned>(1 - 1075 + kOffset), bits >> 63);
}

namespace {

bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}

// The four 64-bit lanes' sum.
__attribute__((target("avx2"))) std::int64_t lanes_sum(__m256i v) {
  const __m128i two = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  return _mm_cvtsi128_si64(two) + _mm_extract_epi64(two, 1);
}

// Whether every lane's digit position is `where` or its addend is zero.
__attribute__((target("avx2"))) bool all_at(__m256i at, __m256i empty, std::size_t where) {
  const __m256i same = _mm256_or_si256(_mm256_cmpeq_epi64(at, _mm256_set1_epi64x(static_cast<std::int64_t>(where))), empty);
  return _mm256_movemask_pd(_mm256_castsi256_pd(same)) == 0xf;
}

}  // namespace

const bool ExactSum::kVectorRuns = has_avx2();

// add_scalar's split, four addends at a time, and its runs kept in three
// vectors of digits (lane by lane) until the digit position changes. A zero
// or subnormal weighs as if its exponent were 1 with no hidden bit (what
// add_rare does), so only an infinity or a NaN leaves the vector path: its
// group of four goes to add_scalar. An addend whose significand is zero
// adds zero digits wherever they land, so it joins any run. A negative
// addend's three digits are each negated (not the 128-bit value borrowed
// from, as split does): the same total, and normalize() makes every
// representation of a total the same digits. Compiled for AVX2 alone, and
// called only where the CPU has it.
__attribute__((target("avx2"))) void ExactSum::add_vector(const double* x, std::size_t n) {
  const __m256i zero = _mm256_setzero_si256(), exponent = _mm256_set1_epi64x(0x7ff);
  const __m256i fraction = _mm256_set1_epi64x((std::int64_t{1} << 52) - 1), hidden = _mm256_set1_epi64x(std::int64_t{1} << 52);
  const __m256i offset = _mm256_set1_epi64x(kOffset - 1075), low5 = _mm256_set1_epi64x(31), sixty_four = _mm256_set1_epi64x(64);
  const __m256i low32 = _mm256_set1_epi64x(0xffffffff);
  __m256i r0 = zero, r1 = zero, r2 = zero;
  std::size_t run_at = kNoRun;
  std::int64_t elsewhere = 0;  // addends add_scalar took (and counted)
  for (std::size_t k = 0; k < n; k += 4) {
    const std::size_t c = std::min<std::size_t>(n - k, 4);
    // A short last group: its missing lanes load as zeros, which add nothing.
    // A full one loads plainly (a masked load can wait for addends just
    // stored, where a plain one takes them from the stores in flight).
    __m256i bits;
    if (c == 4) {
      bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + k));
    } else {
      const __m256i take = _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<std::int64_t>(c)), _mm256_setr_epi64x(0, 1, 2, 3));
      bits = _mm256_castpd_si256(_mm256_maskload_pd(x + k, take));
    }
    const __m256i biased = _mm256_and_si256(_mm256_srli_epi64(bits, 52), exponent);
    const __m256i special = _mm256_cmpeq_epi64(biased, exponent);
    if (!_mm256_testz_si256(special, special)) {
      if (run_at != kNoRun) flush(run_at, lanes_sum(r0), lanes_sum(r1), lanes_sum(r2));
      r0 = r1 = r2 = zero, run_at = kNoRun;
      add_scalar(x + k, c);
      elsewhere += static_cast<std::int64_t>(c);
      continue;
    }
    const __m256i subnormal = _mm256_cmpeq_epi64(biased, zero);
    const __m256i m = _mm256_or_si256(_mm256_and_si256(bits, fraction), _mm256_andnot_si256(subnormal, hidden));
    const __m256i position = _mm256_add_epi64(_mm256_sub_epi64(biased, subnormal), offset);  // biased 0 counts as 1
    const __m256i at = _mm256_srli_epi64(position, 5), shift = _mm256_and_si256(position, low5);
    const __m256i low = _mm256_sllv_epi64(m, shift);
    const __m256i negative = _mm256_cmpgt_epi64(zero, bits);  // the sign bit
    // (d ^ negative) - negative: d, or -d where the addend is negative. A
    // shift by 64 (shift 0) gives 0 in AVX2: no third digit.
    const __m256i d0 = _mm256_sub_epi64(_mm256_xor_si256(_mm256_and_si256(low, low32), negative), negative);
    const __m256i d1 = _mm256_sub_epi64(_mm256_xor_si256(_mm256_srli_epi64(low, 32), negative), negative);
    const __m256i d2 = _mm256_sub_epi64(_mm256_xor_si256(_mm256_srlv_epi64(m, _mm256_sub_epi64(sixty_four, shift)), negative), negative);
    const __m256i empty = _mm256_cmpeq_epi64(m, zero);
    if (run_at == kNoRun || !all_at(at, empty, run_at)) {
      if (run_at != kNoRun) flush(run_at, lanes_sum(r0), lanes_sum(r1), lanes_sum(r2));
      r0 = r1 = r2 = zero, run_at = kNoRun;
      alignas(32) std::int64_t lane_at[4], lane_empty[4];
      _mm256_store_si256(reinterpret_cast<__m256i*>(lane_at), at);
      _mm256_store_si256(reinterpret_cast<__m256i*>(lane_empty), empty);
      std::size_t first = 0;
      while (first < 4 && lane_empty[first]) ++first;
      if (first == 4) continue;  // all zeros
      const auto where = static_cast<std::size_t>(lane_at[first]);
      if (!all_at(at, empty, where)) {
        // Spread over digit positions: each lane stored on its own.
        alignas(32) std::int64_t e0[4], e1[4], e2[4];
        _mm256_store_si256(reinterpret_cast<__m256i*>(e0), d0);
        _mm256_store_si256(reinterpret_cast<__m256i*>(e1), d1);
        _mm256_store_si256(reinterpret_cast<__m256i*>(e2), d2);
        for (std::size_t l = 0; l < 4; ++l) flush(static_cast<std::size_t>(lane_at[l]), e0[l], e1[l], e2[l]);
        continue;
      }
      run_at = where;
    }
    r0 = _mm256_add_epi64(r0, d0), r1 = _mm256_add_epi64(r1, d1), r2 = _mm256_add_epi64(r2, d2);
  }
  if (run_at != kNoRun) flush(run_at, lanes_sum(r0), lanes_sum(r1), lanes_sum(r2));
  const std::int64_t here = static_cast<std::int64_t>(n) - elsewhere;
  count_ += here;
  // Each addend here moved a digit by less than 2^32, as in add_scalar.
  if ((pending_ += here) >= (std::int64_t{1} << 29)) normalize();
}

// Carries upward until every digit but the top one lies in [0, 2^32).
void ExactSum::normalize() {
  for (std::size_t i = 0; i + 1 < digit_.size(); ++i) {
    std::int64_t carry = digit_[i] >> 32;  // floor division by 2^32
    digit_[i] -= carry * (std::int64_t{1} << 32);
    digit_[i + 1] += carry;
  }
  pending_ = 0;
}

void ExactSum::merge(const ExactSum& other) {
  ExactSum o = other;
  o.normalize();
  normalize();
  for (std::size_t i = 0; i < digit_.size(); ++i) digit_[i] += o.digit_[i];
  normalize();
  count_ += o.count_;
  nan_ += o.nan_;
  pos_inf_ += o.pos_inf_;
  neg_inf_ += o.neg_inf_;
}

std::array<std::int64_t, ExactSum::kStateWords> ExactSum::state() const {
  ExactSum s = *this;
  s.normalize();
  std::array<std::int64_t, kStateWords> w{};
  for (std::size_t i = 0; i < s.digit_.size(); ++i) w[i] = s.digit_[i];
  w[kDigits] = s.count_;
  w[kDigits + 1] = s.nan_;
  w[kDigits + 2] = s.pos_inf_;
  w[kDigits + 3] = s.neg_inf_;
  return w;
}

ExactSum ExactSum::from_state(const std::array<std::int64_t, kStateWords>& w) {
  ExactSum s;
  for (std::size_t i = 0; i < s.digit_.size(); ++i) s.digit_[i] = w[i];
  s.count_ = w[kDigits];
  s.nan_ = w[kDigits + 1];
  s.pos_inf_ = w[kDigits + 2];
  s.neg_inf_ = w[kDigits + 3];
  // Words from a file: bring every digit back into range before use, so
  // later additions cannot overflow a digit.
  s.normalize();
  return s;
}

bool ExactSum::valid_state(const std::array<std::int64_t, kStateWords>& w) {
  for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(kDigits); ++i)
    if (w[i] < 0 || w[i] >= (std::int64_t{1} << 32)) return false;
  // The top digit holds the sign and whatever carried into it: far below
  // 2^62 for any sum of finitely many doubles.
  const std::int64_t top = w[kDigits - 1];
  if (top > (std::int64_t{1} << 40) || top < -(std::int64_t{1} << 40)) return false;
  for (std::size_t i = kDigits; i < kStateWords; ++i)
    if (w[i] < 0) return false;
  return true;
}

double ExactSum::value() const {
  if (nan_ || (pos_inf_ && neg_inf_)) return std::numeric_limits<double>::quiet_NaN();
  if (pos_inf_) return HUGE_VAL;
  if (neg_inf_) return -HUGE_VAL;
  ExactSum s = *this;
  s.normalize();
  // Sign and magnitude: every digit in [0, 2^32) but the top one.
  bool negative = s.digit_.back() < 0;
  if (negative) {
    for (auto& d : s.digit_) d = -d;
    s.normalize();
  }
  int h = kDigits - 1;
  while (h >= 0 && s.digit_[static_cast<std::size_t>(h)] == 0) --h;
  if (h < 0) return 0.0;
  // Digit 66 weighs 2^1024: a total that reaches it is beyond every double.
  if (h >= 66) return negative ? -HUGE_VAL : HUGE_VAL;
  // Rounded once, to nearest: the leading 64 bits of the magnitude, with
  // every bit below them folded into the last one (it then decides a tie
  // the way the bits it stands for would), converted by the machine, which
  // rounds 64 bits to 53 correctly, then scaled by a power of two, which is
  // exact: a total below the normal range is a multiple of 2^-1074 (every
  // double is) with at most 52 significant bits, so nothing rounds there.
  // Adding the digits as doubles from the top, as this did before, rounds
  // at each addition and could miss a tie broken by a far lower digit.
  __extension__ typedef unsigned __int128 u128;
  u128 lead = 0;
  bool sticky = false;
  for (int i = h; i >= 0; --i) {
    const auto d = static_cast<std::uint64_t>(s.digit_[static_cast<std::size_t>(i)]);
    if (i > h - 4) lead = (lead << 32) | d;
    else sticky = sticky || d != 0;
  }
  const int low = std::max(h - 3, 0);  // the digit lead's lowest 32 bits came from
  int width = 0;
  for (u128 x = lead; x; x >>= 1) ++width;
  const int shift = std::max(width - 64, 0);
  sticky = sticky || (lead & ((u128{1} << shift) - 1)) != 0;
  const auto top = static_cast<std::uint64_t>(lead >> shift) | (sticky ? 1 : 0);
  const double v = std::ldexp(static_cast<double>(top), shift + 32 * low - kOffset);
  return negative ? -v : v;
}

}  // namespace sluice::stats
