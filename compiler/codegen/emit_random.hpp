// The generator as LLVM IR functions (internal, always inlined) that
// emit.cpp calls where the IR draws.
#pragma once
#include <llvm/IR/Module.h>

namespace sluice::codegen {

struct RandomFunctions {
  llvm::Function* unit;            // double (i64 seed, i64 scenario, i32 stream, i32 period)
  llvm::Function* inverse_normal;  // double (double p)
};
RandomFunctions emit_random(llvm::Module& mod, llvm::FunctionCallee log);

}  // namespace sluice::codegen
