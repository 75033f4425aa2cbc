// A delayed-draw term loan is a facility with a draw period: it is drawn for
// the fleets' capex while the period lasts (`funds`, subject to a
// `draw_condition`), then the undrawn commitment is cancelled and the drawn
// balance amortizes. Each of those words only means something with the
// draw period, so each without it is a located error (E0237, E0239); the
// checks on values fixed before the run (drawn above the limit, a draw
// period past maturity) are in ir/lower_debt.cpp.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

using vocab::PropId;

void Checker::check_delayed_draw(EntityId id, const std::function<void(PropId)>& by_rule, const std::function<void()>& amortization) {
  const Entity& e = m.entities[id];
  for (PropId p : {PropId::DrawPeriod, PropId::Funds, PropId::DrawCondition}) by_rule(p);
  amortization();
  const auto* period = m.prop(id, PropId::DrawPeriod);
  for (PropId p : {PropId::Funds, PropId::DrawCondition, PropId::Amortization}) {
    const auto* q = m.prop(id, p);
    if (!q || period) continue;
    const char* why = p == PropId::Funds          ? "capex is drawn during a draw period"
                      : p == PropId::Amortization ? "a facility's amortization starts when its draw period ends"
                                                  : "a draw condition applies to the draws of a draw period";
    diags.error(DiagCode::DrawPeriodMissing, q->span, fmt::format("facility `{}` has `{}` but no `draw_period`: {}", e.name, vocab::word(p), why))
        .hints.push_back("give the commitment its availability: `draw_period 12 months`");
  }
  if (const auto* c = m.prop(id, PropId::DrawCondition); c && !m.prop(id, PropId::Funds))
    diags.error(DiagCode::DrawConditionWithoutFunds, c->span, fmt::format("facility `{}` has a draw condition but draws for no capex", e.name))
        .hints.push_back("say what it funds: `funds 80% * gpus.capex`");
  // Interest during construction: the draw period is the construction, so
  // without one there is nothing to capitalize.
  if (const auto* ci = m.prop(id, PropId::ConstructionInterest)) {
    const auto& c = ci->clauses[0];
    const auto w = e.option(PropId::ConstructionInterest);
    const bool named = c.words.size() == 1 ? !c.value : c.words.empty() && c.value && c.value->kind == ast::ExprKind::Name;
    if (!named || (w != vocab::ConstructionInterest::Capitalize && w != vocab::ConstructionInterest::Paid))
      diags.error(DiagCode::BadPropertyForm, ci->span, "`construction_interest` is `capitalize` or `paid`");
    else if (!period)
      diags.error(DiagCode::ConstructionWithoutDrawPeriod, ci->span, fmt::format("facility `{}` has `construction_interest` but no `draw_period`: its construction is its draw period", e.name))
          .hints.push_back("give the facility its construction period: `draw_period 18 months`");
  }
}

// `funded_at_cod L` on an account: L is a delayed-draw facility whose draw
// period's end is the commercial operation date (COD) that funds it.
void Checker::check_funded_at_cod(EntityId id) {
  const auto* p = m.prop(id, PropId::FundedAtCod);
  if (!p) return;
  const auto& c = p->clauses[0];
  const ast::Expr* x = c.words.empty() ? c.value.get() : nullptr;
  EntityId f = x ? resolve_ref(*x, m.entities[id].scope, false).id : EntityId::none();
  if (f && m.entities[f].kind == EntityKind::Instance && m.entities[f].primary) f = m.entities[f].primary;  // `funded_at_cod D`: D's loan
  if (f && m.entities[f].kind == EntityKind::Facility && m.prop(f, PropId::DrawPeriod)) return;
  auto& d = diags.error(DiagCode::NotADelayedDraw, x ? x->span : p->span,
                        f ? fmt::format("`funded_at_cod` names {} `{}`, not a facility with a `draw_period`", entity_kind_name(m.entities[f].kind), m.entities[f].name)
                          : std::string("`funded_at_cod` names the delayed-draw facility whose commercial operation date funds the account"));
  d.hints.push_back("name a facility with a `draw_period`: `funded_at_cod L`; its draw period's end is the COD");
}

}  // namespace sluice::sema
