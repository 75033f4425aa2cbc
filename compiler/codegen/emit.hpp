// IR -> LLVM IR (internal to codegen): one entry point per module,
//   void sluice_scenario(i64 seed, i64 first, ptr context, i64 periods,
//                        ptr init_out, ptr rows_out, ptr state, ptr next, ptr rt,
//                        ptr scratch, ptr row_sink, ptr sink_context)
// that runs `init` and then every period for scenarios first .. first+W-1
// (W lanes), as the interpreter's Machine does for one. Lane i writes its
// init columns at init_out + i x init columns and its period table at
// rows_out + i x periods x columns; or, where row_sink is not null, each
// period's staged row (column c of lane i at c x W + i) is handed to
//   void row_sink(ptr sink_context, i64 period from 0, ptr staged)
// as it is made, and no table is written (rows_out is not read). State and next hold W x slots doubles;
// rt points at W RuntimeContexts; scratch holds the doubles the exported
// constant i64 `sluice_scratch_doubles` says (values passed between the
// functions each program is cut into, codegen/chunks.hpp). `context` holds
// a row a period: its ContextField::kCount fields, then the exported i64
// `sluice_calendar_columns` values of the period alone (codegen/calendar.hpp)
// that
//   void sluice_calendar(ptr rows, i64 periods, ptr rt, ptr state, ptr next)
// writes after each row's fields, once, before any scenario runs (rt: one
// RuntimeContext; state and next: slots doubles each).
#pragma once
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <cstddef>
#include <memory>

#include "ir/ir.hpp"

namespace sluice::codegen {

inline constexpr const char* kScenarioFunction = "sluice_scenario";
inline constexpr const char* kScratchSize = "sluice_scratch_doubles";
inline constexpr const char* kCalendarFunction = "sluice_calendar";
inline constexpr const char* kCalendarColumns = "sluice_calendar_columns";

// `random`: a Monte Carlo scenario (draws from the generator) or the base
// case (every shock at its mean), fixed at compile time. `chunk_budget`:
// the weight of one function (codegen/chunks.hpp).
std::unique_ptr<llvm::Module> emit_module(const ir::Module& m, llvm::LLVMContext& ctx, bool random, unsigned lanes,
                                          std::size_t chunk_budget);

}  // namespace sluice::codegen
