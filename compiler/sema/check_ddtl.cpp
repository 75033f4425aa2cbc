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
}

}  // namespace sluice::sema
