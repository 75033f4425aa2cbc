// Types of expressions: names resolved through scopes, members of each kind
// of declaration, units multiplied and divided, `+` and comparisons only
// between equal units, calls to built-in functions and curves.
#include <cmath>
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

std::optional<EntityKind> declaration_kind(const std::string& annotation) {
  static const std::map<std::string, EntityKind> kinds = {
      {"Fleet", EntityKind::Fleet},     {"Lease", EntityKind::Lease},         {"Holding", EntityKind::Holding},
      {"Loan", EntityKind::Loan},       {"Receivables", EntityKind::Receivables}, {"Tranche", EntityKind::Tranche},
      {"Account", EntityKind::Account}, {"Factor", EntityKind::Factor},       {"Trigger", EntityKind::Trigger},
      {"Fee", EntityKind::Fee},         {"Equity", EntityKind::Equity}};
  auto it = kinds.find(annotation);
  if (it == kinds.end()) return std::nullopt;
  return it->second;
}

// Does a value's type fit a declared value type (`Money`, `Ratio`, ...)?
// nullopt when the annotation names no value type.
std::optional<bool> annotation_fits(const std::string& a, const Type& t, const std::string& currency) {
  if (a == "Bool") return t.kind == Kind::Bool;
  if (a == "Date") return t.kind == Kind::Date;
  if (a == "Curve") return t.kind == Kind::Curve;
  if (a == "Text") return t.kind == Kind::String;
  if (a == "Number") return t.is_number();
  if (!t.is_number()) {
    if (a == "Money" || a == "Ratio" || a == "Rate" || a == "Quantity" || a == "Duration" || a == "Flow") return false;
    return std::nullopt;
  }
  if (a == "Money") return is_money(t.dim, currency);
  if (a == "Ratio") return t.dim.empty();
  if (a == "Rate") return t.dim == Dim{{"year", -1}};
  if (a == "Flow") return !flow_time_base(t.dim, currency).empty();
  if (a == "Duration") return t.dim.size() == 1 && is_time_base(t.dim.begin()->first) && t.dim.begin()->second == 1;
  if (a == "Quantity") return !t.dim.empty() && !t.dim.count(currency);
  return std::nullopt;
}

bool is_metric_member(const std::string& m) { return m == "loss" || m == "loss_share" || m == "wal" || m == "irr"; }

Type Checker::set(ast::Expr& e, Type t) {
  m.types.push_back(t);
  e.sema.type = static_cast<int>(m.types.size() - 1);
  return t;
}

static Type dur(const char* base) { return Type::number(Dim{{base, 1}}); }

// The value type of a bare name.
Type Checker::entity_type(int ent, Span use) {
  auto& e = m.entities[static_cast<std::size_t>(ent)];
  if (e.type_done) return e.type;
  if (e.type_busy) {
    // A value that depends on itself: print the path from the first visit.
    std::string path;
    bool on = false;
    for (int b : busy) {
      if (b == ent) on = true;
      if (on) path += m.entities[static_cast<std::size_t>(b)].name + " -> ";
    }
    path += e.name;
    auto& d = diags.error(DiagCode::Cycle, e.span, fmt::format("`{}` depends on itself: {}", e.name, path));
    d.labels.push_back(Label{use, "used here", false});
    d.hints.push_back("a value may read last period's value of itself with prev(...)");
    e.type = Type::error();
    e.type_done = true;
    return e.type;
  }
  e.type_busy = true;
  busy.push_back(ent);
  Type t = Type::error();
  switch (e.kind) {
    case EntityKind::Param:
    case EntityKind::Let:
    case EntityKind::Test:
    case EntityKind::Draw:
    case EntityKind::TemplateArg:
      if (e.bound) t = check(*const_cast<ast::Expr*>(e.bound), e.bound_scope);
      if (e.kind == EntityKind::Draw && t.is_number() && t.dim.empty() == false) {
      }
      break;
    case EntityKind::Factor:
      if (e.bound) t = check(*const_cast<ast::Expr*>(e.bound), e.bound_scope);
      break;
    case EntityKind::Curve: t = Type{Kind::Curve, {}}; break;
    case EntityKind::Expense:
    case EntityKind::Fee: t = Type::number(money()); break;
    case EntityKind::Trigger: t = Type::boolean(); break;
    case EntityKind::Builtin:
      if (e.builtin == "collections") t = Type::number(money());
      else if (e.builtin == "year_fraction" || e.builtin == "period_number") t = Type::number();
      else if (e.builtin == "hours") t = dur("h");
      else if (e.builtin == "months_elapsed") t = dur("month");
      break;
    default: t = Type{Kind::Entity, {}}; break;
  }
  busy.pop_back();
  e.type_busy = false;
  if (!e.type_done) {
    e.type = t;
    e.type_done = true;
  }
  return e.type;
}

std::optional<Type> Checker::member_type(int ent, const std::string& mem, bool allow_metrics) {
  const auto& e = m.entities[static_cast<std::size_t>(ent)];
  Type money_t = Type::number(money());
  auto prop_type = [&](const char* p) -> Type {
    const auto* pr = m.prop(ent, p);
    if (!pr || pr->clauses.empty() || !pr->clauses[0].value) return Type::error();
    return check(*pr->clauses[0].value, e.scope);
  };
  switch (e.kind) {
    case EntityKind::Fleet:
      if (mem == "units") return prop_type("units");
      if (mem == "cost") return prop_type("cost");
      if (mem == "book_value" || mem == "value") return money_t;
      if (mem == "age") return dur("month");
      if (mem == "liquidated") return Type::boolean();
      break;
    case EntityKind::Lease:
      if (mem == "units") return m.prop(ent, "units") ? prop_type("units") : member_type(e.fleet, "units", false);
      if (mem == "collections" || mem == "rent_due") return money_t;
      break;
    case EntityKind::Holding:
      if (mem == "units") return prop_type("units");
      if (mem == "price") return prop_type("price");
      if (mem == "value") return money_t;
      if (mem == "liquidated") return Type::boolean();
      break;
    case EntityKind::Loan:
    case EntityKind::Receivables:
      if (mem == "balance" || mem == "interest" || mem == "principal" || mem == "collections" || mem == "end_balance" ||
          mem == "prepayments" || mem == "defaults" || mem == "losses" || mem == "recoveries")
        return money_t;
      break;
    case EntityKind::Tranche:
    case EntityKind::Convertible:
    case EntityKind::Facility:
      if (mem == "balance" || mem == "interest_due" || mem == "principal_due" || mem == "interest_paid" ||
          mem == "principal_paid" || mem == "interest_shortfall" || mem == "principal_shortfall" ||
          mem == "end_balance" || mem == "original_balance")
        return money_t;
      if (mem == "coupon") return Type::number(Dim{{"year", -1}});
      if (e.kind == EntityKind::Convertible && mem == "converted") return Type::boolean();
      if (e.kind == EntityKind::Convertible && mem == "conversion_price") return prop_type("conversion_price");
      if (allow_metrics && is_metric_member(mem)) return mem == "wal" ? dur("year") : Type::number(mem == "loss" ? money() : Dim{});
      break;
    case EntityKind::Fee:
    case EntityKind::Expense:
      if (mem == "due" || mem == "paid" || mem == "shortfall") return money_t;
      break;
    case EntityKind::Account:
      if (mem == "balance" || mem == "target" || mem == "end_balance" || mem == "draws" || mem == "deposits") return money_t;
      break;
    case EntityKind::Equity:
      if (mem == "distributions") return money_t;
      if (allow_metrics && mem == "irr") return Type::number();
      break;
    case EntityKind::Factor:
      if (mem == "start") {
        const ast::Expr* call = e.bound;
        if (call && call->kind == ast::ExprKind::Call)
          for (std::size_t i = 0; i < call->arg_names.size(); ++i)
            if (call->arg_names[i] == "start" || (i == 0 && call->arg_names[i].empty()))
              return check(*const_cast<ast::Expr*>(call->kids[i + 1].get()), e.bound_scope);
        return Type::error();
      }
      break;
    case EntityKind::Trigger:
      if (mem == "breached") return Type::boolean();
      break;
    case EntityKind::Instance: {
      auto it = m.scopes[static_cast<std::size_t>(e.inner_scope)].names.find(mem);
      if (it != m.scopes[static_cast<std::size_t>(e.inner_scope)].names.end()) return entity_type(it->second, e.span);
      if (e.primary >= 0) return member_type(e.primary, mem, allow_metrics);
      break;
    }
    default: break;
  }
  return std::nullopt;
}

static std::vector<std::string> members_of(EntityKind k) {
  switch (k) {
    case EntityKind::Fleet: return {"units", "cost", "book_value", "value", "age", "liquidated"};
    case EntityKind::Lease: return {"units", "collections", "rent_due"};
    case EntityKind::Holding: return {"units", "price", "value", "liquidated"};
    case EntityKind::Loan:
    case EntityKind::Receivables:
      return {"balance", "interest", "principal", "collections", "end_balance", "prepayments", "defaults", "losses", "recoveries"};
    case EntityKind::Tranche:
    case EntityKind::Convertible:
    case EntityKind::Facility:
      return {"balance", "interest_due", "principal_due", "interest_paid", "principal_paid", "interest_shortfall",
              "principal_shortfall", "end_balance", "original_balance", "coupon", "interest", "principal"};
    case EntityKind::Fee:
    case EntityKind::Expense: return {"due", "paid", "shortfall"};
    case EntityKind::Account: return {"balance", "target", "end_balance", "draws", "deposits"};
    case EntityKind::Equity: return {"distributions"};
    case EntityKind::Factor: return {"start"};
    case EntityKind::Trigger: return {"breached"};
    default: return {};
  }
}

// Resolves a Name or a Member chain that names an entity (`gpus`,
// `std.gpu.h100_book`, `margin.loan`). Returns -1 when the chain ends in a
// member of an entity (a value) rather than an entity.
int Checker::resolve_ref(ast::Expr& e, int scope, bool report) {
  if (e.kind == ast::ExprKind::Name) {
    int ent = lookup(scope, e.text);
    // A template parameter of a declaration kind stands for what it names.
    if (ent >= 0 && m.entities[static_cast<std::size_t>(ent)].kind == EntityKind::TemplateArg &&
        declaration_kind(m.entities[static_cast<std::size_t>(ent)].annotation)) {
      auto& arg = m.entities[static_cast<std::size_t>(ent)];
      if (arg.alias < 0 && arg.bound) {
        arg.alias = -3;  // in progress: a parameter bound to itself resolves to nothing
        auto& b = *const_cast<ast::Expr*>(arg.bound);
        int target = resolve_ref(b, arg.bound_scope, report);
        arg.alias = target >= 0 ? target : -2;
      }
      ent = arg.alias >= 0 ? arg.alias : -1;
      if (ent < 0) return -2;
    }
    if (ent < 0 && report) {
      auto& d = diags.error(DiagCode::UnknownName, e.span, fmt::format("`{}` is not declared", e.text), "unknown name");
      auto near = closest_name(e.text, visible_names(scope));
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
    }
    e.sema.entity = ent;
    return ent;
  }
  if (e.kind == ast::ExprKind::Member) {
    int base = resolve_ref(*e.kids[0], scope, report);
    if (base < 0) return -2;  // already reported
    const auto& b = m.entities[static_cast<std::size_t>(base)];
    if (b.kind == EntityKind::Namespace || b.kind == EntityKind::Instance) {
      auto& names = m.scopes[static_cast<std::size_t>(b.inner_scope)].names;
      auto it = names.find(e.text);
      if (it != names.end()) {
        e.sema.entity = it->second;
        return it->second;
      }
      if (b.kind == EntityKind::Namespace) {
        if (report) {
          std::vector<std::string> cand;
          for (const auto& [n, x] : names) cand.push_back(n);
          auto& d = diags.error(DiagCode::UnknownName, e.span, fmt::format("`{}` has no `{}`", b.name, e.text));
          auto near = closest_name(e.text, cand);
          if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}.{}`?", b.name, near));
        }
        return -2;
      }
    }
    return -1;
  }
  return -1;
}

Type Checker::check(ast::Expr& e, int scope) {
  if (e.sema.type >= 0) return m.types[static_cast<std::size_t>(e.sema.type)];
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::Number: {
      Dim d;
      for (const auto& u : e.units) {
        std::string base = u.name;
        if (auto info = builtin_unit(u.name)) base = info->base;
        d = dim_mul(d, Dim{{base, u.power}});
      }
      return set(e, Type::number(d));
    }
    case K::Date: return set(e, Type{Kind::Date, {}});
    case K::String: return set(e, Type{Kind::String, {}});
    case K::Bool: return set(e, Type::boolean());
    case K::Name: {
      // Inside a block, the construct's own members are visible bare.
      for (int s = scope; s >= 0; s = m.scopes[static_cast<std::size_t>(s)].parent) {
        int self = m.scopes[static_cast<std::size_t>(s)].self;
        if (self < 0) continue;
        if (m.scopes[static_cast<std::size_t>(s)].names.count(e.text)) break;
        if (auto t = member_type(self, e.text, false)) {
          e.sema.entity = self;
          e.sema.member = 1;  // a bare member of the enclosing construct
          return set(e, *t);
        }
        break;
      }
      int ent = resolve_ref(e, scope, true);
      if (ent < 0) return set(e, Type::error());
      Type t = entity_type(ent, e.span);
      if (t.kind == Kind::Entity) {
        const auto& x = m.entities[static_cast<std::size_t>(ent)];
        auto& d = diags.error(DiagCode::WrongKind, e.span, fmt::format("`{}` is a {}, not a value", e.text, entity_kind_name(x.kind)));
        if (x.kind == EntityKind::Fleet || x.kind == EntityKind::Holding) d.hints.push_back(fmt::format("did you mean `{}.value`?", e.text));
        else if (x.kind == EntityKind::Tranche || x.kind == EntityKind::Account) d.hints.push_back(fmt::format("did you mean `{}.balance`?", e.text));
        return set(e, Type::error());
      }
      return set(e, t);
    }
    case K::Member: {
      int ent = resolve_ref(e, scope, true);
      if (ent == -2) return set(e, Type::error());
      if (ent >= 0) {  // the chain names an entity (std.gpu.h100_book)
        Type t = entity_type(ent, e.span);
        if (t.kind == Kind::Entity) {
          diags.error(DiagCode::WrongKind, e.span, fmt::format("`{}` is a {}, not a value", m.entities[static_cast<std::size_t>(ent)].name,
                                                               entity_kind_name(m.entities[static_cast<std::size_t>(ent)].kind)));
          return set(e, Type::error());
        }
        return set(e, t);
      }
      // A member of an entity: the base must resolve to an entity.
      ast::Expr& base = *e.kids[0];
      int b = base.sema.entity;
      if (b < 0) {
        diags.error(DiagCode::WrongKind, e.span, fmt::format("`.{}` needs a declaration on its left", e.text));
        return set(e, Type::error());
      }
      if (auto t = member_type(b, e.text, false)) {
        e.sema.entity = b;
        e.sema.member = 2;  // a member of entity b (not an entity itself)
        return set(e, *t);
      }
      const auto& x = m.entities[static_cast<std::size_t>(b)];
      if (is_metric_member(e.text) && member_type(b, e.text, true)) {
        auto& d = diags.error(DiagCode::UnknownMember, e.span, fmt::format("`{}.{}` is a metric of the whole run, not a per-period value", x.name, e.text));
        d.hints.push_back(fmt::format("report it with `metrics {}.{}` in the report block", x.name, e.text));
        return set(e, Type::error());
      }
      auto& d = diags.error(DiagCode::UnknownMember, e.span, fmt::format("a {} has no member `{}`", entity_kind_name(x.kind), e.text));
      if ((x.kind == EntityKind::Tranche || x.kind == EntityKind::Convertible) && (e.text == "interest" || e.text == "principal"))
        d.hints.push_back(fmt::format("`{0}.{1}` is a claim for waterfall steps; in expressions use `{0}.{1}_due` or `{0}.{1}_paid`", x.name, e.text));
      else {
        auto near = closest_name(e.text, members_of(x.kind));
        if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}.{}`?", x.name, near));
      }
      return set(e, Type::error());
    }
    case K::Per: {
      Type t = check(*e.kids[0], scope);
      if (t.is_error()) return set(e, t);
      if (!t.is_number()) {
        diags.error(DiagCode::WrongKind, e.span, fmt::format("`per` needs a number, not {}", describe(t)));
        return set(e, Type::error());
      }
      Dim d = t.dim;
      for (const auto& u : e.units) {
        std::string base = u.name;
        if (auto info = builtin_unit(u.name)) base = info->base;
        d = dim_mul(d, Dim{{base, u.power}}, -1);
      }
      return set(e, Type::number(d));
    }
    case K::Unary: {
      Type t = check(*e.kids[0], scope);
      if (t.is_error()) return set(e, t);
      if (e.text == "not") {
        if (t.kind != Kind::Bool) {
          diags.error(DiagCode::ExpectedBool, e.kids[0]->span, fmt::format("`not` needs a condition, not {}", describe(t)));
          return set(e, Type::error());
        }
        return set(e, t);
      }
      if (!t.is_number()) {
        diags.error(DiagCode::WrongKind, e.kids[0]->span, fmt::format("cannot negate {}", describe(t)));
        return set(e, Type::error());
      }
      return set(e, t);
    }
    case K::Binary: {
      Type a = check(*e.kids[0], scope), b = check(*e.kids[1], scope);
      if (a.is_error() || b.is_error()) return set(e, Type::error());
      const std::string& op = e.text;
      if (op == "and" || op == "or") {
        for (int i = 0; i < 2; ++i) {
          const Type& t = i ? b : a;
          if (t.kind != Kind::Bool) {
            diags.error(DiagCode::ExpectedBool, e.kids[static_cast<std::size_t>(i)]->span,
                        fmt::format("`{}` needs conditions on both sides, this is {}", op, describe(t)));
            return set(e, Type::error());
          }
        }
        return set(e, Type::boolean());
      }
      if (!a.is_number() || !b.is_number()) {
        const auto& bad = a.is_number() ? *e.kids[1] : *e.kids[0];
        diags.error(DiagCode::WrongKind, bad.span, fmt::format("`{}` needs numbers, this is {}", op, describe(a.is_number() ? b : a)));
        return set(e, Type::error());
      }
      if (op == "*") return set(e, Type::number(dim_mul(a.dim, b.dim)));
      if (op == "/") return set(e, Type::number(dim_mul(a.dim, b.dim, -1)));
      // + - and comparisons: the same unit on both sides.
      if (a.dim != b.dim) {
        bool months_days = (a.dim.count("month") && b.dim.count("h")) || (a.dim.count("h") && b.dim.count("month"));
        auto& d = diags.error(months_days ? DiagCode::MixedTime : DiagCode::UnitMismatch, e.kids[0]->span,
                              fmt::format("`{}` needs the same unit on both sides: {} and {}", op, dim_text(a.dim), dim_text(b.dim)),
                              dim_text(a.dim));
        d.labels.push_back(Label{e.kids[1]->span, dim_text(b.dim), false});
        const ast::Expr& plain = a.dim.empty() ? *e.kids[0] : *e.kids[1];
        if ((a.dim.empty() || b.dim.empty()) && plain.kind == ast::ExprKind::Number && plain.suffix == 0) {
          const auto& u = a.dim.empty() ? b.dim : a.dim;
          d.hints.push_back(fmt::format("write the number with its unit, such as `{} {}`", ast::expr_to_string(plain), dim_text(u)));
        }
        return set(e, Type::error());
      }
      if (op == "+" || op == "-") return set(e, a);
      return set(e, Type::boolean());
    }
    case K::If: {
      Type c = check(*e.kids[0], scope), a = check(*e.kids[1], scope), b = check(*e.kids[2], scope);
      if (c.is_error() || a.is_error() || b.is_error()) return set(e, Type::error());
      if (c.kind != Kind::Bool) {
        diags.error(DiagCode::ExpectedBool, e.kids[0]->span, fmt::format("`if` needs a condition, this is {}", describe(c)));
        return set(e, Type::error());
      }
      if (!(a == b)) {
        auto& d = diags.error(DiagCode::UnitMismatch, e.kids[1]->span, fmt::format("the branches of `if` differ: {} and {}", describe(a), describe(b)), describe(a));
        d.labels.push_back(Label{e.kids[2]->span, describe(b), false});
        return set(e, Type::error());
      }
      return set(e, a);
    }
    case K::Call: break;
  }
  // Calls: built-in functions, random draws, processes and curves.
  ast::Expr& callee = *e.kids[0];
  const std::size_t nargs = e.kids.size() - 1;
  std::vector<Type> args;
  auto arg = [&](std::size_t i) -> ast::Expr& { return *e.kids[i + 1]; };
  if (callee.kind == ast::ExprKind::Name && lookup(scope, callee.text) < 0) {
    const std::string& f = callee.text;
    callee.sema.type = -1;
    auto want = [&](std::size_t lo, std::size_t hi, const char* usage) {
      if (nargs < lo || nargs > hi) {
        diags.error(DiagCode::BadCall, e.span, fmt::format("`{}` takes {} argument{}", f, lo == hi ? fmt::format("{}", lo) : fmt::format("{} to {}", lo, hi), hi == 1 ? "" : "s"))
            .hints.push_back(fmt::format("usage: {}", usage));
        return false;
      }
      return true;
    };
    if (f == "prev") {
      if (!want(1, 2, "prev(x) or prev(x, initial)")) return set(e, Type::error());
      ast::Expr& x = arg(0);
      if (x.kind != ast::ExprKind::Name && x.kind != ast::ExprKind::Member) {
        diags.error(DiagCode::BadPrev, x.span, "prev() reads last period's value of a name, such as prev(A.interest_shortfall)");
        return set(e, Type::error());
      }
      // prev(a) inside a's own definition: a's unit is not known yet, so the
      // initial value must give it.
      int target = x.kind == ast::ExprKind::Name ? lookup(scope, x.text) : -1;
      if (target >= 0 && m.entities[static_cast<std::size_t>(target)].type_busy) {
        x.sema.entity = target;
        if (nargs < 2) {
          diags.error(DiagCode::BadPrev, e.span, fmt::format("prev({0}) inside {0}'s own definition needs an initial value that gives its unit", x.text))
              .hints.push_back(fmt::format("write prev({}, 0 USD), with the unit {} has", x.text, x.text));
          return set(e, Type::error());
        }
        Type init = check(arg(1), scope);
        set(x, init);
        return set(e, init);
      }
      Type t = check(x, scope);
      if (nargs == 2) {
        Type i = check(arg(1), scope);
        if (!i.is_error() && !t.is_error() && !(i == t)) {
          diags.error(DiagCode::UnitMismatch, arg(1).span, fmt::format("the initial value must be {} like the value, not {}", describe(t), describe(i)));
          return set(e, Type::error());
        }
      }
      return set(e, t);
    }
    for (std::size_t i = 0; i < nargs; ++i) args.push_back(check(arg(i), scope));
    for (const auto& t : args)
      if (t.is_error()) return set(e, Type::error());
    if (f == "min" || f == "max") {
      if (nargs < 2) {
        diags.error(DiagCode::BadCall, e.span, fmt::format("`{}` takes two or more arguments", f)).hints.push_back(fmt::format("usage: {}(a, b, ...)", f));
        return set(e, Type::error());
      }
      for (std::size_t i = 1; i < nargs; ++i)
        if (!(args[i] == args[0]) || !args[i].is_number()) {
          auto& d = diags.error(DiagCode::UnitMismatch, arg(i).span, fmt::format("`{}` needs arguments of one unit: {} and {}", f, describe(args[0]), describe(args[i])), describe(args[i]));
          d.labels.push_back(Label{arg(0).span, describe(args[0]), false});
          return set(e, Type::error());
        }
      return set(e, args[0]);
    }
    if (f == "abs") {
      if (!want(1, 1, "abs(x)")) return set(e, Type::error());
      return set(e, args[0]);
    }
    if (f == "exp" || f == "log" || f == "sqrt") {
      if (!want(1, 1, fmt::format("{}(x) of a plain ratio", f).c_str())) return set(e, Type::error());
      if (!args[0].is_number() || !args[0].dim.empty()) {
        diags.error(DiagCode::WrongUnit, arg(0).span, fmt::format("`{}` needs a plain ratio, not {}", f, describe(args[0])));
        return set(e, Type::error());
      }
      return set(e, args[0]);
    }
    if (f == "uniform" || f == "normal") {
      if (!want(2, 2, fmt::format("{}(a, b)", f).c_str())) return set(e, Type::error());
      if (!(args[0] == args[1]) || !args[0].is_number()) {
        diags.error(DiagCode::UnitMismatch, arg(1).span, fmt::format("`{}` needs both arguments in one unit: {} and {}", f, describe(args[0]), describe(args[1])));
        return set(e, Type::error());
      }
      return set(e, f == "uniform" ? args[0] : args[0]);
    }
    if (f == "choice") {
      if (nargs < 1) return want(1, 100, "choice(a, b, ...)"), set(e, Type::error());
      for (std::size_t i = 1; i < nargs; ++i)
        if (!(args[i] == args[0])) {
          diags.error(DiagCode::UnitMismatch, arg(i).span, "`choice` needs options of one unit");
          return set(e, Type::error());
        }
      return set(e, args[0]);
    }
    // Processes: named arguments, checked by name.
    auto named = [&](std::initializer_list<const char*> names, std::initializer_list<const char*> optional) -> bool {
      std::vector<std::string> all(names.begin(), names.end());
      all.insert(all.end(), optional.begin(), optional.end());
      std::vector<bool> seen(all.size(), false);
      for (std::size_t i = 0; i < nargs; ++i) {
        std::string n = e.arg_names[i];
        std::size_t k = all.size();
        if (n.empty() && i < names.size()) k = i;
        for (std::size_t j = 0; j < all.size(); ++j)
          if (all[j] == n) k = j;
        if (k == all.size()) {
          auto& d = diags.error(DiagCode::BadCall, arg(i).span, fmt::format("`{}` has no argument `{}`", f, n.empty() ? "(positional)" : n));
          auto near = closest_name(n, all);
          if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}:`?", near));
          return false;
        }
        seen[k] = true;
      }
      for (std::size_t j = 0; j < names.size(); ++j)
        if (!seen[j]) {
          diags.error(DiagCode::BadCall, e.span, fmt::format("`{}` needs the argument `{}:`", f, all[j]));
          return false;
        }
      return true;
    };
    auto argt = [&](const char* n) -> std::pair<ast::Expr*, Type> {
      for (std::size_t i = 0; i < nargs; ++i)
        if (e.arg_names[i] == n) return {&arg(i), args[i]};
      return {nullptr, Type::error()};
    };
    auto need = [&](const char* n, const Dim& d, const char* what) {
      auto [x, t] = argt(n);
      if (!x) return true;
      if (!t.is_number() || t.dim != d) {
        diags.error(DiagCode::WrongUnit, x->span, fmt::format("`{}:` must be {}, not {}", n, what, describe(t)), describe(t));
        return false;
      }
      return true;
    };
    auto need_vol = [&](const char* n) {
      auto [x, t] = argt(n);
      if (!x) return true;
      if (!t.is_number() || !(t.dim.empty() || t.dim == Dim{{"year", -1}})) {
        diags.error(DiagCode::WrongUnit, x->span, fmt::format("`{}:` must be a ratio per year, such as `25% per year`, not {}", n, describe(t)));
        return false;
      }
      return true;
    };
    const Dim per_year{{"year", -1}};
    if (f == "lognormal") {
      if (!named({"start", "drift", "vol"}, {})) return set(e, Type::error());
      if (!need("drift", per_year, "a rate per year, such as `-30% per year`") || !need_vol("vol")) return set(e, Type::error());
      return set(e, argt("start").second);
    }
    if (f == "vasicek" || f == "mean_reverting") {
      if (!named({"start", "mean", "speed", "vol"}, {"min", "max"})) return set(e, Type::error());
      Type st = argt("start").second;
      if (!need("mean", st.dim, "in the unit of `start`") || !need("speed", per_year, "a rate per year, such as `0.30 per year`") || !need_vol("vol"))
        return set(e, Type::error());
      return set(e, st);
    }
    if (f == "poisson") {
      if (!want(1, 1, "poisson(0.5 per year)")) return set(e, Type::error());
      if (args[0].dim != per_year) {
        diags.error(DiagCode::WrongUnit, arg(0).span, fmt::format("the jump intensity must be a number per year, not {}", describe(args[0])));
        return set(e, Type::error());
      }
      return set(e, args[0]);
    }
    if (f == "fire_sale") {
      if (!named({"depth", "discount"}, {})) return set(e, Type::error());
      return set(e, Type{Kind::Entity, {}});
    }
    std::vector<std::string> fns = {"min", "max", "abs", "exp", "log", "sqrt", "prev", "uniform", "normal", "choice", "lognormal", "vasicek", "mean_reverting", "poisson", "fire_sale"};
    for (auto& n : visible_names(scope)) fns.push_back(n);
    auto& d = diags.error(DiagCode::UnknownName, callee.span, fmt::format("there is no function `{}`", f));
    auto near = closest_name(f, fns);
    if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
    return set(e, Type::error());
  }
  // A curve call: curve(x).
  Type ct = check(callee, scope);
  if (ct.is_error()) return set(e, ct);
  if (ct.kind != Kind::Curve) {
    diags.error(DiagCode::NotCallable, callee.span, fmt::format("{} cannot be called", describe(ct)));
    return set(e, Type::error());
  }
  if (nargs != 1) {
    diags.error(DiagCode::BadCall, e.span, "a curve takes one argument: the point to read it at");
    return set(e, Type::error());
  }
  Type x = check(arg(0), scope);
  if (x.is_error()) return set(e, x);
  int cent = callee.sema.entity;
  const auto* cd = cent >= 0 ? m.entities[static_cast<std::size_t>(cent)].decl : nullptr;
  if (cd && cd->is_table && !cd->points.empty()) {
    Type px = check(*cd->points[0].x, m.entities[static_cast<std::size_t>(cent)].scope);
    if (!px.is_error() && !(px == x)) {
      diags.error(DiagCode::UnitMismatch, arg(0).span, fmt::format("the curve is read at {}, not {}", describe(px), describe(x)));
      return set(e, Type::error());
    }
    return set(e, check(*cd->points[0].y, m.entities[static_cast<std::size_t>(cent)].scope));
  }
  return set(e, Type::number());
}

}  // namespace sluice::sema
