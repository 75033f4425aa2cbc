// A named stress (`sluice run --stress NAME`, sema's Model::stress), lowered
// into the deterministic inputs a base case already reads: a factor's path
// (a curve, a value, or the base case's path times a shock), a draw's value,
// a lessee's performing share and a pool's default or prepayment rate.
// Nothing else changes, so the interpreter and the JIT run a stress as they
// run any base case, to the same bits.
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {
const sema::ActiveStress::Line* stressed(const std::optional<sema::ActiveStress>& s,
                                         const std::map<EntityId, sema::ActiveStress::Line> sema::ActiveStress::*lines, EntityId id) {
  if (!s) return nullptr;
  auto it = ((*s).*lines).find(id);
  return it == ((*s).*lines).end() ? nullptr : &it->second;
}
}  // namespace

// A value a stress fixes: known before the run (numbers and params), as a
// correlation is.
int Lowerer::stress_constant(const ast::Expr& e) {
  if (!constant(e))
    fail(DiagCode::NotConstant, e.span, "a stress fixes a value before the run: use numbers and params, not factors, draws or the period");
  return expr(e);
}

// The factor under the stress, or as declared.
//   F = path(CURVE)             the curve at the months elapsed (F.start: at 0)
//   F = VALUE                   VALUE every period, and as F.start
//   F falls P over N months     the base case's F times (1 - P)^(min(m, N) / N),
//   F rises P over N months     (1 + P) for a rise, m the months elapsed at the
//                               period's end: linear in log over the window,
//                               then flat at (1 - P) times the base case.
int Lowerer::stressed_factor(EntityId id, M member) {
  const auto* line = stressed(m_.stress, &sema::ActiveStress::factors, id);
  if (!line) return factor_value(id, member);
  const bool at_start = member == M::Start || in_init_;
  const ast::StressItem& it = *line->item;
  if (it.kind == ast::StressKind::Fix) {
    if (line->curve) return curve_at(line->curve, at_start ? k(0) : ctx(ContextField::MonthsAtEnd));
    return stress_constant(*it.value);
  }
  int base = factor_value(id, member);
  if (at_start) return base;
  const double end = it.rises ? 1 + line->size : 1 - line->size;
  int months = ctx(ContextField::MonthsAtEnd);
  int within = emit(Op::Pow, k(end), div(months, k(line->months)));
  return mul(base, sel(emit(Op::Lt, months, k(line->months)), within, k(end)));
}

// A draw a stress fixes: its value in every scenario of the stressed run.
int Lowerer::stressed_draw(EntityId id) {
  const auto* line = stressed(m_.stress, &sema::ActiveStress::draws, id);
  return line ? stress_constant(*line->item->value) : draw_value(id);
}

// A lessee's default a stress fixes: performing (1) until the period that
// ends at or after the default's time, then defaulted (0) for good, as a
// random scenario's lessee that defaults in that period; `never`: 1. None
// when the stress leaves the lease alone.
std::optional<int> Lowerer::stressed_performing(EntityId id) {
  const auto* line = stressed(m_.stress, &sema::ActiveStress::defaults, id);
  if (!line) return std::nullopt;
  if (!line->item->value) return k(1);
  return sel(emit(Op::Lt, ctx(ContextField::MonthsAtEnd), k(line->months)), k(1), k(0));
}

// A pool's default or prepayment rate (`POOL default cdr(8%)`): the
// stress's convention and argument in place of the pool's own, read as the
// pool's are (lower_pools.cpp). The pool's argument, and its convention in
// `convention`, when the stress leaves the rate alone; null when the pool
// declares none.
const ast::Expr* Lowerer::stressed_rate(EntityId id, vocab::PropId p, vocab::Option& convention) {
  const auto* line = stressed(m_.stress, p == vocab::PropId::Prepayment ? &sema::ActiveStress::pool_prepayments : &sema::ActiveStress::pool_defaults, id);
  if (!line) {
    convention = option(id, p);
    return prop_expr(id, p);
  }
  convention = line->option;
  return line->rate;
}

}  // namespace sluice::ir
