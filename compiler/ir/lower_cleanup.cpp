// A pool's clean-up call (`clean_up_call 10%`): the servicer buys the pool
// back at par, its outstanding balance after the period's collections, in
// the first period that balance is at or below the share of the pool's
// balance at the start (the cut-off). The price joins the period's
// collections, the pool closes at zero, and every tranche's principal is
// due in full that period (lower_claims.cpp), so the waterfall pays the
// notes off from the price. Recoveries of earlier defaults still in the
// pipeline (in foreclosure) keep arriving: the servicer buys the
// performing receivables.
//
// (Also here, as the other term-sheet addition to lowering: a note's own
// `day_count`, read from the schedule's accrual fractions.)
//
// The pool's own members come from pool_value (lower_pools.cpp), untouched;
// this file only overrides what the call changes: `end_balance` and
// `collections`, and adds `called` and `call_price`.
#include <fmt/format.h>

#include "calendar/day_count.hpp"
#include "ir/lowerer.hpp"

namespace sluice::ir {

int Lowerer::clean_up_pool(EntityId id, M member) {
  const auto* p = prop(id, P::CleanUpCall);
  if (!p) return member == M::Called || member == M::CallPrice ? k(0) : pool_value(id, member);
  if (in_init_) return member == M::Called || member == M::CallPrice ? k(0) : pool_value(id, member);
  const std::string& n = ent(id).name;
  if (!memo_.count({id, M::Called})) {
    // pool_value builds (and memoizes) every member of the period at once.
    int raw_end = pool_value(id, M::EndBalance);
    int raw_collections = memo_.at({id, M::Collections});
    int done = load(slot(n + ".clean_up_done"));
    int threshold = mul(expr(*p->value()), load(slot(n + ".original")));
    int called = emit(Op::And, emit(Op::Not, done), emit(Op::Le, raw_end, threshold));
    int price = sel(called, raw_end, k(0));
    memo_[{id, M::Called}] = called;
    memo_[{id, M::CallPrice}] = price;
    memo_[{id, M::EndBalance}] = sel(called, k(0), raw_end);
    memo_[{id, M::Collections}] = add(raw_collections, price);
  }
  if (member == M::Balance) return pool_value(id, member);  // the opening balance, a state read
  if (auto it = memo_.find({id, member}); it != memo_.end()) return it->second;
  return pool_value(id, member);
}

int Lowerer::accrual(EntityId id) {
  const ast::Expr* dc = prop_expr(id, P::DayCount);  // a string, checked by sema
  auto parsed = dc ? cal::parse_day_count(dc->text) : std::nullopt;
  if (!parsed) return accrual();
  return ctx(static_cast<ContextField>(static_cast<std::uint32_t>(ContextField::AccrualByDayCount) + static_cast<std::uint32_t>(*parsed)));
}

int Lowerer::clean_up_now() {
  int any = -1;
  for (EntityId id : m_.order) {
    const auto kind = ent(id).kind;
    if ((kind != EntityKind::Loan && kind != EntityKind::Receivables) || !prop(id, P::CleanUpCall)) continue;
    int c = value(id, M::Called);
    any = any < 0 ? c : emit(Op::Or, any, c);
  }
  return any;
}

void Lowerer::record_clean_up(EntityId id) {
  if (!prop(id, P::CleanUpCall)) return;
  const std::string& n = ent(id).name;
  int called = value(id, M::Called);
  store(slot(n + ".clean_up_done"), emit(Op::Or, load(slot(n + ".clean_up_done")), called));
  CallInfo c{n};
  c.col_called = column(n + ".called", n, Role::Trigger, "Bool");
  output(c.col_called, called);
  c.col_price = column(n + ".call_price", n, Role::ReportValue, m_.deal.currency);
  output(c.col_price, value(id, M::CallPrice));
  mod_.calls.push_back(c);
  // A Monte Carlo run reports how often, and how soon, the call is taken.
  mod_.probabilities.push_back(n + ".called");
}

}  // namespace sluice::ir
