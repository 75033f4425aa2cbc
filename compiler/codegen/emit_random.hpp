// The generator as LLVM IR functions (internal, always inlined) that
// emit.cpp calls where the IR draws, over W lanes (one scenario per lane;
// W = 1 uses scalar types).
#pragma once
#include <llvm/IR/Module.h>

namespace sluice::codegen {

struct RandomFunctions {
  llvm::Function* unit;            // lanes of f64 (i64 seed, lanes of i64 scenario, i32 stream, i32 period)
  llvm::Function* inverse_normal;  // lanes of f64 (lanes of f64 p)
};
// `log` maps lanes of f64 to lanes of f64 (MathFunctions::log). `shared`:
// the two functions are called, not inlined at every draw (a program of
// many draws, such as a tape of thousands of lessees, would otherwise
// compile the generator once per draw); the same instructions either way,
// so the same bits.
RandomFunctions emit_random(llvm::Module& mod, llvm::FunctionCallee log, unsigned lanes, bool shared = false);

}  // namespace sluice::codegen
