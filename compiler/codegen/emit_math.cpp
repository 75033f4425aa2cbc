// The lane functions of emit_math.hpp. A vector of W lanes is cut into
// groups of four (AVX) or two (SSE2), each passed in a register to
// runtime/math's by-value form (math.hpp, ByValue) and its result put back
// in place: no stack round trip around the call. (Through memory, with the
// pointer forms, the wrapper cost about as much as SLEEF's exp itself:
// docs/performance.md, "The JIT's evaluation".)
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
std::vector<MathSymbol> symbols() {
  const math::ByValue v2 = math::by_value_x2();
  std::vector<MathSymbol> s = {
      {"sluice_math_exp", address(&math::exp)},       {"sluice_math_log", address(&math::log)},
      {"sluice_math_pow", address(&math::pow)},       {"sluice_math_erfc", address(&math::erfc)},
      {"sluice_math_exp_v2", const_cast<void*>(v2.exp)}, {"sluice_math_log_v2", const_cast<void*>(v2.log)},
      {"sluice_math_pow_v2", const_cast<void*>(v2.pow)}, {"sluice_math_erfc_v2", const_cast<void*>(v2.erfc)},
  };
  if (math::has_avx()) {
    const math::ByValue v4 = math::by_value_x4();
    s.insert(s.end(), {{"sluice_math_exp_v4", const_cast<void*>(v4.exp)},
                       {"sluice_math_log_v4", const_cast<void*>(v4.log)},
                       {"sluice_math_pow_v4", const_cast<void*>(v4.pow)},
                       {"sluice_math_erfc_v4", const_cast<void*>(v4.erfc)}});
  }
  return s;
}

llvm::FunctionCallee declare(llvm::Module& mod, const std::string& name, llvm::Type* ret, std::vector<llvm::Type*> args) {
  auto callee = mod.getOrInsertFunction(name, llvm::FunctionType::get(ret, args, false));
  if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) f->setDoesNotThrow();
  return callee;
}

// When a group of lanes may skip its call. ZeroExponent: pow(x, +-0) is 1
// for every x, NaN included (C99 F.9.4.4, and so math::pow in every form:
// tests/math checks it), so a group whose exponents are all zero takes 1
// (a jump factor's (1 + size)^count, whose count is mostly 0). Unneeded: the
// function takes one more argument, lanes of i1, and a group none of whose
// lanes is needed takes 0 (the inverse normal's tail, which most lanes do
// not reach). Either way no lane changes.
enum class Skip { Never, ZeroExponent, Unneeded };

// sluice_lanes_NAME(lanes x [, lanes y]) -> lanes: runtime/math's NAME over
// `lanes` lanes, four at a time where `avx`, then two at a time, and the
// scalar form for an odd last lane (JitOptions::lanes may be odd).
llvm::Function* lane_function(llvm::Module& mod, const std::string& name, unsigned arity, unsigned lanes, bool avx,
                              llvm::FunctionCallee scalar, Skip skip = Skip::Never) {
  auto& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* f64 = b.getDoubleTy();
  auto* vf = llvm::FixedVectorType::get(f64, lanes);
  std::vector<llvm::Type*> args(arity, vf);
  if (skip == Skip::Unneeded) args.push_back(llvm::FixedVectorType::get(b.getInt1Ty(), lanes));
  auto* f = llvm::Function::Create(llvm::FunctionType::get(vf, args, false), llvm::Function::InternalLinkage,
                                   "sluice_lanes_" + name + (skip == Skip::Unneeded ? "_where" : ""), mod);
  f->setDoesNotThrow();
  auto by_value = [&](unsigned n) {
    auto* v = llvm::FixedVectorType::get(f64, n);
    return declare(mod, "sluice_math_" + name + "_v" + std::to_string(n), v, std::vector<llvm::Type*>(arity, v));
  };
  std::vector<llvm::Value*> in;
  for (unsigned a = 0; a < arity; ++a) in.push_back(f->getArg(a));
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", f));
  llvm::Value* out = llvm::PoisonValue::get(vf);
  for (unsigned g = 0; g < lanes;) {
    const unsigned group = avx && lanes - g >= 4 ? 4 : lanes - g >= 2 ? 2 : 1;
    std::vector<llvm::Value*> call;
    if (group == 1) {
      for (auto* a : in) call.push_back(b.CreateExtractElement(a, g));
      out = b.CreateInsertElement(out, b.CreateCall(scalar, call), g);
      g += group;
      continue;
    }
    std::vector<int> part(group), widen(lanes, -1), merge(lanes);
    for (unsigned i = 0; i < group; ++i) part[i] = static_cast<int>(g + i), widen[g + i] = static_cast<int>(i);
    for (auto* a : in) call.push_back(b.CreateShuffleVector(a, part));
    auto* vg = llvm::FixedVectorType::get(f64, group);
    llvm::Value* r = nullptr;
    if (skip == Skip::Never) {
      r = b.CreateCall(by_value(group), call);
    } else {
      // skip: the group's lanes all zero exponents, or none needed
      llvm::Value* pass = skip == Skip::ZeroExponent ? b.CreateAndReduce(b.CreateFCmpOEQ(call[1], llvm::ConstantFP::get(vg, 0.0)))
                                                     : b.CreateNot(b.CreateOrReduce(b.CreateShuffleVector(f->getArg(arity), part)));
      auto* from = b.GetInsertBlock();
      auto* compute = llvm::BasicBlock::Create(ctx, "call", f);
      auto* join = llvm::BasicBlock::Create(ctx, "join", f);
      b.CreateCondBr(pass, join, compute);
      b.SetInsertPoint(compute);
      llvm::Value* called = b.CreateCall(by_value(group), call);
      b.CreateBr(join);
      b.SetInsertPoint(join);
      auto* phi = b.CreatePHI(vg, 2);
      phi->addIncoming(llvm::ConstantFP::get(vg, skip == Skip::ZeroExponent ? 1.0 : 0.0), from);
      phi->addIncoming(called, compute);
      r = phi;
    }
    // lanes g..g+group-1 from r, the others from what came before
    for (unsigned i = 0; i < lanes; ++i) merge[i] = static_cast<int>(i >= g && i < g + group ? lanes + i : i);
    out = b.CreateShuffleVector(out, b.CreateShuffleVector(r, widen), merge);
    g += group;
  }
  b.CreateRet(out);
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
  m.pow = lane_function(mod, "pow", 2, lanes, avx, m.scalar_pow, Skip::ZeroExponent);
  m.log_where = lane_function(mod, "log", 1, lanes, avx, m.scalar_log, Skip::Unneeded);
  m.erfc = lane_function(mod, "erfc", 1, lanes, avx, m.scalar_erfc);
  return m;
}

const MathSymbol* math_symbols(std::size_t& count) {
  static const std::vector<MathSymbol> all = symbols();
  count = all.size();
  return all.data();
}

}  // namespace sluice::codegen
