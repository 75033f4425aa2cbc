// runtime/math in the kernel: the elementary functions the IR's ops and the
// generator need, over W lanes, as calls to runtime/math's vector forms
// (math.hpp: lane i of the four- and two-lane forms is the scalar f at lane
// i, bit for bit, and the interpreter calls that scalar f). No libm anywhere in the kernel.
#pragma once
#include <llvm/IR/Module.h>

namespace sluice::codegen {

// Each function maps lanes of f64 to lanes of f64 (pow: two arguments);
// with one lane it is runtime/math's scalar function itself. `scalar_*` is
// the scalar function, for an argument the same in every lane (called once
// and splat, which gives every lane the same bits).
struct MathFunctions {
  llvm::FunctionCallee exp, log, pow, erfc;
  llvm::FunctionCallee scalar_exp, scalar_log, scalar_pow, scalar_erfc;
  // With several lanes only: log(lanes x, lanes of i1 need), which skips
  // the call for a group of lanes none of which is needed (0 there).
  llvm::FunctionCallee log_where;
};

// Declares the runtime symbols and defines the lane functions (internal)
// in `mod`. With several lanes each lane function passes its lanes in
// registers to runtime/math's four-lane by-value form four at a time where
// the host has AVX (math::has_avx()), the two-lane form two at a time for
// the rest, and the scalar form for an odd last lane.
MathFunctions emit_math(llvm::Module& mod, unsigned lanes);

// The symbols emit_math's code calls, each with its address in runtime/math,
// for the JIT to bind (jit.cpp) and nothing else to reach.
struct MathSymbol {
  const char* name;
  void* address;
};
const MathSymbol* math_symbols(std::size_t& count);

}  // namespace sluice::codegen
