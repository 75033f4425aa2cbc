// The priority of payments (every step names a claim it can pay, an
// account, or an asset it can sell) and the report block.
#include <fmt/format.h>
#include <functional>

#include "sema/checker.hpp"

namespace sluice::sema {

// A template parameter of a declaration kind, resolved to what it names
// (`liquidate assets` in the steps of a template whose `assets: Fleet`).
void Checker::bind_alias(EntityId e) {
  if (!e) return;
  auto& arg = m.entities[e];
  if (arg.kind != EntityKind::TemplateArg || arg.alias || !arg.bound || !declaration_kind(arg.annotation)) return;
  arg.alias = resolve_ref(*arg.bound, arg.bound_scope, true).id;
}

namespace {

// The message for a name a template's placed steps use that the instance
// does not have: the template sees only its own declarations and parameters.
void outside(Diagnostics& diags, const Model& m, const Model::StepOrigin& o, Span at, const std::string& name) {
  const auto& inst = m.entities[o.instance];
  std::string path;
  if (inst.decl)
    for (const auto& p : inst.decl->path) path += (path.empty() ? "" : ".") + p;
  auto& d = diags.error(DiagCode::StepsNameOutside, at, fmt::format("the steps of template `{}` name `{}`, which `{}` does not have", path, name, inst.name),
                        "not a declaration or parameter of the template");
  d.labels.push_back(Label{o.placed_at, fmt::format("`{}`'s steps are placed here", inst.name), false});
  d.hints.push_back("a template's steps name its own declarations and parameters; give the template a parameter for what the deal supplies (`operating: Fee`)");
}

}  // namespace

// The names an expression of a placed step reads all resolve in the
// instance's scope (a deal's name is not visible there): false, reported
// as E0244, when one does not.
bool Checker::names_inside(const ast::Step& s, const ast::Expr& e, ScopeId scope) {
  const Model::StepOrigin* o = m.origin_of(s);
  if (!o) return true;
  bool ok = true;
  std::function<void(const ast::Expr&)> walk = [&](const ast::Expr& x) {
    if (x.kind == ast::ExprKind::Name && !lookup(scope, x.text)) {
      outside(diags, m, *o, x.span, x.text);
      ok = false;
    }
    for (std::size_t i = 0; i < x.kids.size(); ++i)
      if (x.kids[i] && !(x.kind == ast::ExprKind::Call && i == 0)) walk(*x.kids[i]);
  };
  walk(e);
  return ok;
}

void Checker::check_waterfall(EntityId id) {
  const Entity& ent = m.entities[id];
  if (ent.decl->when) {
    Type t = check(*ent.decl->when, ent.scope);
    if (!t.is_error() && t.kind != Kind::Bool) diags.error(DiagCode::ExpectedBool, ent.decl->when->span, "a waterfall is selected by a condition");
  }
  std::set<const ast::Target*> told;  // a step's target is resolved more than once: report it once
  std::function<void(const std::vector<ast::Step>&)> walk = [&](const std::vector<ast::Step>& steps) {
    for (const auto& s : steps) {
      // A template's placed steps resolve in its instance's scope.
      const Model::StepOrigin* origin = m.origin_of(s);
      const ScopeId sc = origin ? origin->scope : ent.scope;
      auto inside = [&](const ast::Expr& e) { return names_inside(s, e, sc); };
      auto target_entity = [&](const ast::Target& t) -> EntityId {
        EntityId e = lookup(sc, t.path.empty() ? "" : t.path[0]);
        bind_alias(e);
        if (!e.valid() && origin) {
          if (told.insert(&t).second) outside(diags, m, *origin, t.span, t.path.empty() ? "?" : t.path[0]);
          return EntityId::none();
        }
        if (!e.valid()) {
          auto& d = diags.error(DiagCode::UnknownName, t.span, fmt::format("`{}` is not declared", t.path.empty() ? "?" : t.path[0]));
          auto near = closest_name(t.path.empty() ? "" : t.path[0], visible_names(sc));
          if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
          return EntityId::none();
        }
        const Model::Target target = m.resolve_target(sc, t.path);
        if (target.too_long) {
          diags.error(DiagCode::BadWaterfallTarget, t.span, "a waterfall step names a declaration or one of its claims, such as `A.interest`");
          return EntityId::none();
        }
        return target.entity;
      };
      auto part_of = [&](const ast::Target& t) { return m.resolve_target(sc, t.path).part; };
      auto claim = [&](const ast::Target& t, bool residual_ok) {
        if (!t.group.empty()) {
          for (std::size_t i = 0; i < t.group.size(); ++i) {
            bind_alias(lookup(sc, t.group[i].substr(0, t.group[i].find('.'))));
            if (origin && !lookup(sc, t.group[i].substr(0, t.group[i].find('.')))) {
              outside(diags, m, *origin, t.group_spans[i], t.group[i]);
              continue;
            }
            EntityId e = m.resolve_source(sc, t.group[i]);
            if (!e.valid() || !is_debt(m.entities[e].kind)) {
              diags.error(!e.valid() ? DiagCode::UnknownName : DiagCode::BadWaterfallTarget, t.group_spans[i],
                          !e.valid() ? fmt::format("`{}` is not declared", t.group[i]) : fmt::format("`{}` is not a tranche, convertible or facility", t.group[i]));
            }
          }
          if (t.path.size() != 1 || !is_claim_part(EntityKind::Tranche, t.path[0]))
            diags.error(DiagCode::BadWaterfallTarget, t.span, "a pro-rata group pays `.interest` or `.principal`");
          return;
        }
        EntityId e = target_entity(t);
        if (!e.valid()) return;
        auto k = m.entities[e].kind;
        std::string mem = part_of(t);
        bool ok = (k == EntityKind::Fee && mem.empty()) || (k == EntityKind::Equity && mem.empty() && residual_ok) ||
                  (is_debt(k) && is_claim_part(k, mem)) || (k == EntityKind::Hedge && (mem.empty() || is_claim_part(k, mem)));
        if (ok && k == EntityKind::Hedge) check_hedge_claim(e, Model::claim_part(mem), t.span);
        if (!ok) {
          auto& d = diags.error(DiagCode::BadWaterfallTarget, t.span, fmt::format("cannot pay {} `{}`{}", entity_kind_name(k), t.path[0], mem.empty() ? "" : "." + mem));
          if (is_debt(k)) d.hints.push_back(fmt::format("pay `{0}.interest` or `{0}.principal`", t.path[0]));
          else if (k == EntityKind::Equity) d.hints.push_back(fmt::format("equity takes what is left: `pay {} residual`", t.path[0]));
          else if (k == EntityKind::Hedge) d.hints.push_back(fmt::format("pay `{0}` (its net payment) or `{0}.termination`", t.path[0]));
          else d.hints.push_back("steps pay fees, `T.interest` and `T.principal` of tranches, convertibles and facilities, and equity's residual");
        }
      };
      switch (s.kind) {
        case ast::StepKind::Pay: {
          claim(s.target, s.mode == ast::PayMode::Residual);
          EntityId e = s.target.group.empty() ? target_entity(s.target) : EntityId::none();
          bool is_equity = e.valid() && m.entities[e].kind == EntityKind::Equity;
          if (is_equity != (s.mode == ast::PayMode::Residual) && e.valid()) {
            if (is_equity) diags.error(DiagCode::BadWaterfallTarget, s.span, "equity is paid what is left: `residual`");
            else diags.error(DiagCode::BadWaterfallTarget, s.span, "only equity takes the `residual`");
          }
          bool principal = !s.target.path.empty() && Model::claim_part(s.target.path.back()) == vocab::MemberId::Principal;
          if (!principal && (s.mode == ast::PayMode::Scheduled || s.mode == ast::PayMode::InFull))
            diags.error(DiagCode::BadWaterfallTarget, s.span, "`scheduled` and `in full` apply to principal");
          // `up to` an amount of the note's own currency (check_fx.cpp); a
          // group's notes share one amount, so it must be the deal's money.
          if (s.amount && inside(*s.amount)) {
            bool foreign = false;
            for (const auto& g : s.target.group)
              if (EntityId x = m.resolve_source(sc, g); x.valid() && money_of(x) != money()) foreign = true;
            if (foreign)
              diags.error(DiagCode::FxUnsupported, s.amount->span, "a pro-rata group with a note in another currency is paid `up to` one amount, in no one currency")
                  .hints.push_back("pay the note in another currency in its own step, `up to` an amount of its currency");
            else expect_dim(*s.amount, sc, e.valid() ? money_of(e) : money(), "the amount paid");
          }
          break;
        }
        case ast::StepKind::Fill:
        case ast::StepKind::Draw: {
          // Accounts are filled and drawn; a facility is drawn too (its
          // balance rises by the draw, up to its availability).
          const std::string head = s.account.substr(0, s.account.find('.'));
          bind_alias(lookup(sc, head));
          if (origin && !lookup(sc, head)) {
            outside(diags, m, *origin, s.account_span, s.account);
            break;
          }
          EntityId a = m.resolve_source(sc, s.account);
          auto ak = !a.valid() ? EntityKind::Let : m.entities[a].kind;
          bool source = ak == EntityKind::Account || (ak == EntityKind::Facility && s.kind == ast::StepKind::Draw);
          if (!source) {
            diags.error(!a.valid() ? DiagCode::UnknownName : DiagCode::BadWaterfallTarget, s.account_span,
                        !a.valid()                                  ? fmt::format("`{}` is not declared", s.account)
                        : s.kind == ast::StepKind::Draw        ? fmt::format("`{}` is not an account or a facility", s.account)
                                                               : fmt::format("`{}` is not an account", s.account));
            break;
          }
          if (s.kind == ast::StepKind::Fill) {
            if (s.amount) {
              if (inside(*s.amount)) expect_dim(*s.amount, sc, money(), "the fill level");
            }
            else if (!m.prop(a, vocab::PropId::Target)) diags.error(DiagCode::MissingProperty, s.span, fmt::format("`fill {} to target` needs the account's `target`", s.account));
          } else {
            claim(s.target, false);
          }
          break;
        }
        case ast::StepKind::Sweep: {
          if (inside(*s.amount)) expect_dim(*s.amount, sc, Dim{}, "the share swept");
          claim(s.target, false);
          break;
        }
        case ast::StepKind::Liquidate: {
          EntityId e = target_entity(s.target);
          if (e.valid()) {
            auto k = m.entities[e].kind;
            if ((k != EntityKind::Fleet && k != EntityKind::Holding) || !part_of(s.target).empty())
              diags.error(DiagCode::BadWaterfallTarget, s.target.span, fmt::format("only a fleet or a holding can be liquidated, not {} `{}`", entity_kind_name(k), s.target.path[0]));
          }
          break;
        }
        case ast::StepKind::Convert: {
          EntityId e = target_entity(s.target);
          // `convert C` of a template instance converts its primary note.
          if (e.valid() && m.entities[e].kind == EntityKind::Instance && m.entities[e].primary.valid())
            e = m.entities[e].primary;
          if (e.valid() && m.entities[e].kind != EntityKind::Convertible)
            diags.error(DiagCode::BadWaterfallTarget, s.target.span, fmt::format("only a convertible can be converted, not `{}`", s.target.path[0]));
          break;
        }
        case ast::StepKind::If:
          for (std::size_t i = 0; i < s.conditions.size(); ++i) {
            if (inside(*s.conditions[i])) {
              Type t = check(*s.conditions[i], sc);
              if (!t.is_error() && t.kind != Kind::Bool)
                diags.error(DiagCode::ExpectedBool, s.conditions[i]->span, fmt::format("`if` needs a condition, not {}", describe(t)));
            }
            walk(s.branches[i]);
          }
          walk(s.else_steps);
          break;
        case ast::StepKind::Place:
          break;  // expanded by place_steps (one that names no group is reported there)
      }
    }
  };
  walk(m.steps_of(id));
}

void Checker::check_report() {
  if (!m.report) return;
  const ast::Expr* risk_free = nullptr;
  for (const auto& line : m.report->report) {
    for (const auto& item : line.items) {
      auto& e = *item;
      using S = ast::ReportSection;
      if (line.kind == S::RiskFree) {
        // The rate tranche cash flows are discounted at for the break-even
        // spread: a Ratio per year (`4%`, `sofr`), read each period.
        if (risk_free) {
          diags.error(DiagCode::Duplicate, e.span, "a report has one `risk_free` rate");
          continue;
        }
        risk_free = &e;
        Type t = check(e, m.report_scope);
        if (!t.is_error() && (!t.is_number() || !t.dim.empty()))
          diags.error(DiagCode::WrongUnit, e.span, fmt::format("`risk_free` is an annual rate such as `4%` or a rate factor, not {}", describe(t)));
        continue;
      }
      if (line.kind == S::Metrics) {
        if (e.kind == ast::ExprKind::Member && e.kids[0]->kind == ast::ExprKind::Name) {
          EntityId ent = resolve_ref(*e.kids[0], m.report_scope, true).id;
          if (!ent.valid()) continue;
          const auto& x = m.entities[ent];
          EntityId target = ent;
          if (x.kind == EntityKind::Instance && x.primary.valid()) target = x.primary;
          // Tranche and equity metrics (A.loss, E.irr) are computed after the
          // run; any other member is a number checked as an expression.
          if (is_metric_member(e.text) && member_type(target, e.text, true)) {
            m.annotate(e).entity = target;
            m.annotate(e).metric = run_metric(m.entities[target].kind, e.text);
            continue;
          }
        }
        Type t = check(e, m.report_scope);
        if (!t.is_error() && !t.is_number())
          diags.error(DiagCode::WrongKind, e.span, "a metric is a number, such as `A.loss`, `A.wal`, `A.irr` or `min(dscr)`");
      } else if (line.kind == S::Probability) {
        Type t = check(e, m.report_scope);
        if (!t.is_error() && t.kind != Kind::Bool)
          diags.error(DiagCode::ExpectedBool, e.span, fmt::format("a probability is of a condition or trigger, not {}", describe(t)));
      } else {
        Type t = check(e, m.report_scope);
        if (!t.is_error() && !t.is_number() && t.kind != Kind::Bool)
          diags.error(DiagCode::WrongKind, e.span, fmt::format("a series is a number or condition per period, not {}", describe(t)));
      }
    }
  }
}

}  // namespace sluice::sema
