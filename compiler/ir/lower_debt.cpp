// What convertibles and facilities add to a tranche's balance, interest and
// principal (lower_claims.cpp): conversion into shares, and draws against a
// limit and a borrowing base.
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
// A called note that is not in the money is due in full in cash.
int Lowerer::convertible_value(int id, const std::string& m) {
  const std::string& n = ent(id).name;
  if (m == "conversion_price") return expr(*prop_expr(id, "conversion_price"));
  if (m == "share_price") return expr(*prop_expr(id, "underlying"));
  if (m == "in_money") return emit(Op::Gt, value(id, "share_price"), value(id, "conversion_price"));
  if (m == "called") {
    // The soft call is a sticky state: called once its condition has held
    // `for N periods` in a row (1 without `for`).
    const auto* p = prop(id, "soft_call");
    if (!p) return k(0);
    int s_called = slot(n + ".called"), s_run = slot(n + ".call_run");
    int before = load(s_called);
    int run = sel(expr(*p->clauses[0].value), add(load(s_run), k(1)), k(0));
    int need = persistence(p->clauses[0].for_value.get());
    int now = max(before, emit(Op::Ge, run, need));
    store(s_called, now);
    store(s_run, sel(now, k(0), run));
    return now;
  }
  if (m == "converts") {
    int at_end = max(ctx(ContextField::IsLast), emit(Op::Ge, ctx(ContextField::MonthsAtEnd), months_of(*prop_expr(id, "maturity"))));
    int elects = mul(value(id, "in_money"), max(at_end, value(id, "called")));
    auto forced = selected_steps(ast::StepKind::Convert);
    if (auto it = forced.find(id); it != forced.end()) elects = max(elects, it->second);
    int open = mul(sub(k(1), load(slot(n + ".converted"))), emit(Op::Gt, value(id, "balance"), k(0)));
    return mul(open, elects);
  }
  if (m == "converted") return max(load(slot(n + ".converted")), value(id, "converts"));
  if (m == "converted_balance") return mul(value(id, "converts"), value(id, "balance_before_conversion"));
  if (m == "conversion_value") {
    // Shares delivered (balance / conversion price) at the share price.
    int shares = div(value(id, "converted_balance"), value(id, "conversion_price"));
    return sel(value(id, "converts"), mul(shares, value(id, "share_price")), k(0));
  }
  fail(DiagCode::UnknownMember, ent(id).span, fmt::format("internal: convertible member `{}`", m));
}

// A facility (a revolver or liquidity line) has a drawn balance, a limit and
// an optional borrowing base. What can be drawn this period is the lower of
// the limit and the base, less the balance (nothing in the horizon period);
// a balance above that is over-advanced and due as a mandatory prepayment.
int Lowerer::facility_value(int id, const std::string& m) {
  if (m == "limit") return expr(*prop_expr(id, "limit"));
  if (m == "borrowing_base") return prop_expr(id, "borrowing_base") ? expr(*prop_expr(id, "borrowing_base")) : value(id, "limit");
  if (m == "capacity") return min(value(id, "limit"), value(id, "borrowing_base"));
  if (m == "availability")
    return mul(sub(k(1), ctx(ContextField::IsLast)), max(k(0), sub(value(id, "capacity"), value(id, "balance"))));
  if (m == "over_advance") return max(k(0), sub(value(id, "balance"), value(id, "capacity")));
  if (m == "over_advanced") return emit(Op::Gt, value(id, "over_advance"), k(0));
  if (m == "draws") {
    waterfall();
    return facility_draws_.at(id);
  }
  if (m == "commitment_fee") {
    // On the undrawn limit at the period's open.
    const ast::Expr* fee = prop_expr(id, "commitment_fee");
    if (!fee) return k(0);
    int undrawn = max(k(0), sub(value(id, "limit"), value(id, "balance")));
    return mul(mul(undrawn, max(k(0), expr(*fee))), accrual(id));
  }
  fail(DiagCode::UnknownMember, ent(id).span, fmt::format("internal: facility member `{}`", m));
}

}  // namespace sluice::ir
