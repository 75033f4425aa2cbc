// Properties of each construct: which it takes, which it needs, and the unit
// each value must have. Waterfall steps and the report block.
#include <cmath>
#include <fmt/format.h>
#include <functional>

#include "sema/checker.hpp"
#include "sema/csv_vector.hpp"
#include "sema/imports.hpp"

namespace sluice::sema {

namespace {
struct PropSpec {
  const char* name;
  bool required;
};
const std::vector<PropSpec>& spec(EntityKind k) {
  static const std::vector<PropSpec> none;
  static const std::map<EntityKind, std::vector<PropSpec>> table = {
      {EntityKind::Fleet, {{"units", true}, {"cost", true}, {"book", false}, {"value", false}, {"liquidate", false}}},
      {EntityKind::Lease, {{"lessee", false}, {"units", false}, {"rent", true}, {"utilization", false}, {"default", false}, {"escalator", false}, {"downtime", false}, {"recovery_lag", false}}},
      {EntityKind::Holding, {{"units", true}, {"price", true}, {"slippage", false}}},
      {EntityKind::Loan, {{"balance", true}, {"rate", true}, {"amortization", false}, {"prepayment", false}, {"default", false}, {"severity", false}, {"recovery_lag", false}, {"age", false}, {"advancing", false}, {"clean_up_call", false}}},
      {EntityKind::Receivables, {{"balance", true}, {"rate", true}, {"amortization", false}, {"prepayment", false}, {"default", false}, {"severity", false}, {"recovery_lag", false}, {"age", false}, {"advancing", false}, {"clean_up_call", false}}},
      {EntityKind::Tranche, {{"balance", true}, {"coupon", true}, {"amortization", false}, {"shortfall", false}, {"maturity", false}, {"cfads", false}, {"day_count", false}}},
      {EntityKind::Convertible, {{"principal", true}, {"coupon", true}, {"maturity", true}, {"conversion_price", true}, {"underlying", true}, {"soft_call", false}, {"shortfall", false}, {"day_count", false}}},
      {EntityKind::Account, {{"initial", false}, {"target", false}, {"covers", false}, {"release", false}}},
      {EntityKind::Facility, {{"limit", true}, {"drawn", false}, {"borrowing_base", false}, {"coupon", false}, {"commitment_fee", false}, {"maturity", false}, {"covers", false}, {"shortfall", false}, {"day_count", false}}},
  };
  auto it = table.find(k);
  return it == table.end() ? none : it->second;
}
}  // namespace

Type Checker::value(const ast::Property* p, int scope, std::size_t clause) {
  if (!p || clause >= p->clauses.size() || !p->clauses[clause].value) return Type::error();
  return check(*p->clauses[clause].value, scope);
}

bool Checker::expect_dim(ast::Expr& e, int scope, const Dim& want, const std::string& what) {
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
void Checker::check_claim(const ast::Expr& e, int scope, const char* what) {
  auto fail = [&](const std::string& msg) {
    diags.error(DiagCode::NotAClaim, e.span, msg).hints.push_back("claims are `T.interest`, `T.principal` of a tranche, or a fee's name");
  };
  if (e.kind == ast::ExprKind::Name) {
    int ent = lookup(scope, e.text);
    if (ent < 0) {
      auto& d = diags.error(DiagCode::UnknownName, e.span, fmt::format("`{}` is not declared", e.text));
      auto near = closest_name(e.text, visible_names(scope));
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
      return;
    }
    auto k = m.entities[static_cast<std::size_t>(ent)].kind;
    if (k != EntityKind::Fee) fail(fmt::format("{} `{}` is not a claim", entity_kind_name(k), e.text));
    return;
  }
  if (e.kind == ast::ExprKind::Member && e.kids[0]->kind == ast::ExprKind::Name) {
    int ent = lookup(scope, e.kids[0]->text);
    if (ent < 0) {
      diags.error(DiagCode::UnknownName, e.kids[0]->span, fmt::format("`{}` is not declared", e.kids[0]->text));
      return;
    }
    const auto& x = m.entities[static_cast<std::size_t>(ent)];
    if (x.kind == EntityKind::Instance && x.primary >= 0) ent = x.primary;
    auto k = m.entities[static_cast<std::size_t>(ent)].kind;
    if (is_debt(k) && (e.text == "interest" || e.text == "principal")) return;
    fail(fmt::format("`{}.{}` is not a claim {}", e.kids[0]->text, e.text, what));
    return;
  }
  fail(fmt::format("this is not a claim {}", what));
}

void Checker::check_entity(int id) {
  Entity& ent = m.entities[static_cast<std::size_t>(id)];
  const int sc = ent.scope;
  if (ent.kind == EntityKind::Instance) return;  // its properties are template parameters
  if (!ent.annotation.empty()) check_annotation(id);
  const auto& sp = spec(ent.kind);
  // Unknown and missing properties.
  std::vector<std::string> names;
  for (const auto& s : sp) names.push_back(s.name);
  for (const auto& [n, p] : ent.props) {
    bool ok = false;
    for (const auto& s : sp) ok |= n == s.name;
    if (!ok) {
      auto& d = diags.error(DiagCode::UnknownProperty, p->name_span, fmt::format("a {} has no property `{}`", entity_kind_name(ent.kind), n));
      auto near = closest_name(n, names);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
      else if (!names.empty()) {
        std::string all;
        for (const auto& x : names) all += (all.empty() ? "" : ", ") + x;
        d.hints.push_back("a " + std::string(entity_kind_name(ent.kind)) + " takes: " + all);
      }
    }
  }
  for (const auto& s : sp)
    if (s.required && !ent.props.count(s.name))
      diags.error(DiagCode::MissingProperty, ent.span, fmt::format("{} `{}` needs `{}`", entity_kind_name(ent.kind), ent.name, s.name));
  auto P = [&](const char* n) { return m.prop(id, n); };
  auto one = [&](const char* n) -> ast::Expr* {
    const auto* p = P(n);
    if (!p) return nullptr;
    if (p->clauses.size() != 1 || !p->clauses[0].value || !p->clauses[0].words.empty() || p->clauses[0].for_value) {
      diags.error(DiagCode::BadPropertyForm, p->span, fmt::format("`{}` takes one value", n));
      return nullptr;
    }
    return p->clauses[0].value.get();
  };
  const Dim money_d = money();
  const Dim ratio{};
  const Dim per_year{{"year", -1}};
  auto duration_months = [&](ast::Expr& e, const std::string& what) {
    Type t = check(e, sc);
    if (t.is_error()) return;
    if (!t.is_number() || t.dim.size() != 1 || !(t.dim.count("month") || t.dim.count("year") || t.dim.count("period")) || t.dim.begin()->second != 1)
      diags.error(DiagCode::WrongUnit, e.span, fmt::format("{} must be a duration in months, years or periods, not {}", what, describe(t)), describe(t))
          .hints.push_back("write it as `36 months`");
    else if (e.kind == ast::ExprKind::Number && e.value <= 0)
      diags.error(DiagCode::WrongUnit, e.span, fmt::format("{} must be longer than zero", what));
  };
  if (ent.kind == EntityKind::Tranche || ent.kind == EntityKind::Convertible || ent.kind == EntityKind::Facility) note_day_count(id);
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
        if (!jr.is_error() && !(ent.decl->jump_rate->kind == ast::ExprKind::Call && ent.decl->jump_rate->sema.function == vocab::FunctionId::Poisson))
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
      if (auto* u = one("units")) units = check(*u, sc);
      if (auto* c = one("cost"); c && units.is_number()) expect_dim(*c, sc, dim_mul(money_d, units.dim, -1), "the cost per unit");
      if (auto* b = one("book")) {
        Type t = check(*b, sc);
        if (!t.is_error() && t.kind != Kind::Curve)
          diags.error(DiagCode::WrongKind, b->span, fmt::format("`book` is a curve of age, such as std.gpu.h100_book, not {}", describe(t)));
        else if (!t.is_error()) {
          int ce = b->sema.entity;
          const auto* cd = ce >= 0 ? m.entities[static_cast<std::size_t>(ce)].decl : nullptr;
          if (cd && cd->is_table && !cd->points.empty()) {
            Type x = check(*cd->points[0].x, m.entities[static_cast<std::size_t>(ce)].scope);
            if (!x.is_error() && x.dim != Dim{{"month", 1}})
              diags.error(DiagCode::WrongUnit, b->span, fmt::format("a book curve is read at an age in months, this one at {}", describe(x)));
          }
        }
      }
      if (auto* v = one("value")) expect_dim(*v, sc, money_d, "the fleet's value");
      if (const auto* l = P("liquidate")) {
        const auto& c = l->clauses[0];
        bool orderly = c.words.size() == 1 && c.words[0].text == "orderly" && !c.value;
        bool fire = c.words.empty() && c.value && c.value->kind == ast::ExprKind::Call && c.value->kids[0]->text == "fire_sale";
        if (!orderly && !fire) {
          diags.error(DiagCode::BadPropertyForm, l->span, "`liquidate` is `orderly` or `fire_sale(depth: N units per month, discount: P%)`");
        } else if (fire) {
          check(*c.value, sc);
          for (std::size_t i = 1; i < c.value->kids.size(); ++i) {
            auto& a = *c.value->kids[i];
            const auto& n = c.value->arg_names[i - 1];
            if (n == "depth" && units.is_number()) expect_dim(a, sc, dim_mul(units.dim, Dim{{"month", -1}}), "the depth of the secondary market");
            if (n == "discount") expect_dim(a, sc, ratio, "the fire-sale discount");
          }
        }
      }
      break;
    }
    case EntityKind::Lease: {
      int f = m.resolve_source(m.scopes[static_cast<std::size_t>(sc)].parent, ent.decl->other);
      // A template's `Fleet` parameter stands for the fleet it names.
      if (f >= 0 && m.entities[static_cast<std::size_t>(f)].kind == EntityKind::TemplateArg && m.entities[static_cast<std::size_t>(f)].bound) {
        const Entity& arg = m.entities[static_cast<std::size_t>(f)];
        auto probe = arg.bound->clone();
        f = resolve_ref(*probe, arg.bound_scope, true);
      }
      if (f < 0 || m.entities[static_cast<std::size_t>(f)].kind != EntityKind::Fleet) {
        auto& d = diags.error(f < 0 ? DiagCode::UnknownName : DiagCode::WrongKind, ent.decl->other_span,
                              f < 0 ? fmt::format("`{}` is not declared", ent.decl->other) : fmt::format("`{}` is not a fleet", ent.decl->other));
        d.hints.push_back("a lease draws its units from a fleet: lease NAME on FLEET { ... }");
        break;
      }
      ent.fleet = f;
      auto fu = member_type(f, "units", false);
      Type units = fu ? *fu : Type::error();
      if (auto* u = one("units"); u && units.is_number()) expect_dim(*u, sc, units.dim, "the leased units");
      if (auto* s = P("lessee"); s && s->clauses[0].value) {
        Type t = check(*s->clauses[0].value, sc);
        if (!t.is_error() && t.kind != Kind::String) diags.error(DiagCode::WrongKind, s->span, "`lessee` is a name in quotes");
      }
      if (const auto* r = P("rent"); r && units.is_number()) {
        // rent R [for TERM], then MARKET
        const Dim& ud = units.dim;
        auto rent_ok = [&](ast::Expr& e) {
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
          if (c.words.size() != 1 || c.words[0].text != "then" || !c.value || !c0.for_value)
            diags.error(DiagCode::BadPropertyForm, c.span, "after the term: `, then MARKET_RATE` (the term needs `for N months`)");
          else rent_ok(*c.value);
        }
      }
      if (auto* u = one("utilization")) expect_dim(*u, sc, ratio, "utilization");
      if (auto* esc = one("escalator")) expect_dim(*esc, sc, per_year, "the escalator");
      if (const auto* d = P("default")) {
        bool hazard = false;
        for (const auto& c : d->clauses) {
          std::string w = c.words.size() == 1 ? c.words[0].text : "";
          if (w == "hazard" && c.value) hazard = true, expect_dim(*c.value, sc, per_year, "the default hazard");
          else if (w == "recovery" && c.value) expect_dim(*c.value, sc, ratio, "the recovery");
          else if (w == "copula" && c.value) {
            expect_dim(*c.value, sc, ratio, "the copula correlation");
            if (c.value->kind == ast::ExprKind::Number && (c.value->value < 0 || c.value->value > 1))
              diags.error(DiagCode::WrongUnit, c.value->span, "the copula correlation is between 0% and 100%");
          } else diags.error(DiagCode::BadPropertyForm, c.span, "`default` is `hazard H% per year[, recovery R%][, copula RHO]`");
        }
        if (!hazard) diags.error(DiagCode::BadPropertyForm, d->span, "`default` needs `hazard H% per year`");
      }
      // `downtime 2 months`, `recovery_lag 12 months`: delays fixed before the
      // run (delay lines of whole periods), and only a default uses them.
      for (const char* name : {"downtime", "recovery_lag"}) {
        ast::Expr* e = one(name);
        if (!e) continue;
        Type t = check(*e, sc);
        bool months = t.is_number() && t.dim == Dim{{"month", 1}} && e->kind == ast::ExprKind::Number;
        double v = months ? e->value : -1;
        if (!months || v < 0 || v > 120 || std::fmod(v, m.deal.months_per_period) != 0)
          diags.error(DiagCode::WrongUnit, e->span,
                      fmt::format("the lease's `{}` is a number of months, a whole number of {} periods up to 120 months, such as `{}`", name,
                                  m.deal.period_name, std::string(name) == "downtime" ? "3 months" : "12 months"));
        else if (!P("default"))
          diags.error(DiagCode::BadPropertyForm, P(name)->span, fmt::format("`{}` applies to a lessee's default: the lease needs `default hazard H% per year`", name))
              .hints.push_back(fmt::format("add `default hazard H% per year`, or leave `{}` out", name));
      }
      break;
    }
    case EntityKind::Holding: {
      Type units = Type::error();
      if (auto* u = one("units")) units = check(*u, sc);
      if (auto* pr = one("price"); pr && units.is_number()) expect_dim(*pr, sc, dim_mul(money_d, units.dim, -1), "the price per unit");
      if (auto* s = one("slippage")) expect_dim(*s, sc, ratio, "slippage");
      break;
    }
    case EntityKind::Loan:
    case EntityKind::Receivables:
    case EntityKind::Tranche:
    case EntityKind::Convertible: {
      bool conv = ent.kind == EntityKind::Convertible;
      if (auto* b = one(conv ? "principal" : "balance")) expect_dim(*b, sc, money_d, conv ? "the principal" : "the balance");
      const char* rate_name = (ent.kind == EntityKind::Loan || ent.kind == EntityKind::Receivables) ? "rate" : "coupon";
      if (const auto* c = P(rate_name)) {
        for (std::size_t i = 0; i < c->clauses.size(); ++i) {
          const auto& cl = c->clauses[i];
          std::string w = cl.words.size() == 1 ? cl.words[0].text : "";
          if (!cl.value || (i == 0 && !cl.words.empty()) || (i > 0 && w != "cap" && w != "floor")) {
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
      if (const auto* a = P("amortization")) {
        const auto& c = a->clauses[0];
        std::string w = c.words.empty() ? "" : c.words[0].text;
        std::string w2 = c.words.size() > 1 ? c.words[1].text : "";
        if ((w == "level" || w == "linear") && w2 == "over" && c.value) duration_months(*c.value, "the amortization term");
        else if ((w == "bullet" || w == "pass_through") && c.words.size() == 1 && !c.value) {
        } else if (w == "target" && c.words.size() == 1 && c.value) expect_dim(*c.value, sc, money_d, "the target balance");
        else if (w == "schedule" && c.value) {
          Type t = check(*c.value, sc);
          if (!t.is_error() && t.kind != Kind::Curve) diags.error(DiagCode::WrongKind, c.value->span, "`schedule` takes a curve of months to the share of the original balance outstanding");
          int ce = c.value->sema.entity;
          const auto* cd = ce >= 0 ? m.entities[static_cast<std::size_t>(ce)].decl : nullptr;
          if (!t.is_error() && cd && cd->is_table && !cd->points.empty()) {
            Type x = check(*cd->points[0].x, m.entities[static_cast<std::size_t>(ce)].scope);
            Type y = check(*cd->points[0].y, m.entities[static_cast<std::size_t>(ce)].scope);
            if (!x.is_error() && x.dim != Dim{{"month", 1}})
              diags.error(DiagCode::WrongUnit, c.value->span, fmt::format("a schedule curve is read at months since the start, this one at {}", describe(x)));
            if (!y.is_error() && !y.dim.empty())
              diags.error(DiagCode::WrongUnit, c.value->span, fmt::format("a schedule curve gives a share of the original balance, not {}", describe(y)));
          }
        } else if (w == "sculpted" && c.words.size() == 1 && c.value) {  // `sculpted dscr X` (the parser keeps one word)
          if (ent.kind != EntityKind::Tranche)
            diags.error(DiagCode::BadPropertyForm, a->span, "only a tranche's repayment can be sculpted to a DSCR");
          Type t = check(*c.value, sc);
          if (!t.is_error() && !(t.is_number() && t.dim.empty()))
            diags.error(DiagCode::WrongUnit, c.value->span, fmt::format("the sculpting target is a DSCR such as `1.35x`, not {}", describe(t)),
                        t.is_number() ? dim_text(t.dim) : describe(t));
        } else {
          diags.error(DiagCode::BadPropertyForm, a->span, "amortization is `level over N months`, `linear over N months`, `bullet`, `pass_through`, `target BALANCE`, `schedule CURVE` or `sculpted dscr X`");
        }
      }
      if (const auto* s = P("shortfall")) {
        const auto& c = s->clauses[0];
        if (c.words.size() != 1 || c.value || (c.words[0].text != "carry" && c.words[0].text != "capitalize"))
          diags.error(DiagCode::BadPropertyForm, s->span, "`shortfall` is `carry` or `capitalize`");
      }
      if (auto* mt = one("maturity")) duration_months(*mt, "the maturity");
      if (auto* cf = one("cfads")) expect_dim(*cf, sc, money_d, "the cash flow available for debt service");
      if (ent.kind == EntityKind::Loan || ent.kind == EntityKind::Receivables) check_pool_behaviour(id);
      if (conv) check_conversion(id);
      break;
    }
    case EntityKind::Account: {
      if (auto* i = one("initial")) expect_dim(*i, sc, money_d, "the initial balance");
      if (auto* t = one("target")) expect_dim(*t, sc, money_d, "the target");
      check_covers(id);
      if (const auto* r = P("release")) {
        const auto& c = r->clauses[0];
        if (c.words.size() != 1 || c.words[0].text != "excess" || c.value) diags.error(DiagCode::BadPropertyForm, r->span, "`release` is `release excess`");
      }
      break;
    }
    case EntityKind::Facility: {
      if (auto* l = one("limit")) expect_dim(*l, sc, money_d, "the limit");
      if (auto* d = one("drawn")) expect_dim(*d, sc, money_d, "the balance drawn at close");
      if (auto* b = one("borrowing_base")) expect_dim(*b, sc, money_d, "the borrowing base");
      for (const char* rate : {"coupon", "commitment_fee"})
        if (auto* r = one(rate)) {
          Type t = check(*r, sc);
          if (!t.is_error() && !(t.is_number() && (t.dim.empty() || t.dim == per_year)))
            diags.error(DiagCode::WrongUnit, r->span, fmt::format("the {} must be an annual rate such as `2.50%`, not {}", rate, describe(t)),
                        t.is_number() ? dim_text(t.dim) : describe(t));
        }
      if (auto* mt = one("maturity")) duration_months(*mt, "the maturity");
      check_covers(id);
      if (const auto* s = P("shortfall")) {
        const auto& c = s->clauses[0];
        if (c.words.size() != 1 || c.value || (c.words[0].text != "carry" && c.words[0].text != "capitalize"))
          diags.error(DiagCode::BadPropertyForm, s->span, "`shortfall` is `carry` or `capitalize`");
      }
      break;
    }
    case EntityKind::Expense:
    case EntityKind::Fee: {
      Type t = check(*const_cast<ast::Expr*>(ent.bound), sc);
      if (!t.is_error() && (!t.is_number() || flow_time_base(t.dim, cur()).empty())) {
        auto& d = diags.error(DiagCode::NotAFlow, ent.bound->span, fmt::format("{} `{}` must be a flow of money per time, not {}", entity_kind_name(ent.kind), ent.name, describe(t)),
                              t.is_number() ? dim_text(t.dim) : describe(t));
        if (is_money(t.dim, cur())) d.hints.push_back(fmt::format("say how often: `... {} per year` or `per month`", cur()));
      }
      break;
    }
    case EntityKind::Trigger: {
      const auto* d = ent.decl;
      auto cond = [&](ast::Expr* e) {
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
    default: break;
  }
}

// `for N periods` after a trigger's condition, its cure or a soft call: a
// whole number of periods, at least 1, written as a number or as a param or
// template parameter in periods (lowering checks that its value is fixed
// before the run and whole).
void Checker::check_persistence(ast::Expr* e, int scope) {
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

// `covers A.interest, B.interest`: the claims an account or a facility pays
// when cash falls short.
void Checker::check_covers(int id) {
  const auto* c = m.prop(id, "covers");
  if (!c) return;
  const Entity& ent = m.entities[static_cast<std::size_t>(id)];
  const std::string what = fmt::format("an {} can cover", ent.kind == EntityKind::Account ? "account" : "facility");
  for (const auto& cl : c->clauses) {
    if (!cl.value || !cl.words.empty()) diags.error(DiagCode::BadPropertyForm, cl.span, "`covers` lists claims: `A.interest, B.interest`");
    else check_claim(*cl.value, ent.scope, what.c_str());
  }
}

// A convertible's terms: the conversion price and the underlying share price
// are prices of one unit (`30 USD/share`, a factor in USD/share); the issuer's
// soft call is `when CONDITION [for N periods]`.
void Checker::check_conversion(int id) {
  const Entity& ent = m.entities[static_cast<std::size_t>(id)];
  const int sc = ent.scope;
  Type price = Type::error();
  if (const auto* p = m.prop(id, "conversion_price"); p && p->clauses[0].value) {
    ast::Expr& e = *p->clauses[0].value;
    price = check(e, sc);
    const Dim per = price.is_number() ? dim_mul(price.dim, money(), -1) : Dim{};
    if (!price.is_error() && !(price.is_number() && per.size() == 1 && per.begin()->second == -1)) {
      diags.error(DiagCode::WrongUnit, e.span, fmt::format("the conversion price is money per share, such as `30 USD/share`, not {}", describe(price)),
                  price.is_number() ? dim_text(price.dim) : describe(price))
          .hints.push_back("declare the share unit (`unit share`) and write `30 USD/share`");
      price = Type::error();
    }
  }
  if (const auto* p = m.prop(id, "underlying"); p && p->clauses[0].value && !price.is_error())
    expect_dim(*p->clauses[0].value, sc, price.dim, "the underlying share price");
  if (const auto* p = m.prop(id, "soft_call")) {
    const auto& c = p->clauses[0];
    if (p->clauses.size() != 1 || c.words.size() != 1 || c.words[0].text != "when" || !c.value) {
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
void Checker::check_pool_behaviour(int id) {
  const Entity& ent = m.entities[static_cast<std::size_t>(id)];
  auto rate = [&](const char* prop, std::initializer_list<const char*> forms, const char* usage) {
    const auto* p = m.prop(id, prop);
    if (!p) return;
    const ast::Clause& c = p->clauses[0];
    const ast::Expr* e = c.value.get();
    bool ok = p->clauses.size() == 1 && c.words.empty() && e && e->kind == ast::ExprKind::Call && e->kids.size() == 2 &&
              e->kids[0]->kind == ast::ExprKind::Name && e->arg_names[0].empty();
    bool known = false;
    for (const char* f : forms) known |= ok && e->kids[0]->text == f;
    if (!known) {
      diags.error(DiagCode::BadPropertyForm, p->span, fmt::format("`{}` is {}", prop, usage));
      return;
    }
    expect_dim(*e->kids[1], ent.scope, Dim{}, fmt::format("the {} rate", e->kids[0]->text));
  };
  rate("prepayment", {"cpr", "smm", "psa", "abs"},
       "`cpr(6%)` (annual), `smm(0.5%)` (monthly), `psa(150%)` (a share of the PSA ramp) or `abs(1.5%)` (a share of the original number of receivables a month)");
  rate("default", {"cdr", "mdr", "sda"}, "`cdr(2%)` (annual), `mdr(0.2%)` (monthly) or `sda(100%)` (a share of the SDA curve)");
  if (const auto* p = m.prop(id, "severity"); p && p->clauses[0].value) expect_dim(*p->clauses[0].value, ent.scope, Dim{}, "the loss severity");
  if (const auto* p = m.prop(id, "clean_up_call"); p && p->clauses[0].value) {
    // `clean_up_call 10%`: the share of the pool's balance at the start
    // (cut-off) at or below which the servicer buys the pool back.
    ast::Expr& e = *p->clauses[0].value;
    if (p->clauses.size() != 1 || !p->clauses[0].words.empty())
      diags.error(DiagCode::BadPropertyForm, p->span, "`clean_up_call` is the share of the original balance at which the servicer buys the pool, such as `clean_up_call 10%`");
    else if (expect_dim(e, ent.scope, Dim{}, "the clean-up call's threshold")) {
      if (e.kind == ast::ExprKind::Number && !(e.value > 0 && e.value < 1))
        diags.error(DiagCode::BadPropertyForm, e.span, "the clean-up call's threshold is a share of the original balance above 0% and below 100%")
            .hints.push_back("a prime-auto ABS commonly writes `clean_up_call 10%`");
    }
  }
  if (const auto* p = m.prop(id, "age"); p && p->clauses[0].value) {
    // The loans' age at `start` in months: the PSA, SDA and ABS ramps count from it.
    ast::Expr& e = *p->clauses[0].value;
    Type t = check(e, ent.scope);
    bool duration = t.is_number() && t.dim.size() == 1 && (t.dim.count("month") || t.dim.count("year")) && t.dim.begin()->second == 1;
    if (!t.is_error() && (!duration || !p->clauses[0].words.empty() || p->clauses.size() != 1))
      diags.error(DiagCode::WrongUnit, e.span, fmt::format("the pool's age is a duration in months or years, such as `24 months`, not {}", describe(t)), describe(t))
          .hints.push_back("the age of the loans at `start`: `age 24 months`");
  }
  if (const auto* p = m.prop(id, "advancing")) {
    // A bare name read as a word (`interest` is also a member's name, so it
    // cannot be a reserved flag word); it is never resolved as a value.
    const ast::Clause& c = p->clauses[0];
    std::string w = c.words.empty() && c.value && c.value->kind == ast::ExprKind::Name ? c.value->text : "";
    if (p->clauses.size() != 1 || (w != "none" && w != "interest" && w != "principal_and_interest"))
      diags.error(DiagCode::BadPropertyForm, p->span, "`advancing` is `none`, `interest` or `principal_and_interest` (what the servicer advances on defaulted loans until they are liquidated)");
  }
  if (const auto* p = m.prop(id, "recovery_lag"); p && p->clauses[0].value) {
    ast::Expr& e = *p->clauses[0].value;
    Type t = check(e, ent.scope);
    bool months = t.is_number() && t.dim == Dim{{"month", 1}} && e.kind == ast::ExprKind::Number;
    double v = months ? e.value : -1;
    if (!months || v < 0 || v > 120 || std::fmod(v, m.deal.months_per_period) != 0)
      diags.error(DiagCode::WrongUnit, e.span,
                  fmt::format("the recovery lag is a number of months, a whole number of {} periods up to 120 months, such as `12 months`", m.deal.period_name));
  }
}

}  // namespace sluice::sema
