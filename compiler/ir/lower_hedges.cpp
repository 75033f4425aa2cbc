// Hedges: an interest-rate swap (the deal pays `fixed`, receives `floating`)
// or a cap (the deal receives max(0, floating - strike)), on a notional read
// each period (docs/language.md, Hedges). Each period, with N the notional,
// f the floating rate and y the hedge's year fraction:
//
//   settlement S = (fixed - f) x N x y            (a swap; > 0: the deal pays)
//                = -max(0, f - strike) x N x y    (a cap: the deal only receives)
//   due          = max(0, S) (a cap: premium rate x N x y) + carried unpaid
//   receipts     = max(0, -S) + max(0, -V)        (into available funds)
//
// The first period its `terminate_on` condition holds, the hedge settles that
// period and terminates with the value V of the periods left (to its
// maturity or the horizon), a stated formula rather than a curve: the
// floating rate held at this period's f (a flat forward), on this period's
// notional, discounted at f per period:
//
//   annuity = sum_{j=1..n} y / (1 + f y)^j = y (1 - (1 + f y)^-n) / (f y)   (n y when f y = 0)
//   V       = (fixed - f) x N x annuity           (a swap; > 0: the deal owes it)
//           = -max(0, f - strike) x N x annuity   (a cap: its intrinsic value, to the deal)
//
// What the deal owes on termination is the claim `H.termination`, ranked
// where the waterfall pays it. Unpaid amounts carry, without interest, like
// a fee's.
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {
bool is_swap(Lowerer& L, EntityId id) { return L.prop_expr(id, P::Fixed) != nullptr; }

// The cap's premium when it is an annual rate on the notional (sema allowed
// a ratio or a rate per year); null when it is an amount at the close.
const ast::Expr* periodic_premium(Lowerer& L, EntityId id) {
  const ast::Expr* p = L.prop_expr(id, P::Premium);
  return p && !L.money_valued(*p) ? p : nullptr;
}
}  // namespace

int Lowerer::hedge_premium_at_close(EntityId id) {
  const ast::Expr* p = prop_expr(id, P::Premium);
  if (!p || periodic_premium(*this, id)) return k(0);
  return prop_in_domain(id, P::Premium, *p, expr(*p));
}

int Lowerer::hedge_value(EntityId id, M m) {
  auto& h = ent(id);
  const std::string& n = h.name;
  auto rate = [&](P p) {
    const ast::Expr* e = prop_expr(id, p);
    return prop_in_domain(id, p, *e, expr(*e));
  };
  switch (m) {
    case M::Active: {
      int live = sub(k(1), load(slot(n + ".terminated")));
      if (const ast::Expr* mt = prop_expr(id, P::Maturity))
        live = mul(live, emit(Op::Le, ctx(ContextField::MonthsAtEnd), prop_in_domain(id, P::Maturity, *mt, months_of(*mt))));
      return live;
    }
    case M::Notional: {
      const ast::Expr* e = prop_expr(id, P::Notional);
      return mul(value(id, M::Active), prop_in_domain(id, P::Notional, *e, expr(*e)));
    }
    case M::Settlement: {
      int f = rate(P::Floating);
      int ny = mul(value(id, M::Notional), accrual(id));
      if (is_swap(*this, id)) return mul(sub(rate(P::Fixed), f), ny);
      return emit(Op::Neg, mul(max(k(0), sub(f, rate(P::Strike))), ny));
    }
    case M::Terminated: {
      int before = load(slot(n + ".terminated"));
      const ast::Expr* c = prop_expr(id, P::TerminateOn);
      if (!c) return before;
      return emit(Op::Or, before, mul(value(id, M::Active), expr(*c)));
    }
    case M::TerminationValue: {
      if (!prop_expr(id, P::TerminateOn)) return k(0);
      int now = mul(value(id, M::Active), expr(*prop_expr(id, P::TerminateOn)));
      // Periods left after this one: to the horizon, or to the maturity.
      int left = sub(k(m_.deal.periods), ctx(ContextField::PeriodNumber));
      if (const ast::Expr* mt = prop_expr(id, P::Maturity))
        left = min(left, max(k(0), div(sub(prop_in_domain(id, P::Maturity, *mt, months_of(*mt)), ctx(ContextField::MonthsAtEnd)), k(m_.deal.months_per_period))));
      int f = rate(P::Floating);
      int y = accrual(id);
      int x = mul(f, y);
      int flat = emit(Op::Eq, x, k(0));
      // x is replaced by 1 where it is 0, so the branch not taken divides by no zero.
      int safe = sel(flat, k(1), x);
      int annuity = sel(flat, mul(left, y), div(mul(y, sub(k(1), emit(Op::Pow, add(k(1), safe), emit(Op::Neg, left)))), safe));
      int per_year = is_swap(*this, id) ? sub(rate(P::Fixed), f) : emit(Op::Neg, max(k(0), sub(f, rate(P::Strike))));
      int v = mul(mul(per_year, value(id, M::Notional)), annuity);
      return mul(now, v);
    }
    case M::Receipts:
      return add(max(k(0), emit(Op::Neg, value(id, M::Settlement))), max(k(0), emit(Op::Neg, value(id, M::TerminationValue))));
    case M::None:
    case M::Due: {
      int owed;
      if (is_swap(*this, id)) owed = max(k(0), value(id, M::Settlement));
      else if (const ast::Expr* p = periodic_premium(*this, id)) owed = mul(mul(prop_in_domain(id, P::Premium, *p, expr(*p)), value(id, M::Notional)), accrual(id));
      else owed = k(0);
      return add(owed, load(slot(n + ".carried")));
    }
    case M::TerminationDue: return add(max(k(0), value(id, M::TerminationValue)), load(slot(n + ".termination_carried")));
    case M::Paid:
    case M::TerminationPaid: {
      waterfall();
      auto it = paid_.find(ClaimKey{id, m == M::Paid ? M::None : M::Termination});
      return it == paid_.end() ? k(0) : it->second;
    }
    case M::Shortfall: return sub(value(id, M::Due), value(id, M::Paid));
    default: break;
  }
  fail(DiagCode::UnknownMember, h.span, fmt::format("internal: hedge member `{}`", vocab::word(m)));
}

// The period's close: columns, and what carries into the next period.
void Lowerer::close_hedge(EntityId id) {
  const std::string& n = ent(id).name;
  const std::string cur = m_.deal.currency;
  check(value(id, M::Due), k(1e300), fmt::format("hedge `{}` owes a finite amount", n), ent(id).span, true);
  check(value(id, M::Receipts), k(1e300), fmt::format("hedge `{}` pays a finite amount", n), ent(id).span, true);
  output(column(n + ".receipts", n, Role::Received, cur), value(id, M::Receipts));
  output(column(n + ".paid", n, Role::FeePaid, cur), value(id, M::Paid));
  if (prop_expr(id, P::TerminateOn)) {
    output(column(n + ".termination_paid", n + " term", Role::FeePaid, cur), value(id, M::TerminationPaid));
    output(column(n + ".terminated", "", Role::Trigger, "Bool"), value(id, M::Terminated));
    store(slot(n + ".termination_carried"), sub(value(id, M::TerminationDue), value(id, M::TerminationPaid)));
  }
  store(slot(n + ".carried"), value(id, M::Shortfall));
  store(slot(n + ".terminated"), value(id, M::Terminated));
}

}  // namespace sluice::ir
