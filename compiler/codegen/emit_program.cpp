// Emitter::program, the checks' rare path and the memos (emitter.hpp):
// how a program becomes chunk functions and the calls to them.
#include <llvm/IR/Constants.h>
#include <string>
#include <vector>

#include "codegen/emitter.hpp"

namespace sluice::codegen {

void Emitter::rare_check(llvm::Value* plain, const char* name, std::uint32_t check, llvm::Value* period, const std::vector<llvm::Value*>& args) {
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

llvm::Value* Emitter::memoized(std::size_t i, const std::vector<llvm::Value*>& args, const std::function<llvm::Value*()>& compute) {
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

void Emitter::program(const ir::Program& p, const char* name, llvm::Value* first, llvm::Value* period, llvm::Value* ctxrow, llvm::Value* state,
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

}  // namespace sluice::codegen
