// IR -> LLVM IR (internal to codegen): one function per module,
//   void sluice_scenario(i64 seed, i64 scenario, ptr context, i64 periods,
//                        ptr init_out, ptr rows_out, ptr state, ptr next, ptr rt)
// that runs `init` and then every period, as the interpreter's Machine does.
#pragma once
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <memory>

#include "ir/ir.hpp"

namespace sluice::codegen {

inline constexpr const char* kScenarioFunction = "sluice_scenario";

// `random`: a Monte Carlo scenario (draws from the generator) or the base
// case (every shock at its mean), fixed at compile time.
std::unique_ptr<llvm::Module> emit_module(const ir::Module& m, llvm::LLVMContext& ctx, bool random);

}  // namespace sluice::codegen
