// round, floor and ceil to a step, and mod: the step (or divisor) is in the
// value's own unit, so the result keeps that unit. The one-argument forms
// round a plain number to a whole number; a value with a unit needs its
// step written out (a whole number of USD is not a whole number of kUSD).
// A step written as a literal zero or below is refused here; lowering
// refuses any other constant one, and a step that changes during the run
// is checked in each period (docs/language.md, "Rounding").
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

namespace {

constexpr const char* kStepHint = "the step is what to round to, in the value's unit: 0.01 USD for cents, 1 gpu for whole GPUs";

// The value of a literal step (`0 USD`, `-1 gpu`), if it is one.
std::optional<double> literal_value(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Number) return e.value;
  if (e.kind == ast::ExprKind::Unary && e.op == ast::Operator::Neg && e.kids[0]->kind == ast::ExprKind::Number) return -e.kids[0]->value;
  return std::nullopt;
}

}  // namespace

Type Checker::check_rounding(const ast::Expr& e, const std::vector<Type>& args) {
  const std::string& f = e.kids[0]->text;
  const bool is_mod = m.sema(e).function == vocab::FunctionId::Mod;
  const std::size_t nargs = args.size();
  auto arg = [&](std::size_t i) -> const ast::Expr& { return *e.kids[i + 1]; };
  const std::string usage = is_mod ? "mod(a, b), b in a's unit: mod(months_elapsed, 12 months)"
                                   : fmt::format("{0}(x, step), the step in x's unit: {0}(x, 0.01 USD); or {0}(x) of a plain number", f);
  if (nargs < (is_mod ? 2u : 1u) || nargs > 2) {
    diags.error(DiagCode::BadCall, e.span, fmt::format("`{}` takes {}", f, is_mod ? "two arguments" : "one or two arguments"))
        .hints.push_back(fmt::format("usage: {}", usage));
    return set(e, Type::error());
  }
  for (std::size_t i = 0; i < nargs; ++i)
    if (!e.arg_names[i].empty()) {
      diags.error(DiagCode::BadCall, arg(i).span, fmt::format("`{}` takes its arguments in order, without names", f))
          .hints.push_back(fmt::format("usage: {}", usage));
      return set(e, Type::error());
    }
  const Type& x = args[0];
  if (!x.is_number()) {
    diags.error(DiagCode::WrongKind, arg(0).span, fmt::format("`{}` needs a number, not {}", f, describe(x)), describe(x));
    return set(e, Type::error());
  }
  if (nargs == 1) {
    if (!x.dim.empty()) {
      auto& d = diags.error(DiagCode::WrongUnit, arg(0).span,
                            fmt::format("`{}(x)` gives a whole number of a plain number, and x is {}", f, describe(x)), describe(x));
      d.hints.push_back(fmt::format("give the step in x's unit: {}(x, 1 {})", f, dim_text(x.dim)));
      return set(e, Type::error());
    }
    return set(e, x);
  }
  const Type& step = args[1];
  if (!(step == x)) {
    auto& d = diags.error(DiagCode::UnitMismatch, arg(1).span,
                          fmt::format("the {} of `{}` must be in the unit of {}: {}, not {}", is_mod ? "divisor" : "step", f,
                                      is_mod ? "the dividend" : "the value", describe(x), describe(step)),
                          describe(step));
    d.labels.push_back(Label{arg(0).span, describe(x), false});
    if (step.is_number() && !x.dim.empty())
      d.hints.push_back(fmt::format("write it in {}: {}({}, {} {})", dim_text(x.dim), f, ast::expr_to_string(arg(0)), is_mod ? "12" : "0.01", dim_text(x.dim)));
    return set(e, Type::error());
  }
  if (auto v = literal_value(arg(1)); v && (is_mod ? *v == 0 : *v <= 0)) {
    diags.error(DiagCode::BadStep, arg(1).span,
                is_mod ? fmt::format("`mod` by zero has no value") : fmt::format("the step of `{}` is {}, and it must be above zero", f, *v))
        .hints.push_back(kStepHint);
    return set(e, Type::error());
  }
  return set(e, x);
}

}  // namespace sluice::sema
