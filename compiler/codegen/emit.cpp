// Each IR instruction becomes the LLVM instruction (or runtime call) that
// computes the same IEEE double as the interpreter's switch: comparisons
// and min/max as the C++ library writes them (NaN included), libm functions
// under private names so LLVM neither folds nor rewrites them, no fast-math
// flags anywhere (so no reassociation and no fused multiply-add).
#include "codegen/emit.hpp"

#include "codegen/emit_random.hpp"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <stdexcept>
#include <vector>

namespace sluice::codegen {

namespace {

using ir::Op;

struct Emitter {
  const ir::Module& m;
  llvm::LLVMContext& ctx;
  llvm::Module& mod;
  bool random;
  llvm::IRBuilder<> b;
  llvm::Type* f64;
  llvm::Type* i64;
  llvm::Type* i32;
  llvm::Type* ptr;
  llvm::Value *seed = nullptr, *scenario = nullptr, *rt = nullptr;
  RandomFunctions gen{};

  Emitter(const ir::Module& mm, llvm::LLVMContext& c, llvm::Module& md, bool r)
      : m(mm), ctx(c), mod(md), random(r), b(c), f64(b.getDoubleTy()), i64(b.getInt64Ty()), i32(b.getInt32Ty()), ptr(b.getPtrTy()) {}

  llvm::FunctionCallee fn(const char* name, llvm::Type* ret, std::vector<llvm::Type*> args) {
    auto callee = mod.getOrInsertFunction(name, llvm::FunctionType::get(ret, args, false));
    if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
      f->setDoesNotThrow();
    }
    return callee;
  }
  llvm::Value* k(double v) { return llvm::ConstantFP::get(f64, v); }
  llvm::Value* flag(llvm::Value* cond) { return b.CreateUIToFP(cond, f64); }  // i1 -> 1.0 / 0.0
  llvm::Value* truth(llvm::Value* v) { return b.CreateFCmpUNE(v, k(0)); }       // v != 0 (NaN is true)

  // The uniform of `stream` this period, computed inline (emit_random.cpp).
  llvm::Value* uniform(std::uint32_t stream, llvm::Value* period) {
    return b.CreateCall(gen.unit, {seed, scenario, b.getInt32(m.streams.at(stream).key), b.CreateTrunc(period, i32)});
  }

  // One straight-line program. `ctxrow` is null in `init` (Context reads 0).
  void program(const ir::Program& p, llvm::Value* period, llvm::Value* ctxrow, llvm::Value* out, llvm::Value* state, llvm::Value* next) {
    std::vector<llvm::Value*> reg(p.code.size(), nullptr);
    auto slot = [&](llvm::Value* base, std::uint32_t i) { return b.CreateConstInBoundsGEP1_64(f64, base, i); };
    for (std::size_t i = 0; i < p.code.size(); ++i) {
      const ir::Instr& in = p.code[i];
      auto A = [&] { return reg[static_cast<std::size_t>(in.a)]; };
      auto B = [&] { return reg[static_cast<std::size_t>(in.b)]; };
      auto call1 = [&](const char* name, llvm::Value* x) { return b.CreateCall(fn(name, f64, {f64}), {x}); };
      llvm::Value* r = k(0);
      switch (in.op) {
        case Op::Const: r = k(in.imm); break;
        case Op::Add: r = b.CreateFAdd(A(), B()); break;
        case Op::Sub: r = b.CreateFSub(A(), B()); break;
        case Op::Mul: r = b.CreateFMul(A(), B()); break;
        case Op::Div: r = b.CreateFDiv(A(), B()); break;
        case Op::Neg: r = b.CreateFNeg(A()); break;
        // std::min(a, b) is (b < a) ? b : a; std::max(a, b) is (a < b) ? b : a.
        case Op::Min: r = b.CreateSelect(b.CreateFCmpOLT(B(), A()), B(), A()); break;
        case Op::Max: r = b.CreateSelect(b.CreateFCmpOLT(A(), B()), B(), A()); break;
        case Op::Abs: r = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, A()); break;
        case Op::Pow: r = b.CreateCall(fn("sluice_libm_pow", f64, {f64, f64}), {A(), B()}); break;
        case Op::Exp: r = call1("sluice_libm_exp", A()); break;
        case Op::Log: r = call1("sluice_libm_log", A()); break;
        case Op::Sqrt: r = b.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, A()); break;  // correctly rounded, as sqrtsd
        case Op::NormCdf: r = call1("sluice_rt_normal_cdf", A()); break;
        case Op::Floor: r = b.CreateUnaryIntrinsic(llvm::Intrinsic::floor, A()); break;
        case Op::Lt: r = flag(b.CreateFCmpOLT(A(), B())); break;
        case Op::Le: r = flag(b.CreateFCmpOLE(A(), B())); break;
        case Op::Gt: r = flag(b.CreateFCmpOGT(A(), B())); break;
        case Op::Ge: r = flag(b.CreateFCmpOGE(A(), B())); break;
        case Op::Eq: r = flag(b.CreateFCmpOEQ(A(), B())); break;
        case Op::Ne: r = flag(b.CreateFCmpUNE(A(), B())); break;
        case Op::And: r = flag(b.CreateAnd(truth(A()), truth(B()))); break;
        case Op::Or: r = flag(b.CreateOr(truth(A()), truth(B()))); break;
        case Op::Not: r = flag(b.CreateFCmpOEQ(A(), k(0))); break;
        case Op::Select: r = b.CreateSelect(truth(A()), B(), reg[static_cast<std::size_t>(in.c)]); break;
        case Op::Load: r = b.CreateLoad(f64, slot(state, in.aux)); break;
        case Op::Store: b.CreateStore(A(), slot(next, in.aux)); break;
        case Op::Context: r = ctxrow ? static_cast<llvm::Value*>(b.CreateLoad(f64, slot(ctxrow, in.aux))) : k(0); break;
        case Op::Curve:
          r = b.CreateCall(fn("sluice_rt_curve", f64, {ptr, i32, f64}), {rt, b.getInt32(in.aux), A()});
          break;
        case Op::Normal: r = random ? static_cast<llvm::Value*>(b.CreateCall(gen.inverse_normal, {uniform(in.aux, period)})) : k(0); break;
        case Op::Uniform: r = random ? uniform(in.aux, period) : k(0.5); break;
        case Op::Scenario: r = k(random ? 1 : 0); break;
        case Op::Poisson:
          r = random ? static_cast<llvm::Value*>(b.CreateCall(fn("sluice_rt_poisson", f64, {f64, f64}), {A(), uniform(in.aux, period)}))
                     : k(0);
          break;
        case Op::Output: b.CreateStore(A(), slot(out, in.aux)); break;
        case Op::Check:
          b.CreateCall(fn("sluice_rt_check", b.getVoidTy(), {ptr, i32, i64, f64, f64}), {rt, b.getInt32(in.aux), period, A(), B()});
          break;
      }
      reg[i] = r;
    }
  }
};

}  // namespace

std::unique_ptr<llvm::Module> emit_module(const ir::Module& m, llvm::LLVMContext& ctx, bool random) {
  auto mod = std::make_unique<llvm::Module>("sluice." + m.deal_name, ctx);
  Emitter e(m, ctx, *mod, random);
  e.gen = emit_random(*mod, e.fn("sluice_libm_log", e.f64, {e.f64}));
  auto* fty = llvm::FunctionType::get(e.b.getVoidTy(), {e.i64, e.i64, e.ptr, e.i64, e.ptr, e.ptr, e.ptr, e.ptr, e.ptr}, false);
  auto* f = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, kScenarioFunction, *mod);
  auto arg = f->arg_begin();
  e.seed = &*arg++;
  e.scenario = &*arg++;
  llvm::Value* context = &*arg++;
  llvm::Value* periods = &*arg++;
  llvm::Value* init_out = &*arg++;
  llvm::Value* rows_out = &*arg++;
  llvm::Value* state = &*arg++;
  llvm::Value* next = &*arg++;
  e.rt = &*arg++;
  for (auto& a : f->args()) a.addAttr(llvm::Attribute::NoUndef);

  const std::uint64_t S = m.state.size(), C = m.columns.size(), F = static_cast<std::uint64_t>(ir::ContextField::kCount);
  auto& b = e.b;
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", f);
  auto* loop = llvm::BasicBlock::Create(ctx, "period", f);
  auto* done = llvm::BasicBlock::Create(ctx, "done", f);
  b.SetInsertPoint(entry);
  // init: state and next start at zero; init's stores become the opening state.
  if (S) {
    b.CreateMemSet(state, b.getInt8(0), S * 8, llvm::MaybeAlign(8));
    b.CreateMemSet(next, b.getInt8(0), S * 8, llvm::MaybeAlign(8));
  }
  e.program(m.init, b.getInt64(0), nullptr, init_out, state, next);
  if (S) b.CreateMemCpy(state, llvm::MaybeAlign(8), next, llvm::MaybeAlign(8), S * 8);
  b.CreateCondBr(b.CreateICmpSGE(periods, b.getInt64(1)), loop, done);

  // Period t = 1..T: next starts as a copy of state; stores land in next.
  b.SetInsertPoint(loop);
  auto* t = b.CreatePHI(e.i64, 2, "t");
  t->addIncoming(b.getInt64(1), entry);
  llvm::Value* index = b.CreateSub(t, b.getInt64(1));
  llvm::Value* row = b.CreateInBoundsGEP(e.f64, rows_out, b.CreateMul(index, b.getInt64(C)));
  llvm::Value* ctxrow = b.CreateInBoundsGEP(e.f64, context, b.CreateMul(index, b.getInt64(F)));
  if (C) b.CreateMemSet(row, b.getInt8(0), C * 8, llvm::MaybeAlign(8));
  if (S) b.CreateMemCpy(next, llvm::MaybeAlign(8), state, llvm::MaybeAlign(8), S * 8);
  e.program(m.step, t, ctxrow, row, state, next);
  if (S) b.CreateMemCpy(state, llvm::MaybeAlign(8), next, llvm::MaybeAlign(8), S * 8);
  llvm::Value* t1 = b.CreateAdd(t, b.getInt64(1));
  t->addIncoming(t1, b.GetInsertBlock());
  b.CreateCondBr(b.CreateICmpSLE(t1, periods), loop, done);

  b.SetInsertPoint(done);
  b.CreateRetVoid();

  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*mod, &os)) throw std::runtime_error("internal: the generated LLVM IR does not verify: " + os.str());
  return mod;
}

}  // namespace sluice::codegen
