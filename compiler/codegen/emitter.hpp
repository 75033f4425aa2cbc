// The Emitter (internal to codegen): an IR program lowered into LLVM
// functions, an instruction at a time. Each IR instruction becomes the
// LLVM instruction (or runtime call) that computes the same IEEE double as
// the interpreter's switch: comparisons and min/max as the C++ library
// writes them (NaN included), exp, log, pow and erfc as runtime/math's
// vector forms (emit_math.hpp) under private names so LLVM neither folds
// nor rewrites them, no fast-math flags anywhere (so no reassociation and
// no fused multiply-add).
//
// Lanes are scenarios: with W lanes every value is a vector of W doubles
// (structure of arrays: state slot s of lane i at state[s * W + i]), the
// waterfall's branches are already selects in the IR, and what has no
// vector form (round, mod, curves, Poisson counts) is done lane by lane; a
// check reaches the runtime only on the rare path where a lane is not
// plainly within it, in one call over the lanes. IEEE arithmetic is
// lane-wise, so each lane computes exactly what one scalar scenario would.
//
// Each program is cut into functions of bounded size (codegen/chunks.hpp),
// so that LLVM's compile time stays linear in the deal: instr() emits one
// instruction into the current chunk's function (emit_instr.cpp), and
// operand() finds a register another chunk computed; program(), the
// checks' rare path and the memos are in emit_program.cpp.
#pragma once
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>
#include <cstdint>
#include <functional>
#include <vector>

#include "codegen/chunks.hpp"
#include "codegen/emit_math.hpp"
#include "codegen/emit_random.hpp"
#include "ir/ir.hpp"

namespace sluice::codegen {

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
  void rare_check(llvm::Value* plain, const char* name, std::uint32_t check, llvm::Value* period, const std::vector<llvm::Value*>& args);

  // The memos (codegen/calendar.hpp, CalendarPlan::memo): in scratch from
  // memo_base, for each 4 x W doubles: the arguments' lanes (two at most),
  // the result's and a flag, 0 until the memo holds a result (the kernel
  // zeroes them for each block of scenarios).
  const std::vector<std::int32_t>* memo = nullptr;
  std::uint64_t memo_base = 0;
  // `compute`'s value, or the memo's result when every lane of every
  // argument has the bits it had when that was computed: the functions are
  // pure, so the lanes get the bits they would have got.
  llvm::Value* memoized(std::size_t i, const std::vector<llvm::Value*>& args, const std::function<llvm::Value*()>& compute);

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
  llvm::Value* operand(std::int32_t r);

  // One instruction of the current chunk; its result is stored to scratch
  // when a later chunk reads it.
  void instr(std::size_t i);

  // One straight-line program as a call to each of its chunks' functions,
  // emitted at the builder's point. A chunk function takes
  //   (i64 seed, i64 first, ptr rt, i64 period, ptr ctxrow, ptr state,
  //    ptr next, ptr scratch)
  // where `ctxrow` is null in `init` (Context reads 0 there). Outputs are
  // staged in scratch, column c's lanes at c x W, as one vector store each.
  void program(const ir::Program& p, const char* name, llvm::Value* first, llvm::Value* period, llvm::Value* ctxrow, llvm::Value* state,
               llvm::Value* next, llvm::Value* scratch, const ChunkPlan& chunks);

  llvm::Value *kernel_seed = nullptr, *kernel_rt = nullptr;
};

}  // namespace sluice::codegen
