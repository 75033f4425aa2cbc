// The lane functions of emit_math.hpp. A vector of W lanes goes to the
// stack, runtime/math's four-lane (AVX) or two-lane (SSE2) form runs over
// it W/4 or W/2 times through pointers, and the result comes back as a
// vector: a store, a call per group and a load around the function itself,
// which costs far less than the function (tens of cycles a group).
#include "codegen/emit_math.hpp"

#include <llvm/IR/IRBuilder.h>
#include <string>
#include <vector>

#include "math/math.hpp"

namespace sluice::codegen {

namespace {

// The symbols: runtime/math's functions under the names generated code uses.
template <class F>
void* address(F* f) {
  return reinterpret_cast<void*>(f);
}
const MathSymbol kSymbols[] = {
    {"sluice_math_exp", address(&math::exp)},         {"sluice_math_log", address(&math::log)},
    {"sluice_math_pow", address(&math::pow)},         {"sluice_math_erfc", address(&math::erfc)},
    {"sluice_math_exp_x2", address(&math::exp_x2)},   {"sluice_math_log_x2", address(&math::log_x2)},
    {"sluice_math_pow_x2", address(&math::pow_x2)},   {"sluice_math_erfc_x2", address(&math::erfc_x2)},
    {"sluice_math_exp_x4", address(&math::exp_x4)},   {"sluice_math_log_x4", address(&math::log_x4)},
    {"sluice_math_pow_x4", address(&math::pow_x4)},   {"sluice_math_erfc_x4", address(&math::erfc_x4)},
};

llvm::FunctionCallee declare(llvm::Module& mod, const std::string& name, llvm::Type* ret, std::vector<llvm::Type*> args) {
  auto callee = mod.getOrInsertFunction(name, llvm::FunctionType::get(ret, args, false));
  if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) f->setDoesNotThrow();
  return callee;
}

// sluice_lanes_NAME(lanes x [, lanes y]) -> lanes: runtime/math's NAME over
// `lanes` lanes, four at a time where `avx`, then two at a time, and the
// scalar form for an odd last lane (JitOptions::lanes may be odd).
llvm::Function* lane_function(llvm::Module& mod, const std::string& name, unsigned arity, unsigned lanes, bool avx,
                              llvm::FunctionCallee scalar) {
  auto& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* f64 = b.getDoubleTy();
  auto* vf = llvm::FixedVectorType::get(f64, lanes);
  auto* arr = llvm::ArrayType::get(f64, lanes);
  std::vector<llvm::Type*> args(arity, vf);
  auto* f = llvm::Function::Create(llvm::FunctionType::get(vf, args, false), llvm::Function::InternalLinkage, "sluice_lanes_" + name, mod);
  f->setDoesNotThrow();
  std::vector<llvm::Type*> pointers(arity + 1, b.getPtrTy());
  auto x4 = declare(mod, "sluice_math_" + name + "_x4", b.getVoidTy(), pointers);
  auto x2 = declare(mod, "sluice_math_" + name + "_x2", b.getVoidTy(), pointers);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", f));
  const llvm::Align align(32);
  std::vector<llvm::Value*> in;
  for (auto& a : f->args()) {
    llvm::Value* slot = b.CreateAlloca(arr);
    llvm::cast<llvm::AllocaInst>(slot)->setAlignment(align);
    b.CreateAlignedStore(&a, slot, align);
    in.push_back(slot);
  }
  auto* out = b.CreateAlloca(arr);
  out->setAlignment(align);
  for (unsigned g = 0; g < lanes;) {
    const unsigned group = avx && lanes - g >= 4 ? 4 : lanes - g >= 2 ? 2 : 1;
    std::vector<llvm::Value*> call;
    for (auto* slot : in) call.push_back(b.CreateConstInBoundsGEP1_64(f64, slot, g));
    llvm::Value* to = b.CreateConstInBoundsGEP1_64(f64, out, g);
    if (group == 1) {
      for (auto*& p : call) p = b.CreateLoad(f64, p);
      b.CreateStore(b.CreateCall(scalar, call), to);
    } else {
      call.push_back(to);
      b.CreateCall(group == 4 ? x4 : x2, call);
    }
    g += group;
  }
  b.CreateRet(b.CreateAlignedLoad(vf, out, align));
  return f;
}

}  // namespace

MathFunctions emit_math(llvm::Module& mod, unsigned lanes) {
  auto* f64 = llvm::Type::getDoubleTy(mod.getContext());
  MathFunctions m;
  m.scalar_exp = declare(mod, "sluice_math_exp", f64, {f64});
  m.scalar_log = declare(mod, "sluice_math_log", f64, {f64});
  m.scalar_pow = declare(mod, "sluice_math_pow", f64, {f64, f64});
  m.scalar_erfc = declare(mod, "sluice_math_erfc", f64, {f64});
  if (lanes == 1) {
    m.exp = m.scalar_exp;
    m.log = m.scalar_log;
    m.pow = m.scalar_pow;
    m.erfc = m.scalar_erfc;
    return m;
  }
  // The bits are the same whichever form runs a lane; AVX halves the calls.
  const bool avx = math::has_avx();
  m.exp = lane_function(mod, "exp", 1, lanes, avx, m.scalar_exp);
  m.log = lane_function(mod, "log", 1, lanes, avx, m.scalar_log);
  m.pow = lane_function(mod, "pow", 2, lanes, avx, m.scalar_pow);
  m.erfc = lane_function(mod, "erfc", 1, lanes, avx, m.scalar_erfc);
  return m;
}

const MathSymbol* math_symbols(std::size_t& count) {
  count = std::size(kSymbols);
  return kSymbols;
}

}  // namespace sluice::codegen
