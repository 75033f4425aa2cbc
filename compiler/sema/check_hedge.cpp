// A hedge is an interest-rate swap (`fixed`: the deal pays fixed and
// receives the floating rate) or a cap (`strike`: the deal receives what the
// floating rate pays above the strike), on a notional read each period.
// Its net payments are a claim the waterfall pays at its rank (`pay H`), its
// termination payment another (`pay H.termination`), and its receipts join
// available funds (ir/lower_hedges.cpp). Sema checks the form (E0264), the
// premium (E0265), that every claim a step pays can be owed (E0266) and that
// every amount the hedge can owe has a step that pays it (E0267): a net swap
// payment no step pays would carry, unpaid and unseen, to the horizon.
#include <fmt/format.h>
#include <functional>
#include <set>

#include "sema/checker.hpp"

namespace sluice::sema {

using vocab::MemberId;
using vocab::PropId;

namespace {
// Every claim a waterfall's steps (and their branches) pay on `hedge`.
void claims_paid(const Model& m, const std::vector<ast::Step>& steps, EntityId hedge, std::set<MemberId>& parts) {
  for (const auto& s : steps) {
    if (s.kind == ast::StepKind::If) {
      for (const auto& b : s.branches) claims_paid(m, b, hedge, parts);
      claims_paid(m, s.else_steps, hedge, parts);
      continue;
    }
    if (s.kind != ast::StepKind::Pay && s.kind != ast::StepKind::Sweep && s.kind != ast::StepKind::Draw) continue;
    if (!s.target.group.empty() || s.target.path.empty()) continue;
    auto [e, part] = m.claim(m.step_scope(s), s.target.path);
    if (e == hedge) parts.insert(part);
  }
}
}  // namespace

void Checker::check_hedge(EntityId id, const std::function<void(PropId)>& by_rule) {
  const Entity& e = m.entities[id];
  const ScopeId sc = e.scope;
  const Dim per_year{{"year", -1}};
  // The rates: a ratio (`3.50%`) or a rate per year, as a coupon.
  for (PropId p : {PropId::Floating, PropId::Fixed, PropId::Strike}) {
    const ast::Property* prop = m.prop(id, p);
    if (!prop) continue;
    if (prop->clauses.size() != 1 || !prop->clauses[0].value || !prop->clauses[0].words.empty()) {
      diags.error(DiagCode::BadPropertyForm, prop->span, fmt::format("`{}` takes one value", vocab::word(p)));
      continue;
    }
    const ast::Expr& v = *prop->clauses[0].value;
    Type t = check(v, sc);
    if (!t.is_error() && !(t.is_number() && (t.dim.empty() || t.dim == per_year)))
      diags.error(DiagCode::WrongUnit, v.span,
                  fmt::format("{} must be an annual rate such as `3.50%`, not {}", vocab::property(vocab::Construct::Hedge, p)->what, describe(t)),
                  t.is_number() ? dim_text(t.dim) : describe(t));
  }
  by_rule(PropId::Notional);
  by_rule(PropId::Maturity);
  by_rule(PropId::TerminateOn);
  const bool swap = m.prop(id, PropId::Fixed), cap = m.prop(id, PropId::Strike);
  if (swap == cap) {
    auto& d = diags.error(DiagCode::HedgeForm, swap ? m.prop(id, PropId::Strike)->span : e.span,
                          swap ? fmt::format("hedge `{}` has both `fixed` and `strike`: a hedge is a swap or a cap", e.name)
                               : fmt::format("hedge `{}` is neither a swap nor a cap", e.name));
    d.hints.push_back("a swap pays `fixed 3.50%` against the floating rate; a cap receives above `strike 5%`");
  }
  // A premium buys a cap: an amount at the close, or an annual rate on the
  // notional paid each period.
  if (const ast::Property* pr = m.prop(id, PropId::Premium)) {
    const ast::Expr* v = pr->clauses.size() == 1 && pr->clauses[0].words.empty() ? pr->clauses[0].value.get() : nullptr;
    if (swap) {
      diags.error(DiagCode::HedgePremium, pr->span, fmt::format("swap `{}` has a premium: a swap is entered at market, for nothing", e.name))
          .hints.push_back("a premium buys a cap (`strike`); an off-market swap's price is a fee");
    } else if (!v) {
      diags.error(DiagCode::HedgePremium, pr->span, "`premium` takes one value: an amount (`250k USD`) or an annual rate (`0.40%`)");
    } else {
      Type t = check(*v, sc);
      if (!t.is_error() && !(t.is_number() && (t.dim == money() || t.dim.empty() || t.dim == per_year)))
        diags.error(DiagCode::HedgePremium, v->span,
                    fmt::format("a cap's premium is an amount at the close ({}) or an annual rate on the notional (`0.40%`), not {}", cur(), describe(t)),
                    t.is_number() ? dim_text(t.dim) : describe(t));
    }
  }
  // What the waterfalls pay of it, against what it can owe.
  std::set<MemberId> parts;
  for (EntityId w : m.waterfalls) claims_paid(m, m.steps_of(w), id, parts);
  const ast::Expr* premium = m.prop(id, PropId::Premium) ? m.prop(id, PropId::Premium)->clauses[0].value.get() : nullptr;
  const bool periodic_premium = cap && premium && [&] {
    Type t = check(*premium, sc);
    return t.is_number() && (t.dim.empty() || t.dim == per_year);
  }();
  const bool owes_periodically = swap || periodic_premium;
  if (owes_periodically && !parts.count(MemberId::None))
    diags.error(DiagCode::HedgeUnpaid, e.span,
                swap ? fmt::format("swap `{}` owes its net payment when the floating rate is below the fixed rate, and no waterfall step pays it", e.name)
                     : fmt::format("cap `{}` owes its premium each period, and no waterfall step pays it", e.name))
        .hints.push_back(fmt::format("pay it at its rank: `pay {}` (before the notes' interest, as most hedges rank)", e.name));
  if (swap && m.prop(id, PropId::TerminateOn) && !parts.count(MemberId::Termination))
    diags.error(DiagCode::HedgeUnpaid, m.prop(id, PropId::TerminateOn)->span,
                fmt::format("swap `{}` terminates, and no waterfall step pays its termination payment", e.name))
        .hints.push_back(fmt::format("rank it as the documents say: `pay {}.termination`", e.name));
}

// A step paying `H` or `H.termination`: only a claim the hedge can owe.
void Checker::check_hedge_claim(EntityId id, MemberId part, Span at) {
  const Entity& e = m.entities[id];
  const bool cap = m.prop(id, PropId::Strike) && !m.prop(id, PropId::Fixed);
  if (part == MemberId::Termination && !m.prop(id, PropId::TerminateOn)) {
    diags.error(DiagCode::HedgeNothingToPay, at, fmt::format("hedge `{}` never terminates, so it owes no termination payment", e.name))
        .hints.push_back("say when it terminates: `terminate_on event_of_default`");
  } else if (part == MemberId::Termination && cap) {
    diags.error(DiagCode::HedgeNothingToPay, at, fmt::format("cap `{}` owes nothing on termination: the counterparty pays the deal its value", e.name));
  } else if (part == MemberId::None && cap) {
    const ast::Property* pr = m.prop(id, PropId::Premium);
    const ast::Expr* v = pr && !pr->clauses.empty() ? pr->clauses[0].value.get() : nullptr;
    Type t = v ? check(*v, e.scope) : Type::error();
    if (!v || (t.is_number() && t.dim == money()))
      diags.error(DiagCode::HedgeNothingToPay, at, fmt::format("cap `{}` owes the deal's waterfall nothing: it has no premium paid each period", e.name))
          .hints.push_back("a cap's receipts join available funds by themselves; a periodic premium is `premium 0.40%`");
  }
}

}  // namespace sluice::sema
