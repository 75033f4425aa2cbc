// Notes in another currency than the deal's (`fx F`, docs/language.md,
// "Notes in another currency"). A tranche whose `fx` is an exchange rate in
// DEAL/X keeps its money in X: its balance, coupon, claims and members are
// amounts of X, and the waterfall converts deal-currency cash at each
// period's rate when it pays them (ir/lower_waterfall.cpp). Sema decides X
// from the rate's unit, so `A.balance` is typed in X wherever it is read,
// also above the tranche's own declaration.
#include <fmt/format.h>

#include "sema/checker.hpp"
#include "syntax/parser.hpp"

namespace sluice::sema {

std::optional<std::string> Checker::fx_currency(const Type& t) const {
  if (!t.is_number() || t.dim.size() != 2) return std::nullopt;
  auto deal = t.dim.find(cur());
  if (deal == t.dim.end() || deal->second != 1) return std::nullopt;
  for (const auto& [unit, power] : t.dim)
    if (unit != cur() && power == -1 && syntax::is_currency_code(unit)) return unit;
  return std::nullopt;
}

Dim Checker::money_of(EntityId id) {
  Entity& e = m.entities[id];
  if (e.kind != EntityKind::Tranche) return money();
  if (!e.currency_done) {
    e.currency_done = true;  // first: an `fx` that reads the note itself is reported as a cycle by check()
    auto it = e.props.find(std::string(vocab::word(vocab::PropId::Fx)));
    if (it != e.props.end() && it->second->clauses.size() == 1 && it->second->clauses[0].value && it->second->clauses[0].words.empty())
      if (auto x = fx_currency(check(*it->second->clauses[0].value, e.scope))) e.currency = *x;
  }
  return e.currency.empty() ? money() : Dim{{e.currency, 1}};
}

// The rate's unit (E0271), the balance's currency against it (E0272), and
// what a note in another currency cannot be (E0273): sculpted to, or
// measured against, a cash flow in the deal's currency.
void Checker::check_fx(EntityId id) {
  Entity& e = m.entities[id];
  const Dim note = money_of(id);
  const ast::Expr* balance = e.prop(vocab::PropId::Balance);
  const ast::Expr* fx = e.prop(vocab::PropId::Fx);
  if (const auto* p = e.property(vocab::PropId::Fx); p && (p->clauses.size() != 1 || !fx || !p->decl->clauses[0].words.empty())) {
    diags.error(DiagCode::BadPropertyForm, p->decl->span, "`fx` takes one value: the exchange rate, such as `fx eurusd`");
    return;
  }
  if (fx) {
    Type t = check(*fx, e.scope);
    if (t.is_error()) return;
    if (!fx_currency(t)) {
      auto& d = diags.error(DiagCode::FxUnit, fx->span,
                            fmt::format("`fx` must be an exchange rate in {0} per the note's currency (such as USD/EUR), not {1}", cur(), describe(t)),
                            t.is_number() ? dim_text(t.dim) : describe(t));
      std::string inverse;
      if (t.is_number() && t.dim.size() == 2 && t.dim.count(cur()) && t.dim.at(cur()) == -1)
        for (const auto& [unit, power] : t.dim)
          if (unit != cur() && power == 1) inverse = unit;
      if (!inverse.empty())
        d.hints.push_back(fmt::format("this rate is {0} per {1}; the note converts {1} into {0}: write `1 / {2}` or quote it as {1}/{0}", inverse, cur(),
                                      fx->kind == ast::ExprKind::Name ? fx->text : std::string("(...)")));
      else
        d.hints.push_back(fmt::format("declare the rate as a market factor in {0} per unit of the note's currency: `factor eurusd = lognormal(start: 1.10 {0}/EUR, ...)`", cur()));
      return;
    }
  }
  if (balance) {
    Type b = check(*balance, e.scope);
    const bool other = b.is_number() && b.dim.size() == 1 && b.dim.begin()->second == 1 && b.dim != note && syntax::is_currency_code(b.dim.begin()->first);
    if (other) {
      const std::string y = b.dim.begin()->first;
      auto& d = diags.error(DiagCode::FxCurrency, balance->span,
                            fx ? fmt::format("tranche `{}` is in {}, but its `fx` converts {}", e.name, y, e.currency)
                               : fmt::format("tranche `{}` is in {}, and the deal's money is {}: nothing says how its payments convert", e.name, y, cur()),
                            dim_text(b.dim));
      d.hints.push_back(fx ? fmt::format("give the balance in {0}, or an `fx` rate in {1}/{2}", e.currency, cur(), y)
                           : fmt::format("a note in {1} says how the deal's {0} converts: `fx RATE`, with RATE a market factor in {0}/{1}", cur(), y));
    } else {
      expect_dim(*balance, e.scope, note, "the balance");
    }
  }
  if (e.currency.empty()) return;
  const bool sculpted = e.option(vocab::PropId::Amortization) == vocab::Amortization::Sculpted;
  if (sculpted || e.property(vocab::PropId::Cfads)) {
    const auto* p = e.property(sculpted ? vocab::PropId::Amortization : vocab::PropId::Cfads);
    diags.error(DiagCode::FxUnsupported, p->decl->span,
                fmt::format("tranche `{}` is in {}, and {} measures it against cash in {}: sizing a note in another currency to its cover is not supported", e.name,
                            e.currency, sculpted ? "sculpting" : "`cfads`", cur()))
        .hints.push_back(fmt::format("give the note a schedule in {} (`level over N months`, `target BALANCE`), or issue it in {}", e.currency, cur()));
  }
}

}  // namespace sluice::sema
