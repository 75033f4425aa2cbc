// The hand-written kernel at two lanes, SSE2 (in every x86-64 CPU): what
// the evaluator runs where the CPU has no AVX2, and what the agreement
// check also runs everywhere, so that this form is checked on any machine.
#include "handwritten_kernel.hpp"

namespace sluice::bench::hand {

void run_block_sse2(const BlockJob& job) { run_block<D2, I2, U2>(job); }

}  // namespace sluice::bench::hand
