// What the hand-written evaluator's front (handwritten.cpp) hands its
// vector kernels (handwritten_kernel.hpp): the deal's calendar, computed
// once per evaluator, and one block of scenarios to run. The kernel is
// compiled twice, each copy in its own file with its own instruction set:
// four lanes with AVX2 (handwritten_avx2.cpp, called only where the CPU
// has it) and two with SSE2, which every x86-64 CPU has (handwritten_sse2.cpp).
#pragma once
#include <cstddef>
#include <cstdint>

namespace sluice::bench::hand {

// What bench.deal computes from the calendar alone in one period, the same
// for every scenario: computed once per evaluator instead of once per
// scenario and period, in the IR's order of operations, so with its bits.
struct Period {
  double yf, last, pn;                              // the year fraction, whether last, the period number
  double credit_growth, credit_cvx, credit_vol;     // credit's lognormal step
  double year_part, decay, sofr_sd;                 // months / 12; sofr's Vasicek step
  double neg_left, left_max;                        // -(periods left) and max(periods left, 1)
  double prepay;                                    // the CPR's periodic rate
  double price_growth, price_cvx, price_vol;        // price's lognormal step
  double trustee_fee, not_last;
  bool left_le1, is_last, late, d_at_end;           // level's last payment; the horizon; the clean-up's window; D due
};

// Scenarios first .. first + count - 1 (count <= kBlock) of `seed`: their
// init values at `init` (one each) and their period tables at `rows`
// (scenario-major, `columns` values a period, every value written).
struct BlockJob {
  const Period* calendar;
  int periods;
  std::uint64_t seed, first;
  int count;
  double* init;
  double* rows;
  int columns;  // 44, or 47 with the pool's losses by obligor
  std::uint32_t key_credit, key_sofr, key_price;
};

inline constexpr int kBlock = 64;  // scenarios a block: its state and draws stay in L1

void run_block_avx2(const BlockJob& job);  // only where cpu_has_avx2()
void run_block_sse2(const BlockJob& job);
bool cpu_has_avx2();

}  // namespace sluice::bench::hand
