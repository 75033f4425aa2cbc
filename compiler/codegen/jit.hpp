// The native back end: the IR compiled by LLVM's ORC JIT into a function
// that runs one scenario (init, then every period), behind the same
// interp::Evaluator interface as the interpreter. This header is free of
// LLVM; only compiler/codegen/*.cpp include LLVM headers.
#pragma once
#include <memory>
#include <string>

#include "interp/evaluator.hpp"

namespace sluice::codegen {

// Compiles `m` for the host CPU: `random` scenarios (the generator's draws)
// or the base case (every shock at its mean, whatever the batch asks). On
// failure returns null and says why. The module and schedule must outlive
// the evaluator.
std::unique_ptr<interp::Evaluator> make_jit(const ir::Module& m, const interp::Schedule& s, bool random, std::string& error);

}  // namespace sluice::codegen
