// The generator, emitted into the kernel: Philox4x32-10, the 53-bit uniform
// and Wichura's AS241 inverse normal as LLVM IR, step for step as
// runtime/random computes them (one function in the module that every draw
// calls), so a draw makes no call into the runtime and the two back
// ends produce the same bits (the golden and Monte Carlo tests compare them).
// Only the tail of AS241 calls out, to runtime/math's log over the lanes
// (emit_math.hpp), as the runtime calls math::log; and a Poisson count past
// a mean of 700 calls the runtime.
#include "codegen/emit_random.hpp"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>

#include "random/as241.hpp"

namespace sluice::codegen {

namespace {

using namespace rng::as241;  // the coefficients, one copy (random/as241.hpp)

llvm::Value* horner(llvm::IRBuilder<>& b, const double (&c)[8], llvm::Value* x) {
  llvm::Value* v = llvm::ConstantFP::get(x->getType(), c[7]);
  for (int i = 6; i >= 0; --i) v = b.CreateFAdd(b.CreateFMul(v, x), llvm::ConstantFP::get(x->getType(), c[i]));
  return v;
}

// Lanes of `t` (t itself for one lane).
llvm::Type* lanes_of(llvm::Type* t, unsigned w) { return w == 1 ? t : static_cast<llvm::Type*>(llvm::FixedVectorType::get(t, w)); }

// unit(i64 seed, scenario lanes, i32 stream, i32 period): Philox4x32-10 on
// each lane's counter, then the 53-bit uniform.
llvm::Function* emit_unit(llvm::Module& mod, unsigned w) {
  auto& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* i32 = b.getInt32Ty();
  auto* i64 = b.getInt64Ty();
  auto* v32 = lanes_of(i32, w);
  auto* v64 = lanes_of(i64, w);
  auto* vf = lanes_of(b.getDoubleTy(), w);
  auto* fty = llvm::FunctionType::get(vf, {i64, v64, i32, i32}, false);
  auto* f = llvm::Function::Create(fty, llvm::Function::InternalLinkage, "sluice_unit", mod);
  f->addFnAttr(llvm::Attribute::NoInline);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", f));
  auto arg = f->arg_begin();
  llvm::Value* seed = &*arg++;
  llvm::Value* scenario = &*arg++;
  llvm::Value* stream = &*arg++;
  llvm::Value* period = &*arg++;
  auto splat32 = [&](llvm::Value* x) { return w == 1 ? x : b.CreateVectorSplat(w, x); };
  auto c32 = [&](std::uint32_t x) { return splat32(b.getInt32(x)); };
  auto c64 = [&](std::uint64_t x) { return w == 1 ? static_cast<llvm::Value*>(b.getInt64(x)) : b.CreateVectorSplat(w, b.getInt64(x)); };
  llvm::Value* c[4] = {b.CreateTrunc(scenario, v32), b.CreateTrunc(b.CreateLShr(scenario, c64(32)), v32), splat32(stream), splat32(period)};
  llvm::Value* k[2] = {splat32(b.CreateTrunc(seed, i32)), splat32(b.CreateTrunc(b.CreateLShr(seed, 32), i32))};
  // mulhilo32: the 64-bit product of two 32-bit words, split.
  auto mulhilo = [&](std::uint32_t m, llvm::Value* x, llvm::Value*& hi, llvm::Value*& lo) {
    llvm::Value* p = b.CreateMul(c64(m), b.CreateZExt(x, v64));
    lo = b.CreateTrunc(p, v32);
    hi = b.CreateTrunc(b.CreateLShr(p, c64(32)), v32);
  };
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] = b.CreateAdd(k[0], c32(0x9E3779B9u));
      k[1] = b.CreateAdd(k[1], c32(0xBB67AE85u));
    }
    llvm::Value *hi0, *lo0, *hi1, *lo1;
    mulhilo(0xD2511F53u, c[0], hi0, lo0);
    mulhilo(0xCD9E8D57u, c[2], hi1, lo1);
    llvm::Value* n0 = b.CreateXor(b.CreateXor(hi1, c[1]), k[0]);
    llvm::Value* n2 = b.CreateXor(b.CreateXor(hi0, c[3]), k[1]);
    c[0] = n0;
    c[1] = lo1;
    c[2] = n2;
    c[3] = lo0;
  }
  // ((w1 << 32 | w0) >> 11 + 0.5) * 2^-53: strictly inside (0, 1).
  llvm::Value* bits = b.CreateLShr(b.CreateOr(b.CreateShl(b.CreateZExt(c[1], v64), c64(32)), b.CreateZExt(c[0], v64)), c64(11));
  llvm::Value* u = b.CreateFMul(b.CreateFAdd(b.CreateUIToFP(bits, vf), llvm::ConstantFP::get(vf, 0.5)), llvm::ConstantFP::get(vf, 0x1p-53));
  b.CreateRet(u);
  return f;
}

// inverse_normal(p lanes), p strictly inside (0, 1). One lane branches, as
// the runtime does; several lanes compute every region and select, which
// gives each lane the value its own branch would (selection changes no bits).
llvm::Function* emit_inverse_normal(llvm::Module& mod, const MathFunctions& math, unsigned w) {
  auto& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* vf = lanes_of(b.getDoubleTy(), w);
  auto* f = llvm::Function::Create(llvm::FunctionType::get(vf, {vf}, false), llvm::Function::InternalLinkage, "sluice_inverse_normal", mod);
  f->addFnAttr(llvm::Attribute::NoInline);
  auto k = [&](double v) { return llvm::ConstantFP::get(vf, v); };
  llvm::Value* p = &*f->arg_begin();
  llvm::Value* need = nullptr;  // several lanes: the lanes whose log is used
  auto lane_log = [&](llvm::Value* x) -> llvm::Value* {
    return need ? b.CreateCall(math.log_where, {x, need}) : b.CreateCall(math.log, {x});
  };
  auto central_value = [&](llvm::Value* q) {
    llvm::Value* r = b.CreateFSub(k(0.180625), b.CreateFMul(q, q));
    return b.CreateFDiv(b.CreateFMul(q, horner(b, kA, r)), horner(b, kB, r));
  };
  auto tail_root = [&](llvm::Value* q, llvm::Value*& neg) {
    neg = b.CreateFCmpOLT(q, k(0));
    llvm::Value* side = b.CreateSelect(neg, p, b.CreateFSub(k(1), p));
    return b.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, b.CreateFNeg(lane_log(side)));
  };
  auto near_value = [&](llvm::Value* rt) {
    llvm::Value* x = b.CreateFSub(rt, k(1.6));
    return b.CreateFDiv(horner(b, kC, x), horner(b, kD, x));
  };
  auto far_value = [&](llvm::Value* rt) {
    llvm::Value* x = b.CreateFSub(rt, k(5));
    return b.CreateFDiv(horner(b, kE, x), horner(b, kF, x));
  };
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", f);
  b.SetInsertPoint(entry);
  llvm::Value* q = b.CreateFSub(p, k(0.5));
  llvm::Value* is_central = b.CreateFCmpOLE(b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, q), k(0.425));
  if (w > 1) {
    // The tail only where some lane is in it (p outside [0.075, 0.925]: in
    // 73% of blocks of 8 lanes), its log only for the groups of lanes
    // (four with AVX) that have such a lane, and the far tail's
    // polynomials only where some lane is that far out (p < 1.4e-11).
    llvm::Value* central_v = central_value(q);
    auto* tail = llvm::BasicBlock::Create(ctx, "tail", f);
    auto* central_only = llvm::BasicBlock::Create(ctx, "central", f);
    b.CreateCondBr(b.CreateAndReduce(is_central), central_only, tail);
    b.SetInsertPoint(central_only);
    b.CreateRet(central_v);
    b.SetInsertPoint(tail);
    need = b.CreateNot(is_central);
    llvm::Value* neg = nullptr;
    llvm::Value* rt = tail_root(q, neg);
    llvm::Value* is_near = b.CreateFCmpOLE(rt, k(5));
    llvm::Value* near_v = near_value(rt);
    auto* far = llvm::BasicBlock::Create(ctx, "far", f);
    auto* sign = llvm::BasicBlock::Create(ctx, "sign", f);
    auto* from = b.GetInsertBlock();
    b.CreateCondBr(b.CreateAndReduce(is_near), sign, far);
    b.SetInsertPoint(far);
    llvm::Value* far_v = far_value(rt);
    b.CreateBr(sign);
    b.SetInsertPoint(sign);
    auto* other = b.CreatePHI(vf, 2);
    other->addIncoming(near_v, from);  // no lane is far: never selected
    other->addIncoming(far_v, far);
    llvm::Value* v = b.CreateSelect(is_near, near_v, other);
    v = b.CreateSelect(neg, b.CreateFNeg(v), v);
    b.CreateRet(b.CreateSelect(is_central, central_v, v));
    return f;
  }
  auto* central = llvm::BasicBlock::Create(ctx, "central", f);
  auto* tail = llvm::BasicBlock::Create(ctx, "tail", f);
  auto* near = llvm::BasicBlock::Create(ctx, "near", f);
  auto* far = llvm::BasicBlock::Create(ctx, "far", f);
  auto* sign = llvm::BasicBlock::Create(ctx, "sign", f);
  b.CreateCondBr(is_central, central, tail);
  b.SetInsertPoint(central);
  b.CreateRet(central_value(q));
  b.SetInsertPoint(tail);
  llvm::Value* neg = nullptr;
  llvm::Value* rt = tail_root(q, neg);
  b.CreateCondBr(b.CreateFCmpOLE(rt, k(5)), near, far);
  b.SetInsertPoint(near);
  llvm::Value* v1 = near_value(rt);
  b.CreateBr(sign);
  b.SetInsertPoint(far);
  llvm::Value* v2 = far_value(rt);
  b.CreateBr(sign);
  b.SetInsertPoint(sign);
  auto* v = b.CreatePHI(vf, 2);
  v->addIncoming(v1, near);
  v->addIncoming(v2, far);
  b.CreateRet(b.CreateSelect(neg, b.CreateFNeg(v), v));
  return f;
}

// poisson(mean lanes, u lanes, e lanes) -> lanes: rng::poisson's count at
// each lane's mean and uniform, e = exp(-mean) computed by the caller (once,
// splat, where the mean is the same in every lane). The inversion runs in
// every lane at once, each lane stepping as the runtime's loop does and
// stopping where it stops (a lane's p, cdf and k never depend on another
// lane), for as many rounds as its slowest lane needs; a block where some
// lane's mean is above 700 (the runtime's normal approximation) calls the
// runtime lane by lane instead. Before, every lane called the runtime,
// which computed exp(-mean) again in each (docs/performance.md).
llvm::Function* emit_poisson(llvm::Module& mod, unsigned w) {
  auto& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* f64 = b.getDoubleTy();
  auto* vf = lanes_of(f64, w);
  auto* f = llvm::Function::Create(llvm::FunctionType::get(vf, {vf, vf, vf}, false), llvm::Function::InternalLinkage, "sluice_poisson", mod);
  f->addFnAttr(llvm::Attribute::NoInline);
  auto arg = f->arg_begin();
  llvm::Value* mean = &*arg++;
  llvm::Value* u = &*arg++;
  llvm::Value* e = &*arg++;
  auto k = [&](double v) { return llvm::ConstantFP::get(vf, v); };
  auto any = [&](llvm::Value* c) { return w == 1 ? c : b.CreateOrReduce(c); };
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", f);
  auto* lanewise = llvm::BasicBlock::Create(ctx, "lanewise", f);
  auto* start = llvm::BasicBlock::Create(ctx, "start", f);
  auto* step = llvm::BasicBlock::Create(ctx, "step", f);
  auto* done = llvm::BasicBlock::Create(ctx, "done", f);
  b.SetInsertPoint(entry);
  b.CreateCondBr(any(b.CreateFCmpOGT(mean, k(700))), lanewise, start);

  b.SetInsertPoint(lanewise);
  auto rt = mod.getOrInsertFunction("sluice_rt_poisson", llvm::FunctionType::get(f64, {f64, f64}, false));
  llvm::Value* out = w == 1 ? nullptr : static_cast<llvm::Value*>(llvm::PoisonValue::get(vf));
  for (unsigned i = 0; i < w; ++i) {
    llvm::Value* r = b.CreateCall(rt, {w == 1 ? mean : b.CreateExtractElement(mean, i), w == 1 ? u : b.CreateExtractElement(u, i)});
    out = w == 1 ? r : b.CreateInsertElement(out, r, i);
  }
  b.CreateRet(out);

  // while (u > cdf && k < 100000) { k += 1; p *= mean / k; if (p == 0) break; cdf += p; }
  // with the lanes whose mean is not above 0 (NaN included) at 0 throughout.
  b.SetInsertPoint(start);
  llvm::Value* active0 = b.CreateAnd(b.CreateFCmpOGT(mean, k(0)), b.CreateFCmpOGT(u, e));
  b.CreateCondBr(any(active0), step, done);

  b.SetInsertPoint(step);
  auto* active = b.CreatePHI(active0->getType(), 2, "active");
  auto* count = b.CreatePHI(vf, 2, "k");
  auto* p = b.CreatePHI(vf, 2, "p");
  auto* cdf = b.CreatePHI(vf, 2, "cdf");
  llvm::Value* k1 = b.CreateFAdd(count, k(1));
  llvm::Value* p1 = b.CreateFMul(p, b.CreateFDiv(mean, k1));
  llvm::Value* more = b.CreateFCmpUNE(p1, k(0));  // p1 != 0
  llvm::Value* cdf1 = b.CreateFAdd(cdf, p1);
  llvm::Value* count1 = b.CreateSelect(active, k1, count);
  llvm::Value* p2 = b.CreateSelect(active, p1, p);
  llvm::Value* cdf2 = b.CreateSelect(b.CreateAnd(active, more), cdf1, cdf);
  llvm::Value* active1 = b.CreateAnd(b.CreateAnd(active, more), b.CreateAnd(b.CreateFCmpOGT(u, cdf1), b.CreateFCmpOLT(k1, k(100000))));
  active->addIncoming(active0, start);
  active->addIncoming(active1, step);
  count->addIncoming(k(0), start);
  count->addIncoming(count1, step);
  p->addIncoming(e, start);
  p->addIncoming(p2, step);
  cdf->addIncoming(e, start);
  cdf->addIncoming(cdf2, step);
  b.CreateCondBr(any(active1), step, done);

  b.SetInsertPoint(done);
  auto* result = b.CreatePHI(vf, 2, "count");
  result->addIncoming(k(0), start);
  result->addIncoming(count1, step);
  b.CreateRet(result);
  return f;
}

}  // namespace

RandomFunctions emit_random(llvm::Module& mod, const MathFunctions& math, unsigned lanes) {
  return {emit_unit(mod, lanes), emit_inverse_normal(mod, math, lanes), emit_poisson(mod, lanes)};
}

}  // namespace sluice::codegen
