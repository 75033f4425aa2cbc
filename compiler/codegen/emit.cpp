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
// vector form (round, mod, curves, Poisson counts) is done lane by lane; a
// check reaches the runtime only on the rare path where a lane is not
// plainly within it, in one call over the lanes. IEEE arithmetic is lane-wise, so each lane computes exactly what one
// scalar scenario would.
//
// Each program is cut into functions of bounded size (codegen/chunks.hpp),
// so that LLVM's compile time stays linear in the deal: the switch below
// emits one instruction into the current chunk's function, and operand()
// finds a register another chunk computed.
#include "codegen/emit.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <stdexcept>
#include <vector>

#include "codegen/calendar.hpp"
#include "codegen/chunks.hpp"
#include "codegen/emit_math.hpp"
#include "codegen/emit_random.hpp"
#include "codegen/emit_unstage.hpp"

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
  // The current chunk function's seed, scenario lanes and runtime contexts.
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

  // A check's rare path: unless `plain` holds in every lane, a cold block
  // stores the operands' lanes to a stack area and calls the runtime's
  // `name` (rt, lanes, check, period, pointers to the lanes...) once, which
  // applies the exact rule lane by lane and records each lane's first
  // violation. One branch and one small block a check instruction: a block
  // of W extracts and W calls cost the code generator several times more.
  void rare_check(llvm::Value* plain, const char* name, std::uint32_t check, llvm::Value* period, const std::vector<llvm::Value*>& args) {
    std::vector<llvm::Type*> types{ptr, i32, i32, i64};
    types.resize(4 + args.size(), ptr);
    auto callee = fn(name, b.getVoidTy(), types);
    if (!fr.lanes_area) {
      llvm::IRBuilder<> eb(fr.entry->getTerminator());
      auto* area = eb.CreateAlloca(llvm::ArrayType::get(f64, 3 * W));
      area->setAlignment(llvm::Align(32));
      fr.lanes_area = area;
    }
    llvm::Value* all = W == 1 ? plain : b.CreateAndReduce(plain);
    llvm::Function* f = b.GetInsertBlock()->getParent();
    auto* slow = llvm::BasicBlock::Create(ctx, "check.slow", f);
    auto* cont = llvm::BasicBlock::Create(ctx, "check.cont", f);
    b.CreateCondBr(all, cont, slow);
    b.SetInsertPoint(slow);
    std::vector<llvm::Value*> call{rt, b.getInt32(W), b.getInt32(check), period};
    for (std::size_t j = 0; j < args.size(); ++j) {
      llvm::Value* at = b.CreateConstInBoundsGEP1_64(f64, fr.lanes_area, j * W);
      b.CreateAlignedStore(args[j], at, llvm::Align(8));
      call.push_back(at);
    }
    b.CreateCall(callee, call);
    b.CreateBr(cont);
    b.SetInsertPoint(cont);
  }

  // The memos (codegen/calendar.hpp, CalendarPlan::memo): in scratch from
  // memo_base, for each 4 x W doubles: the arguments' lanes (two at most),
  // the result's and a flag, 0 until the memo holds a result (the kernel
  // zeroes them for each block of scenarios).
  const std::vector<std::int32_t>* memo = nullptr;
  std::uint64_t memo_base = 0;
  // `compute`'s value, or the memo's result when every lane of every
  // argument has the bits it had when that was computed: the functions are
  // pure, so the lanes get the bits they would have got.
  llvm::Value* memoized(std::size_t i, const std::vector<llvm::Value*>& args, const std::function<llvm::Value*()>& compute) {
    if (!memo || (*memo)[i] < 0) return compute();
    llvm::Type* vi = W == 1 ? i64 : static_cast<llvm::Type*>(llvm::FixedVectorType::get(i64, W));
    const std::uint64_t site = memo_base + static_cast<std::uint64_t>((*memo)[i]) * 4 * W;
    auto at = [&](std::uint64_t j) { return b.CreateConstInBoundsGEP1_64(f64, fr.scratch, site + j * W); };
    llvm::Value* hit = b.CreateFCmpUNE(b.CreateLoad(f64, at(3)), llvm::ConstantFP::get(f64, 0.0));
    for (std::size_t j = 0; j < args.size(); ++j) {
      llvm::Value* same_bits = b.CreateICmpEQ(b.CreateBitCast(args[j], vi), b.CreateAlignedLoad(vi, at(j), llvm::Align(8)));
      hit = b.CreateAnd(hit, W == 1 ? same_bits : b.CreateAndReduce(same_bits));
    }
    llvm::Function* f = b.GetInsertBlock()->getParent();
    auto* fresh = llvm::BasicBlock::Create(ctx, "memo.compute", f);
    auto* reuse = llvm::BasicBlock::Create(ctx, "memo.reuse", f);
    auto* join = llvm::BasicBlock::Create(ctx, "memo.join", f);
    b.CreateCondBr(hit, reuse, fresh);
    b.SetInsertPoint(reuse);
    llvm::Value* old = b.CreateAlignedLoad(vf, at(2), llvm::Align(8));
    b.CreateBr(join);
    b.SetInsertPoint(fresh);
    llvm::Value* r = compute();
    for (std::size_t j = 0; j < args.size(); ++j) b.CreateAlignedStore(args[j], at(j), llvm::Align(8));
    b.CreateAlignedStore(r, at(2), llvm::Align(8));
    b.CreateStore(llvm::ConstantFP::get(f64, 1.0), at(3));
    llvm::BasicBlock* computed = b.GetInsertBlock();
    b.CreateBr(join);
    b.SetInsertPoint(join);
    auto* phi = b.CreatePHI(vf, 2);
    phi->addIncoming(old, reuse);
    phi->addIncoming(r, computed);
    return phi;
  }

  // The uniform of `stream` this period in every lane, computed inline.
  llvm::Value* uniform(std::uint32_t stream, llvm::Value* period) {
    return b.CreateCall(gen.unit, {seed, scenarios, b.getInt32(m.streams.at(stream).key), b.CreateTrunc(period, i32)});
  }

  // The chunk being emitted: its function's arguments and the registers it
  // has defined or fetched (reg[i], reset between chunks).
  struct Frame {
    llvm::Value *period = nullptr, *ctxrow = nullptr, *state = nullptr, *next = nullptr, *scratch = nullptr;
    llvm::BasicBlock* entry = nullptr;
    // The checks' stack area (3 x W doubles), made by the chunk's first check.
    llvm::Value* lanes_area = nullptr;
  } fr;
  // Where the spill slots start in scratch (doubles): after the staged
  // output row, W doubles a column.
  std::uint64_t spill_base = 0;
  llvm::Value* spill(llvm::IRBuilder<>& at, std::size_t i) {
    return at.CreateConstInBoundsGEP1_64(f64, fr.scratch, spill_base + static_cast<std::uint64_t>(plan->slot[i]) * W);
  }
  const ir::Program* prog = nullptr;
  const ChunkPlan* plan = nullptr;
  // The period's row: the context fields, then the calendar's columns
  // (codegen/calendar.hpp). In the kernel's step, `hoisted` registers are
  // not computed but read from their `column`; in the calendar, only the
  // `only` registers are emitted and each with a column is written there.
  static constexpr std::uint64_t kFields = static_cast<std::uint64_t>(ir::ContextField::kCount);
  const std::vector<char>* hoisted = nullptr;
  const std::vector<char>* only = nullptr;
  const std::vector<std::int32_t>* column = nullptr;
  llvm::Value* row_value(llvm::IRBuilder<>& at, std::size_t i) {
    llvm::Value* x = at.CreateLoad(f64, at.CreateConstInBoundsGEP1_64(f64, fr.ctxrow, kFields + static_cast<std::uint64_t>((*column)[i])));
    return W == 1 ? x : at.CreateVectorSplat(W, x);
  }
  std::vector<llvm::Value*> reg;
  std::vector<std::size_t> touched;
  // Whether a register holds the same value in every lane: constants, the
  // calendar, and pure functions of those (not state, draws or scenarios).
  std::vector<char> same;

  llvm::Value* slot(llvm::Value* base, std::uint32_t i) { return b.CreateConstInBoundsGEP1_64(f64, base, static_cast<std::uint64_t>(i) * W); }

  // Register r in the current chunk: defined here, or fetched once at the
  // chunk's entry, recomputed (constants, calendar, opening state) or
  // loaded from the scratch slot its own chunk stored it in.
  llvm::Value* operand(std::int32_t r) {
    const auto i = static_cast<std::size_t>(r);
    if (reg[i]) return reg[i];
    const ir::Instr& def = prog->code[i];
    llvm::IRBuilder<> eb(fr.entry->getTerminator());
    llvm::Value* v = k(0);
    if (hoisted && (*hoisted)[i]) {
      if ((*column)[i] < 0 || !fr.ctxrow) throw std::logic_error("internal: register " + std::to_string(r) + " is hoisted without a column");
      v = row_value(eb, i);
    } else if (plan->slot[i] >= 0) {
      v = eb.CreateAlignedLoad(vf, spill(eb, i), llvm::Align(8));
    } else {
      switch (def.op) {
        case Op::Const: v = k(def.imm); break;
        case Op::Scenario: v = k(random ? 1 : 0); break;
        case Op::Load:
          v = eb.CreateAlignedLoad(vf, eb.CreateConstInBoundsGEP1_64(f64, fr.state, static_cast<std::uint64_t>(def.aux) * W), llvm::Align(8));
          break;
        case Op::Context:
          if (fr.ctxrow) {
            llvm::Value* x = eb.CreateLoad(f64, eb.CreateConstInBoundsGEP1_64(f64, fr.ctxrow, def.aux));
            v = W == 1 ? x : eb.CreateVectorSplat(W, x);
          }
          break;
        default:
          if (!rematerialized(def.op)) throw std::logic_error("internal: register " + std::to_string(r) + " crosses chunks without a slot");
          break;  // no value: 0, as in its own chunk
      }
    }
    touched.push_back(i);
    return reg[i] = v;
  }

  // One instruction of the current chunk; its result is stored to scratch
  // when a later chunk reads it.
  void instr(std::size_t i) {
      if (hoisted && (*hoisted)[i]) {
        same[i] = 1;  // read from the row where it is used (operand)
        return;
      }
      if (only && !(*only)[i]) return;
      const ir::Instr& in = prog->code[i];
      llvm::Value* const period = fr.period;
      llvm::Value* const ctxrow = fr.ctxrow;
      llvm::Value* const state = fr.state;
      llvm::Value* const next = fr.next;
      llvm::Value* const staged = fr.scratch;  // the output row, column c at c x W
      auto A = [&] { return operand(in.a); };
      auto B = [&] { return operand(in.b); };
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
        case Op::Pow: r = memoized(i, {A(), B()}, [&] { return math_call(math.pow, math.scalar_pow, {A(), B()}, operands_same); }); break;
        case Op::Exp: r = memoized(i, {A()}, [&] { return math_call(math.exp, math.scalar_exp, {A()}, operands_same); }); break;
        case Op::Log: r = memoized(i, {A()}, [&] { return math_call(math.log, math.scalar_log, {A()}, operands_same); }); break;
        // Correctly rounded, as math::sqrt (the same instruction).
        case Op::Sqrt: r = canonical_nan(b.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, A())); break;
        // rng::normal_cdf step for step: 0.5 * erfc(-a * (1 / sqrt 2)).
        case Op::NormCdf:
          r = memoized(i, {A()}, [&] {
            return b.CreateFMul(k(0.5), math_call(math.erfc, math.scalar_erfc, {b.CreateFMul(b.CreateFNeg(A()), k(0.70710678118654752440))},
                                                  operands_same));
          });
          break;
        // rng::inverse_normal: -inf unless a > 0 (NaN included), +inf from 1
        // up, else AS241 (the generator's own function) at a; the edges are
        // selected, so the function only ever sees a lane inside (0, 1).
        case Op::NormInv: {
          llvm::Value* p = A();
          llvm::Value* low = b.CreateFCmpULE(p, k(0));
          llvm::Value* high = b.CreateFCmpOGE(p, k(1));
          llvm::Value* inside = b.CreateSelect(b.CreateOr(low, high), k(0.5), p);
          llvm::Value* v = b.CreateCall(gen.inverse_normal, {inside});
          r = b.CreateSelect(low, k(-std::numeric_limits<double>::infinity()), b.CreateSelect(high, k(std::numeric_limits<double>::infinity()), v));
          break;
        }
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
        case Op::Ne: r = flag(b.CreateFCmpONE(A(), B())); break;  // ordered, as the interpreter
        case Op::And: r = flag(b.CreateAnd(truth(A()), truth(B()))); break;
        case Op::Or: r = flag(b.CreateOr(truth(A()), truth(B()))); break;
        case Op::Not: r = flag(b.CreateFCmpOEQ(A(), k(0))); break;
        case Op::Select: r = b.CreateSelect(truth(A()), B(), operand(in.c)); break;
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
        // rng::poisson in the lanes (emit_random.hpp), exp(-mean) once and
        // splat where the mean is the same in every lane.
        case Op::Poisson:
          if (random) {
            llvm::Value* mean = A();
            llvm::Value* e = math_call(math.exp, math.scalar_exp, {b.CreateFNeg(mean)}, same_at(in.a));
            r = b.CreateCall(gen.poisson, {mean, uniform(in.aux, period), e});
          }
          break;
        case Op::Output:
          b.CreateAlignedStore(A(), slot(staged, in.aux), llvm::Align(8));  // the kernel copies it to each lane's row
          break;
        // a <= b (ordered) implies the tolerance holds, so the runtime is
        // called only when some lane is not plainly within: it applies the
        // tolerance and records the first violation.
        case Op::Check: {
          llvm::Value* a = A();
          llvm::Value* c = B();
          rare_check(b.CreateFCmpOLE(a, c), "sluice_rt_check", in.aux, period, {a, c});
          break;
        }
        // Both bounds in one compare and one branch (exec::in_range): a NaN
        // fails both ordered compares.
        case Op::CheckRange: {
          llvm::Value* lo = A();
          llvm::Value* v = B();
          llvm::Value* hi = operand(in.c);
          rare_check(b.CreateAnd(b.CreateFCmpOLE(lo, v), b.CreateFCmpOLE(v, hi)), "sluice_rt_range", in.aux, period, {lo, v, hi});
          break;
        }
      }
      reg[i] = r;
      touched.push_back(i);
      if (plan->slot[i] >= 0)
        b.CreateAlignedStore(r, spill(b, i), llvm::Align(8));
      if (only && column && (*column)[i] >= 0)  // the calendar: into the period's row
        b.CreateStore(r, b.CreateConstInBoundsGEP1_64(f64, ctxrow, kFields + static_cast<std::uint64_t>((*column)[i])));
      switch (in.op) {
        case Op::Load: case Op::Store: case Op::Output: case Op::Check: case Op::CheckRange: case Op::Normal: case Op::Uniform: case Op::Poisson: break;
        case Op::Const: case Op::Context: case Op::Scenario: same[i] = 1; break;
        default: same[i] = operands_same; break;
      }
  }

  // One straight-line program as a call to each of its chunks' functions,
  // emitted at the builder's point. A chunk function takes
  //   (i64 seed, i64 first, ptr rt, i64 period, ptr ctxrow, ptr state,
  //    ptr next, ptr scratch)
  // where `ctxrow` is null in `init` (Context reads 0 there). Outputs are
  // staged in scratch, column c's lanes at c x W, as one vector store each.
  void program(const ir::Program& p, const char* name, llvm::Value* first, llvm::Value* period, llvm::Value* ctxrow, llvm::Value* state,
               llvm::Value* next, llvm::Value* scratch, const ChunkPlan& chunks) {
    prog = &p;
    plan = &chunks;
    reg.assign(p.code.size(), nullptr);
    same.assign(p.code.size(), 0);
    touched.clear();
    auto* fty = llvm::FunctionType::get(b.getVoidTy(), {i64, i64, ptr, i64, ptr, ptr, ptr, ptr}, false);
    llvm::IRBuilderBase::InsertPoint caller = b.saveIP();
    for (std::size_t c = 0; c < chunks.chunks.size(); ++c) {
      auto* f = llvm::Function::Create(fty, llvm::Function::InternalLinkage, std::string("sluice_") + name + "." + std::to_string(c), mod);
      // Kept out of line: inlined back, the kernel would be one function again.
      f->addFnAttr(llvm::Attribute::NoInline);
      f->setDoesNotThrow();
      for (unsigned a : {4u, 5u, 6u, 7u}) f->addParamAttr(a, llvm::Attribute::NoAlias);  // separate buffers
      auto arg = f->arg_begin();
      seed = &*arg++;
      llvm::Value* lane0 = &*arg++;
      rt = &*arg++;
      fr.period = &*arg++;
      llvm::Value* ctx_arg = &*arg++;
      fr.state = &*arg++;
      fr.next = &*arg++;
      fr.scratch = &*arg++;
      fr.ctxrow = ctxrow ? ctx_arg : nullptr;
      fr.entry = llvm::BasicBlock::Create(ctx, "entry", f);
      fr.lanes_area = nullptr;
      auto* body = llvm::BasicBlock::Create(ctx, "body", f);
      b.SetInsertPoint(fr.entry);
      b.CreateBr(body);
      b.SetInsertPoint(fr.entry->getTerminator());
      // Lane i runs scenario first + i.
      if (W == 1) {
        scenarios = lane0;
      } else {
        std::vector<llvm::Constant*> offsets;
        for (unsigned i = 0; i < W; ++i) offsets.push_back(b.getInt64(i));
        scenarios = b.CreateAdd(b.CreateVectorSplat(W, lane0), llvm::ConstantVector::get(offsets));
      }
      b.SetInsertPoint(body);
      for (std::size_t i = chunks.chunks[c].begin; i < chunks.chunks[c].end; ++i) instr(i);
      b.CreateRetVoid();
      for (std::size_t i : touched) reg[i] = nullptr;
      touched.clear();
      b.restoreIP(caller);
      b.CreateCall(f, {kernel_seed, first, kernel_rt, period, ctxrow ? ctxrow : llvm::ConstantPointerNull::get(b.getPtrTy()), state, next, scratch});
      caller = b.saveIP();
    }
  }

  llvm::Value *kernel_seed = nullptr, *kernel_rt = nullptr;
};

// void sluice_calendar(ptr rows, i64 periods, ptr rt, ptr state, ptr next):
// init and then each period's step at one lane, only what the plan's
// columns and period-only slots need (codegen/calendar.hpp), writing each
// column into the period's row (rows + (t - 1) x (fields + columns), whose
// context fields the caller has filled). Run once per evaluator; one
// function a program, uncut: the calendar's part of a deal is small.
void emit_calendar(const ir::Module& m, llvm::LLVMContext& ctx, llvm::Module& mod, bool random, const CalendarPlan& cal) {
  Emitter e(m, ctx, mod, random, 1);
  e.math = emit_math(mod, 1);
  auto& b = e.b;
  auto* f = llvm::Function::Create(llvm::FunctionType::get(b.getVoidTy(), {e.ptr, e.i64, e.ptr, e.ptr, e.ptr}, false),
                                   llvm::Function::ExternalLinkage, kCalendarFunction, mod);
  auto arg = f->arg_begin();
  llvm::Value* rows = &*arg++;
  llvm::Value* periods = &*arg++;
  e.kernel_rt = &*arg++;
  llvm::Value* state = &*arg++;
  llvm::Value* next = &*arg++;
  e.kernel_seed = b.getInt64(0);
  llvm::Value* none = llvm::ConstantPointerNull::get(b.getPtrTy());
  auto one_chunk = [](const ir::Program& p) {
    ChunkPlan c;
    c.chunks.push_back({0, p.code.size()});
    c.slot.assign(p.code.size(), -1);
    return c;
  };
  const ChunkPlan init_plan = one_chunk(m.init), step_plan = one_chunk(m.step);
  const std::uint64_t S = m.state.size() * 8, F = Emitter::kFields + cal.columns;
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", f);
  auto* loop = llvm::BasicBlock::Create(ctx, "period", f);
  auto* done = llvm::BasicBlock::Create(ctx, "done", f);
  b.SetInsertPoint(entry);
  if (S) {
    b.CreateMemSet(state, b.getInt8(0), S, llvm::MaybeAlign(8));
    b.CreateMemSet(next, b.getInt8(0), S, llvm::MaybeAlign(8));
  }
  e.only = &cal.init_emit;
  e.program(m.init, "calendar_init", b.getInt64(0), b.getInt64(0), nullptr, state, next, none, init_plan);
  if (S) b.CreateMemCpy(state, llvm::MaybeAlign(8), next, llvm::MaybeAlign(8), S);
  b.CreateCondBr(b.CreateICmpSGE(periods, b.getInt64(1)), loop, done);
  b.SetInsertPoint(loop);
  auto* t = b.CreatePHI(e.i64, 2, "t");
  t->addIncoming(b.getInt64(1), entry);
  llvm::Value* ctxrow = b.CreateInBoundsGEP(e.f64, rows, b.CreateMul(b.CreateSub(t, b.getInt64(1)), b.getInt64(F)));
  e.only = &cal.step_emit;
  e.column = &cal.column;
  e.program(m.step, "calendar_step", b.getInt64(0), t, ctxrow, state, next, none, step_plan);
  if (S) b.CreateMemCpy(state, llvm::MaybeAlign(8), next, llvm::MaybeAlign(8), S);
  llvm::Value* t1 = b.CreateAdd(t, b.getInt64(1));
  t->addIncoming(t1, loop);
  b.CreateCondBr(b.CreateICmpSLE(t1, periods), loop, done);
  b.SetInsertPoint(done);
  b.CreateRetVoid();
  new llvm::GlobalVariable(mod, e.i64, true, llvm::GlobalValue::ExternalLinkage, b.getInt64(cal.columns), kCalendarColumns);
}

// The runs [begin, end) of output columns that no Output of `p` writes.
std::vector<std::pair<std::uint64_t, std::uint64_t>> unwritten_columns(const ir::Program& p, std::uint64_t columns) {
  std::vector<char> written(columns, 0);
  for (const ir::Instr& in : p.code)
    if (in.op == Op::Output && in.aux < columns) written[in.aux] = 1;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs;
  for (std::uint64_t c = 0; c < columns; ++c) {
    if (written[c]) continue;
    if (!runs.empty() && runs.back().second == c) ++runs.back().second;
    else runs.emplace_back(c, c + 1);
  }
  return runs;
}

}  // namespace

std::unique_ptr<llvm::Module> emit_module(const ir::Module& m, llvm::LLVMContext& ctx, bool random, unsigned lanes,
                                          std::size_t chunk_budget) {
  auto mod = std::make_unique<llvm::Module>("sluice." + m.deal_name, ctx);
  Emitter e(m, ctx, *mod, random, lanes);
  e.math = emit_math(*mod, lanes);
  e.gen = emit_random(*mod, e.math, lanes);
  auto* fty = llvm::FunctionType::get(e.b.getVoidTy(), {e.i64, e.i64, e.ptr, e.i64, e.ptr, e.ptr, e.ptr, e.ptr, e.ptr, e.ptr}, false);
  auto* f = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, kScenarioFunction, *mod);
  auto arg = f->arg_begin();
  e.kernel_seed = &*arg++;
  llvm::Value* first = &*arg++;
  llvm::Value* context = &*arg++;
  llvm::Value* periods = &*arg++;
  llvm::Value* init_out = &*arg++;
  llvm::Value* rows_out = &*arg++;
  llvm::Value* state = &*arg++;
  llvm::Value* next = &*arg++;
  e.kernel_rt = &*arg++;
  llvm::Value* scratch = &*arg++;
  for (auto& a : f->args()) a.addAttr(llvm::Attribute::NoUndef);

  // Each program cut into functions of bounded size (codegen/chunks.hpp).
  // Scratch holds the staged output row (W doubles a column) and then the
  // values that cross between the functions, init's and the step's in
  // turn, so it is as large as the larger.
  const CalendarPlan cal = plan_calendar(m);
  const ChunkPlan init_plan = plan_chunks(m.init, lanes, chunk_budget), step_plan = plan_chunks(m.step, lanes, chunk_budget, &cal.hoisted);
  const std::uint64_t S = m.state.size() * lanes, C = m.columns.size(), IC = m.init_columns.size();
  e.spill_base = std::max(C, IC) * lanes;
  e.memo_base = e.spill_base + std::max(init_plan.slots, step_plan.slots) * lanes;
  const std::uint64_t scratch_doubles = e.memo_base + cal.memos * 4 * lanes;
  new llvm::GlobalVariable(*mod, e.i64, true, llvm::GlobalValue::ExternalLinkage, e.b.getInt64(scratch_doubles), kScratchSize);
  llvm::Function* unstage = emit_unstage(*mod, lanes);
  emit_calendar(m, ctx, *mod, random, cal);

  // A period's row: the context fields, then the calendar's columns.
  const std::uint64_t F = Emitter::kFields + cal.columns;
  auto& b = e.b;
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", f);
  auto* loop = llvm::BasicBlock::Create(ctx, "period", f);
  auto* done = llvm::BasicBlock::Create(ctx, "done", f);
  b.SetInsertPoint(entry);
  // Lane i's tables: init columns at init_out + i IC, periods at rows_out + i T C.
  llvm::Value* table = b.CreateMul(periods, b.getInt64(C));
  // init: state and next start at zero; init's stores (into next) become
  // the opening state, copied into state so that both buffers hold it.
  if (S) {
    b.CreateMemSet(state, b.getInt8(0), S * 8, llvm::MaybeAlign(8));
    b.CreateMemSet(next, b.getInt8(0), S * 8, llvm::MaybeAlign(8));
  }
  if (IC) b.CreateMemSet(scratch, b.getInt8(0), IC * lanes * 8, llvm::MaybeAlign(8));
  if (cal.memos)  // these scenarios' memos hold nothing yet
    b.CreateMemSet(b.CreateConstInBoundsGEP1_64(e.f64, scratch, e.memo_base), b.getInt8(0), cal.memos * 4 * lanes * 8, llvm::MaybeAlign(8));
  e.program(m.init, "init", first, b.getInt64(0), nullptr, state, next, scratch, init_plan);
  if (IC) b.CreateCall(unstage, {scratch, init_out, b.getInt64(IC), b.getInt64(IC)});
  if (S) b.CreateMemCpy(state, llvm::MaybeAlign(8), next, llvm::MaybeAlign(8), S * 8);
  b.CreateCondBr(b.CreateICmpSGE(periods, b.getInt64(1)), loop, done);

  // Period t = 1..T reads the opening state from one buffer and stores the
  // closing state into the other, and the two swap roles each period, with
  // no copy: the step is straight-line code, so it stores the same slots
  // every period and overwrites them in full, and a slot it never stores
  // keeps init's value, which both buffers hold from here on. (A copy of
  // state into next before each period and back after it cost the flagship
  // a tenth of its evaluation: docs/performance.md.)
  b.SetInsertPoint(loop);
  auto* t = b.CreatePHI(e.i64, 2, "t");
  t->addIncoming(b.getInt64(1), entry);
  auto* opening = b.CreatePHI(e.ptr, 2, "opening");
  opening->addIncoming(state, entry);
  auto* closing = b.CreatePHI(e.ptr, 2, "closing");
  closing->addIncoming(next, entry);
  llvm::Value* index = b.CreateSub(t, b.getInt64(1));
  llvm::Value* ctxrow = b.CreateInBoundsGEP(e.f64, context, b.CreateMul(index, b.getInt64(F)));
  // The staged row: a column the step outputs is overwritten every period;
  // only the others (if any) must read 0, as the interpreter's zeroed row.
  for (const auto& [begin, end] : unwritten_columns(m.step, C))
    b.CreateMemSet(b.CreateConstInBoundsGEP1_64(e.f64, scratch, begin * lanes), b.getInt8(0), (end - begin) * lanes * 8, llvm::MaybeAlign(8));
  e.hoisted = &cal.hoisted;
  e.column = &cal.column;
  e.memo = &cal.memo;
  e.program(m.step, "step", first, t, ctxrow, opening, closing, scratch, step_plan);
  if (C) b.CreateCall(unstage, {scratch, b.CreateInBoundsGEP(e.f64, rows_out, b.CreateMul(index, b.getInt64(C))), table, b.getInt64(C)});
  llvm::Value* t1 = b.CreateAdd(t, b.getInt64(1));
  t->addIncoming(t1, loop);
  opening->addIncoming(closing, loop);
  closing->addIncoming(opening, loop);
  b.CreateCondBr(b.CreateICmpSLE(t1, periods), loop, done);

  b.SetInsertPoint(done);
  b.CreateRetVoid();

  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*mod, &os)) throw std::runtime_error("internal: the generated LLVM IR does not verify: " + os.str());
  return mod;
}

}  // namespace sluice::codegen
