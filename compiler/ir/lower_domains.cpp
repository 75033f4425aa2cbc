// Values against their domains (vocabulary/domains.hpp): the registry says
// what each property, option value and built-in argument may take. A value
// fixed before the run (numbers, params, --set) is checked here, once, and
// refused with E0304 at its expression; a value of factors, draws or state
// is checked where it is computed, by a CheckRange the engines hold exactly
// each time the program runs (E0902 at the expression, with the period and
// the value). NaN and the infinities lie outside every domain, so `0/0` as a
// coupon stops the deal instead of running as 0%. A check costs a compare
// of both bounds and a rarely taken branch: only values that vary get one.
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {

}  // namespace

// A value as a message shows it: NaN and the infinities by name (printf
// would say `-nan` on one engine and `nan` on another), a plain ratio in
// percent; a value with units is in base units, so only its sign is shown.
std::string shown(bool ratio, double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "infinite" : "minus infinite";
  if (ratio) return fmt::format("{:g}%", x * 100);
  if (x == 0) return "zero";
  return x < 0 ? "negative" : fmt::format("{:g} (in base units)", x);
}

void Lowerer::constant_in_domain(const ast::Expr& e, double c, vocab::Domain d, const std::string& what) {
  if (vocab::contains(d, c)) return;
  const vocab::DomainInfo& info = vocab::info(d);
  auto& diag = diags_.error(DiagCode::OutOfDomainValue, e.span, fmt::format("{} is {}, outside its domain {}: {}", what, shown(m_.type_of(e).dim.empty(), c), info.name, info.range));
  diag.hints.push_back(std::isnan(c) ? std::string("NaN is not a number: look for 0/0 in the value or in the params it reads")
                                     : d == vocab::Domain::Any ? std::string("write a finite number (docs/language.md, \"Domains\")")
                                                               : fmt::format("write a value {} (docs/language.md, \"Domains\")", info.range));
  throw LowerError{};
}

// The value of register v of the current program when every instruction it
// reads is a constant (numbers, params, --set folded); none when it reads
// state, a period fact, a curve or a draw. Read from the program itself, not
// from constant(), which takes a factor or a balance at its value at the
// close and so would call a value fixed that moves every period.
std::optional<double> Lowerer::folded(int v, std::map<int, std::optional<double>>& memo) {
  if (auto it = memo.find(v); it != memo.end()) return it->second;
  const Instr in = prog_->code.at(static_cast<std::size_t>(v));
  std::optional<double> a, b, c;
  const int n = op_arity(in.op);
  if (n >= 1 && !(a = folded(in.a, memo))) return memo[v] = std::nullopt;
  if (n >= 2 && !(b = folded(in.b, memo))) return memo[v] = std::nullopt;
  if (n >= 3 && !(c = folded(in.c, memo))) return memo[v] = std::nullopt;
  std::optional<double> r;
  switch (in.op) {
    case Op::Const: r = in.imm; break;
    case Op::Add: r = *a + *b; break;
    case Op::Sub: r = *a - *b; break;
    case Op::Mul: r = *a * *b; break;
    case Op::Div: r = *a / *b; break;
    case Op::Neg: r = -*a; break;
    case Op::Min: r = std::min(*a, *b); break;
    case Op::Max: r = std::max(*a, *b); break;
    case Op::Abs: r = std::fabs(*a); break;
    case Op::Pow: r = std::pow(*a, *b); break;
    case Op::Exp: r = std::exp(*a); break;
    case Op::Log: r = std::log(*a); break;
    case Op::Sqrt: r = std::sqrt(*a); break;
    case Op::Floor: r = std::floor(*a); break;
    case Op::Ceil: r = std::ceil(*a); break;
    case Op::Round: r = std::round(*a); break;
    case Op::Mod: r = spreadsheet_mod(*a, *b); break;
    case Op::Lt: r = *a < *b; break;
    case Op::Le: r = *a <= *b; break;
    case Op::Gt: r = *a > *b; break;
    case Op::Ge: r = *a >= *b; break;
    case Op::Eq: r = *a == *b; break;
    case Op::Ne: r = *a < *b || *a > *b; break;
    case Op::And: r = (*a != 0) && (*b != 0); break;
    case Op::Or: r = (*a != 0) || (*b != 0); break;
    case Op::Not: r = *a == 0; break;
    case Op::Select: r = *a != 0 ? *b : *c; break;
    default: r = std::nullopt; break;  // state, period facts, curves, draws, effects
  }
  return memo[v] = r;
}

int Lowerer::within_domain(const ast::Expr& e, int v, vocab::Domain d, const std::string& what) {
  if (folding_) return v;
  const vocab::DomainInfo& info = vocab::info(d);
  std::map<int, std::optional<double>> memo;
  if (auto c = folded(v, memo)) {
    constant_in_domain(e, *c, d, what);
    return v;
  }
  // One check per expression and program: a property lowered for several
  // members (a lease's rent and its collections) is the same value.
  if (!domain_checked_.insert({prog_, &e, d}).second) return v;
  // lo <= v and v <= hi, exactly; an open bound is the next double inside.
  // The unbounded side still holds v finite: a NaN or an infinity fails.
  constexpr double big = std::numeric_limits<double>::max();
  const double lo = std::isinf(info.lo) ? -big : info.lo_open ? std::nextafter(info.lo, big) : info.lo;
  const double hi = std::isinf(info.hi) ? big : info.hi;
  // Both bounds in one check: one compare of the two and one rarely taken
  // branch, where a check of each bound would cost the compile twice.
  CheckInfo ci{what, e.span, true};
  ci.domain = true;
  ci.range = d;
  ci.ratio = m_.type_of(e).dim.empty();
  check_range(k(lo), v, k(hi), std::move(ci));
  return v;
}

int Lowerer::prop_in_domain(EntityId id, P p, const ast::Expr& e, int v) {
  const auto construct = sema::construct_of(ent(id).kind);
  const vocab::PropertyInfo* info = construct ? vocab::property(*construct, p) : nullptr;
  if (!info) return v;
  return within_domain(e, v, info->domain, fmt::format("{} of `{}`", info->what, ent(id).name));
}

int Lowerer::option_in_domain(EntityId id, P p, vocab::Option o, const ast::Expr& e, int v) {
  return within_domain(e, v, vocab::domain(o), fmt::format("the `{}` of `{}`'s {}", vocab::word(o), ent(id).name, vocab::word(p)));
}

int Lowerer::param_in_domain(const ast::Expr& call, vocab::ParamId p, const ast::Expr& arg, int v) {
  if (!m_.sema(call).function) return v;
  for (const auto& row : vocab::params(*m_.sema(call).function))
    if (row.name == vocab::name(p))
      return within_domain(arg, v, row.domain, fmt::format("the `{}` of {}(...)", row.name, vocab::info(*m_.sema(call).function).name));
  return v;
}

}  // namespace sluice::ir
