// Entities and scopes: the standard library and imported files become
// namespaces, the deal's declarations its scope, a `use` of a template an
// instance with its own scope whose parameters are bound to the use site.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

const char* entity_kind_name(EntityKind k) {
  switch (k) {
    case EntityKind::Param: return "param";
    case EntityKind::Let: return "let";
    case EntityKind::Test: return "test";
    case EntityKind::Draw: return "draw";
    case EntityKind::Factor: return "factor";
    case EntityKind::Curve: return "curve";
    case EntityKind::Holidays: return "holiday list";
    case EntityKind::Fleet: return "fleet";
    case EntityKind::Lease: return "lease";
    case EntityKind::Holding: return "holding";
    case EntityKind::Loan: return "loan";
    case EntityKind::Receivables: return "receivables";
    case EntityKind::Expense: return "expense";
    case EntityKind::Tranche: return "tranche";
    case EntityKind::Convertible: return "convertible";
    case EntityKind::Fee: return "fee";
    case EntityKind::Account: return "account";
    case EntityKind::Facility: return "facility";
    case EntityKind::Hedge: return "hedge";
    case EntityKind::Equity: return "equity";
    case EntityKind::Trigger: return "trigger";
    case EntityKind::Waterfall: return "waterfall";
    case EntityKind::Builtin: return "built-in value";
    case EntityKind::TemplateArg: return "template parameter";
    case EntityKind::Namespace: return "module";
    case EntityKind::Template: return "template";
    case EntityKind::Instance: return "template instance";
  }
  return "?";
}

std::string a_kind(EntityKind k) {
  const std::string name = entity_kind_name(k);
  return (std::string("aeiou").find(name[0]) != std::string::npos ? "an " : "a ") + name;
}

ScopeId Checker::add_scope(ScopeId parent, EntityId self) {
  return m.scopes.push_back(Scope{parent, self, {}});
}

EntityId Checker::add_entity(EntityKind k, std::string name, Span span, const ast::Decl* d, ScopeId scope) {
  Entity e;
  e.kind = k;
  e.name = std::move(name);
  e.span = span;
  e.decl = d;
  e.scope = scope;
  if (d)
    for (const auto& p : d->props) {
      if (e.props.count(p.name)) {
        diags.error(DiagCode::Duplicate, p.name_span, fmt::format("property `{}` is given twice", p.name))
            .labels.push_back(Label{e.props[p.name]->name_span, "first given here", false});
        continue;
      }
      e.props[p.name] = &p;
    }
  return m.entities.push_back(std::move(e));
}

void Checker::declare(ScopeId scope, const std::string& name, EntityId entity, Span span) {
  auto& names = m.scopes[scope].names;
  auto it = names.find(name);
  if (it != names.end()) {
    auto& d = diags.error(DiagCode::Duplicate, span, fmt::format("`{}` is declared twice", name), "declared again here");
    d.labels.push_back(Label{m.entities[it->second].span, "first declared here", false});
    return;
  }
  names[name] = entity;
}

EntityId Checker::lookup(ScopeId scope, const std::string& name) const { return m.lookup(scope, name); }

std::vector<std::string> Checker::visible_names(ScopeId scope) const {
  std::vector<std::string> out;
  for (ScopeId s = scope; s.valid(); s = m.scopes[s].parent)
    for (const auto& [n, e] : m.scopes[s].names) out.push_back(n);
  return out;
}

static EntityKind kind_of(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Param: return EntityKind::Param;
    case ast::DeclKind::Let: return EntityKind::Let;
    case ast::DeclKind::Test: return EntityKind::Test;
    case ast::DeclKind::Draw: return EntityKind::Draw;
    case ast::DeclKind::Factor: return EntityKind::Factor;
    case ast::DeclKind::Curve: return EntityKind::Curve;
    case ast::DeclKind::Holidays: return EntityKind::Holidays;
    case ast::DeclKind::Fleet: return EntityKind::Fleet;
    case ast::DeclKind::Lease: return EntityKind::Lease;
    case ast::DeclKind::Holding: return EntityKind::Holding;
    case ast::DeclKind::Loan: return EntityKind::Loan;
    case ast::DeclKind::Receivables: return EntityKind::Receivables;
    case ast::DeclKind::Expense: return EntityKind::Expense;
    case ast::DeclKind::Tranche: return EntityKind::Tranche;
    case ast::DeclKind::Convertible: return EntityKind::Convertible;
    case ast::DeclKind::Fee: return EntityKind::Fee;
    case ast::DeclKind::Account: return EntityKind::Account;
    case ast::DeclKind::Facility: return EntityKind::Facility;
    case ast::DeclKind::Hedge: return EntityKind::Hedge;
    case ast::DeclKind::Equity: return EntityKind::Equity;
    case ast::DeclKind::Trigger: return EntityKind::Trigger;
    case ast::DeclKind::Waterfall: return EntityKind::Waterfall;
    default: return EntityKind::Let;
  }
}

// Declares one declaration; returns its entity (or none for units, reports,
// correlations, which are not names).
EntityId Checker::declare_decl(const ast::Decl& d, ScopeId scope, const std::string& prefix) {
  switch (d.kind) {
    case ast::DeclKind::Unit: {
      return EntityId::none();  // units are known to the parser; nothing to bind
    }
    case ast::DeclKind::Report:
      if (m.report) {
        diags.error(DiagCode::Duplicate, d.name_span, "the deal has two report blocks")
            .labels.push_back(Label{m.report->name_span, "first report here", false});
      }
      m.report = &d;
      m.report_scope = scope;
      return EntityId::none();
    case ast::DeclKind::Correlate: {
      m.correlations.push_back({EntityId::none(), EntityId::none(), &d});
      return EntityId::none();
    }
    case ast::DeclKind::Use:
      instantiate(d, scope, prefix);
      return EntityId::none();
    case ast::DeclKind::Steps:
      // A template's step groups are taken by instantiate(); anywhere else
      // the steps belong in the waterfall.
      diags.error(DiagCode::UnknownStepGroup, d.name_span, "a `steps` block belongs in a template: a deal writes its steps in its waterfall")
          .hints.push_back("move these steps into the deal's `waterfall { ... }`");
      return EntityId::none();
    default: break;
  }
  if (d.is_tape) {
    // A tape's rows are the deal's leases or loans; a template's body is
    // cloned per instance from its own file, so it cannot hold one.
    if (!prefix.empty())
      diags.error(DiagCode::BadTemplateUse, d.name_span, "a tape belongs to the deal, not to a template")
          .hints.push_back("declare the tape in the deal and pass what the template needs as parameters");
    else
      expand_tape(d, scope);
    return EntityId::none();
  }
  switch (d.kind) {
    case ast::DeclKind::Waterfall: {
      EntityId e = add_entity(EntityKind::Waterfall, d.name.empty() ? "waterfall" : prefix + d.name, d.name_span, &d, scope);
      if (!d.name.empty()) declare(scope, d.name, e, d.name_span);
      m.waterfalls.push_back(e);
      return e;
    }
    default: break;
  }
  EntityKind k = kind_of(d.kind);
  EntityId e = add_entity(k, prefix + d.name, d.name_span, &d, scope);
  auto& ent = m.entities[e];
  ent.bound = d.value.get();
  ent.bound_scope = scope;
  ent.annotation = d.type_name;
  ent.annotation_span = d.type_span;
  // Block constructs see their own members bare (`book_value` in a fleet).
  if (!d.props.empty() || k == EntityKind::Fleet || k == EntityKind::Convertible) ent.scope = add_scope(scope, e);
  declare(scope, d.name, e, d.name_span);
  return e;
}

void Checker::declare_file_items(const ast::File& f, ScopeId scope) {
  for (const auto& d : f.top) declare_decl(d, scope, "");
  for (const auto& t : f.templates) {
    EntityId e = add_entity(EntityKind::Template, t.name, t.name_span, nullptr, scope);
    m.entities[e].templ = &t;
    declare(scope, t.name, e, t.name_span);
  }
}

// `use std.crypto.margin_loan as margin { balance 300m USD ... }`: the body
// is cloned into an instance scope; each template parameter becomes an
// entity bound to the use site's property (resolved in the deal's scope) or
// to its default (resolved in the template's scope).
void Checker::instantiate(const ast::Decl& use, ScopeId scope, const std::string& prefix) {
  // Resolve the template path through namespaces.
  EntityId ent = lookup(scope, use.path[0]);
  for (std::size_t i = 1; ent.valid() && i < use.path.size(); ++i) {
    const auto& e = m.entities[ent];
    if (e.kind != EntityKind::Namespace) {
      ent = EntityId::none();
      break;
    }
    auto it = m.scopes[e.inner_scope].names.find(use.path[i]);
    ent = it == m.scopes[e.inner_scope].names.end() ? EntityId::none() : it->second;
  }
  std::string path;
  for (const auto& p : use.path) path += (path.empty() ? "" : ".") + p;
  if (!ent.valid() || m.entities[ent].kind != EntityKind::Template) {
    auto& d = diags.error(DiagCode::UnknownName, use.path_span, fmt::format("there is no template `{}`", path));
    if (use.path.size() > 1 && use.path[0] == "std") d.hints.push_back(fmt::format("is `import std.{}` at the top of the file?", use.path[1]));
    return;
  }
  const ast::Template& t = *m.entities[ent].templ;
  // A template that uses itself, directly or through another, never ends.
  for (const ast::Template* open : instantiating) {
    if (open != &t) continue;
    diags.error(DiagCode::BadTemplateUse, use.path_span, fmt::format("template `{}` uses itself", t.name))
        .hints.push_back("a template's body may use other templates, but not itself");
    return;
  }
  if (instantiating.size() >= 16) {
    diags.error(DiagCode::BadTemplateUse, use.path_span, "templates nest more than 16 deep");
    return;
  }
  instantiating.push_back(&t);
  struct Pop {
    std::vector<const ast::Template*>& v;
    ~Pop() { v.pop_back(); }
  } pop{instantiating};
  const ScopeId template_scope = m.entities[ent].scope;
  EntityId inst = add_entity(EntityKind::Instance, prefix + use.name, use.name_span, &use, scope);
  ScopeId inner = add_scope(template_scope);
  m.entities[inst].inner_scope = inner;
  declare(scope, use.name, inst, use.name_span);
  const std::string qual = prefix + use.name + ".";
  // Parameters.
  for (const auto& p : use.props) {
    bool known = false;
    for (const auto& tp : t.params) known |= tp.name == p.name;
    if (!known) {
      std::vector<std::string> names;
      for (const auto& tp : t.params) names.push_back(tp.name);
      auto& d = diags.error(DiagCode::BadTemplateUse, p.name_span, fmt::format("template `{}` has no parameter `{}`", t.name, p.name));
      auto near = closest_name(p.name, names);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
    }
  }
  for (const auto& tp : t.params) {
    EntityId a = add_entity(EntityKind::TemplateArg, qual + tp.name, tp.span, nullptr, inner);
    auto& arg = m.entities[a];
    arg.annotation = tp.type_name;
    arg.annotation_span = tp.type_span;
    const ast::Property* given = nullptr;
    for (const auto& p : use.props)
      if (p.name == tp.name) given = &p;
    if (given) {
      if (given->clauses.size() != 1 || !given->clauses[0].value || !given->clauses[0].words.empty()) {
        diags.error(DiagCode::BadTemplateUse, given->span, fmt::format("parameter `{}` takes one value", tp.name));
      } else {
        arg.bound = given->clauses[0].value.get();
        arg.bound_scope = scope;
      }
    } else if (tp.default_value) {
      arg.bound = tp.default_value.get();
      arg.bound_scope = template_scope;
    } else {
      diags.error(DiagCode::BadTemplateUse, use.name_span, fmt::format("`{}` needs a value for parameter `{}`", path, tp.name))
          .hints.push_back(fmt::format("add `{} ...` inside the braces", tp.name));
    }
    declare(inner, tp.name, a, tp.span);
  }
  // The body, cloned so each instance has its own annotations.
  for (const auto& d : t.body) {
    if (d.kind == ast::DeclKind::Waterfall || d.kind == ast::DeclKind::Report) {
      auto& err = diags.error(DiagCode::BadTemplateUse, d.name_span,
                              fmt::format("a template cannot declare a {}: the deal has one priority of payments and one report", ast::decl_kind_name(d.kind)));
      if (d.kind == ast::DeclKind::Waterfall)
        err.hints.push_back("write the template's steps as `steps { ... }` (or `steps NAME { ... }`) and place them in the deal's waterfall with `steps ALIAS`");
      else
        err.hints.push_back("declare the claims in the template and pay them from the deal's waterfall");
      continue;
    }
    if (d.kind == ast::DeclKind::Steps) {
      // Checked where the deal places them, in the instance's scope.
      auto& groups = m.entities[inst].step_groups;
      auto [it, fresh] = groups.emplace(d.name, &d);
      if (!fresh)
        diags.error(DiagCode::Duplicate, d.name_span,
                    d.name.empty() ? std::string("the template has two unnamed `steps` blocks") : fmt::format("step group `{}` is declared twice", d.name))
            .labels.push_back(Label{it->second->name_span, "first declared here", false});
      continue;
    }
    m.owned_decls.push_back(d.clone());
    EntityId e = declare_decl(m.owned_decls.back(), inner, qual);
    if (e.valid() && m.entities[e].kind != EntityKind::Waterfall) m.order.push_back(e);
    if (e.valid() && !m.entities[inst].primary) {
      auto k = m.entities[e].kind;
      if (k == EntityKind::Tranche || k == EntityKind::Convertible || k == EntityKind::Facility)
        m.entities[inst].primary = e;
    }
  }
}

// `calendar weekdays` (Monday to Friday) or `calendar NAME` (a holiday list,
// such as std.calendars.us_federal), then an optional business-day rule
// (modified_following by default).
void Checker::calendar(const ast::Setting& s) {
  m.deal.calendar = s.text;
  m.deal.business_day = cal::BusinessDay::ModifiedFollowing;
  if (!s.rule.empty()) m.deal.business_day = *cal::parse_business_day(s.rule);
  if (s.text == "weekdays") return;
  std::vector<std::string> path;
  std::string part;
  for (char c : s.text + ".") {
    if (c == '.') path.push_back(part), part.clear();
    else part += c;
  }
  const Model::Target target = m.resolve_target(m.deal_scope, path);
  const EntityId e = target.entity;
  if (!e || !target.part.empty() || m.entities[e].kind != EntityKind::Holidays) {
    auto& d = diags.error(DiagCode::UnknownName, s.value_span, fmt::format("`{}` is not a holiday list", s.text));
    d.hints.push_back("use `calendar weekdays`, a `holidays NAME { ... }` list, or one from `import std.calendars` such as std.calendars.us_federal");
    return;
  }
  for (const auto& x : m.entities[e].decl->dates)
    if (auto day = cal::parse_date(x->text)) m.deal.holidays.push_back(*day);
}

bool Checker::settings(const ast::Deal& deal) {
  m.deal.name = deal.name;
  bool have_start = false, have_horizon = false;
  const ast::Setting* horizon = nullptr;
  const ast::Setting* first_payment = nullptr;
  const ast::Setting* start = nullptr;
  const ast::Setting* cutoff = nullptr;
  const ast::Setting* settlement = nullptr;
  const ast::Setting* payment_day = nullptr;
  const ast::Setting* wal = nullptr;
  for (const auto& s : deal.settings) {
    if (s.name == "currency") m.deal.currency = s.text;
    else if (s.name == "cutoff" || s.name == "start") {
      // A cut-off is where the pool's collections start: the schedule's start.
      (s.name == "cutoff" ? cutoff : start) = &s;
      auto d = cal::parse_date(s.text);
      have_start = true;  // a bad date is its own error, not a missing one
      if (!d) diags.error(DiagCode::BadDate, s.value_span, fmt::format("`{}` is not a calendar date", s.text));
      else m.deal.start = *d;
    } else if (s.name == "first_payment") {
      first_payment = &s;
    } else if (s.name == "period") {
      m.deal.period_name = s.text;
      m.deal.months_per_period = s.text == "monthly" ? 1 : s.text == "quarterly" ? 3 : s.text == "semiannual" ? 6 : 12;
    } else if (s.name == "day_count") {
      auto dc = cal::parse_day_count(s.text);
      if (!dc) {
        auto& d = diags.error(DiagCode::BadSetting, s.value_span, fmt::format("unknown day count `{}`", s.text));
        d.hints.push_back("use 30/360 (a month end counts as day 30), 30/360 Bond Basis, 30E/360, 30/360 US, 30E/360 ISDA, ACT/360, ACT/365F or ACT/ACT ISDA");
      } else {
        m.deal.day_count = *dc;
      }
    } else if (s.name == "horizon") {
      horizon = &s;
      have_horizon = true;
    } else if (s.name == "calendar") {
      calendar(s);
    } else if (s.name == "settlement") {
      settlement = &s;
    } else if (s.name == "payment_day") {
      payment_day = &s;
    } else if (s.name == "wal") {
      wal = &s;
    }
  }
  timeline(start, cutoff, settlement, payment_day, first_payment);
  if (wal) wal_basis(*wal);
  if (!have_start) diags.error(DiagCode::MissingSetting, deal.name_span, "the deal has no `start` date").hints.push_back("add `start 2025-03-31` (or a pool's `cutoff 2025-01-01`) inside the deal");
  if (first_payment) {
    // A stub: after `start`, and short of two regular periods (a long stub
    // is at most one period and a bit; longer would hide a missed payment).
    auto d = cal::parse_date(first_payment->text);
    const cal::Date two = cal::add_months(m.deal.start, 2 * m.deal.months_per_period, false);
    if (!d) diags.error(DiagCode::BadDate, first_payment->value_span, fmt::format("`{}` is not a calendar date", first_payment->text));
    else if (have_start && !(cal::to_serial(*d) > cal::to_serial(m.deal.start) && cal::to_serial(*d) < cal::to_serial(two)))
      diags.error(DiagCode::BadSetting, first_payment->value_span,
                  fmt::format("the first payment date must fall after `start` ({}) and before two {} periods have passed ({})", cal::format_date(m.deal.start),
                              m.deal.period_name, cal::format_date(two)))
          .hints.push_back("it ends period 1, a short or long stub; later periods roll from it");
    else m.deal.first_payment = *d;
  }
  if (!have_horizon) diags.error(DiagCode::MissingSetting, deal.name_span, "the deal has no `horizon`").hints.push_back("add `horizon 84 months` inside the deal");
  if (horizon && horizon->value) {
    auto& e = *horizon->value;
    Type t = check(e, m.deal_scope);
    if (!t.is_error()) {
      double months = 0;
      bool ok = e.kind == ast::ExprKind::Number && t.is_number() && t.dim.size() == 1;
      if (ok) {
        const auto& base = t.dim.begin()->first;
        double v = m.types.empty() ? 0 : e.value;
        for (const auto& u : e.units)
          if (auto info = builtin_unit(u.name)) v *= info->scale;
        if (base == "month") months = v;
        else if (base == "year") months = v * 12;
        else if (base == "period") months = v * m.deal.months_per_period;
        else ok = false;
      }
      double periods = months / m.deal.months_per_period;
      if (!ok) {
        diags.error(DiagCode::WrongUnit, e.span, fmt::format("the horizon must be a number of months, years or periods, not {}", describe(t)))
            .hints.push_back("write it as `84 months` or `7 years`");
      } else if (periods < 1 || periods != std::floor(periods) || periods > 1200) {
        diags.error(DiagCode::BadSetting, e.span,
                    fmt::format("the horizon must be a whole number of {} periods between 1 and 1200", m.deal.period_name));
      } else {
        m.deal.periods = static_cast<int>(periods);
      }
    }
  }
  return !diags.has_errors();
}

}  // namespace sluice::sema
