// An exact sum of doubles: every addend is split into 32-bit digits of one
// long fixed-point integer, so the total is the same whatever the order of
// the additions. That is what lets a Monte Carlo run give bit-identical
// means for any thread count, batch size or number of shards: each worker
// sums its own scenarios and the partial sums merge without rounding.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>

namespace sluice::stats {

class ExactSum {
 public:
  // Inline for a normal number (a Monte Carlo run adds about a thousand a
  // scenario); zeros, subnormals, infinities and NaNs go out of line.
  void add(double x) {
    ++count_;
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const int biased = static_cast<int>((bits >> 52) & 0x7ff);
    if (biased == 0 || biased == 0x7ff) return add_rare(bits);
    // |x| = m 2^(biased - 1075), m the 53-bit significand with its hidden
    // bit: m's lowest bit is bit `at` >= 14 of the fixed-point sum, and the
    // shifted m spans three digits (the highest, 64 + 2, still below kDigits).
    const std::uint64_t m = (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
    add_digits(m, biased - 1075 + kOffset, bits >> 63);
  }
  void merge(const ExactSum& other);
  // The total rounded once, to the nearest double, ties to even (NaN if any
  // addend was NaN or the infinities disagree; an infinity if any addend
  // was one, or the total is beyond the largest double).
  double value() const;
  std::int64_t count() const { return count_; }

  // The whole sum as plain integers (carries propagated), for a partial
  // result written to disk and merged elsewhere: from_state(state()) adds
  // up to the same bits as the original.
  static constexpr std::size_t kStateWords = 72 + 4;
  std::array<std::int64_t, kStateWords> state() const;
  static ExactSum from_state(const std::array<std::int64_t, kStateWords>& words);
  // Whether words could have come from state(): digits in range, counts not
  // negative. Checked before from_state on anything read from outside.
  static bool valid_state(const std::array<std::int64_t, kStateWords>& words);

 private:
  // Digit i weighs 2^(32 i - kOffset); the smallest subnormal is 2^-1074.
  static constexpr int kOffset = 1088;
  static constexpr int kDigits = 72;
  static_assert(kStateWords == kDigits + 4);
  void normalize();
  void add_rare(std::uint64_t bits);  // a zero, a subnormal, an infinity or a NaN
  void add_digits(std::uint64_t m, int at, std::uint64_t negative) {
    __extension__ typedef unsigned __int128 u128;
    __extension__ typedef __int128 i128;
    // The signed addend (|x| < 2^86 here) as two low digits in [0, 2^32)
    // and a signed top one: a negative addend borrows from its top digit
    // rather than subtracting three magnitudes, and normalize() makes
    // every representation of one total the same digits.
    i128 wide = static_cast<i128>(static_cast<u128>(m) << (at % 32));
    if (negative) wide = -wide;
    const auto d = static_cast<std::size_t>(at / 32);
    digit_[d] += static_cast<std::int64_t>(static_cast<std::uint32_t>(wide));
    digit_[d + 1] += static_cast<std::int64_t>(static_cast<std::uint32_t>(wide >> 32));
    digit_[d + 2] += static_cast<std::int64_t>(wide >> 64);
    // Each addition moves a digit by less than 2^32: propagate carries long
    // before 2^63 could overflow.
    if (++pending_ >= (std::int64_t{1} << 29)) normalize();
  }
  std::array<std::int64_t, kDigits> digit_{};
  std::int64_t pending_ = 0;  // additions since the last carry propagation
  std::int64_t count_ = 0;
  std::int64_t nan_ = 0, pos_inf_ = 0, neg_inf_ = 0;
};

}  // namespace sluice::stats
