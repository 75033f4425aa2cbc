// An exact sum of doubles: every addend is split into 32-bit digits of one
// long fixed-point integer, so the total is the same whatever the order of
// the additions. That is what lets a Monte Carlo run give bit-identical
// means for any thread count, batch size or number of shards: each worker
// sums its own scenarios and the partial sums merge without rounding.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sluice::stats {

class ExactSum {
 public:
  // Inline for a normal number (a Monte Carlo run adds about a thousand a
  // scenario); zeros, subnormals, infinities and NaNs go out of line.
  void add(double x) { add_scalar(&x, 1); }
  // x[0] .. x[n-1] added: the same sum as adding each in turn, cheaper
  // where neighbours land on the same digits (a Monte Carlo block's lanes
  // adding one period's value): a run of such addends is summed in
  // registers and stored once, instead of each addition waiting on the
  // one before through memory. Four at a time where the CPU has AVX2.
  void add(const double* x, std::size_t n) {
    if (n >= 4 && kVectorRuns) add_vector(x, n);
    else add_scalar(x, n);
  }
  // Whether add(x, n) takes four addends at a time on this CPU (the tests
  // say which form they held to MPFR).
  static bool vector_runs() { return kVectorRuns; }
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
  static const bool kVectorRuns;  // the CPU has AVX2
  void normalize();
  void add_rare(std::uint64_t bits);  // a zero, a subnormal, an infinity or a NaN
  void add_scalar(const double* x, std::size_t n) {
    std::size_t run_at = kNoRun;
    std::int64_t r0 = 0, r1 = 0, r2 = 0, normal = 0;
    for (std::size_t k = 0; k < n; ++k) {
      std::uint64_t bits;
      std::memcpy(&bits, x + k, sizeof bits);
      const auto biased = static_cast<unsigned>((bits >> 52) & 0x7ff);
      if (biased == 0 || biased == 0x7ff) {
        add_rare(bits);
        continue;
      }
      // |x| = m 2^(biased - 1075), m the 53-bit significand with its hidden
      // bit: m's lowest bit is bit `at` >= 14 of the fixed-point sum, and the
      // shifted m spans three digits (the highest, 64 + 2, still below kDigits).
      const std::uint64_t m = (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
      const Digits a = split(m, biased + static_cast<unsigned>(kOffset - 1075), bits >> 63);
      if (a.at != run_at) {
        flush(run_at, r0, r1, r2);
        run_at = a.at, r0 = r1 = r2 = 0;
      }
      r0 += a.d0, r1 += a.d1, r2 += a.d2;
      ++normal;
    }
    flush(run_at, r0, r1, r2);
    count_ += static_cast<std::int64_t>(n);
    // Counted once for the run, not through memory at each addition: each
    // moved a digit by less than 2^32 (add_digits), and a run is short.
    if ((pending_ += normal) >= (std::int64_t{1} << 29)) normalize();
  }
  // The run form four lanes at a time (AVX2; exact_sum.cpp).
  void add_vector(const double* x, std::size_t n);
  // An addend m 2^(at - kOffset) (negative: its sign) as the three digits
  // it adds to from digit `at` / 32: two low ones in [0, 2^32) and a signed
  // top one (|m 2^(at % 32)| < 2^86). A negative addend borrows from its
  // top digit rather than subtracting three magnitudes, and normalize()
  // makes every representation of one total the same digits.
  struct Digits {
    std::size_t at;
    std::int64_t d0, d1, d2;
  };
  static Digits split(std::uint64_t m, unsigned at, std::uint64_t negative) {
    __extension__ typedef unsigned __int128 u128;
    __extension__ typedef __int128 i128;
    i128 wide = static_cast<i128>(static_cast<u128>(m) << (at % 32));
    if (negative) wide = -wide;
    return {static_cast<std::size_t>(at / 32), static_cast<std::int64_t>(static_cast<std::uint32_t>(wide)),
            static_cast<std::int64_t>(static_cast<std::uint32_t>(wide >> 32)), static_cast<std::int64_t>(wide >> 64)};
  }
  static constexpr std::size_t kNoRun = ~std::size_t{0};
  void flush(std::size_t at, std::int64_t d0, std::int64_t d1, std::int64_t d2) {
    if (at == kNoRun) return;
    digit_[at] += d0;
    digit_[at + 1] += d1;
    digit_[at + 2] += d2;
  }
  void add_digits(std::uint64_t m, unsigned at, std::uint64_t negative) {
    const Digits a = split(m, at, negative);
    flush(a.at, a.d0, a.d1, a.d2);
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
