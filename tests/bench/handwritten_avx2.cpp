// The hand-written kernel at four lanes, built with -mavx2 and no FMA
// (tests/bench/CMakeLists.txt): called only where the CPU has AVX2
// (cpu_has_avx2), so the bench still runs on a machine without it.
#include "handwritten_kernel.hpp"

namespace sluice::bench::hand {

void run_block_avx2(const BlockJob& job) { run_block<D4, I4, U4>(job); }

}  // namespace sluice::bench::hand
