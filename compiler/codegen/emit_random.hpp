// The generator as LLVM IR functions (internal, never inlined) that
// emit_instr.cpp calls where the IR draws, over W lanes (one scenario per lane;
// W = 1 uses scalar types).
#pragma once
#include <llvm/IR/Module.h>

#include "codegen/emit_math.hpp"

namespace sluice::codegen {

struct RandomFunctions {
  llvm::Function* unit;            // lanes of f64 (i64 seed, lanes of i64 scenario, i32 stream, i32 period)
  llvm::Function* inverse_normal;  // lanes of f64 (lanes of f64 p)
  llvm::Function* poisson;         // lanes of f64 (lanes of f64 mean, u, exp(-mean))
};
// The inverse normal's tail calls runtime/math's log (`math`: log, and
// log_where with several lanes). The functions are called at each draw, never inlined: inlined, the code
// generator compiled Philox's ten rounds and AS241's three regions once a
// draw, half of the flagship's cold compile with its nine draws
// (docs/performance.md, "Cold compile (issue 17, 2026-12-07)"), for no
// measurable gain in the kernel's speed.
RandomFunctions emit_random(llvm::Module& mod, const MathFunctions& math, unsigned lanes);

}  // namespace sluice::codegen
