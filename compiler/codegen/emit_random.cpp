// The generator, emitted into the kernel: Philox4x32-10, the 53-bit uniform
// and Wichura's AS241 inverse normal as LLVM IR, step for step as
// runtime/random computes them, so a draw costs no call and the two back
// ends produce the same bits (the golden and Monte Carlo tests compare them).
// Only the tail of AS241 calls out, to libm's log, as the runtime does.
#include "codegen/emit_random.hpp"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>

namespace sluice::codegen {

namespace {

// AS241's coefficients, constant term first (as runtime/random/random.cpp).
const double kA[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
                      4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3};
const double kB[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                      2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3};
const double kC[8] = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
                      1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4};
const double kD[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                      1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9};
const double kE[8] = {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
                      2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7};
const double kF[8] = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                      7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15};

llvm::Value* horner(llvm::IRBuilder<>& b, const double (&c)[8], llvm::Value* x) {
  llvm::Value* v = llvm::ConstantFP::get(b.getDoubleTy(), c[7]);
  for (int i = 6; i >= 0; --i) v = b.CreateFAdd(b.CreateFMul(v, x), llvm::ConstantFP::get(b.getDoubleTy(), c[i]));
  return v;
}

// double unit(i64 seed, i64 scenario, i32 stream, i32 period)
llvm::Function* emit_unit(llvm::Module& mod) {
  auto& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* i32 = b.getInt32Ty();
  auto* i64 = b.getInt64Ty();
  auto* fty = llvm::FunctionType::get(b.getDoubleTy(), {i64, i64, i32, i32}, false);
  auto* f = llvm::Function::Create(fty, llvm::Function::InternalLinkage, "sluice_unit", mod);
  f->addFnAttr(llvm::Attribute::AlwaysInline);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", f));
  auto arg = f->arg_begin();
  llvm::Value* seed = &*arg++;
  llvm::Value* scenario = &*arg++;
  llvm::Value* stream = &*arg++;
  llvm::Value* period = &*arg++;
  llvm::Value* c[4] = {b.CreateTrunc(scenario, i32), b.CreateTrunc(b.CreateLShr(scenario, 32), i32), stream, period};
  llvm::Value* k[2] = {b.CreateTrunc(seed, i32), b.CreateTrunc(b.CreateLShr(seed, 32), i32)};
  // mulhilo32: the 64-bit product of two 32-bit words, split.
  auto mulhilo = [&](std::uint32_t m, llvm::Value* x, llvm::Value*& hi, llvm::Value*& lo) {
    llvm::Value* p = b.CreateMul(b.getInt64(m), b.CreateZExt(x, i64));
    lo = b.CreateTrunc(p, i32);
    hi = b.CreateTrunc(b.CreateLShr(p, 32), i32);
  };
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] = b.CreateAdd(k[0], b.getInt32(0x9E3779B9u));
      k[1] = b.CreateAdd(k[1], b.getInt32(0xBB67AE85u));
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
  llvm::Value* bits = b.CreateLShr(b.CreateOr(b.CreateShl(b.CreateZExt(c[1], i64), 32), b.CreateZExt(c[0], i64)), 11);
  llvm::Value* u = b.CreateFMul(b.CreateFAdd(b.CreateUIToFP(bits, b.getDoubleTy()), llvm::ConstantFP::get(b.getDoubleTy(), 0.5)),
                                llvm::ConstantFP::get(b.getDoubleTy(), 0x1p-53));
  b.CreateRet(u);
  return f;
}

// double inverse_normal(double p), for p strictly inside (0, 1).
llvm::Function* emit_inverse_normal(llvm::Module& mod, llvm::FunctionCallee log) {
  auto& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* f64 = b.getDoubleTy();
  auto* f = llvm::Function::Create(llvm::FunctionType::get(f64, {f64}, false), llvm::Function::InternalLinkage, "sluice_inverse_normal", mod);
  f->addFnAttr(llvm::Attribute::AlwaysInline);
  auto k = [&](double v) { return llvm::ConstantFP::get(f64, v); };
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", f);
  auto* central = llvm::BasicBlock::Create(ctx, "central", f);
  auto* tail = llvm::BasicBlock::Create(ctx, "tail", f);
  auto* near = llvm::BasicBlock::Create(ctx, "near", f);
  auto* far = llvm::BasicBlock::Create(ctx, "far", f);
  auto* sign = llvm::BasicBlock::Create(ctx, "sign", f);
  llvm::Value* p = &*f->arg_begin();
  b.SetInsertPoint(entry);
  llvm::Value* q = b.CreateFSub(p, k(0.5));
  b.CreateCondBr(b.CreateFCmpOLE(b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, q), k(0.425)), central, tail);

  b.SetInsertPoint(central);
  llvm::Value* r = b.CreateFSub(k(0.180625), b.CreateFMul(q, q));
  b.CreateRet(b.CreateFDiv(b.CreateFMul(q, horner(b, kA, r)), horner(b, kB, r)));

  b.SetInsertPoint(tail);
  llvm::Value* neg = b.CreateFCmpOLT(q, k(0));
  llvm::Value* side = b.CreateSelect(neg, p, b.CreateFSub(k(1), p));
  llvm::Value* rt = b.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, b.CreateFNeg(b.CreateCall(log, {side})));
  b.CreateCondBr(b.CreateFCmpOLE(rt, k(5)), near, far);

  b.SetInsertPoint(near);
  llvm::Value* x1 = b.CreateFSub(rt, k(1.6));
  llvm::Value* v1 = b.CreateFDiv(horner(b, kC, x1), horner(b, kD, x1));
  b.CreateBr(sign);
  b.SetInsertPoint(far);
  llvm::Value* x2 = b.CreateFSub(rt, k(5));
  llvm::Value* v2 = b.CreateFDiv(horner(b, kE, x2), horner(b, kF, x2));
  b.CreateBr(sign);

  b.SetInsertPoint(sign);
  auto* v = b.CreatePHI(f64, 2);
  v->addIncoming(v1, near);
  v->addIncoming(v2, far);
  b.CreateRet(b.CreateSelect(neg, b.CreateFNeg(v), v));
  return f;
}

}  // namespace

RandomFunctions emit_random(llvm::Module& mod, llvm::FunctionCallee log) {
  return {emit_unit(mod), emit_inverse_normal(mod, log)};
}

}  // namespace sluice::codegen
