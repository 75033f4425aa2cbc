// Emitter::instr and Emitter::operand (emitter.hpp): one IR instruction
// into the current chunk, and the registers it reads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <llvm/IR/Constants.h>
#include <llvm/IR/Intrinsics.h>
#include <stdexcept>
#include <string>
#include <vector>

#include "codegen/emitter.hpp"

namespace sluice::codegen {

using ir::Op;

llvm::Value* Emitter::operand(std::int32_t r) {
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

void Emitter::instr(std::size_t i) {
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

}  // namespace sluice::codegen
