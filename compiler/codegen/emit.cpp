// The kernel (emit.hpp): sluice_scenario, which runs init and then every
// period for a block of W scenarios, each program lowered by the Emitter
// (emitter.hpp) into chunk functions it calls; and sluice_calendar, the
// values of the period alone, computed once before any scenario runs.
#include "codegen/emit.hpp"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <stdexcept>
#include <vector>

#include "codegen/calendar.hpp"
#include "codegen/chunks.hpp"
#include "codegen/emit_math.hpp"
#include "codegen/emit_random.hpp"
#include "codegen/emit_unstage.hpp"
#include "codegen/emitter.hpp"

namespace sluice::codegen {

namespace {

using ir::Op;

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
  auto* fty = llvm::FunctionType::get(e.b.getVoidTy(), {e.i64, e.i64, e.ptr, e.i64, e.ptr, e.ptr, e.ptr, e.ptr, e.ptr, e.ptr, e.ptr, e.ptr}, false);
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
  llvm::Value* row_sink = &*arg++;
  llvm::Value* sink_context = &*arg++;
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
  // The row goes to the sink as it is staged where there is one (a
  // streamed batch, exec::RowSink), else to the lanes' tables. (Not keyed
  // on rows_out: a deal without columns has an empty table, whose data
  // pointer may be null.)
  auto* to_table = llvm::BasicBlock::Create(ctx, "to_table", f);
  auto* to_sink = llvm::BasicBlock::Create(ctx, "to_sink", f);
  auto* latch = llvm::BasicBlock::Create(ctx, "next_period", f);
  b.CreateCondBr(b.CreateIsNotNull(row_sink), to_sink, to_table);
  b.SetInsertPoint(to_table);
  if (C) b.CreateCall(unstage, {scratch, b.CreateInBoundsGEP(e.f64, rows_out, b.CreateMul(index, b.getInt64(C))), table, b.getInt64(C)});
  b.CreateBr(latch);
  b.SetInsertPoint(to_sink);
  b.CreateCall(llvm::FunctionType::get(e.b.getVoidTy(), {e.ptr, e.i64, e.ptr}, false), row_sink, {sink_context, index, scratch});
  b.CreateBr(latch);
  b.SetInsertPoint(latch);
  llvm::Value* t1 = b.CreateAdd(t, b.getInt64(1));
  t->addIncoming(t1, latch);
  opening->addIncoming(closing, latch);
  closing->addIncoming(opening, latch);
  b.CreateCondBr(b.CreateICmpSLE(t1, periods), loop, done);

  b.SetInsertPoint(done);
  b.CreateRetVoid();

  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*mod, &os)) throw std::runtime_error("internal: the generated LLVM IR does not verify: " + os.str());
  return mod;
}

}  // namespace sluice::codegen
