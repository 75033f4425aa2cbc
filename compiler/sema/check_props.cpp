// Properties of each construct: which it takes, which it needs, and the unit
// each value must have. Waterfall steps and the report block.
#include <cmath>
#include <fmt/format.h>
#include <functional>

#include "sema/checker.hpp"
#include "sema/csv_vector.hpp"
#include "sema/imports.hpp"

namespace sluice::sema {

using vocab::PropId;
using vocab::PropRule;

namespace {
const ast::Expr* call_arg(const ast::Expr& call, const char* name, std::size_t pos) {
  for (std::size_t i = 0; i + 1 < call.kids.size(); ++i)
    if (call.arg_names[i] == name || (call.arg_names[i].empty() && i == pos)) return call.kids[i + 1].get();
  return nullptr;
}

// A property's clauses with each keyword resolved to the registry's option
// (Option::None where the word is not one: the construct's checks below
// report it). The word starts the clause (`level over ...`, `cap 8%`), or
// names the call of a rate convention or a fire sale (`cpr(6%)`), or is the
// bare value of a keyword property (`advancing interest`).
PropValue resolve_property(const ast::Property& p, const vocab::PropertyInfo& info) {
  PropValue v;
  v.decl = &p;
  for (const auto& c : p.clauses) {
    PropClause pc;
    pc.value = c.value.get();
    pc.for_value = c.for_value.get();
    pc.on_value = c.on_value.get();
    pc.span = c.span;
    if (info.options != vocab::OptionSet::None) {
      const ast::Expr* e = c.value.get();
      if (!c.words.empty()) {
        if (auto o = vocab::option_named(info.options, c.words[0].text)) pc.keyword = *o;
      } else if (e && e->kind == ast::ExprKind::Call && e->kids[0]->kind == ast::ExprKind::Name &&
                 (info.rule == PropRule::RateConvention || info.rule == PropRule::Liquidation)) {
        if (auto o = vocab::option_named(info.options, e->kids[0]->text)) {
          pc.keyword = *o;
          if (info.rule == PropRule::RateConvention) {
            pc.value = e->kids.size() > 1 ? e->kids[1].get() : nullptr;
          } else {
            pc.value = call_arg(*e, "depth", 0);
            pc.second = call_arg(*e, "discount", 1);
          }
        }
      } else if (e && e->kind == ast::ExprKind::Name && info.rule == PropRule::Keyword) {
        if (auto o = vocab::option_named(info.options, e->text)) {
          pc.keyword = *o;
          pc.value = nullptr;
        }
      }
    }
    v.clauses.push_back(pc);
  }
  return v;
}
}  // namespace

Type Checker::value(const ast::Property* p, ScopeId scope, std::size_t clause) {
  if (!p || clause >= p->clauses.size() || !p->clauses[clause].value) return Type::error();
  return check(*p->clauses[clause].value, scope);
}

bool Checker::expect_dim(const ast::Expr& e, ScopeId scope, const Dim& want, const std::string& what) {
  Type t = check(e, scope);
  if (t.is_error()) return false;
  if (!t.is_number() || t.dim != want) {
    auto& d = diags.error(DiagCode::WrongUnit, e.span, fmt::format("{} must be {}, not {}", what, describe(Type::number(want)), describe(t)),
                          t.is_number() ? dim_text(t.dim) : describe(t));
    if (want.empty() && t.is_number()) d.hints.push_back("write a ratio such as `9.50%` or `225bp`");
    else if (t.is_number()) d.hints.push_back(fmt::format("write it in {}", dim_text(want)));
    return false;
  }
  return true;
}

// A claim named in `covers` or a waterfall step: `A.interest`, `trustee`.
void Checker::check_claim(const ast::Expr& e, ScopeId scope, const char* what, bool expense_ok) {
  auto fail = [&](const std::string& msg) {
    diags.error(DiagCode::NotAClaim, e.span, msg).hints.push_back("claims are `T.interest`, `T.principal` of a tranche, or a fee's name");
  };
  if (e.kind == ast::ExprKind::Name) {
    EntityId ent = lookup(scope, e.text);
    if (!ent.valid()) {
      auto& d = diags.error(DiagCode::UnknownName, e.span, fmt::format("`{}` is not declared", e.text));
      auto near = closest_name(e.text, visible_names(scope));
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
      return;
    }
    auto k = m.entities[ent].kind;
    if (k == EntityKind::Expense && !expense_ok)
      diags.error(DiagCode::NotAClaim, e.span, fmt::format("expense `{}` is paid before the waterfall, not as a claim {}", e.text, what))
          .hints.push_back("an account covers an expense (`covers hosting`): it pays what the collections could not");
    else if (k != EntityKind::Fee && k != EntityKind::Expense) fail(fmt::format("{} `{}` is not a claim", entity_kind_name(k), e.text));
    return;
  }
  if (e.kind == ast::ExprKind::Member && e.kids[0]->kind == ast::ExprKind::Name) {
    EntityId ent = lookup(scope, e.kids[0]->text);
    if (!ent.valid()) {
      diags.error(DiagCode::UnknownName, e.kids[0]->span, fmt::format("`{}` is not declared", e.kids[0]->text));
      return;
    }
    const auto& x = m.entities[ent];
    if (x.kind == EntityKind::Instance && x.primary.valid()) ent = x.primary;
    auto k = m.entities[ent].kind;
    if (is_debt(k) && is_claim_part(k, e.text)) return;
    fail(fmt::format("`{}.{}` is not a claim {}", e.kids[0]->text, e.text, what));
    return;
  }
  fail(fmt::format("this is not a claim {}", what));
}

void Checker::check_entity(EntityId id) {
  Entity& ent = m.entities[id];
  const ScopeId sc = ent.scope;
  if (ent.kind == EntityKind::Instance) return;  // its properties are template parameters
  if (!ent.annotation.empty()) check_annotation(id);
  const auto construct = construct_of(ent.kind);
  const auto sp = construct ? vocab::properties_of(*construct) : std::vector<const vocab::PropertyInfo*>{};
  // Unknown and missing properties; the known ones become checked records.
  std::vector<std::string> names;
  for (const auto* s : sp) names.emplace_back(s->word);
  for (const auto& [n, p] : ent.props) {
    const vocab::PropertyInfo* info = construct ? vocab::property(*construct, n) : nullptr;
    if (info) {
      ent.checked[info->id] = resolve_property(*p, *info);
      continue;
    }
    auto& d = diags.error(DiagCode::UnknownProperty, p->name_span, fmt::format("{} has no property `{}`", a_kind(ent.kind), n));
    auto near = closest_name(n, names);
    if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
    else if (!names.empty()) {
      std::string all;
      for (const auto& x : names) all += (all.empty() ? "" : ", ") + x;
      d.hints.push_back("a " + std::string(entity_kind_name(ent.kind)) + " takes: " + all);
    }
  }
  // `on FACTOR` ends only a default's `copula BETA` (check_loading).
  for (const auto& [n, p] : ent.props)
    for (const auto& c : p->clauses)
      if (c.on_value && !(n == vocab::word(PropId::Default) && c.words.size() == 1 && c.words[0].text == "copula") &&
          !(ent.kind == EntityKind::Convertible && n == vocab::word(PropId::Put)))  // `put 100% on 36 months`
        diags.error(DiagCode::BadPropertyForm, c.on_value->span, "`on FACTOR` follows only a default's `copula BETA`")
            .hints.push_back("a lessee's or a pool's credit loads on a market factor with `default ..., copula 30% on FACTOR`");
  for (const auto* s : sp)
    if (s->required && !ent.checked.count(s->id))
      diags.error(DiagCode::MissingProperty, ent.span, fmt::format("{} `{}` needs `{}`", entity_kind_name(ent.kind), ent.name, s->word));
  auto P = [&](PropId n) { return m.prop(id, n); };
  auto one = [&](PropId n) -> const ast::Expr* {
    const auto* p = P(n);
    if (!p) return nullptr;
    if (p->clauses.size() != 1 || !p->clauses[0].value || !p->clauses[0].words.empty() || p->clauses[0].for_value) {
      diags.error(DiagCode::BadPropertyForm, p->span, fmt::format("`{}` takes one value", vocab::word(n)));
      return nullptr;
    }
    return p->clauses[0].value.get();
  };
  // The message's name for a property, from the registry.
  auto what = [&](PropId n) { return std::string(vocab::property(*construct, n)->what); };
  const Dim money_d = money();
  const Dim ratio{};
  const Dim per_year{{"year", -1}};
  auto duration_months = [&](const ast::Expr& e, const std::string& name) {
    Type t = check(e, sc);
    if (t.is_error()) return;
    if (!t.is_number() || t.dim.size() != 1 || !(t.dim.count("month") || t.dim.count("year") || t.dim.count("period")) || t.dim.begin()->second != 1)
      diags.error(DiagCode::WrongUnit, e.span, fmt::format("{} must be a duration in months, years or periods, not {}", name, describe(t)), describe(t))
          .hints.push_back("write it as `36 months`");
    else if (e.kind == ast::ExprKind::Number && e.value <= 0)
      diags.error(DiagCode::WrongUnit, e.span, fmt::format("{} must be longer than zero", name));
  };
  // A property of one value whose unit the registry's rule fixes.
  auto by_rule = [&](PropId n) {
    const ast::Expr* e = one(n);
    if (!e) return;
    switch (vocab::property(*construct, n)->rule) {
      case PropRule::Money: expect_dim(*e, sc, money_d, what(n)); break;
      case PropRule::Ratio: expect_dim(*e, sc, ratio, what(n)); break;
      case PropRule::PerYear: expect_dim(*e, sc, per_year, what(n)); break;
      case PropRule::Duration: duration_months(*e, what(n)); break;
      case PropRule::Bool: {
        Type t = check(*e, sc);
        if (!t.is_error() && t.kind != Kind::Bool)
          diags.error(DiagCode::ExpectedBool, e->span, fmt::format("{} must be a condition (true or false), not {}", what(n), describe(t)))
              .hints.push_back("compare a test with a level: `ltv <= 80%`");
        break;
      }
      default: diags.error(DiagCode::Unsupported, e->span, fmt::format("internal: `{}` has no unit rule", vocab::word(n))); break;
    }
  };
  // `amortization FORM`: a tranche's, a pool's, a delayed-draw facility's.
  auto check_amortization = [&] {
  if (const auto* a = P(PropId::Amortization)) {
    namespace A = vocab::Amortization;
    const auto& c = a->clauses[0];
    const auto w = ent.option(PropId::Amortization);
    std::string w2 = c.words.size() > 1 ? c.words[1].text : "";
    const bool valueless = (w == A::Bullet || w == A::PassThrough) && c.words.size() == 1 && !c.value;
    if ((w == A::Level || w == A::Linear) && w2 == "over" && c.value) duration_months(*c.value, "the amortization term");
    else if (w == A::Target && c.words.size() == 1 && c.value) expect_dim(*c.value, sc, money_of(id), "the target balance");
    else if (w == A::Schedule && c.value) {
      Type t = check(*c.value, sc);
      if (!t.is_error() && t.kind != Kind::Curve) diags.error(DiagCode::WrongKind, c.value->span, "`schedule` takes a curve of months to the share of the original balance outstanding");
      EntityId ce = m.sema(*c.value).entity;
      const auto* cd = ce.valid() ? m.entities[ce].decl : nullptr;
      if (!t.is_error() && cd && cd->is_table && !cd->points.empty()) {
        Type x = check(*cd->points[0].x, m.entities[ce].scope);
        Type y = check(*cd->points[0].y, m.entities[ce].scope);
        if (!x.is_error() && x.dim != Dim{{"month", 1}})
          diags.error(DiagCode::WrongUnit, c.value->span, fmt::format("a schedule curve is read at months since the start, this one at {}", describe(x)));
        if (!y.is_error() && !y.dim.empty())
          diags.error(DiagCode::WrongUnit, c.value->span, fmt::format("a schedule curve gives a share of the original balance, not {}", describe(y)));
      }
    } else if (w == A::Sculpted && c.words.size() == 1 && c.value) {  // `sculpted dscr X` (the parser keeps one word)
      if (ent.kind != EntityKind::Tranche)
        diags.error(DiagCode::BadPropertyForm, a->span, "only a tranche's repayment can be sculpted to a DSCR");
      Type t = check(*c.value, sc);
      if (!t.is_error() && !(t.is_number() && t.dim.empty()))
        diags.error(DiagCode::WrongUnit, c.value->span, fmt::format("the sculpting target is a DSCR such as `1.35x`, not {}", describe(t)),
                    t.is_number() ? dim_text(t.dim) : describe(t));
    } else if (!valueless) {
      diags.error(DiagCode::BadPropertyForm, a->span, "amortization is `level over N months`, `linear over N months`, `bullet`, `pass_through`, `target BALANCE`, `schedule CURVE` or `sculpted dscr X`");
    }
  }
  };
  if (ent.kind == EntityKind::Tranche || ent.kind == EntityKind::Convertible || ent.kind == EntityKind::Facility || ent.kind == EntityKind::Hedge) note_day_count(id);
  switch (ent.kind) {
    case EntityKind::Param:
    case EntityKind::Let:
    case EntityKind::Test:
    case EntityKind::Draw:
      entity_type(id, ent.span);
      if (ent.kind == EntityKind::Test && ent.type.kind != Kind::Error && !ent.type.is_number() && ent.type.kind != Kind::Bool)
        diags.error(DiagCode::WrongKind, ent.bound->span, fmt::format("a test must be a number or a condition, not {}", describe(ent.type)));
      break;
    case EntityKind::Factor: {
      Type t = entity_type(id, ent.span);
      const ast::Expr* b = ent.bound;
      // Which calls make a factor: the Factor rows of vocabulary/functions.def.
      const std::optional<vocab::Process> kind = m.factor_process(ent);
      const bool process = kind.has_value();
      if (!t.is_error() && !process)
        diags.error(DiagCode::BadCall, b->span, fmt::format("a factor is a process: {}", factor_forms()));
      // The file is read here, once, so a run never touches it.
      if (!t.is_error() && kind == vocab::Process::Csv) {
        const ast::Expr* column = nullptr;
        for (std::size_t i = 1; i < b->kids.size(); ++i)
          if (b->arg_names[i - 1] == "column") column = b->kids[i].get();
        if (auto v = read_csv_column(prog, diags, *b->kids[1], *column)) m.factor_vectors[id] = std::move(*v);
      }
      if (ent.decl->jump_rate && m.deterministic_factor(ent)) {
        diags.error(DiagCode::BadCall, ent.decl->jump_rate->span, "a deterministic factor has no jumps: give them to a lognormal factor");
      } else if (ent.decl->jump_rate && kind && !vocab::info(*kind).jumps) {
        diags.error(DiagCode::BadCall, ent.decl->jump_rate->span, fmt::format("a {} factor has no jumps: give them to a lognormal factor", vocab::info(*kind).name));
      } else if (ent.decl->jump_rate) {
        Type jr = check(*ent.decl->jump_rate, sc);
        if (!jr.is_error() && !(ent.decl->jump_rate->kind == ast::ExprKind::Call && m.sema(*ent.decl->jump_rate).function == vocab::FunctionId::Poisson))
          diags.error(DiagCode::BadCall, ent.decl->jump_rate->span, "jumps arrive as `poisson(RATE per year)`");
        expect_dim(*ent.decl->jump_size, sc, ratio, "the jump size");
      }
      break;
    }
    case EntityKind::Curve: {
      const auto* d = ent.decl;
      if (!d->is_table) {
        diags.error(DiagCode::Unsupported, d->value->span, "a curve is a table: curve NAME = table { x: y, ... }");
        break;
      }
      if (d->points.empty()) {
        diags.error(DiagCode::BadPropertyForm, d->span, "a curve table needs at least one point");
        break;
      }
      Type x0 = check(*d->points[0].x, sc), y0 = check(*d->points[0].y, sc);
      double last = -1e300;
      for (const auto& p : d->points) {
        Type x = check(*p.x, sc), y = check(*p.y, sc);
        if (!x0.is_error() && !x.is_error() && !(x == x0)) diags.error(DiagCode::UnitMismatch, p.x->span, fmt::format("every point of a curve is read at one unit: {} here, {} at the first", describe(x), describe(x0)));
        if (!y0.is_error() && !y.is_error() && !(y == y0)) diags.error(DiagCode::UnitMismatch, p.y->span, fmt::format("every value of a curve has one unit: {} here, {} at the first", describe(y), describe(y0)));
        if (p.x->kind != ast::ExprKind::Number || p.y->kind != ast::ExprKind::Number) {
          diags.error(DiagCode::BadPropertyForm, p.x->span, "curve points are plain numbers");
        } else if (p.x->value <= last) {
          diags.error(DiagCode::BadPropertyForm, p.x->span, "curve points must be in increasing order");
        } else {
          last = p.x->value;
        }
      }
      break;
    }
    case EntityKind::Fleet: {
      Type units = Type::error();
      if (auto* u = one(PropId::Units)) units = check(*u, sc);
      if (auto* c = one(PropId::Cost); c && units.is_number()) expect_dim(*c, sc, dim_mul(money_d, units.dim, -1), what(PropId::Cost));
      if (auto* b = one(PropId::Book)) {
        Type t = check(*b, sc);
        if (!t.is_error() && t.kind != Kind::Curve)
          diags.error(DiagCode::WrongKind, b->span, fmt::format("`book` is a curve of age, such as std.gpu.h100_book, not {}", describe(t)));
        else if (!t.is_error()) {
          EntityId ce = m.sema(*b).entity;
          const auto* cd = ce.valid() ? m.entities[ce].decl : nullptr;
          if (cd && cd->is_table && !cd->points.empty()) {
            Type x = check(*cd->points[0].x, m.entities[ce].scope);
            if (!x.is_error() && x.dim != Dim{{"month", 1}})
              diags.error(DiagCode::WrongUnit, b->span, fmt::format("a book curve is read at an age in months, this one at {}", describe(x)));
          }
        }
      }
      by_rule(PropId::Value);
      if (const auto* l = P(PropId::Liquidate)) {
        const auto& c = l->clauses[0];
        const auto option = ent.option(PropId::Liquidate);
        bool orderly = c.words.size() == 1 && option == vocab::Liquidate::Orderly && !c.value;
        bool fire = c.words.empty() && (option == vocab::Liquidate::FireSale || option == vocab::Liquidate::PacedSale);
        if (!orderly && !fire) {
          diags.error(DiagCode::BadPropertyForm, l->span,
                      "`liquidate` is `orderly`, `fire_sale(depth: N units per month, discount: P%)` or "
                      "`paced_sale(depth: N units per month, discount: P%[, floor: F])`");
        } else if (fire) {
          check(*c.value, sc);
          for (std::size_t i = 1; i < c.value->kids.size(); ++i) {
            auto& a = *c.value->kids[i];
            const auto& n = c.value->arg_names[i - 1];
            if (n == "depth" && units.is_number()) expect_dim(a, sc, dim_mul(units.dim, Dim{{"month", -1}}), "the depth of the secondary market");
            if (n == "discount") expect_dim(a, sc, ratio, "the fire-sale discount");
            // A residual-value guarantee or a buyer's bid: money per unit, or
            // a share of the unit cost (ir/lower_assets.cpp reads which).
            if (n == "floor" && units.is_number()) {
              Type t = check(a, sc);
              if (!t.is_error() && !(t.is_number() && (t.dim.empty() || t.dim == dim_mul(money_d, units.dim, -1))))
                expect_dim(a, sc, dim_mul(money_d, units.dim, -1), "the sale's floor (money per unit, or a share of `cost`)");
            }
          }
        }
      }
      break;
    }
    case EntityKind::Lease: {
      EntityId f = lease_target(id);
      if (!f.valid() || m.entities[f].kind != EntityKind::Fleet) {
        auto& d = diags.error(!f.valid() ? DiagCode::UnknownName : DiagCode::WrongKind, ent.decl->other_span,
                              !f.valid() ? fmt::format("`{}` is not declared", ent.decl->other) : fmt::format("`{}` is not a fleet", ent.decl->other));
        d.hints.push_back("a lease draws its units from a fleet: lease NAME on FLEET { ... }");
        break;
      }
      ent.fleet = f;
      auto fu = member_type(f, std::string(vocab::word(vocab::MemberId::Units)), false);
      Type units = fu ? *fu : Type::error();
      if (auto* u = one(PropId::Units); u && units.is_number()) expect_dim(*u, sc, units.dim, what(PropId::Units));
      if (auto* s = P(PropId::Lessee); s && s->clauses[0].value) {
        Type t = check(*s->clauses[0].value, sc);
        if (!t.is_error() && t.kind != Kind::String) diags.error(DiagCode::WrongKind, s->span, "`lessee` is a name in quotes");
      }
      if (const auto* r = P(PropId::Rent); r && units.is_number()) {
        // rent R [for TERM], then MARKET
        const Dim& ud = units.dim;
        auto rent_ok = [&](const ast::Expr& e) {
          Type t = check(e, sc);
          if (t.is_error()) return;
          Dim per_hour = dim_mul(money_d, dim_mul(ud, Dim{{"h", 1}}), -1);
          Dim flow = dim_mul(t.dim, ud);
          if (!t.is_number() || flow_time_base(flow, cur()).empty())
            diags.error(DiagCode::NotAFlow, e.span, fmt::format("rent must be money per unit per time, such as {}, not {}", dim_text(per_hour), describe(t)), dim_text(t.dim));
        };
        const auto& c0 = r->clauses[0];
        if (!c0.value || !c0.words.empty()) diags.error(DiagCode::BadPropertyForm, r->span, "`rent` is `R [for TERM][, then MARKET]`");
        else rent_ok(*c0.value);
        if (c0.for_value) duration_months(*c0.for_value, "the lease term");
        for (std::size_t i = 1; i < r->clauses.size(); ++i) {
          const auto& c = r->clauses[i];
          if (c.words.size() != 1 || ent.property(PropId::Rent)->clauses[i].keyword != vocab::Rent::Then || !c.value || !c0.for_value)
            diags.error(DiagCode::BadPropertyForm, c.span, "after the term: `, then MARKET_RATE` (the term needs `for N months`)");
          else rent_ok(*c.value);
        }
      }
      by_rule(PropId::Utilization);
      by_rule(PropId::Escalator);
      if (const auto* d = P(PropId::Default)) {
        bool hazard = false;
        std::vector<const ast::Expr*> loadings;
        for (std::size_t i = 0; i < d->clauses.size(); ++i) {
          const auto& c = d->clauses[i];
          const auto w = c.words.size() == 1 ? ent.property(PropId::Default)->clauses[i].keyword : vocab::Option::None;
          if (w == vocab::LeaseDefault::Hazard && c.value) hazard = true, expect_dim(*c.value, sc, per_year, "the default hazard");
          else if (w == vocab::LeaseDefault::Recovery && c.value) expect_dim(*c.value, sc, ratio, "the recovery");
          else if (w == vocab::LeaseDefault::Copula && c.value && c.on_value) check_loading(c, sc, loadings);
          else if (w == vocab::LeaseDefault::Copula && c.value) {
            expect_dim(*c.value, sc, ratio, "the copula correlation");
            if (c.value->kind == ast::ExprKind::Number && (c.value->value < 0 || c.value->value > 1))
              diags.error(DiagCode::WrongUnit, c.value->span, "the copula correlation is between 0% and 100%");
          } else diags.error(DiagCode::BadPropertyForm, c.span, "`default` is `hazard H% per year[, recovery R%][, copula RHO][, copula BETA on FACTOR, ...]`");
        }
        if (!hazard) diags.error(DiagCode::BadPropertyForm, d->span, "`default` needs `hazard H% per year`");
      }
      // `downtime 2 months`, `recovery_lag 12 months`: delays fixed before the
      // run (delay lines of whole periods), and only a default uses them.
      for (PropId prop : {PropId::Downtime, PropId::RecoveryLag}) {
        const std::string name(vocab::word(prop));
        const ast::Expr* e = one(prop);
        if (!e) continue;
        Type t = check(*e, sc);
        bool months = t.is_number() && t.dim == Dim{{"month", 1}} && e->kind == ast::ExprKind::Number;
        double v = months ? e->value : -1;
        if (!months || v < 0 || v > 120 || std::fmod(v, m.deal.months_per_period) != 0)
          diags.error(DiagCode::WrongUnit, e->span,
                      fmt::format("the lease's `{}` is a number of months, a whole number of {} periods up to 120 months, such as `{}`", name,
                                  m.deal.period_name, prop == PropId::Downtime ? "3 months" : "12 months"));
        else if (!P(PropId::Default))
          diags.error(DiagCode::BadPropertyForm, P(prop)->span, fmt::format("`{}` applies to a lessee's default: the lease needs `default hazard H% per year`", name))
              .hints.push_back(fmt::format("add `default hazard H% per year`, or leave `{}` out", name));
      }
      // After a default (docs/language.md, Leases): `remarketing C`, a ratio
      // or money per leased unit; `ramp U0, over N months`, a ratio then a
      // delay fixed before the run (a delay line, as `downtime`).
      if (const ast::Expr* e = one(PropId::Remarketing)) {
        if (units.is_number()) {
          Type t = check(*e, sc);
          if (!t.is_error() && !(t.is_number() && (t.dim.empty() || t.dim == dim_mul(money_d, units.dim, -1))))
            expect_dim(*e, sc, dim_mul(money_d, units.dim, -1), "the remarketing cost (money per unit, or a share of the first year's re-lease rent)");
        }
      }
      if (const auto* rp = P(PropId::Ramp)) {
        const auto& pv = *ent.property(PropId::Ramp);
        const bool form = rp->clauses.size() == 2 && rp->clauses[0].words.empty() && rp->clauses[0].value && !rp->clauses[0].for_value &&
                          pv.clauses[1].keyword == vocab::Ramp::Over && rp->clauses[1].value;
        if (!form) {
          diags.error(DiagCode::BadPropertyForm, rp->span, "`ramp` is `U0, over N months`: the utilization re-leased units start at, and the months they take to reach `utilization`")
              .hints.push_back("such as `ramp 40%, over 6 months`");
        } else {
          expect_dim(*rp->clauses[0].value, sc, ratio, "the ramp's starting utilization");
          const ast::Expr& n = *rp->clauses[1].value;
          Type t = check(n, sc);
          const bool months = t.is_number() && t.dim == Dim{{"month", 1}} && n.kind == ast::ExprKind::Number;
          if (!months || n.value <= 0 || n.value > 120 || std::fmod(n.value, m.deal.months_per_period) != 0)
            diags.error(DiagCode::WrongUnit, n.span,
                        fmt::format("the ramp's length is a number of months, a whole number of {} periods from one up to 120 months, such as `6 months`", m.deal.period_name));
        }
      }
      for (PropId prop : {PropId::Remarketing, PropId::Ramp})
        if (P(prop) && !P(PropId::Default))
          diags.error(DiagCode::BadPropertyForm, P(prop)->span,
                      fmt::format("`{}` applies to re-leasing after a lessee's default: the lease needs `default hazard H% per year`", vocab::word(prop)))
              .hints.push_back(fmt::format("add `default hazard H% per year`, or leave `{}` out", vocab::word(prop)));
      break;
    }
    case EntityKind::Holding: {
      Type units = Type::error();
      if (auto* u = one(PropId::Units)) units = check(*u, sc);
      if (auto* pr = one(PropId::Price); pr && units.is_number()) expect_dim(*pr, sc, dim_mul(money_d, units.dim, -1), what(PropId::Price));
      by_rule(PropId::Slippage);
      break;
    }
    case EntityKind::Loan:
    case EntityKind::Receivables:
    case EntityKind::Tranche:
    case EntityKind::Convertible: {
      bool conv = ent.kind == EntityKind::Convertible;
      if (ent.kind == EntityKind::Tranche) check_fx(id);  // its balance, in the currency its `fx` converts (check_fx.cpp)
      else by_rule(conv ? PropId::Principal : PropId::Balance);
      const PropId rate_prop = (ent.kind == EntityKind::Loan || ent.kind == EntityKind::Receivables) ? PropId::Rate : PropId::Coupon;
      const std::string rate_name = what(rate_prop);
      if (const auto* c = P(rate_prop)) {
        for (std::size_t i = 0; i < c->clauses.size(); ++i) {
          const auto& cl = c->clauses[i];
          const auto w = cl.words.size() == 1 ? ent.property(rate_prop)->clauses[i].keyword : vocab::Option::None;
          if (!cl.value || (i == 0 && !cl.words.empty()) || (i > 0 && w != vocab::RateBound::Cap && w != vocab::RateBound::Floor)) {
            diags.error(DiagCode::BadPropertyForm, cl.span, fmt::format("`{}` is `RATE[, cap C][, floor F]`", rate_name));
            continue;
          }
          Type t = check(*cl.value, sc);
          if (!t.is_error() && !(t.is_number() && (t.dim.empty() || t.dim == per_year)))
            diags.error(DiagCode::WrongUnit, cl.value->span, fmt::format("the {} must be an annual rate such as `9.50%`, not {}", rate_name, describe(t)),
                        t.is_number() ? dim_text(t.dim) : describe(t))
                .hints.push_back("a coupon is a ratio: `9.50%`, `sofr + 225bp`");
        }
      }
      check_amortization();
      check_shortfall(id);
      by_rule(PropId::Maturity);
      by_rule(PropId::Cfads);
      if (ent.kind == EntityKind::Tranche) {
        for (PropId q : {PropId::Price, PropId::Spread, PropId::ZeroCurve, PropId::AccelerateOn}) by_rule(q);
        check_quote(id);
      }
      if (ent.kind == EntityKind::Loan || ent.kind == EntityKind::Receivables) check_pool_behaviour(id);
      if (conv) check_conversion(id), check_put(id);
      break;
    }
    case EntityKind::Account: {
      by_rule(PropId::Initial);
      by_rule(PropId::Target);
      check_covers(id);
      check_funded_at_cod(id);
      if (const auto* r = P(PropId::Release)) {
        const auto& c = r->clauses[0];
        if (c.words.size() != 1 || ent.option(PropId::Release) != vocab::Release::Excess || c.value) diags.error(DiagCode::BadPropertyForm, r->span, "`release` is `release excess`");
      }
      break;
    }
    case EntityKind::Facility: {
      by_rule(PropId::Limit);
      by_rule(PropId::Drawn);
      by_rule(PropId::BorrowingBase);
      for (PropId rate_prop : {PropId::Coupon, PropId::CommitmentFee})
        if (auto* r = one(rate_prop)) {
          const std::string rate = what(rate_prop);
          Type t = check(*r, sc);
          if (!t.is_error() && !(t.is_number() && (t.dim.empty() || t.dim == per_year)))
            diags.error(DiagCode::WrongUnit, r->span, fmt::format("the {} must be an annual rate such as `2.50%`, not {}", rate, describe(t)),
                        t.is_number() ? dim_text(t.dim) : describe(t));
        }
      by_rule(PropId::Maturity);
      by_rule(PropId::AccelerateOn);
      check_covers(id);
      check_shortfall(id);
      check_delayed_draw(id, [&](PropId n) { by_rule(n); }, check_amortization);
      break;
    }
    case EntityKind::Hedge: check_hedge(id, by_rule); break;
    case EntityKind::Expense:
    case EntityKind::Fee: {
      Type t = check(*ent.bound, sc);
      if (!t.is_error() && (!t.is_number() || flow_time_base(t.dim, cur()).empty())) {
        auto& d = diags.error(DiagCode::NotAFlow, ent.bound->span, fmt::format("{} `{}` must be a flow of money per time, not {}", entity_kind_name(ent.kind), ent.name, describe(t)),
                              t.is_number() ? dim_text(t.dim) : describe(t));
        if (is_money(t.dim, cur())) d.hints.push_back(fmt::format("say how often: `... {} per year` or `per month`", cur()));
      }
      break;
    }
    case EntityKind::Trigger: {
      const auto* d = ent.decl;
      auto cond = [&](const ast::Expr* e) {
        if (!e) return;
        Type t = check(*e, sc);
        if (!t.is_error() && t.kind != Kind::Bool) diags.error(DiagCode::ExpectedBool, e->span, fmt::format("a trigger's condition must be true or false, not {}", describe(t)));
      };
      cond(d->when.get());
      check_persistence(d->when_for.get(), sc);
      cond(d->cure.get());
      check_persistence(d->cure_for.get(), sc);
      break;
    }
    case EntityKind::Waterfall: check_waterfall(id); break;
    case EntityKind::Equity: check_shares(id); break;
    default: break;
  }
}

// `for N periods` after a trigger's condition, its cure or a soft call: a
// whole number of periods, at least 1, written as a number or as a param or
// template parameter in periods (lowering checks that its value is fixed
// before the run and whole).
void Checker::check_persistence(const ast::Expr* e, ScopeId scope) {
  if (!e) return;
  Type t = check(*e, scope);
  if (t.is_error()) return;
  const bool periods = t.is_number() && t.dim == Dim{{"period", 1}};
  const bool literal = e->kind == ast::ExprKind::Number;
  if (!periods || (literal && (e->value < 1 || e->value != std::floor(e->value)))) {
    auto& d = diags.error(DiagCode::WrongUnit, e->span, "persistence is a whole number of periods, at least 1, such as `for 2 periods`");
    if (!literal) d.hints.push_back("a param or template parameter works when it is in periods: `hold: Duration = 2 periods`, then `for hold`");
  }
}

// `shortfall carry | capitalize`: what a note's unpaid interest does.
void Checker::check_shortfall(EntityId id) {
  const auto* s = m.prop(id, PropId::Shortfall);
  if (!s) return;
  const auto& c = s->clauses[0];
  const auto w = m.entities[id].option(PropId::Shortfall);
  if (c.words.size() != 1 || c.value || (w != vocab::Shortfall::Carry && w != vocab::Shortfall::Capitalize))
    diags.error(DiagCode::BadPropertyForm, s->span, "`shortfall` is `carry` or `capitalize`");
}

// `covers A.interest, B.interest`: the claims an account or a facility pays
// when cash falls short.
void Checker::check_covers(EntityId id) {
  const auto* c = m.prop(id, PropId::Covers);
  if (!c) return;
  const Entity& ent = m.entities[id];
  const std::string what = ent.kind == EntityKind::Account ? "an account can cover" : "a facility can cover";
  for (const auto& cl : c->clauses) {
    if (!cl.value || !cl.words.empty()) diags.error(DiagCode::BadPropertyForm, cl.span, "`covers` lists claims: `A.interest, B.interest`");
    else check_claim(*cl.value, ent.scope, what.c_str(), ent.kind == EntityKind::Account);
  }
}

// A convertible's terms: the conversion price and the underlying share price
// are prices of one unit (`30 USD/share`, a factor in USD/share); the issuer's
// soft call is `when CONDITION [for N periods]`.
void Checker::check_conversion(EntityId id) {
  const Entity& ent = m.entities[id];
  const ScopeId sc = ent.scope;
  Type price = Type::error();
  if (const auto* p = m.prop(id, PropId::ConversionPrice); p && p->clauses[0].value) {
    const ast::Expr& e = *p->clauses[0].value;
    price = check(e, sc);
    const Dim per = price.is_number() ? dim_mul(price.dim, money(), -1) : Dim{};
    if (!price.is_error() && !(price.is_number() && per.size() == 1 && per.begin()->second == -1)) {
      diags.error(DiagCode::WrongUnit, e.span, fmt::format("the conversion price is money per share, such as `30 USD/share`, not {}", describe(price)),
                  price.is_number() ? dim_text(price.dim) : describe(price))
          .hints.push_back("declare the share unit (`unit share`) and write `30 USD/share`");
      price = Type::error();
    }
  }
  if (const auto* p = m.prop(id, PropId::Underlying); p && p->clauses[0].value && !price.is_error())
    expect_dim(*p->clauses[0].value, sc, price.dim, std::string(vocab::property(vocab::Construct::Convertible, PropId::Underlying)->what));
  if (const auto* p = m.prop(id, PropId::SoftCall)) {
    const auto& c = p->clauses[0];
    if (p->clauses.size() != 1 || c.words.size() != 1 || ent.option(PropId::SoftCall) != vocab::SoftCall::When || !c.value) {
      diags.error(DiagCode::BadPropertyForm, p->span, "`soft_call` is `when CONDITION [for N periods]`")
          .hints.push_back("for example `soft_call when stock >= 130% * conversion_price for 20 periods`");
      return;
    }
    Type t = check(*c.value, sc);
    if (!t.is_error() && t.kind != Kind::Bool)
      diags.error(DiagCode::ExpectedBool, c.value->span, fmt::format("the soft call's condition must be true or false, not {}", describe(t)));
    check_persistence(c.for_value.get(), sc);
  }
}

// Pools: `prepayment cpr(6%) | smm(0.5%) | psa(150%) | abs(1.5%)`, `default
// cdr(2%) | mdr(0.2%) | sda(100%)`, `severity 40%`, `recovery_lag 12 months`,
// `age 24 months`, `advancing none | interest | principal_and_interest`.
// (Rates outside [0, 1] are refused when lowering, where constants are known.)
void Checker::check_pool_behaviour(EntityId id) {
  const Entity& ent = m.entities[id];
  // The call's name is one of the property's options (resolve_property).
  auto rate = [&](PropId prop, const char* usage) {
    const auto* p = m.prop(id, prop);
    if (!p) return;
    const ast::Clause& c = p->clauses[0];
    const ast::Expr* e = c.value.get();
    // `default cdr(2%), copula 30% on btc`: the rate, then its market loading.
    std::size_t extra = 0;
    if (prop == PropId::Default) {
      std::vector<const ast::Expr*> loadings;
      for (std::size_t i = 1; i < p->clauses.size(); ++i)
        if (ent.property(prop)->clauses[i].keyword == vocab::PoolDefault::Copula && p->clauses[i].on_value && p->clauses[i].value) {
          check_loading(p->clauses[i], ent.scope, loadings);
          ++extra;
        }
    }
    bool ok = p->clauses.size() == 1 + extra && c.words.empty() && e && e->kind == ast::ExprKind::Call && e->kids.size() == 2 &&
              e->kids[0]->kind == ast::ExprKind::Name && e->arg_names[0].empty();
    bool known = ok && ent.option(prop) != vocab::Option::None;
    if (!known) {
      diags.error(DiagCode::BadPropertyForm, p->span, fmt::format("`{}` is {}", vocab::word(prop), usage));
      return;
    }
    expect_dim(*e->kids[1], ent.scope, Dim{}, fmt::format("the {} rate", e->kids[0]->text));
  };
  rate(PropId::Prepayment,
       "`cpr(6%)` (annual), `smm(0.5%)` (monthly), `psa(150%)` (a share of the PSA ramp) or `abs(1.5%)` (a share of the original number of receivables a month)");
  rate(PropId::Default, "`cdr(2%)` (annual), `mdr(0.2%)` (monthly) or `sda(100%)` (a share of the SDA curve), then optionally `, copula BETA on FACTOR` (one per factor)");
  auto what = [&](PropId n) { return std::string(vocab::property(vocab::Construct::Loan, n)->what); };
  if (const auto* p = m.prop(id, PropId::Severity); p && p->clauses[0].value) expect_dim(*p->clauses[0].value, ent.scope, Dim{}, what(PropId::Severity));
  if (const auto* p = m.prop(id, PropId::CleanUpCall); p && p->clauses[0].value) {
    // `clean_up_call 10%`: the share of the pool's balance at the start
    // (cut-off) at or below which the servicer buys the pool back.
    const ast::Expr& e = *p->clauses[0].value;
    if (p->clauses.size() != 1 || !p->clauses[0].words.empty())
      diags.error(DiagCode::BadPropertyForm, p->span, "`clean_up_call` is the share of the original balance at which the servicer buys the pool, such as `clean_up_call 10%`");
    else if (expect_dim(e, ent.scope, Dim{}, what(PropId::CleanUpCall))) {
      if (e.kind == ast::ExprKind::Number && !(e.value > 0 && e.value < 1))
        diags.error(DiagCode::BadPropertyForm, e.span, "the clean-up call's threshold is a share of the original balance above 0% and below 100%")
            .hints.push_back("a prime-auto ABS commonly writes `clean_up_call 10%`");
    }
  }
  if (const auto* p = m.prop(id, PropId::Age); p && p->clauses[0].value) {
    // The loans' age at `start` in months: the PSA, SDA and ABS ramps count from it.
    const ast::Expr& e = *p->clauses[0].value;
    Type t = check(e, ent.scope);
    bool duration = t.is_number() && t.dim.size() == 1 && (t.dim.count("month") || t.dim.count("year")) && t.dim.begin()->second == 1;
    if (!t.is_error() && (!duration || !p->clauses[0].words.empty() || p->clauses.size() != 1))
      diags.error(DiagCode::WrongUnit, e.span, fmt::format("the pool's age is a duration in months or years, such as `24 months`, not {}", describe(t)), describe(t))
          .hints.push_back("the age of the loans at `start`: `age 24 months`");
  }
  if (const auto* p = m.prop(id, PropId::Advancing)) {
    // A bare name read as a word (`interest` is also a member's name, so it
    // cannot be a reserved flag word); it is never resolved as a value.
    const ast::Clause& c = p->clauses[0];
    const bool word = c.words.empty() && ent.option(PropId::Advancing) != vocab::Option::None;
    if (p->clauses.size() != 1 || !word)
      diags.error(DiagCode::BadPropertyForm, p->span, "`advancing` is `none`, `interest` or `principal_and_interest` (what the servicer advances on defaulted loans until they are liquidated)");
  }
  if (const auto* p = m.prop(id, PropId::RecoveryLag); p && p->clauses[0].value) {
    const ast::Expr& e = *p->clauses[0].value;
    Type t = check(e, ent.scope);
    bool months = t.is_number() && t.dim == Dim{{"month", 1}} && e.kind == ast::ExprKind::Number;
    double v = months ? e.value : -1;
    if (!months || v < 0 || v > 120 || std::fmod(v, m.deal.months_per_period) != 0)
      diags.error(DiagCode::WrongUnit, e.span,
                  fmt::format("the recovery lag is a number of months, a whole number of {} periods up to 120 months, such as `12 months`", m.deal.period_name));
  }
}

}  // namespace sluice::sema

namespace sluice::sema {

// `copula BETA on FACTOR`: the obligor's credit loads on FACTOR's
// per-period normal shock (docs/language.md, Leases). FACTOR is a market
// factor with a shock (lognormal, vasicek, mean_reverting, cir); a path or
// csv factor has none. BETA is a ratio, |BETA| < 1 (its sign says which
// way of the factor is bad for the obligor); lowering refuses one that is
// not fixed before the run, and loadings whose systematic variance
// together reaches 1 (E0280: it needs the correlations' values). A default
// may load on several factors, each once (E0279): `seen` holds the
// factors named so far by this default's loadings.
void Checker::check_loading(const ast::Clause& c, ScopeId scope, std::vector<const ast::Expr*>& seen) {
  const ast::Expr& beta = *c.value;
  const ast::Expr& f = *c.on_value;
  // The same declaration, whatever the spelling that reaches it.
  auto same = [&](const ast::Expr& a) {
    EntityId x = m.lookup(scope, a.text), y = m.lookup(scope, f.text);
    return x.valid() ? x == y : a.text == f.text;
  };
  if (f.kind == ast::ExprKind::Name)
    for (const ast::Expr* earlier : seen)
      if (same(*earlier)) {
        auto& d = diags.error(DiagCode::LoadingTwice, f.span, fmt::format("the default loads on `{}` twice", f.text));
        d.hints.push_back(fmt::format("one `copula BETA on {}` per default, with the whole loading on it", f.text));
        d.labels.push_back(Label{earlier->span, "first loaded on here", false});
        return;
      }
  seen.push_back(&f);
  if (expect_dim(beta, scope, Dim{}, "the loading on a market factor") && beta.kind == ast::ExprKind::Number && !(std::fabs(beta.value) < 1))
    diags.error(DiagCode::BadLoading, beta.span, fmt::format("the loading is {:g}%; it is the obligor's asset correlation with the factor, strictly between -100% and 100%", beta.value * 100))
        .hints.push_back("such as `copula 30% on btc`; a negative loading, `copula -30% on rate`, makes defaults rise when the factor rises");
  // Fixed before the run: numbers and params (a factor read before the run
  // would be its start value, a draw changes by scenario).
  std::function<const ast::Expr*(const ast::Expr&)> moving = [&](const ast::Expr& x) -> const ast::Expr* {
    if (x.kind == ast::ExprKind::Name) {
      EntityId n = m.lookup(scope, x.text);
      if (n.valid() && m.entities[n].kind != EntityKind::Param) return &x;
    }
    for (const auto& kid : x.kids)
      if (kid)
        if (const ast::Expr* found = moving(*kid)) return found;
    return nullptr;
  };
  if (const ast::Expr* x = moving(beta))
    diags.error(DiagCode::BadLoading, x->span, fmt::format("the loading is fixed for the whole run: `{}` is not a number or a param", x->text))
        .hints.push_back("write a number or a param, such as `copula 30% on btc` or `param loading = 30%`");
  if (f.kind != ast::ExprKind::Name) {
    diags.error(DiagCode::NotAMarketShock, f.span, "a loading names a market factor: `copula BETA on FACTOR`")
        .hints.push_back("a factor of the market block, such as `factor btc = lognormal(...)`");
    return;
  }
  // Looked up before it is checked: a fleet or a curve is not a value, and
  // the message to give is that it is not a factor.
  EntityId id = m.lookup(scope, f.text);
  const Entity* e = id.valid() ? &m.entities[id] : nullptr;
  if (e && e->kind == EntityKind::Factor && check(f, scope).is_error()) return;
  if (!e) {
    check(f, scope);  // an unknown name: E0200 with its hints
  } else if (e->kind != EntityKind::Factor) {
    diags.error(DiagCode::NotAMarketShock, f.span, fmt::format("`{}` is not a market factor: a credit loads on a factor's random shock", f.text))
        .hints.push_back("name a factor of the market block, such as `factor btc = lognormal(...)`");
  } else if (m.deterministic_factor(*e)) {
    diags.error(DiagCode::NotAMarketShock, f.span, fmt::format("`{}` is known before the run (path or csv): it has no shock for a credit to load on", f.text))
        .hints.push_back("load on a lognormal, vasicek, mean_reverting or cir factor");
  }
}

}  // namespace sluice::sema
