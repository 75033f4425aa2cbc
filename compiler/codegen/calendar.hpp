// The values of a deal that depend on the period alone (internal to codegen;
// no LLVM here). A register built from constants, the calendar (Context),
// the scenario flag and state slots that themselves only ever take such
// values (a hazard that accrues a fixed rate each period, a schedule) is the
// same in every lane and in every scenario: a function of the period. The
// JIT computes those once per period, when the evaluator is made, with one
// scalar function (the "calendar", emit.cpp), and the kernel reads each one
// it needs from the period's row instead of computing it for every block of
// lanes. The kernel and the calendar make the same IEEE operations and the
// same runtime/math calls (the scalar form gives the bits of every lane of
// the vector form), so every lane gets the bits it got before.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ir/ir.hpp"

namespace sluice::codegen {

struct CalendarPlan {
  // Per state slot: whether every store to it, in init and in the step,
  // stores a value of the period alone (so the slot is one too).
  std::vector<char> slot;
  // Per register of init and of the step: a value of the period alone.
  std::vector<char> init, step;
  // Per step register: computed by the calendar rather than the kernel
  // (a value of the period alone that is not a constant, a context field,
  // the scenario flag or a load, which the kernel reads as cheaply itself).
  std::vector<char> hoisted;
  // Per step register: its column in the period's row after the context
  // fields, where the kernel reads it (a hoisted register some kernel
  // instruction uses), else -1.
  std::vector<std::int32_t> column;
  std::size_t columns = 0;
  // What the calendar function emits: the registers and stores of init and
  // the step that the hoisted columns and the period-only slots need.
  std::vector<char> init_emit, step_emit;
  // Per step register: its memo's index (else -1), for a call to exp, log,
  // pow or the normal CDF the kernel computes whose every argument is a
  // value of the period alone or fixed for the scenario once init has run
  // (built from constants and slots the step never stores, as a drawn
  // drift), e.g. (1 + drift)^(year fraction). Its arguments repeat in every
  // period whose calendar values repeat (every month of a 30/360 deal), and
  // the kernel then reuses the last result (emit_program.cpp).
  std::vector<std::int32_t> memo;
  std::size_t memos = 0;
};

CalendarPlan plan_calendar(const ir::Module& m);

}  // namespace sluice::codegen
