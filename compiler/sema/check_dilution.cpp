// A convertible's holder put (`put PRICE on DATE[, PRICE on DATE]`) and the
// shares an equity's holders own (`shares N`), which a conversion dilutes
// (docs/language.md, Convertibles; lowering in ir/lower_dilution.cpp).
// Sema checks the forms and units: a put is a price as a share of the
// balance on a date from `start` (E0268 for any other form); a put date
// after the maturity is refused where both are known, by lowering (E0270).
// `shares` counts in the unit the convertibles deliver (money over their
// conversion price), and one equity at most declares it (E0269): a
// conversion dilutes the one holder of the shares.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

using vocab::PropId;

void Checker::check_put(EntityId id) {
  const Entity& ent = m.entities[id];
  const auto* p = m.prop(id, PropId::Put);
  if (!p) return;
  for (const auto& c : p->clauses) {
    if (!c.value || !c.words.empty() || c.for_value || !c.on_value) {
      diags.error(DiagCode::PutForm, c.span, "`put` is `PRICE on DATE[, PRICE on DATE]`: a price as a share of the balance, on a date from `start`")
          .hints.push_back("for example `put 100% on 36 months` (par, three years after `start`)");
      continue;
    }
    expect_dim(*c.value, ent.scope, Dim{}, "the put price");
    Type t = check(*c.on_value, ent.scope);
    if (t.is_error()) continue;
    if (!t.is_number() || t.dim.size() != 1 || !(t.dim.count("month") || t.dim.count("year") || t.dim.count("period")) || t.dim.begin()->second != 1)
      diags.error(DiagCode::WrongUnit, c.on_value->span, fmt::format("the put date must be a duration from `start` in months, years or periods, not {}", describe(t)),
                  describe(t))
          .hints.push_back("write it as `36 months`");
  }
}

void Checker::check_shares(EntityId id) {
  const Entity& ent = m.entities[id];
  const auto* p = m.prop(id, PropId::Shares);
  if (!p) return;
  if (p->clauses.size() != 1 || !p->clauses[0].value || !p->clauses[0].words.empty() || p->clauses[0].for_value || p->clauses[0].on_value) {
    diags.error(DiagCode::BadPropertyForm, p->span, "`shares` takes one value: the shares outstanding, such as `40m share`");
    return;
  }
  const ast::Expr& e = *p->clauses[0].value;
  // One holder of the shares: the first equity that declares them.
  for (EntityId other : m.entities.ids()) {
    if (other == id) break;
    const auto& o = m.entities[other];
    if (o.kind != EntityKind::Equity || !m.prop(other, PropId::Shares)) continue;
    auto& d = diags.error(DiagCode::SharesTwice, p->name_span,
                          fmt::format("equity `{}` declares `shares`, and so does `{}`: a conversion dilutes one holder of the shares", ent.name, o.name));
    d.labels.push_back(Label{m.prop(other, PropId::Shares)->name_span, "declared here first", false});
    d.hints.push_back("keep `shares` on the equity whose shares the convertibles deliver");
    return;
  }
  // The unit the convertibles deliver: money over the conversion price.
  for (EntityId c : m.entities.ids()) {
    if (m.entities[c].kind != EntityKind::Convertible) continue;
    const auto* cp = m.prop(c, PropId::ConversionPrice);
    if (!cp || !cp->clauses[0].value) continue;
    Type price = check(*cp->clauses[0].value, m.entities[c].scope);
    if (price.is_error() || !price.is_number()) continue;
    expect_dim(e, ent.scope, dim_mul(money(), price.dim, -1), fmt::format("the shares (which `{}` converts into)", m.entities[c].name));
    return;
  }
  Type t = check(e, ent.scope);
  if (!t.is_error() && (!t.is_number() || t.dim.empty() || t.dim == money()))
    diags.error(DiagCode::WrongUnit, e.span, fmt::format("the shares are a count such as `40m share`, not {}", describe(t)), describe(t))
        .hints.push_back("declare the share unit (`unit share`) and write `40m share`");
}

}  // namespace sluice::sema
