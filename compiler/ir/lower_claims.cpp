// Claims: tranches and asset pools (balances, coupons, schedules), fees,
// expenses, accounts and triggers.
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {
int scheduled_principal_from(Lowerer& L, EntityId id, vocab::Option kind, const ast::Expr* value, int bal, int orig, int period_rate, int t, int per,
                             int months_now);
}

// The scheduled principal of a balance this period, before the horizon and
// maturity rules: level (annuity re-computed on the remaining term), linear
// (original over the term), bullet, pass-through (all of it), target
// (down to a balance), schedule (down to a share of the original by month).
int scheduled_principal(Lowerer& L, EntityId id, int bal, int orig, int period_rate) {
  const vocab::Option kind = L.option(id, P::Amortization);  // None: bullet, the default
  const ast::Expr* value = L.prop_expr(id, P::Amortization);
  int t = L.ctx(ContextField::PeriodNumber);
  int per = L.k(L.m_.deal.months_per_period);
  // A delayed-draw facility amortizes from the end of its draw period, on
  // the balance drawn then: its schedule counts periods and months from
  // there, and nothing is scheduled while it is being drawn.
  const ast::Expr* draw_period = L.ent(id).kind == EntityKind::Facility ? L.prop_expr(id, P::DrawPeriod) : nullptr;
  int months_now = -1;  // months from the start, read where a form needs them
  // A note paying every N periods (lower_paydates.cpp) schedules by
  // payment: its term counts payments, its period is N periods long and a
  // level annuity is on the payment interval's rate.
  const int n = L.payment_interval(id);
  auto by_payment = [&] {
    if (n <= 1) return;
    t = L.div(t, L.k(n));
    per = L.k(L.m_.deal.months_per_period * n);
    period_rate = L.payment_rate(id);
  };
  if (draw_period && kind != vocab::Option::None) {
    int dp = L.prop_in_domain(id, P::DrawPeriod, *draw_period, L.months_of(*draw_period));
    t = L.sub(t, L.div(dp, per));
    months_now = L.max(L.k(0), L.sub(L.ctx(ContextField::MonthsAtEnd), dp));
    orig = L.drawn_at_draw_end(id);
    int drawing = L.value(id, M::Drawing);
    by_payment();
    int p = scheduled_principal_from(L, id, kind, value, bal, orig, period_rate, t, per, months_now);
    return L.mul(L.sub(L.k(1), drawing), p);
  }
  by_payment();
  return scheduled_principal_from(L, id, kind, value, bal, orig, period_rate, t, per, months_now);
}

namespace {
int scheduled_principal_from(Lowerer& L, EntityId id, vocab::Option kind, const ast::Expr* value, int bal, int orig, int period_rate, int t, int per,
                             int months_now) {
  namespace A = vocab::Amortization;
  if (kind == A::Level || kind == A::Linear) {
    int n_total = L.div(L.option_in_domain(id, P::Amortization, kind, *value, L.months_of(*value)), per);
    int remaining = L.sub(n_total, L.sub(t, L.k(1)));  // periods left, this one included
    int last = L.emit(Op::Le, remaining, L.k(1));
    int p;
    if (kind == A::Level) {
      int annuity = L.div(L.mul(bal, period_rate),
                          L.sub(L.k(1), L.emit(Op::Pow, L.add(L.k(1), period_rate), L.emit(Op::Neg, remaining))));
      int zero_rate = L.emit(Op::Eq, period_rate, L.k(0));
      int pay = L.sel(zero_rate, L.div(bal, L.max(remaining, L.k(1))), annuity);
      p = L.sel(zero_rate, pay, L.sub(pay, L.mul(bal, period_rate)));
    } else {
      p = L.div(orig, n_total);
    }
    return L.sel(last, bal, p);
  }
  switch (kind) {
    case A::PassThrough: return bal;
    case A::Sculpted: return L.max(L.k(0), L.sub(bal, L.sculpted_outstanding(id)));
    case A::Target: return L.max(L.k(0), L.sub(bal, L.option_in_domain(id, P::Amortization, kind, *value, L.expr(*value))));
    case A::Schedule: {
      // The curve gives the share of the original balance outstanding by month.
      int share = L.curve_at(L.m_.sema(*value).entity, months_now >= 0 ? months_now : L.ctx(ContextField::MonthsAtEnd));
      return L.max(L.k(0), L.sub(bal, L.mul(orig, share)));
    }
    default: return L.k(0);  // bullet
  }
}
}  // namespace

// principal due = scheduled, or everything at maturity and at the horizon.
int principal_due(Lowerer& L, EntityId id, int bal, int orig, int period_rate) {
  int p = scheduled_principal(L, id, bal, orig, period_rate);
  if (int on = L.payment_date(id); on >= 0) p = L.sel(on, p, L.k(0));  // scheduled on payment dates only
  int due_all = L.ctx(ContextField::IsLast);
  if (const ast::Expr* mt = L.prop_expr(id, P::Maturity))
    due_all = L.max(due_all, L.emit(Op::Ge, L.ctx(ContextField::MonthsAtEnd), L.prop_in_domain(id, P::Maturity, *mt, L.months_of(*mt))));
  p = L.sel(due_all, bal, p);
  return L.max(L.k(0), L.min(p, bal));
}

int annual_rate(Lowerer& L, EntityId id, P rate) {
  const auto* p = L.prop(id, rate);
  // An implicit 0% floor, before the written caps and floors: a negative
  // coupon would have the holder pay the issuer and a negative pool rate
  // collect negative interest, which no waterfall settles (a floating
  // index such as a Vasicek factor does go below zero).
  int r = L.prop_in_domain(id, rate, *p->value(), L.expr(*p->value()));  // NaN is refused, not floored to 0%
  if (!L.is_non_negative_const(r)) r = L.max(L.k(0), r);
  for (std::size_t i = 1; i < p->clauses.size(); ++i) {
    const auto& c = p->clauses[i];
    int v = L.option_in_domain(id, rate, c.keyword, *c.value, L.expr(*c.value));
    r = c.keyword == vocab::RateBound::Cap ? L.min(r, v) : L.max(r, v);
  }
  return r;
}

int Lowerer::sculpted_outstanding(EntityId id) {
  auto it = sculpt_curves_.find(id);
  if (it == sculpt_curves_.end()) {
    // A placeholder that schedules nothing: the driver replaces it with the
    // sculpted profile once the base case has given each period's CFADS.
    mod_.curves.push_back(CurveTable{ent(id).name + " (sculpted)", {1}, {1e300}});
    it = sculpt_curves_.emplace(id, static_cast<int>(mod_.curves.size() - 1)).first;
  }
  return emit(Op::Curve, ctx(ContextField::PeriodNumber), -1, -1, static_cast<std::uint32_t>(it->second));
}

int Lowerer::persistence(const ast::Expr* e) {
  if (!e) return k(1);
  auto n = constant(*e);
  if (!n || !(*n >= 1) || *n != std::floor(*n) || *n > 1e6)
    fail(DiagCode::WrongUnit, e->span,
         n ? fmt::format("persistence is a whole number of periods, at least 1; this one is {}", *n)
           : std::string("persistence must be fixed before the run: a number, a param or a template parameter in periods"));
  return k(*n);
}

int Lowerer::cfads_value(EntityId id) {
  if (const ast::Expr* e = prop_expr(id, P::Cfads)) return expr(*e);
  int cfads = collections();
  for (EntityId x : m_.order)
    if (ent(x).kind == EntityKind::Expense) cfads = sub(cfads, value(x, M::Due));
  return cfads;
}

// Tranches, convertibles and facilities: a balance that pays interest and
// principal. lower_debt.cpp has what the other two add.
int Lowerer::tranche_value(EntityId id, M m) {
  auto& t = ent(id);
  const std::string& n = t.name;
  const bool convertible = t.kind == EntityKind::Convertible, facility = t.kind == EntityKind::Facility;
  if (in_init_ && m == M::Coupon) return prop(id, P::Coupon) ? annual_rate(*this, id, P::Coupon) : k(0);
  if (in_init_ && (m == M::ConversionPrice || m == M::Limit)) return convertible ? convertible_value(id, m) : facility_value(id, m);
  if (in_init_) {  // the opening balance (require_at_close refused the rest)
    if (facility) return prop_expr(id, P::Drawn) ? expr(*prop_expr(id, P::Drawn)) : k(0);
    return expr(*prop_expr(id, convertible ? P::Principal : P::Balance));
  }
  switch (m) {
    case M::Balance: return load(slot(n + ".balance"));
    case M::OriginalBalance: return load(slot(n + ".original"));
    case M::Coupon: return prop(id, P::Coupon) ? annual_rate(*this, id, P::Coupon) : k(0);
    case M::InterestDue: {
      int carried = load(slot(n + ".interest_carried"));
      // (balance x coupon) x year fraction: the same association as an asset
      // pool's interest, so a pass-through passes exactly what it collects.
      int accrues = mul(mul(value(id, M::Balance), value(id, M::Coupon)), accrual(id));
      if (int on = payment_date(id); on >= 0) {
        // Paying on its own dates (lower_paydates.cpp): what accrued since
        // the last one, the commitment fee too, is due on the next.
        if (facility) accrues = add(accrues, value(id, M::CommitmentFee));
        return add(sel(on, interest_accrued(id, accrues), k(0)), carried);
      }
      int due = add(accrues, carried);
      return facility ? add(due, value(id, M::CommitmentFee)) : due;
    }
    case M::PrincipalDue: {
      int rate = mul(value(id, M::Coupon), accrual(id));
      int due = principal_due(*this, id, value(id, M::Balance), value(id, M::OriginalBalance), rate);
      // A clean-up call pays the notes in full from the purchase price.
      if (int call = clean_up_now(); call >= 0) due = sel(call, value(id, M::Balance), due);
      if (convertible && !prop(id, P::Put)) return sel(value(id, M::Converts), k(0), sel(value(id, M::Called), value(id, M::Balance), due));
      if (convertible) {  // put notes owe the put amount (lower_dilution.cpp)
        due = sel(value(id, M::Called), value(id, M::Balance), due);
        due = sel(value(id, M::PutExercised), mul(value(id, M::PutPrice), value(id, M::Balance)), due);
        return sel(value(id, M::Converts), k(0), due);
      }
      // Accelerated in an earlier period: the whole balance is due.
      if (prop_expr(id, P::AccelerateOn)) due = sel(accelerated_before(id), value(id, M::Balance), due);
      if (facility) return max(due, value(id, M::OverAdvance));
      return due;
    }
    case M::Accelerated: return accelerated(id);  // lower_project.cpp
    // What `pay X.principal in full` can pay: the balance, or nothing for a
    // convertible that converts this period.
    case M::Payable: {
      if (!convertible || !prop(id, P::Put)) return convertible ? sel(value(id, M::Converts), k(0), value(id, M::Balance)) : value(id, M::Balance);
      int owed = value(id, M::Balance);
      owed = sel(value(id, M::PutExercised), mul(value(id, M::PutPrice), owed), owed);  // the put amount
      return sel(value(id, M::Converts), k(0), owed);
    }
    case M::InterestPaid:
    case M::PrincipalCash: {
      waterfall();
      auto it = paid_.find(ClaimKey{id, m == M::InterestPaid ? M::Interest : M::Principal});
      return it == paid_.end() ? k(0) : it->second;
    }
    // The par the principal paid retires: the cash, but for put notes
    // the cash at their put price (lower_dilution.cpp).
    case M::PrincipalPaid: return convertible && prop(id, P::Put) ? put_par_retired(id, value(id, M::PrincipalCash)) : value(id, M::PrincipalCash);
    case M::InterestShortfall: return sub(value(id, M::InterestDue), value(id, M::InterestPaid));
    case M::PrincipalShortfall: return max(k(0), sub(value(id, M::PrincipalDue), value(id, M::PrincipalCash)));
    case M::EndBalance:
    case M::BalanceBeforeConversion: {
      int end = sub(value(id, M::Balance), value(id, M::PrincipalPaid));
      if (option(id, P::Shortfall) == vocab::Shortfall::Capitalize) end = add(end, value(id, M::InterestShortfall));
      if (facility) end = add(end, value(id, M::Draws));
      if (m == M::EndBalance && convertible) end = sub(end, value(id, M::ConvertedBalance));
      return end;
    }
    default: break;
  }
  if (convertible && (m == M::PutPriceNow || m == M::PutNow || m == M::PutExercised || m == M::PutPrice || m == M::PutPremium)) {
    return prop(id, P::Put) ? put_value(id, m) : k(0);  // never put
  }
  if (convertible) return convertible_value(id, m);
  if (facility) return facility_value(id, m);
  fail(DiagCode::UnknownMember, t.span, fmt::format("internal: tranche member `{}`", vocab::word(m)));
}

int Lowerer::fee_value(EntityId id, M m) {
  auto& f = ent(id);
  if (m == M::None || m == M::Due)
    return add(within_domain(*f.bound, flow_amount(*f.bound), vocab::kChargeDomain, fmt::format("the amount of fee `{}`", f.name)), load(slot(f.name + ".carried")));
  waterfall();
  auto it = paid_.find(ClaimKey{id, M::None});
  int paid = it == paid_.end() ? k(0) : it->second;
  if (m == M::Paid) return paid;
  return sub(value(id, M::Due), paid);  // shortfall
}

// An expense is due each period and, like a fee, carries what cash could
// not pay into the next period.
int Lowerer::expense_value(EntityId id, M m) {
  auto& e = ent(id);
  if (m == M::None || m == M::Due)
    return add(within_domain(*e.bound, flow_amount(*e.bound), vocab::kChargeDomain, fmt::format("the amount of expense `{}`", e.name)), load(slot(e.name + ".carried")));
  waterfall();
  int paid = expense_paid_.at(id);
  if (m == M::Paid) return paid;
  return sub(value(id, M::Due), paid);
}

int Lowerer::account_value(EntityId id, M m) {
  auto& a = ent(id);
  auto target = [&] {
    int t = prop_in_domain(id, P::Target, *prop_expr(id, P::Target), expr(*prop_expr(id, P::Target)));
    // Funded at a facility's COD: nothing is reserved before it.
    if (prop_expr(id, P::FundedAtCod) && !in_init_) t = sel(value(cod_facility(id), M::Drawing), k(0), t);
    return t;
  };
  if (in_init_ && m == M::Target) return prop_expr(id, P::Target) ? target() : value(id, M::Balance);
  if (in_init_) return prop_expr(id, P::Initial) ? expr(*prop_expr(id, P::Initial)) : k(0);
  switch (m) {
    case M::Balance: return load(slot(a.name + ".balance"));
    case M::Target: return prop_expr(id, P::Target) ? target() : value(id, M::Balance);
    case M::EndBalance: waterfall(); return account_end_.at(id);
    case M::Draws: waterfall(); return account_draws_.at(id);
    case M::Deposits: waterfall(); return account_deposits_.at(id);
    default: break;
  }
  fail(DiagCode::UnknownMember, a.span, fmt::format("internal: account member `{}`", vocab::word(m)));
}

// A trigger's state: breached, the run of periods its condition has held,
// and the run its cure has held. It breaches after `for N periods` in a row;
// with a cure it clears after the cure holds `for M periods`; without one it
// stays breached.
int Lowerer::trigger_value(EntityId id) {
  auto& tr = ent(id);
  const ast::Decl& d = *tr.decl;
  int sb = slot(tr.name + ".breached"), sc = slot(tr.name + ".run"), sq = slot(tr.name + ".cure_run");
  int b = load(sb), run = load(sc), cure_run = load(sq);
  int need = persistence(d.when_for.get());
  int cond = expr(*d.when);
  // Once the notes are repaid the covenants are over (lower_tests.cpp): no
  // trigger breaches, and one with a cure counts each period toward it, so a
  // lock-up that read a DSCR now undefined releases the cash.
  const int owed = notes_outstanding();
  if (owed >= 0) cond = emit(Op::And, cond, owed);
  int run1 = sel(cond, add(run, k(1)), k(0));
  int start = mul(sub(k(1), b), emit(Op::Ge, run1, need));
  int cured = k(0);
  int cure1 = k(0);
  if (d.cure) {
    int cneed = persistence(d.cure_for.get());
    int holds = expr(*d.cure);
    if (owed >= 0) holds = emit(Op::Or, holds, emit(Op::Not, owed));
    cure1 = mul(b, sel(holds, add(cure_run, k(1)), k(0)));
    cured = mul(b, emit(Op::Ge, cure1, cneed));
  }
  int now = sel(b, sub(k(1), cured), start);
  store(sb, now);
  store(sc, sel(now, k(0), sel(cured, k(0), run1)));
  store(sq, sel(now, sel(cured, k(0), cure1), k(0)));
  return now;
}

}  // namespace sluice::ir
