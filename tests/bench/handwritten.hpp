// The bench's "practical limit": tests/bench/bench.deal evaluated by
// hand-written C++, the code a quant would write for that one deal:
// structure of arrays over blocks of scenarios in AVX2 lanes (SSE2 where
// the CPU has no AVX2), the calendar's values computed once, Philox and the
// inverse normal in the lanes, and runtime/math's vector exp, log and pow
// (handwritten_kernel.hpp). It is an exec::Evaluator, so the Monte Carlo
// driver runs it like the interpreter and the JIT, and its period tables
// are compared with theirs bit for bit.
#pragma once
#include <memory>

#include "exec/evaluator.hpp"
#include "ir/ir.hpp"

namespace sluice::bench {

// The deal's columns (the order `sluice ir` prints), as the agreement check
// needs them; a Monte Carlo run (ir::lower's record_obligors) adds the
// pool's losses by obligor after them: its defaults, its losses and its
// opening balance (ir/lower_obligors.cpp).
inline constexpr int kHandwrittenColumns = 44;
inline constexpr int kHandwrittenObligorColumns = 3;
inline constexpr int kHandwrittenInitColumns = 1;

// `term_months` is the level amortization term of the pool and of A (the
// horizon in bench.deal and in the generated horizons of the periods
// series); `s` is the schedule that deal compiles to. It does not check the
// deal's invariants (no Check instructions): the agreement check runs the
// interpreter, which does, on the same scenarios. `obligors`: also write
// the pool's columns of losses by obligor, as a deal lowered for a Monte
// Carlo run has them (`sluice run -n` does; the agreement check does not).
// `sse2`: the two-lane form even where the CPU has AVX2 (named "hand-written
// sse2"), so that the agreement check covers the fallback on any machine.
std::unique_ptr<exec::Evaluator> make_handwritten(const exec::Schedule& s, int term_months, bool obligors = false, bool sse2 = false);

}  // namespace sluice::bench
