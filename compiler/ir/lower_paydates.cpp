// Payment dates that are not the period's (docs/language.md, Payment dates).
// A note with `payment_frequency quarterly` on a monthly deal accrues its
// interest every period, on its own day count, and owes it only on its
// payment dates: every Nth period end counted from `start` (N = the
// frequency's months over the period's), the horizon, and every period from
// its maturity on. Two state slots carry what accrued since the last payment
// date: the interest and the year fraction (the payment interval's rate,
// which a level schedule's annuity is on). The collection account's hold and
// release are in lower_waterfall.cpp.
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

int Lowerer::payment_interval(EntityId id) {
  if (!prop(id, P::PaymentFrequency)) return 1;
  int months = 1;
  switch (option(id, P::PaymentFrequency)) {
    case vocab::PaymentFrequency::Quarterly: months = 3; break;
    case vocab::PaymentFrequency::Semiannual: months = 6; break;
    case vocab::PaymentFrequency::Annual: months = 12; break;
    default: break;  // monthly
  }
  const int n = months / m_.deal.months_per_period;  // whole: sema refused the rest (E0274)
  // A delayed-draw facility's schedule counts payments from the end of its
  // draw period, which must then be a payment date.
  const ast::Expr* dp = ent(id).kind == EntityKind::Facility ? prop_expr(id, P::DrawPeriod) : nullptr;
  if (n > 1 && dp && option(id, P::Amortization) != vocab::Option::None) {
    auto v = constant(*dp);
    double dp_months = v ? *v : NAN;
    if (v && sema::duration_base(m_.type_of(*dp).dim) == sema::TimeBase::Year) dp_months = *v * 12;
    if (v && sema::duration_base(m_.type_of(*dp).dim) == sema::TimeBase::Period) dp_months = *v * m_.deal.months_per_period;
    if (!(std::fmod(dp_months, months) == 0))
      fail(DiagCode::PaymentDatesDrawPeriod, prop(id, P::DrawPeriod)->decl->span,
           v ? fmt::format("facility `{}` pays every {} months, and its draw period of {} months does not end on a payment date, where its amortization starts", ent(id).name,
                           months, dp_months)
             : fmt::format("facility `{}` pays on its own dates, so its draw period must be fixed before the run to end on one of them", ent(id).name));
  }
  return n;
}

int Lowerer::payment_date(EntityId id) {
  const int n = payment_interval(id);
  if (n <= 1) return -1;
  int on = emit(Op::Eq, emit(Op::Mod, ctx(ContextField::PeriodNumber), k(n)), k(0));
  on = max(on, ctx(ContextField::IsLast));
  if (const ast::Expr* mt = prop_expr(id, P::Maturity))  // from its maturity on the whole balance is due, each period
    on = max(on, emit(Op::Ge, ctx(ContextField::MonthsAtEnd), prop_in_domain(id, P::Maturity, *mt, months_of(*mt))));
  return on;
}

// Interest (and a facility's commitment fee) accrued since the last
// payment date, this period's included.
int Lowerer::interest_accrued(EntityId id, int this_period) {
  return add(load(slot(ent(id).name + ".interest_accrued")), this_period);
}

// The payment interval's rate: the coupon times the year fraction since the
// last payment date.
int Lowerer::payment_rate(EntityId id) {
  return mul(value(id, M::Coupon), add(load(slot(ent(id).name + ".accrual_since")), accrual(id)));
}

// When the period closes: what accrued is paid (or carried as a shortfall)
// on a payment date, else it waits for the next one.
void Lowerer::close_payment_dates(EntityId id, int this_period) {
  int on = payment_date(id);
  if (on < 0) return;
  const std::string& n = ent(id).name;
  store(slot(n + ".interest_accrued"), sel(on, k(0), interest_accrued(id, this_period)));
  store(slot(n + ".accrual_since"), sel(on, k(0), add(load(slot(n + ".accrual_since")), accrual(id))));
}

}  // namespace sluice::ir
