#include "stats/exact_sum.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace sluice::stats {

void ExactSum::add(double x) {
  ++count_;
  // The addend's fields straight from its bits (a Monte Carlo run adds
  // several per scenario and period: frexp and ldexp were most of the cost).
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const int biased = static_cast<int>((bits >> 52) & 0x7ff);
  std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
  if (biased == 0x7ff) {
    if (m) return void(++nan_);
    return void(bits >> 63 ? ++neg_inf_ : ++pos_inf_);
  }
  if (biased == 0 && m == 0) return;  // a zero
  // |x| = m 2^(e - 1075) with m the 53-bit significand of a normal number
  // (its hidden bit set), or m 2^-1074 for a subnormal: so m's lowest bit
  // weighs 2^(max(e, 1) - 1075), at bit max(e, 1) - 1075 + kOffset >= 14
  // of the fixed-point sum.
  if (biased) m |= std::uint64_t{1} << 52;
  const int at = (biased ? biased : 1) - 1075 + kOffset;
  __extension__ typedef unsigned __int128 u128;
  u128 wide = static_cast<u128>(m) << (at % 32);
  const int d = at / 32;
  const std::int64_t sign = bits >> 63 ? -1 : 1;
  for (int k = 0; k < 3 && wide; ++k, wide >>= 32)
    digit_[static_cast<std::size_t>(d + k)] += sign * static_cast<std::int64_t>(static_cast<std::uint32_t>(wide));
  // Each addition moves a digit by less than 2^32: propagate carries long
  // before 2^63 could overflow.
  if (++pending_ >= (std::int64_t{1} << 29)) normalize();
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
  // Sign and magnitude, so the digits added below are all of one sign and
  // the leading ones carry the value.
  bool negative = s.digit_.back() < 0;
  if (negative) {
    for (auto& d : s.digit_) d = -d;
    s.normalize();
  }
  double v = 0;
  for (std::size_t i = s.digit_.size(); i-- > 0;)
    if (s.digit_[i]) v += std::ldexp(static_cast<double>(s.digit_[i]), static_cast<int>(32 * i) - kOffset);
  return negative ? -v : v;
}

}  // namespace sluice::stats
