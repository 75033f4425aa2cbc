#include "codegen/calendar.hpp"

#include "codegen/chunks.hpp"

namespace sluice::codegen {

namespace {

using ir::Op;

// Which registers of `p` are values of the period alone, given which slots are.
std::vector<char> period_only(const ir::Program& p, const std::vector<char>& slot) {
  std::vector<char> out(p.code.size(), 0);
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const ir::Instr& in = p.code[i];
    switch (in.op) {
      case Op::Const: case Op::Context: case Op::Scenario: out[i] = 1; break;
      case Op::Load: out[i] = in.aux < slot.size() && slot[in.aux]; break;
      // draws differ by lane; the inverse normal is the generator's, which
      // the calendar does not carry; the rest have effects, not values
      case Op::Normal: case Op::Uniform: case Op::Poisson: case Op::NormInv:
      case Op::Store: case Op::Output: case Op::Check: case Op::CheckRange:
        break;
      default: {
        bool all = true;
        for (std::int32_t r : operands(in)) all = all && out[static_cast<std::size_t>(r)];
        out[i] = all;
        break;
      }
    }
  }
  return out;
}

// Drops every slot that some store gives a value not of the period alone;
// returns whether any was dropped.
bool drop_slots(const ir::Program& p, const std::vector<char>& regs, std::vector<char>& slot) {
  bool dropped = false;
  for (const ir::Instr& in : p.code)
    if (in.op == Op::Store && in.aux < slot.size() && slot[in.aux] && !regs[static_cast<std::size_t>(in.a)]) {
      slot[in.aux] = 0;
      dropped = true;
    }
  return dropped;
}

// The registers and stores `p` must run to produce `wanted` and to keep the
// period-only slots: those stores and everything they and `wanted` read.
std::vector<char> needed(const ir::Program& p, const std::vector<char>& slot, std::vector<char> wanted) {
  for (std::size_t i = 0; i < p.code.size(); ++i)
    if (p.code[i].op == Op::Store && p.code[i].aux < slot.size() && slot[p.code[i].aux]) wanted[i] = 1;
  for (std::size_t i = p.code.size(); i-- > 0;)
    if (wanted[i])
      for (std::int32_t r : operands(p.code[i])) wanted[static_cast<std::size_t>(r)] = 1;
  return wanted;
}

}  // namespace

CalendarPlan plan_calendar(const ir::Module& m) {
  CalendarPlan c;
  // The largest set of slots consistent with its own stores: start from
  // every slot and drop those a store breaks until none does.
  c.slot.assign(m.state.size(), 1);
  do {
    c.init = period_only(m.init, c.slot);
    c.step = period_only(m.step, c.slot);
  } while (drop_slots(m.init, c.init, c.slot) | drop_slots(m.step, c.step, c.slot));
  const std::size_t n = m.step.code.size();
  c.hoisted.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const Op op = m.step.code[i].op;
    c.hoisted[i] = c.step[i] && op != Op::Const && op != Op::Context && op != Op::Scenario && op != Op::Load;
  }
  c.column.assign(n, -1);
  std::vector<char> wanted(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (c.hoisted[i]) continue;
    for (std::int32_t r : operands(m.step.code[i])) {
      const auto d = static_cast<std::size_t>(r);
      if (c.hoisted[d] && c.column[d] < 0) {
        c.column[d] = static_cast<std::int32_t>(c.columns++);
        wanted[d] = 1;
      }
    }
  }
  c.step_emit = needed(m.step, c.slot, wanted);
  // Values fixed for the scenario after init: constants and the slots the
  // step never stores, and what is built from them alone.
  std::vector<char> stored(m.state.size(), 0), fixed(n, 0);
  for (const ir::Instr& in : m.step.code)
    if (in.op == Op::Store && in.aux < stored.size()) stored[in.aux] = 1;
  c.memo.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    const ir::Instr& in = m.step.code[i];
    bool all_fixed = true, all_known = true;
    for (std::int32_t r : operands(in)) {
      const auto d = static_cast<std::size_t>(r);
      all_fixed = all_fixed && fixed[d];
      all_known = all_known && (fixed[d] || c.step[d]);
    }
    switch (in.op) {
      case Op::Const: case Op::Scenario: fixed[i] = 1; break;
      case Op::Load: fixed[i] = in.aux < stored.size() && !stored[in.aux]; break;
      case Op::Context: case Op::Normal: case Op::Uniform: case Op::Poisson: case Op::Store: case Op::Output: case Op::Check:
      case Op::CheckRange:
        break;
      case Op::Pow: case Op::Exp: case Op::Log: case Op::NormCdf:
        fixed[i] = all_fixed;
        if (all_known && !c.hoisted[i]) c.memo[i] = static_cast<std::int32_t>(c.memos++);
        break;
      default: fixed[i] = all_fixed; break;
    }
  }
  c.init_emit = needed(m.init, c.slot, std::vector<char>(m.init.code.size(), 0));
  return c;
}

}  // namespace sluice::codegen
