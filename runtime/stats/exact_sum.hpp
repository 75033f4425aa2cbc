// An exact sum of doubles: every addend is split into 32-bit digits of one
// long fixed-point integer, so the total is the same whatever the order of
// the additions. That is what lets a Monte Carlo run give bit-identical
// means for any thread count, batch size or number of shards: each worker
// sums its own scenarios and the partial sums merge without rounding.
#pragma once
#include <array>
#include <cstdint>

namespace sluice::stats {

class ExactSum {
 public:
  void add(double x);
  void merge(const ExactSum& other);
  // The total rounded to a double (NaN if any addend was NaN or the
  // infinities disagree; an infinity if any addend was one).
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
  std::array<std::int64_t, kDigits> digit_{};
  std::int64_t pending_ = 0;  // additions since the last carry propagation
  std::int64_t count_ = 0;
  std::int64_t nan_ = 0, pos_inf_ = 0, neg_inf_ = 0;
};

}  // namespace sluice::stats
