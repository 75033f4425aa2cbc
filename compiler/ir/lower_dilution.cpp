// A convertible's holder put and the dilution of equity by conversions
// (docs/language.md, Convertibles; sema/check_dilution.cpp checks the forms).
//
// The put: `put PRICE on DATE[, PRICE on DATE]`. In the period whose span
// holds a put date (months from `start`: after its start, by its end), the
// holders put the notes when the shares a conversion would deliver are worth
// less than the put amount: underlying x balance / conversion price < price
// x balance, that is underlying < price x conversion price. (The rule sees
// the put date's share price only, not what holding on would be worth.)
// From then the put amount, price x the balance, is due in cash through
// `pay C.principal` every period until it is paid (a shortfall stays owed,
// as principal due at maturity does), and the notes no longer convert by
// the holders' choice (a `convert C` step still converts them). Cash paid
// for put notes retires par at the price: principal_paid (par) is cash /
// price, all of the balance once the put amount is paid in full, and
// put_premium is the cash above that par (negative below par).
//
// Dilution: an equity with `shares S` owns S / (S + D) of the residual,
// where D is the shares the deal's convertibles have delivered (converted
// balance / conversion price) in the periods before. The rest is the
// converted holders', whom the convertible's flows already paid the shares'
// value at conversion; it is not a column of any table.
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

// The put's values: the price of a put date this period holds (0 when it
// holds none: a price is above 0), the exercise, and the price held.
int Lowerer::put_value(EntityId id, M m) {
  const std::string& n = ent(id).name;
  const auto* p = prop(id, P::Put);
  switch (m) {
    case M::PutPriceNow: {
      // The first clause whose date this period holds.
      int price = k(0);
      for (auto it = p->clauses.rbegin(); it != p->clauses.rend(); ++it) {
        int date = months_of(*it->on_value);
        int holds = emit(Op::And, emit(Op::Lt, ctx(ContextField::MonthsAtStart), date), emit(Op::Le, date, ctx(ContextField::MonthsAtEnd)));
        price = sel(holds, prop_in_domain(id, P::Put, *it->value, expr(*it->value)), price);
      }
      return price;
    }
    case M::PutNow: {
      int price = value(id, M::PutPriceNow);
      int open = mul(sub(k(1), max(load(slot(n + ".put")), load(slot(n + ".converted")))), emit(Op::Gt, value(id, M::Balance), k(0)));
      int worth_less = emit(Op::Lt, value(id, M::SharePrice), mul(price, value(id, M::ConversionPrice)));
      return mul(mul(emit(Op::Gt, price, k(0)), open), worth_less);
    }
    case M::PutExercised: return max(load(slot(n + ".put")), value(id, M::PutNow));
    case M::PutPrice:  // the price the notes were put at: this period's, else the one held
      return sel(value(id, M::PutNow), value(id, M::PutPriceNow), load(slot(n + ".put_price")));
    case M::PutPremium: return sub(value(id, M::PrincipalCash), value(id, M::PrincipalPaid));
    default: break;
  }
  fail(DiagCode::UnknownMember, ent(id).span, fmt::format("internal: put member `{}`", vocab::word(m)));
}

// Par retired by the cash paid on the principal claim of put notes.
int Lowerer::put_par_retired(EntityId id, int cash) {
  int due = value(id, M::PrincipalDue);
  int put = value(id, M::PutExercised);
  int par = sel(emit(Op::Ge, cash, due), value(id, M::Balance), div(cash, sel(put, value(id, M::PutPrice), k(1))));
  return sel(put, min(par, value(id, M::Balance)), cash);
}

void Lowerer::close_put(EntityId id, TrancheInfo& t) {
  const std::string& n = ent(id).name;
  t.col_put_premium = column(n + ".put_premium", n, Role::ReportValue, m_.deal.currency);
  output(t.col_put_premium, value(id, M::PutPremium));
  int price = value(id, M::PutPrice);
  store(slot(n + ".put"), value(id, M::PutExercised));
  store(slot(n + ".put_price"), price);
}

// E0270: a put date fixed before the run that no period can exercise.
void Lowerer::check_put_terms(EntityId id) {
  const auto* p = prop(id, P::Put);
  if (!p) return;
  const double horizon = static_cast<double>(m_.deal.periods) * m_.deal.months_per_period;
  std::optional<double> maturity;
  if (const ast::Expr* mt = prop_expr(id, P::Maturity)) maturity = constant_months(*mt);
  for (const auto& c : p->clauses) {
    auto date = constant_months(*c.on_value);
    if (!date) continue;
    std::string why;
    if (*date <= 0) why = "at or before `start`";
    else if (maturity && *date >= *maturity) why = fmt::format("on or after its maturity ({} months), when the whole balance is due anyway", *maturity);
    else if (*date > horizon) why = fmt::format("after the horizon ({} months)", horizon);
    if (why.empty()) continue;
    diags_.error(DiagCode::PutAfterMaturity, c.on_value->span,
                 fmt::format("convertible `{}` has a put {} months from `start`, {}: it could never be exercised", ent(id).name, *date, why))
        .hints.push_back("put dates fall after `start` and before the maturity and the horizon");
    throw LowerError{};
  }
}

// A duration fixed before the run, in months (as months_of reads it).
std::optional<double> Lowerer::constant_months(const ast::Expr& e) {
  auto v = constant(e);
  if (!v) return v;
  switch (sema::duration_base(m_.type_of(e).dim)) {
    case sema::TimeBase::Year: return *v * 12;
    case sema::TimeBase::Period: return *v * m_.deal.months_per_period;
    default: return v;
  }
}

// The share of the residual the equity's holders own this period.
int Lowerer::equity_ownership(EntityId id) {
  const ast::Expr* s = prop_expr(id, P::Shares);
  if (!s) return k(1);
  int shares = prop_in_domain(id, P::Shares, *s, expr(*s));
  return div(shares, add(shares, load(slot(ent(id).name + ".shares_delivered"))));
}

// At the close: the shares delivered so far, for the next period's ownership.
void Lowerer::close_dilution(EntityId id) {
  if (!prop_expr(id, P::Shares)) return;
  value(id, M::Ownership);  // read this period's before the store below
  int s = slot(ent(id).name + ".shares_delivered");
  int delivered = load(s);
  for (EntityId c : m_.order)
    if (ent(c).kind == EntityKind::Convertible) delivered = add(delivered, div(value(c, M::ConvertedBalance), value(c, M::ConversionPrice)));
  store(s, delivered);
}

}  // namespace sluice::ir
