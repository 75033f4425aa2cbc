#include <fmt/format.h>

#include "ir/ir.hpp"

namespace sluice::ir {

const char* op_name(Op op) {
  switch (op) {
#define OP(name, arity, doc) \
  case Op::name:             \
    return #name;
#include "ir/ops.def"
#undef OP
  }
  return "?";
}

int op_arity(Op op) {
  switch (op) {
#define OP(name, arity, doc) \
  case Op::name:             \
    return arity;
#include "ir/ops.def"
#undef OP
  }
  return 0;
}

const char* context_name(ContextField f) {
  static const char* fixed[] = {"period_number", "year_fraction", "hours", "months", "months_at_start",
                                "months_at_end", "years_at_end", "is_last", "accrual_fraction"};
  static_assert(std::size(fixed) == static_cast<std::size_t>(ContextField::AccrualByDayCount));
  // One per day count, named from the calendar's own spelling
  // (`accrual_ACT/360`, `accrual_30/360_Bond_Basis`), so the two lists
  // cannot drift apart.
  static const std::vector<std::string> by_day_count = [] {
    std::vector<std::string> out;
    for (int k = 0; k < cal::kDayCounts; ++k) {
      std::string n = "accrual_" + std::string(cal::day_count_name(static_cast<cal::DayCount>(k)));
      for (char& c : n)
        if (c == ' ') c = '_';
      out.push_back(std::move(n));
    }
    return out;
  }();
  auto i = static_cast<std::size_t>(f);
  if (i < std::size(fixed)) return fixed[i];
  i -= std::size(fixed);
  return i < by_day_count.size() ? by_day_count[i].c_str() : "?";
}

static void print_program(std::string& out, const Module& m, const Program& p, const char* title,
                          const std::vector<Column>& cols) {
  out += fmt::format("{}:\n", title);
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const Instr& in = p.code[i];
    std::string args;
    int n = op_arity(in.op);
    const std::int32_t regs[] = {in.a, in.b, in.c};
    for (int k = 0; k < n; ++k) args += fmt::format("{}%{}", k ? ", " : " ", regs[k]);
    std::string note;
    switch (in.op) {
      case Op::Const: note = fmt::format(" {}", in.imm); break;
      case Op::Load:
      case Op::Store: note = fmt::format(" s{}  ; {}", in.aux, m.state.at(in.aux).name); break;
      case Op::Context: note = fmt::format(" {}", context_name(static_cast<ContextField>(in.aux))); break;
      case Op::Curve: note = fmt::format(" curve{}  ; {}", in.aux, m.curves.at(in.aux).name); break;
      case Op::Normal:
      case Op::Uniform:
      case Op::Poisson: note = fmt::format(" r{}  ; {}", in.aux, m.streams.at(in.aux).name); break;
      case Op::Output: note = fmt::format(" c{}  ; {}", in.aux, cols.at(in.aux).name); break;
      case Op::Check:
      case Op::CheckRange: note = fmt::format(" check{}  ; {}", in.aux, m.checks.at(in.aux).what); break;
      default: break;
    }
    out += fmt::format("  %{} = {}{}{}\n", i, op_name(in.op), args, note);
  }
}

std::string print(const Module& m) {
  std::string out = fmt::format("module \"{}\" ({})\n", m.deal_name, m.currency);
  out += fmt::format("state slots: {}\n", m.state.size());
  for (std::size_t i = 0; i < m.state.size(); ++i) out += fmt::format("  s{} {}\n", i, m.state[i].name);
  if (!m.curves.empty()) out += "curves:\n";
  for (const auto& c : m.curves) {
    out += fmt::format("  {}:", c.name);
    for (std::size_t i = 0; i < c.x.size(); ++i) out += fmt::format(" ({}, {})", c.x[i], c.y[i]);
    out += "\n";
  }
  if (!m.streams.empty()) out += "random streams:\n";
  for (std::size_t i = 0; i < m.streams.size(); ++i) out += fmt::format("  r{} {}\n", i, m.streams[i].name);
  print_program(out, m, m.init, "init", m.init_columns);
  print_program(out, m, m.step, "step", m.columns);
  return out;
}

}  // namespace sluice::ir
