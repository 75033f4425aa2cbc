// Project finance's construction then operation (docs/language.md,
// Construction then operation): a window summed over past periods
// (`trailing`, for a trailing-twelve-month DSCR), interest during
// construction drawn on the commitment, a reserve a facility funds at its
// commercial operation date (COD: the end of its draw period), and
// acceleration after an event of default.
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

// trailing(x, N): x this period plus its values in the N - 1 periods before
// (0 before period 1). N - 1 state slots hold the past values, shifted one
// place at each close: slot i holds x of i periods ago. The sum runs from
// this period back, in that order, the same under both engines.
int Lowerer::trailing(const ast::Expr& call) {
  const ast::Expr& x = *call.kids[1];
  const ast::Expr& w = *call.kids[2];
  const double per = m_.deal.months_per_period;
  std::optional<double> months = constant(w);
  if (months) {
    switch (sema::duration_base(m_.type_of(w).dim)) {
      case sema::TimeBase::Year: *months *= 12; break;
      case sema::TimeBase::Period: *months *= per; break;
      default: break;
    }
  }
  const double n = months ? *months / per : std::nan("");
  if (!(n >= 1) || n != std::floor(n) || n > 1200) {
    auto& d = diags_.error(DiagCode::BadTrailingWindow, w.span,
                           months ? fmt::format("the window of `trailing` is {} months, which is not a whole number of {}-month periods, at least one", *months, per)
                                  : std::string("the window of `trailing` must be fixed before the run: a number, a param or a template parameter"));
    d.hints.push_back(m_.deal.months_per_period == 1 ? "write `trailing(x, 12 months)`" : fmt::format("write a multiple of {} months, or `4 periods`", per));
    throw LowerError{};
  }
  int now = expr(x);
  if (in_init_) return now;  // the close has no past
  const int count = static_cast<int>(n);
  const int id = trailing_windows_++;
  std::vector<int> slots, ago;
  for (int i = 1; i < count; ++i) slots.push_back(slot(fmt::format("trailing#{}.{}", id, i)));
  for (int s : slots) ago.push_back(load(s));
  int sum = now;
  for (int a : ago) sum = add(sum, a);
  // At the close: this period's value is 1 period ago, each past one a period older.
  if (!slots.empty()) store(slots[0], now);
  for (std::size_t i = 1; i < slots.size(); ++i) store(slots[i], ago[i - 1]);
  return sum;
}

// The facility an account's `funded_at_cod` names (a template instance
// stands for its primary liability, as sema resolved it).
EntityId Lowerer::cod_facility(EntityId account) {
  EntityId f = m_.sema(*prop_expr(account, P::FundedAtCod)).entity;
  return ent(f).kind == EntityKind::Instance && ent(f).primary ? ent(f).primary : f;
}

// The first period after the draw period: the period that opens at the COD.
int Lowerer::cod_now(EntityId facility) {
  const ast::Expr* dp = prop_expr(facility, P::DrawPeriod);
  int end = prop_in_domain(facility, P::DrawPeriod, *dp, months_of(*dp));
  int at_start = ctx(ContextField::MonthsAtStart);
  int last_start = sub(at_start, ctx(ContextField::Months));  // the previous period's start
  return emit(Op::And, emit(Op::Ge, at_start, end), emit(Op::Lt, last_start, end));
}

// `construction_interest capitalize`: while the facility is drawn for its
// construction, the interest due (the coupon, the commitment fee and any
// interest carried) is lent by the facility itself, up to what the
// commitment leaves after the capex draws; what it cannot lend is due in
// cash like any interest.
int Lowerer::capitalized_interest(EntityId id) {
  if (option(id, P::ConstructionInterest) != vocab::ConstructionInterest::Capitalize) return k(0);
  int left = max(k(0), sub(value(id, M::Availability), value(id, M::CapexDraws)));
  return mul(value(id, M::Drawing), min(value(id, M::InterestDue), left));
}

// `accelerate_on CONDITION`: sticky once the condition holds. The waterfall
// pays the whole balance from the period it happens; `principal_due`, which
// the coverage tests read (and a condition may read them), counts it from
// the next period, so the condition never reads itself.
int Lowerer::accelerated(EntityId id) {
  const ast::Expr* c = prop_expr(id, P::AccelerateOn);
  if (!c) return k(0);
  return max(accelerated_before(id), expr(*c));
}
int Lowerer::accelerated_before(EntityId id) { return load(slot(ent(id).name + ".accelerated")); }

// Reserves a facility funds at its COD (`funded_at_cod L`): in the period
// that opens at the COD, before the waterfall, L draws each such account's
// shortfall to its target, in declaration order, up to its commitment left
// (the limit less the balance; none once accelerated, from the period
// after, as the availability, or at the horizon).
void Lowerer::fund_at_cod(std::map<EntityId, int>& accounts, std::map<EntityId, int>& draws) {
  std::map<EntityId, int> room;
  for (EntityId a : m_.order) {
    if (ent(a).kind != EntityKind::Account || !prop_expr(a, P::FundedAtCod)) continue;
    EntityId f = cod_facility(a);
    if (!room.count(f)) {
      int open = mul(cod_now(f), sub(k(1), ctx(ContextField::IsLast)));
      if (prop_expr(f, P::AccelerateOn)) open = mul(open, sub(k(1), accelerated_before(f)));
      room[f] = mul(open, max(k(0), sub(value(f, M::Limit), value(f, M::Balance))));
    }
    int draw = min(room[f], max(k(0), sub(value(a, M::Target), accounts[a])));
    room[f] = sub(room[f], draw);
    accounts[a] = add(accounts[a], draw);
    account_deposits_[a] = add(account_deposits_[a], draw);
    draws[f] = add(draws[f], draw);
  }
}

}  // namespace sluice::ir
