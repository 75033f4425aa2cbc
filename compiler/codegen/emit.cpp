// Each IR instruction becomes the LLVM instruction (or runtime call) that
// computes the same IEEE double as the interpreter's switch: comparisons
// and min/max as the C++ library writes them (NaN included), exp, log, pow
// and erfc as runtime/math's vector forms (emit_math.hpp) under private
// names so LLVM neither folds nor rewrites them, no fast-math flags anywhere
// (so no reassociation and no fused multiply-add).
//
// Lanes are scenarios: with W lanes every value is a vector of W doubles
// (structure of arrays: state slot s of lane i at state[s * W + i]), the
// waterfall's branches are already selects in the IR, and what has no
// vector form (round, mod, curves, Poisson counts, checks, outputs) is done lane
// by lane (a check only on the rare path where a lane is not plainly
// within it). IEEE arithmetic is lane-wise, so each lane computes exactly
// what one scalar scenario would.
#include "codegen/emit.hpp"

#include <functional>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <stdexcept>
#include <vector>

#include "codegen/emit_math.hpp"
#include "codegen/emit_random.hpp"

namespace sluice::codegen {

namespace {

using ir::Op;

struct Emitter {
  const ir::Module& m;
  llvm::LLVMContext& ctx;
  llvm::Module& mod;
  bool random;
  unsigned W;
  llvm::IRBuilder<> b;
  llvm::Type *f64, *i64, *i32, *ptr, *vf;
  llvm::Value *seed = nullptr, *scenarios = nullptr, *rt = nullptr;
  RandomFunctions gen{};
  MathFunctions math{};

  Emitter(const ir::Module& mm, llvm::LLVMContext& c, llvm::Module& md, bool r, unsigned lanes)
      : m(mm), ctx(c), mod(md), random(r), W(lanes), b(c), f64(b.getDoubleTy()), i64(b.getInt64Ty()), i32(b.getInt32Ty()),
        ptr(b.getPtrTy()), vf(lanes == 1 ? f64 : static_cast<llvm::Type*>(llvm::FixedVectorType::get(f64, lanes))) {}

  llvm::FunctionCallee fn(const char* name, llvm::Type* ret, std::vector<llvm::Type*> args) {
    auto callee = mod.getOrInsertFunction(name, llvm::FunctionType::get(ret, args, false));
    if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) f->setDoesNotThrow();
    return callee;
  }
  llvm::Value* k(double v) { return llvm::ConstantFP::get(vf, v); }
  llvm::Value* flag(llvm::Value* cond) { return b.CreateUIToFP(cond, vf); }  // i1 lanes -> 1.0 / 0.0
  llvm::Value* truth(llvm::Value* v) { return b.CreateFCmpUNE(v, k(0)); }     // v != 0 (NaN is true)
  llvm::Value* lane(llvm::Value* v, unsigned i) { return W == 1 ? v : b.CreateExtractElement(v, i); }

  // Applies a scalar computation lane by lane and gathers the results.
  llvm::Value* per_lane(const std::vector<llvm::Value*>& args, const std::function<llvm::Value*(unsigned, std::vector<llvm::Value*>&)>& f) {
    llvm::Value* out = W == 1 ? nullptr : static_cast<llvm::Value*>(llvm::PoisonValue::get(vf));
    for (unsigned i = 0; i < W; ++i) {
      std::vector<llvm::Value*> scalars;
      for (auto* a : args) scalars.push_back(lane(a, i));
      llvm::Value* r = f(i, scalars);
      out = W == 1 ? r : b.CreateInsertElement(out, r, i);
    }
    return out;
  }
  // A libm or runtime function lane by lane; once, splat, when every
  // argument is the same in every lane (built from constants and the
  // period's calendar only), which gives each lane the same bits.
  llvm::Value* call_lanes(const char* name, std::vector<llvm::Value*> args, bool uniform = false) {
    std::vector<llvm::Type*> types(args.size(), f64);
    auto callee = fn(name, f64, types);
    if (uniform && W > 1) {
      std::vector<llvm::Value*> first;
      for (auto* a : args) first.push_back(lane(a, 0));
      return b.CreateVectorSplat(W, b.CreateCall(callee, first));
    }
    return per_lane(args, [&](unsigned, std::vector<llvm::Value*>& s) { return b.CreateCall(callee, s); });
  }

  // runtime/math's function over the lanes; the scalar form once, splat,
  // when every argument is the same in every lane (as call_lanes).
  llvm::Value* math_call(llvm::FunctionCallee lanes, llvm::FunctionCallee scalar, std::vector<llvm::Value*> args, bool uniform) {
    if (uniform && W > 1) {
      std::vector<llvm::Value*> first;
      for (auto* a : args) first.push_back(lane(a, 0));
      return b.CreateVectorSplat(W, b.CreateCall(scalar, first));
    }
    return b.CreateCall(lanes, args);
  }
  // A NaN becomes runtime/math's canonical quiet NaN, as math::sqrt returns
  // it (x86's sqrtsd gives a NaN with its sign set). In integers, so that no
  // floating-point fold can drop the select.
  llvm::Value* canonical_nan(llvm::Value* v) {
    llvm::Type* vi = W == 1 ? i64 : static_cast<llvm::Type*>(llvm::FixedVectorType::get(i64, W));
    llvm::Value* bits = b.CreateSelect(b.CreateFCmpUNO(v, v), llvm::ConstantInt::get(vi, 0x7ff8000000000000ULL), b.CreateBitCast(v, vi));
    return b.CreateBitCast(bits, vf);
  }

  // The uniform of `stream` this period in every lane, computed inline.
  llvm::Value* uniform(std::uint32_t stream, llvm::Value* period) {
    return b.CreateCall(gen.unit, {seed, scenarios, b.getInt32(m.streams.at(stream).key), b.CreateTrunc(period, i32)});
  }

  // One straight-line program. `ctxrow` is null in `init` (Context reads 0);
  // `out[i]` is lane i's output row.
  void program(const ir::Program& p, llvm::Value* period, llvm::Value* ctxrow, const std::vector<llvm::Value*>& out, llvm::Value* state,
               llvm::Value* next) {
    std::vector<llvm::Value*> reg(p.code.size(), nullptr);
    // Whether a register holds the same value in every lane: constants, the
    // calendar, and pure functions of those (not state, draws or scenarios).
    std::vector<char> same(p.code.size(), 0);
    auto slot = [&](llvm::Value* base, std::uint32_t i) { return b.CreateConstInBoundsGEP1_64(f64, base, static_cast<std::uint64_t>(i) * W); };
    for (std::size_t i = 0; i < p.code.size(); ++i) {
      const ir::Instr& in = p.code[i];
      auto A = [&] { return reg[static_cast<std::size_t>(in.a)]; };
      auto B = [&] { return reg[static_cast<std::size_t>(in.b)]; };
      auto same_at = [&](int r) { return r < 0 || same[static_cast<std::size_t>(r)] != 0; };
      const bool operands_same = same_at(in.a) && same_at(in.b) && (in.op != Op::Select || same_at(in.c));
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
        case Op::Pow: r = math_call(math.pow, math.scalar_pow, {A(), B()}, operands_same); break;
        case Op::Exp: r = math_call(math.exp, math.scalar_exp, {A()}, operands_same); break;
        case Op::Log: r = math_call(math.log, math.scalar_log, {A()}, operands_same); break;
        // Correctly rounded, as math::sqrt (the same instruction).
        case Op::Sqrt: r = canonical_nan(b.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, A())); break;
        // rng::normal_cdf step for step: 0.5 * erfc(-a * (1 / sqrt 2)).
        case Op::NormCdf:
          r = b.CreateFMul(k(0.5), math_call(math.erfc, math.scalar_erfc, {b.CreateFMul(b.CreateFNeg(A()), k(0.70710678118654752440))},
                                             operands_same));
          break;
        case Op::Floor: r = b.CreateUnaryIntrinsic(llvm::Intrinsic::floor, A()); break;
        case Op::Ceil: r = b.CreateUnaryIntrinsic(llvm::Intrinsic::ceil, A()); break;
        // std::round and the interpreter's mod, called: no lowering of
        // llvm.round to trust, and one definition of the sign rule.
        case Op::Round: r = call_lanes("sluice_libm_round", {A()}, operands_same); break;
        case Op::Mod: r = call_lanes("sluice_rt_mod", {A(), B()}, operands_same); break;
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
        case Op::Load: r = b.CreateAlignedLoad(vf, slot(state, in.aux), llvm::Align(8)); break;
        case Op::Store: b.CreateAlignedStore(A(), slot(next, in.aux), llvm::Align(8)); break;
        case Op::Context:
          if (ctxrow) {
            llvm::Value* x = b.CreateLoad(f64, b.CreateConstInBoundsGEP1_64(f64, ctxrow, in.aux));
            r = W == 1 ? x : b.CreateVectorSplat(W, x);
          }
          break;
        case Op::Curve: {
          auto callee = fn("sluice_rt_curve", f64, {ptr, i32, f64});
          if (operands_same && W > 1)
            r = b.CreateVectorSplat(W, b.CreateCall(callee, {rt, b.getInt32(in.aux), lane(A(), 0)}));
          else
            r = per_lane({A()}, [&](unsigned, std::vector<llvm::Value*>& s) { return b.CreateCall(callee, {rt, b.getInt32(in.aux), s[0]}); });
          break;
        }
        case Op::Normal: r = random ? static_cast<llvm::Value*>(b.CreateCall(gen.inverse_normal, {uniform(in.aux, period)})) : k(0); break;
        case Op::Uniform: r = random ? uniform(in.aux, period) : k(0.5); break;
        case Op::Scenario: r = k(random ? 1 : 0); break;
        case Op::Poisson: r = random ? call_lanes("sluice_rt_poisson", {A(), uniform(in.aux, period)}) : k(0); break;
        case Op::Output:
          for (unsigned l = 0; l < W; ++l) b.CreateStore(lane(A(), l), b.CreateConstInBoundsGEP1_64(f64, out[l], in.aux));
          break;
        case Op::Check: {
          // a <= b (ordered) implies the tolerance holds, so the runtime is
          // called, lane by lane, only when some lane is not plainly within:
          // it applies the exact rule and records the first violation.
          auto callee = fn("sluice_rt_check", b.getVoidTy(), {ptr, i32, i32, i64, f64, f64});
          llvm::Value* plain = b.CreateFCmpOLE(A(), B());
          llvm::Value* all = W == 1 ? plain : b.CreateAndReduce(plain);
          llvm::Function* f = b.GetInsertBlock()->getParent();
          auto* slow = llvm::BasicBlock::Create(ctx, "check.slow", f);
          auto* cont = llvm::BasicBlock::Create(ctx, "check.cont", f);
          b.CreateCondBr(all, cont, slow);
          b.SetInsertPoint(slow);
          per_lane({A(), B()}, [&](unsigned l, std::vector<llvm::Value*>& s) -> llvm::Value* {
            b.CreateCall(callee, {rt, b.getInt32(l), b.getInt32(in.aux), period, s[0], s[1]});
            return llvm::ConstantFP::get(f64, 0);
          });
          b.CreateBr(cont);
          b.SetInsertPoint(cont);
          break;
        }
      }
      reg[i] = r;
      switch (in.op) {
        case Op::Load: case Op::Store: case Op::Output: case Op::Check: case Op::Normal: case Op::Uniform: case Op::Poisson: break;
        case Op::Const: case Op::Context: case Op::Scenario: same[i] = 1; break;
        default: same[i] = operands_same; break;
      }
    }
  }
};

}  // namespace

std::unique_ptr<llvm::Module> emit_module(const ir::Module& m, llvm::LLVMContext& ctx, bool random, unsigned lanes) {
  auto mod = std::make_unique<llvm::Module>("sluice." + m.deal_name, ctx);
  Emitter e(m, ctx, *mod, random, lanes);
  e.math = emit_math(*mod, lanes);
  e.gen = emit_random(*mod, e.math.log, lanes);
  auto* fty = llvm::FunctionType::get(e.b.getVoidTy(), {e.i64, e.i64, e.ptr, e.i64, e.ptr, e.ptr, e.ptr, e.ptr, e.ptr}, false);
  auto* f = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, kScenarioFunction, *mod);
  auto arg = f->arg_begin();
  e.seed = &*arg++;
  llvm::Value* first = &*arg++;
  llvm::Value* context = &*arg++;
  llvm::Value* periods = &*arg++;
  llvm::Value* init_out = &*arg++;
  llvm::Value* rows_out = &*arg++;
  llvm::Value* state = &*arg++;
  llvm::Value* next = &*arg++;
  e.rt = &*arg++;
  for (auto& a : f->args()) a.addAttr(llvm::Attribute::NoUndef);

  const std::uint64_t S = m.state.size() * lanes, C = m.columns.size(), IC = m.init_columns.size();
  const std::uint64_t F = static_cast<std::uint64_t>(ir::ContextField::kCount);
  auto& b = e.b;
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", f);
  auto* loop = llvm::BasicBlock::Create(ctx, "period", f);
  auto* done = llvm::BasicBlock::Create(ctx, "done", f);
  b.SetInsertPoint(entry);
  // Lane i runs scenario first + i.
  if (lanes == 1) {
    e.scenarios = first;
  } else {
    std::vector<llvm::Constant*> offsets;
    for (unsigned i = 0; i < lanes; ++i) offsets.push_back(b.getInt64(i));
    e.scenarios = b.CreateAdd(b.CreateVectorSplat(lanes, first), llvm::ConstantVector::get(offsets));
  }
  // Lane i's tables: init columns at init_out + i IC, periods at rows_out + i T C.
  llvm::Value* table = b.CreateMul(periods, b.getInt64(C));
  std::vector<llvm::Value*> init_rows, lane_rows;
  for (unsigned i = 0; i < lanes; ++i) {
    init_rows.push_back(b.CreateConstInBoundsGEP1_64(e.f64, init_out, i * IC));
    lane_rows.push_back(b.CreateInBoundsGEP(e.f64, rows_out, b.CreateMul(table, b.getInt64(i))));
  }
  // init: state and next start at zero; init's stores become the opening state.
  if (S) {
    b.CreateMemSet(state, b.getInt8(0), S * 8, llvm::MaybeAlign(8));
    b.CreateMemSet(next, b.getInt8(0), S * 8, llvm::MaybeAlign(8));
  }
  e.program(m.init, b.getInt64(0), nullptr, init_rows, state, next);
  if (S) b.CreateMemCpy(state, llvm::MaybeAlign(8), next, llvm::MaybeAlign(8), S * 8);
  llvm::BasicBlock* before_loop = b.GetInsertBlock();  // init's checks may have split the entry block
  b.CreateCondBr(b.CreateICmpSGE(periods, b.getInt64(1)), loop, done);

  // Period t = 1..T: next starts as a copy of state; stores land in next.
  b.SetInsertPoint(loop);
  auto* t = b.CreatePHI(e.i64, 2, "t");
  t->addIncoming(b.getInt64(1), before_loop);
  llvm::Value* index = b.CreateSub(t, b.getInt64(1));
  llvm::Value* offset = b.CreateMul(index, b.getInt64(C));
  std::vector<llvm::Value*> rows;
  for (unsigned i = 0; i < lanes; ++i) {
    rows.push_back(b.CreateInBoundsGEP(e.f64, lane_rows[i], offset));
    if (C) b.CreateMemSet(rows.back(), b.getInt8(0), C * 8, llvm::MaybeAlign(8));
  }
  llvm::Value* ctxrow = b.CreateInBoundsGEP(e.f64, context, b.CreateMul(index, b.getInt64(F)));
  if (S) b.CreateMemCpy(next, llvm::MaybeAlign(8), state, llvm::MaybeAlign(8), S * 8);
  e.program(m.step, t, ctxrow, rows, state, next);
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
