// What convertibles and facilities add to a tranche's balance, interest and
// principal (lower_claims.cpp): conversion into shares, and draws against a
// limit and a borrowing base.
#include <algorithm>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

// A convertible converts at the close of a period, after the waterfall has
// paid that period's coupon: the holders take shares for the balance that is
// left (capitalized interest included) and no principal is due in cash.
// It converts when it has not yet and a balance is outstanding, and
//  - at maturity (or the horizon, if that comes first) the share price is
//    above the conversion price (the holders' choice), or
//  - the issuer has called it (`soft_call`) and the share price is above the
//    conversion price (holders take shares rather than par), or
//  - a `convert C` step is on a selected branch (a mandatory conversion,
//    such as a debt-for-equity swap when a trigger breaches), whatever the
//    share price.
// A called note that is not in the money is due in full in cash; put notes
// (lower_dilution.cpp) are due at the put price and do not elect to convert.
int Lowerer::convertible_value(EntityId id, M m) {
  const std::string& n = ent(id).name;
  switch (m) {
    case M::ConversionPrice: return prop_in_domain(id, P::ConversionPrice, *prop_expr(id, P::ConversionPrice), expr(*prop_expr(id, P::ConversionPrice)));
    case M::SharePrice: return prop_in_domain(id, P::Underlying, *prop_expr(id, P::Underlying), expr(*prop_expr(id, P::Underlying)));
    case M::InMoney: return emit(Op::Gt, value(id, M::SharePrice), value(id, M::ConversionPrice));
    case M::Called: {
      // The soft call is a sticky state: called once its condition has held
      // `for N periods` in a row (1 without `for`).
      const auto* p = prop(id, P::SoftCall);  // `when CONDITION [for N periods]`
      if (!p) return k(0);
      int s_called = slot(n + ".called"), s_run = slot(n + ".call_run");
      int before = load(s_called);
      int run = sel(expr(*p->value()), add(load(s_run), k(1)), k(0));
      int need = persistence(p->clauses[0].for_value);
      int now = max(before, emit(Op::Ge, run, need));
      store(s_called, now);
      store(s_run, sel(now, k(0), run));
      return now;
    }
    case M::Converts: {
      int at_end = max(ctx(ContextField::IsLast), emit(Op::Ge, ctx(ContextField::MonthsAtEnd),
                                                          prop_in_domain(id, P::Maturity, *prop_expr(id, P::Maturity), months_of(*prop_expr(id, P::Maturity)))));
      int elects = mul(value(id, M::InMoney), max(at_end, value(id, M::Called)));
      // Put notes are owed cash: no longer the holders' to convert.
      if (prop(id, P::Put)) elects = mul(elects, sub(k(1), value(id, M::PutExercised)));
      auto forced = selected_steps(ast::StepKind::Convert);
      if (auto it = forced.find(id); it != forced.end()) elects = max(elects, it->second);
      int open = mul(sub(k(1), load(slot(n + ".converted"))), emit(Op::Gt, value(id, M::Balance), k(0)));
      return mul(open, elects);
    }
    case M::Converted: return max(load(slot(n + ".converted")), value(id, M::Converts));
    case M::ConvertedBalance: return mul(value(id, M::Converts), value(id, M::BalanceBeforeConversion));
    case M::ConversionValue: {
      // Shares delivered (balance / conversion price) at the share price.
      int shares = div(value(id, M::ConvertedBalance), value(id, M::ConversionPrice));
      return sel(value(id, M::Converts), mul(shares, value(id, M::SharePrice)), k(0));
    }
    default: break;
  }
  fail(DiagCode::UnknownMember, ent(id).span, fmt::format("internal: convertible member `{}`", vocab::word(m)));
}

// A facility (a revolver or liquidity line) has a drawn balance, a limit and
// an optional borrowing base. What can be drawn this period is the lower of
// the limit and the base, less the balance (nothing in the horizon period);
// a balance above that is over-advanced and due as a mandatory prepayment.
int Lowerer::facility_value(EntityId id, M m) {
  switch (m) {
    case M::Limit: return prop_in_domain(id, P::Limit, *prop_expr(id, P::Limit), expr(*prop_expr(id, P::Limit)));
    case M::BorrowingBase:
      return prop_expr(id, P::BorrowingBase) ? prop_in_domain(id, P::BorrowingBase, *prop_expr(id, P::BorrowingBase), expr(*prop_expr(id, P::BorrowingBase)))
                                             : value(id, M::Limit);
    case M::Capacity: return min(value(id, M::Limit), value(id, M::BorrowingBase));
    case M::Availability: {
      int room = mul(sub(k(1), ctx(ContextField::IsLast)), max(k(0), sub(value(id, M::Capacity), value(id, M::Balance))));
      // Acceleration cancels the commitment, from the period after (a
      // default condition may read what the availability lends: the IDC).
      if (prop_expr(id, P::AccelerateOn)) room = mul(sub(k(1), accelerated_before(id)), room);
      return prop_expr(id, P::DrawPeriod) ? mul(value(id, M::Drawing), room) : room;  // the undrawn commitment is cancelled after the draw period
    }
    case M::Drawing: {
      // A period that starts inside the draw period can be drawn in.
      const ast::Expr* dp = prop_expr(id, P::DrawPeriod);
      if (!dp) return k(1);
      return emit(Op::Lt, ctx(ContextField::MonthsAtStart), prop_in_domain(id, P::DrawPeriod, *dp, months_of(*dp)));
    }
    case M::CapexDraws: {
      // Drawn for capex before the waterfall, when the draw condition holds:
      // `funds`, up to what the commitment (and any borrowing base) leaves.
      const ast::Expr* f = prop_expr(id, P::Funds);
      if (!f) return k(0);
      int want = prop_in_domain(id, P::Funds, *f, expr(*f));
      if (const ast::Expr* c = prop_expr(id, P::DrawCondition)) want = mul(want, expr(*c));
      return min(value(id, M::Availability), max(k(0), want));
    }
    case M::OverAdvance: return max(k(0), sub(value(id, M::Balance), value(id, M::Capacity)));
    case M::OverAdvanced: return emit(Op::Gt, value(id, M::OverAdvance), k(0));
    case M::Draws: {
      waterfall();
      return facility_draws_.at(id);
    }
    case M::CommitmentFee: {
      // On the undrawn limit at the period's open.
      const ast::Expr* fee = prop_expr(id, P::CommitmentFee);
      if (!fee) return k(0);
      int undrawn = max(k(0), sub(value(id, M::Limit), value(id, M::Balance)));
      int fee_amount = mul(mul(undrawn, max(k(0), prop_in_domain(id, P::CommitmentFee, *fee, expr(*fee)))), accrual(id));
      // A delayed-draw loan's commitment ends with its draw period, and any
      // commitment with an acceleration (from the period after: the fee is
      // in the interest due a default condition may read).
      if (prop_expr(id, P::AccelerateOn)) fee_amount = mul(sub(k(1), accelerated_before(id)), fee_amount);
      return prop_expr(id, P::DrawPeriod) ? mul(value(id, M::Drawing), fee_amount) : fee_amount;
    }
    case M::CapitalizedInterest: return capitalized_interest(id);  // lower_project.cpp
    default: break;
  }
  fail(DiagCode::UnknownMember, ent(id).span, fmt::format("internal: facility member `{}`", vocab::word(m)));
}

// The balance a delayed-draw facility had drawn when its draw period ended:
// the base of its amortization (the "original" of `linear`). Held in a slot
// the period's close sets while the draw period lasts.
int Lowerer::drawn_at_draw_end(EntityId id) { return load(slot(ent(id).name + ".drawn_at_draw_end")); }

// A delayed-draw facility's terms that are fixed before the run: drawn at
// the close above the commitment (E0238), a draw period that does not end
// before its maturity and the horizon (E0240: nothing would amortize), and
// capex funding in a deal whose fleets cannot grow (E0241).
void Lowerer::check_delayed_draw_terms(EntityId id) {
  const auto& f = ent(id);
  if (const auto* d = prop(id, P::Drawn)) {
    auto drawn = constant(*d->value()), limit = constant(*prop_expr(id, P::Limit));
    if (drawn && limit && *drawn > *limit) {
      diags_.error(DiagCode::DrawnAboveLimit, d->decl->span, fmt::format("facility `{}` is drawn {} at the close, above its commitment of {}", f.name, *drawn, *limit))
          .hints.push_back("the commitment (`limit`) is the most it can lend: raise it or draw less");
      throw LowerError{};
    }
  }
  const auto* dp = prop(id, P::DrawPeriod);
  if (!dp) return;
  // In months, as months_of reads a duration.
  auto in_months = [&](const ast::Expr& e) { return constant_months(e); };
  if (auto months = in_months(*dp->value())) {
    const double horizon = static_cast<double>(m_.deal.periods) * m_.deal.months_per_period;
    std::optional<double> maturity;
    if (const ast::Expr* mt = prop_expr(id, P::Maturity)) maturity = in_months(*mt);
    const double end = maturity ? std::min(*maturity, horizon) : horizon;
    if (*months >= end) {
      diags_.error(DiagCode::DrawPeriodTooLong, dp->decl->span,
                   fmt::format("facility `{}` can be drawn for {} months, but its {} comes after {} months: nothing would amortize", f.name, *months,
                               maturity && *maturity < horizon ? "maturity" : "horizon", end))
          .hints.push_back("end the draw period before the maturity and the horizon");
      throw LowerError{};
    }
  }
  if (const auto* fu = prop(id, P::Funds)) {
    bool any = false;
    for (EntityId e : m_.order) any = any || (ent(e).kind == EntityKind::Fleet && fleet_grows(e));
    if (!any) {
      diags_.error(DiagCode::FundsWithoutDeliveries, fu->decl->span,
                   fmt::format("facility `{}` funds capex, but no fleet's `units` can grow after the close, so there is none", f.name))
          .hints.push_back("deliver the fleet over time: `units 1_000 gpu * min(period_number, 4)`, or a csv column of units");
      throw LowerError{};
    }
  }
}

}  // namespace sluice::ir
