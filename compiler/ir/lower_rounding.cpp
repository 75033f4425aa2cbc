// round, floor and ceil to a step, and mod (docs/language.md, "Rounding").
//
// One formula on doubles, the same in the interpreter and the JIT. With R
// the whole-number rounding (floor, ceil, or round: halves away from zero)
// and s > 0 the step, N = 1 / s (IEEE):
//   N a whole number below 2^53 (s = 0.01, 0.05, 0.5, 1):  R(x * N) / N
//   otherwise (s = 1000, 2.5, 0.3):                       R(x / s) * s
// then + 0, so a negative zero prints as 0. The first form makes
// round(x, 0.01 USD) the double nearest a whole number of cents over 100,
// the number a decimal printout shows; R(x / 0.01) * 0.01 would miss it by
// one unit in the last place about one time in seven (0.01 is inexact).
// A step fixed before the run is folded here (and a zero or negative one
// refused); one that changes is computed and checked in each period.
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {

constexpr double kTwo53 = 9007199254740992.0;  // past it every double is whole

// The value of register `r` if only constants feed it (a literal, a param,
// arithmetic on them), computed as the interpreter would.
std::optional<double> fold(const Program& p, int r, int depth = 0) {
  if (r < 0 || depth > 64) return std::nullopt;
  const Instr& in = p.code[static_cast<std::size_t>(r)];
  if (in.op == Op::Const) return in.imm;
  const bool binary = in.op == Op::Add || in.op == Op::Sub || in.op == Op::Mul || in.op == Op::Div;
  if (in.op != Op::Neg && !binary) return std::nullopt;
  const auto a = fold(p, in.a, depth + 1);
  if (!a) return std::nullopt;
  if (in.op == Op::Neg) return -*a;
  const auto b = fold(p, in.b, depth + 1);
  if (!b) return std::nullopt;
  const double x = *a, y = *b;
  switch (in.op) {
    case Op::Add: return x + y;
    case Op::Sub: return x - y;
    case Op::Mul: return x * y;
    default: return x / y;
  }
}

}  // namespace

int Lowerer::rounding(const ast::Expr& e, vocab::Function fn) {
  const std::string_view f = vocab::info(fn).name;  // for messages
  const ast::Expr& x_expr = *e.kids[1];
  const int x = expr(x_expr);
  if (fn == vocab::Function::Mod) {
    const ast::Expr& b_expr = *e.kids[2];
    const int b = expr(b_expr);
    if (auto v = fold(*prog_, b)) {
      if (!(std::fabs(*v) > 0)) fail(DiagCode::BadStep, b_expr.span, fmt::format("`mod` by {} has no value", *v));
    } else {
      mod_.checks.push_back(CheckInfo{"the divisor of `mod` is zero", b_expr.span, true, false, true});
      emit(Op::Check, sel(emit(Op::Gt, emit(Op::Abs, b), k(0)), k(0), k(1)), k(0), -1, static_cast<std::uint32_t>(mod_.checks.size() - 1));
    }
    return add(emit(Op::Mod, x, b), k(0));
  }
  const Op whole = fn == vocab::Function::Floor ? Op::Floor : fn == vocab::Function::Ceil ? Op::Ceil : Op::Round;
  if (e.kids.size() == 2) return add(emit(whole, x), k(0));  // a plain number to a whole one
  const ast::Expr& s_expr = *e.kids[2];
  const int s = expr(s_expr);
  if (auto v = fold(*prog_, s)) {
    if (!(*v > 0)) {
      diags_.error(DiagCode::BadStep, s_expr.span, fmt::format("the step of `{}` is {}, and it must be above zero", f, *v))
          .hints.push_back("the step is fixed before the run (a param or arithmetic on numbers): make it the unit to round to, such as 0.01 USD");
      throw LowerError{};
    }
    const double n = 1.0 / *v;
    if (n == 1.0) return add(emit(whole, x), k(0));
    if (std::floor(n) == n && n < kTwo53) return add(div(emit(whole, mul(x, k(n))), k(n)), k(0));
    return add(mul(emit(whole, div(x, s)), s), k(0));
  }
  // A step that changes: the same formula, both forms computed and the one
  // N picks selected; checked above zero in each period.
  mod_.checks.push_back(CheckInfo{fmt::format("the step of `{}` is not above zero", f), s_expr.span, true, false, true});
  emit(Op::Check, sel(emit(Op::Gt, s, k(0)), k(0), k(1)), k(0), -1, static_cast<std::uint32_t>(mod_.checks.size() - 1));
  const int n = div(k(1), s);
  const int by_n = emit(Op::And, emit(Op::Eq, emit(Op::Floor, n), n), emit(Op::Lt, n, k(kTwo53)));
  const int rounded = emit(whole, sel(by_n, mul(x, n), div(x, s)));
  return add(sel(by_n, div(rounded, n), mul(rounded, s)), k(0));
}

}  // namespace sluice::ir
