#include "stats/exact_sum.hpp"

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
