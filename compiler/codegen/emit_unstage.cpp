// sluice_unstage (emit_unstage.hpp). Loops whose code does not grow with
// the columns, fast as emitted (the kernel is not run through an optimizer
// that would unroll them). Where the lanes come in fours, four columns at a
// time: each group of four lanes of the four columns is transposed (unpacks
// and 128-bit permutes, the usual 4x4 transpose of doubles on AVX) and each
// lane's four cells stored at once, a quarter of the stores. The columns
// left over (and all of them at other lane counts) go a column at a time,
// each lane's cell stored alone, as every column went before
// (docs/performance.md, "The JIT's evaluation").
#include "codegen/emit_unstage.hpp"

#include <llvm/IR/IRBuilder.h>
#include <vector>

namespace sluice::codegen {

llvm::Function* emit_unstage(llvm::Module& mod, unsigned W) {
  auto& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* f64 = b.getDoubleTy();
  auto* i64 = b.getInt64Ty();
  auto* ptr = b.getPtrTy();
  llvm::Type* vf = W == 1 ? static_cast<llvm::Type*>(f64) : llvm::FixedVectorType::get(f64, W);
  auto* f = llvm::Function::Create(llvm::FunctionType::get(b.getVoidTy(), {ptr, ptr, i64, i64}, false), llvm::Function::InternalLinkage,
                                   "sluice_unstage", mod);
  f->setDoesNotThrow();
  f->addParamAttr(0, llvm::Attribute::NoAlias);
  f->addParamAttr(1, llvm::Attribute::NoAlias);
  auto arg = f->arg_begin();
  llvm::Value* staged = &*arg++;
  llvm::Value* rows = &*arg++;
  llvm::Value* stride = &*arg++;
  llvm::Value* columns = &*arg++;
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", f);
  auto* quad = llvm::BasicBlock::Create(ctx, "four_columns", f);
  auto* rest = llvm::BasicBlock::Create(ctx, "rest", f);
  auto* col = llvm::BasicBlock::Create(ctx, "column", f);
  auto* done = llvm::BasicBlock::Create(ctx, "done", f);
  b.SetInsertPoint(entry);
  std::vector<llvm::Value*> row(W);
  for (unsigned l = 0; l < W; ++l) row[l] = b.CreateInBoundsGEP(f64, rows, b.CreateMul(b.getInt64(l), stride));
  auto column_at = [&](llvm::Value* c) {
    return b.CreateAlignedLoad(vf, b.CreateInBoundsGEP(f64, staged, b.CreateMul(c, b.getInt64(W))), llvm::Align(8));
  };
  // The columns taken four at a time: none unless the lanes come in fours.
  llvm::Value* fours = W % 4 == 0 ? b.CreateAnd(columns, b.getInt64(~std::int64_t{3})) : static_cast<llvm::Value*>(b.getInt64(0));
  b.CreateCondBr(b.CreateICmpSGT(fours, b.getInt64(0)), quad, rest);

  b.SetInsertPoint(quad);
  if (W % 4 == 0) {
    auto* c = b.CreatePHI(i64, 2, "c");
    c->addIncoming(b.getInt64(0), entry);
    llvm::Value* v[4];
    for (unsigned j = 0; j < 4; ++j) v[j] = column_at(b.CreateAdd(c, b.getInt64(j)));
    auto part = [&](llvm::Value* x, unsigned g) { return b.CreateShuffleVector(x, {int(g), int(g + 1), int(g + 2), int(g + 3)}); };
    for (unsigned g = 0; g < W; g += 4) {
      llvm::Value *x0 = part(v[0], g), *x1 = part(v[1], g), *x2 = part(v[2], g), *x3 = part(v[3], g);
      llvm::Value* t0 = b.CreateShuffleVector(x0, x1, {0, 4, 2, 6});  // lanes 0 and 2 of columns c, c+1
      llvm::Value* t1 = b.CreateShuffleVector(x0, x1, {1, 5, 3, 7});  // lanes 1 and 3
      llvm::Value* t2 = b.CreateShuffleVector(x2, x3, {0, 4, 2, 6});  // of columns c+2, c+3
      llvm::Value* t3 = b.CreateShuffleVector(x2, x3, {1, 5, 3, 7});
      llvm::Value* lane_cols[4] = {b.CreateShuffleVector(t0, t2, {0, 1, 4, 5}), b.CreateShuffleVector(t1, t3, {0, 1, 4, 5}),
                                   b.CreateShuffleVector(t0, t2, {2, 3, 6, 7}), b.CreateShuffleVector(t1, t3, {2, 3, 6, 7})};
      for (unsigned i = 0; i < 4; ++i) b.CreateAlignedStore(lane_cols[i], b.CreateInBoundsGEP(f64, row[g + i], c), llvm::Align(8));
    }
    llvm::Value* c4 = b.CreateAdd(c, b.getInt64(4));
    c->addIncoming(c4, quad);
    b.CreateCondBr(b.CreateICmpSLT(c4, fours), quad, rest);
  } else {
    b.CreateBr(rest);  // never taken
  }

  // The rest, a column at a time.
  b.SetInsertPoint(rest);
  b.CreateCondBr(b.CreateICmpSLT(fours, columns), col, done);
  b.SetInsertPoint(col);
  auto* c = b.CreatePHI(i64, 2, "c");
  c->addIncoming(fours, rest);
  llvm::Value* v = column_at(c);
  for (unsigned l = 0; l < W; ++l) b.CreateStore(W == 1 ? v : b.CreateExtractElement(v, l), b.CreateInBoundsGEP(f64, row[l], c));
  llvm::Value* c1 = b.CreateAdd(c, b.getInt64(1));
  c->addIncoming(c1, col);
  b.CreateCondBr(b.CreateICmpSLT(c1, columns), col, done);
  b.SetInsertPoint(done);
  b.CreateRetVoid();
  return f;
}

}  // namespace sluice::codegen
