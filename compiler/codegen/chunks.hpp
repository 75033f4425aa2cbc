// How the JIT cuts a straight-line program into functions (internal to
// codegen; no LLVM here). LLVM's code generator is superlinear in the size
// of one function and of one basic block (the machine scheduler, the
// SelectionDAG and the greedy register allocator), so one function holding
// a whole period of a deal with hundreds of triggers compiled in time
// quadratic in its triggers (500 triggers: ~20 s). Each chunk of at most
// about kChunkBudget weight becomes its own function, so compile time grows
// linearly with the program; see docs/performance.md, "Compile cost".
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ir/ir.hpp"

namespace sluice::codegen {

// A chunk's weight: roughly the LLVM instructions an IR instruction becomes
// with W lanes (a call lane by lane is W calls, a draw calls the generator).
inline constexpr std::size_t kChunkBudget = 1500;

struct ChunkPlan {
  struct Range {
    std::size_t begin = 0, end = 0;  // code[begin, end)
  };
  std::vector<Range> chunks;
  // Per register: its slot in the scratch buffer (W doubles each) when a
  // later chunk reads it and it cannot be recomputed there, else -1.
  std::vector<std::int32_t> slot;
  std::size_t slots = 0;
};

// Whether a register is recomputed where a later chunk needs it instead of
// passed through scratch: constants, the calendar, the state as the period
// opened (stores go to `next`, so `state` is read-only while a program
// runs) and the scenario flag.
bool rematerialized(ir::Op op);

// The register operands of `in` (op_arity of a, b, c).
std::vector<std::int32_t> operands(const ir::Instr& in);

// `hoisted` (if given): registers the kernel does not compute but reads
// from the period's row (codegen/calendar.hpp), so of no weight and
// recomputed (read again) wherever they are needed.
ChunkPlan plan_chunks(const ir::Program& p, unsigned lanes, std::size_t budget = kChunkBudget, const std::vector<char>* hoisted = nullptr);

}  // namespace sluice::codegen
