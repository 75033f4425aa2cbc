// Types of expressions: names resolved through scopes, members of each kind
// of declaration, units multiplied and divided, `+` and comparisons only
// between equal units, calls to built-in functions and curves.
#include <cmath>
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

bool is_metric_member(const std::string& m) { return vocab::is_named_metric(m); }

std::optional<vocab::Metric> run_metric(EntityKind k, const std::string& member) {
  if (is_debt(k)) return vocab::named_metric(vocab::MetricOwner::Tranche, member);
  if (k == EntityKind::Equity) return vocab::named_metric(vocab::MetricOwner::Equity, member);
  return std::nullopt;
}

// A run metric's type, from its unit in the registry.
Type Checker::run_metric_type(vocab::Metric k) const {
  switch (vocab::info(k).unit) {
    case vocab::MetricUnit::Money: return Type::number(money());
    case vocab::MetricUnit::Years: return Type::number(Dim{{"year", 1}});
    case vocab::MetricUnit::Percent:
    case vocab::MetricUnit::Period:
    case vocab::MetricUnit::Own: break;  // Own: no run metric that a report names has one
  }
  return Type::number(Dim{});
}

Type Checker::set(const ast::Expr& e, Type t) {
  m.annotate(e).type = m.types.push_back(t);
  return t;
}

// Resolves a Name or a Member chain that names an entity (`gpus`,
// `std.gpu.h100_book`, `margin.loan`). Its id is none when the chain ends
// in a member of an entity (a value) rather than an entity (checker.hpp).
Checker::Ref Checker::resolve_ref(const ast::Expr& e, ScopeId scope, bool report) {
  if (e.kind == ast::ExprKind::Name) {
    EntityId ent = lookup(scope, e.text);
    // A template parameter of a declaration kind stands for what it names.
    if (ent && m.entities[ent].kind == EntityKind::TemplateArg && declaration_kind(m.entities[ent].annotation)) {
      auto& arg = m.entities[ent];
      if (!arg.alias && arg.bound) arg.alias = resolve_ref(*arg.bound, arg.bound_scope, report).id;
      if (!arg.alias) return {EntityId::none(), true};
      ent = arg.alias;
    }
    if (!ent && report) {
      auto& d = diags.error(DiagCode::UnknownName, e.span, fmt::format("`{}` is not declared", e.text), "unknown name");
      auto near = closest_name(e.text, visible_names(scope));
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
    }
    m.annotate(e).entity = ent;
    return {ent};
  }
  if (e.kind == ast::ExprKind::Member) {
    Ref base = resolve_ref(*e.kids[0], scope, report);
    if (!base.id) return base;  // reported already, or the left is a value, not a declaration
    const auto& b = m.entities[base.id];
    if (b.kind == EntityKind::Namespace || b.kind == EntityKind::Instance) {
      auto& names = m.scopes[b.inner_scope].names;
      auto it = names.find(e.text);
      if (it != names.end()) {
        m.annotate(e).entity = it->second;
        return {it->second};
      }
      if (b.kind == EntityKind::Namespace) {
        if (report) {
          std::vector<std::string> cand;
          for (const auto& [n, x] : names) cand.push_back(n);
          auto& d = diags.error(DiagCode::UnknownName, e.span, fmt::format("`{}` has no `{}`", b.name, e.text));
          auto near = closest_name(e.text, cand);
          if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}.{}`?", b.name, near));
        }
        return {EntityId::none(), true};
      }
    }
    return {};
  }
  return {};
}

Type Checker::check(const ast::Expr& e, ScopeId scope) {
  if (m.sema(e).type.valid()) return m.types[m.sema(e).type];
  // A name's type is its expression's, so a chain of lets each reading the
  // next nests as deep as it is long: a located error, not a stack overflow.
  // 400 levels fit in 8 MiB of stack even under AddressSanitizer (~12 KiB a level).
  constexpr int kMaxCheckDepth = 400;
  if (check_depth >= kMaxCheckDepth) {
    if (!diags.has_errors())
      diags.error(DiagCode::TooDeep, e.span, fmt::format("this value is defined through names and expressions nested more than {} levels deep", kMaxCheckDepth))
          .hints.push_back("a chain of names this long is not a deal; shorten it");
    return Type::error();
  }
  ++check_depth;
  struct Leave {
    int& depth;
    ~Leave() { --depth; }
  } leave{check_depth};
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
      for (ScopeId s = scope; s.valid(); s = m.scopes[s].parent) {
        EntityId self = m.scopes[s].self;
        if (!self.valid()) continue;
        if (m.scopes[s].names.count(e.text)) break;
        if (auto t = member_type(self, e.text, false)) {
          m.annotate(e).entity = self;
          m.annotate(e).member = MemberRef::Bare;  // a bare member of the enclosing construct
          m.annotate(e).member_id = vocab::member_named(e.text).value_or(vocab::MemberId::None);
          return set(e, *t);
        }
        break;
      }
      const EntityId ent = resolve_ref(e, scope, true).id;
      if (!ent) return set(e, Type::error());
      Type t = entity_type(ent, e.span);
      if (t.kind == Kind::Entity) {
        const auto& x = m.entities[ent];
        auto& d = diags.error(DiagCode::WrongKind, e.span, fmt::format("`{}` is a {}, not a value", e.text, entity_kind_name(x.kind)));
        if (x.kind == EntityKind::Fleet || x.kind == EntityKind::Holding) d.hints.push_back(fmt::format("did you mean `{}.value`?", e.text));
        else if (x.kind == EntityKind::Tranche || x.kind == EntityKind::Account) d.hints.push_back(fmt::format("did you mean `{}.balance`?", e.text));
        return set(e, Type::error());
      }
      return set(e, t);
    }
    case K::Member: {
      const Ref ref = resolve_ref(e, scope, true);
      if (ref.reported) return set(e, Type::error());
      if (const EntityId ent = ref.id) {  // the chain names an entity (std.gpu.h100_book)
        Type t = entity_type(ent, e.span);
        if (t.kind == Kind::Entity) {
          diags.error(DiagCode::WrongKind, e.span, fmt::format("`{}` is a {}, not a value", m.entities[ent].name,
                                                               entity_kind_name(m.entities[ent].kind)));
          return set(e, Type::error());
        }
        return set(e, t);
      }
      // A member of an entity: the base must resolve to an entity.
      const ast::Expr& base = *e.kids[0];
      EntityId b = m.sema(base).entity;
      if (b.valid() && base.kind == ast::ExprKind::Member && m.sema(base).member == MemberRef::Of) b = EntityId::none();  // `A.x.y`: A.x is a value
      if (!b.valid() && base.kind == ast::ExprKind::Member && check(base, scope).is_error()) return set(e, Type::error());
      if (!b.valid()) {
        diags.error(DiagCode::WrongKind, e.span, fmt::format("`.{}` needs a declaration on its left", e.text));
        return set(e, Type::error());
      }
      if (auto t = member_type(b, e.text, false)) {
        m.annotate(e).entity = b;
        m.annotate(e).member = MemberRef::Of;  // a member of entity b (not an entity itself)
        m.annotate(e).member_id = vocab::member_named(e.text).value_or(vocab::MemberId::None);
        return set(e, *t);
      }
      const auto& x = m.entities[b];
      if (is_metric_member(e.text) && member_type(b, e.text, true)) {
        auto& d = diags.error(DiagCode::UnknownMember, e.span, fmt::format("`{}.{}` is a metric of the whole run, not a per-period value", x.name, e.text));
        d.hints.push_back(fmt::format("report it with `metrics {}.{}` in the report block", x.name, e.text));
        return set(e, Type::error());
      }
      const bool tape = x.kind == EntityKind::Instance && x.decl && x.decl->is_tape;
      auto& d = diags.error(DiagCode::UnknownMember, e.span, fmt::format("{} has no member `{}`", tape ? "a tape" : a_kind(x.kind), e.text));
      if (tape)  // its members: its rows, the sums of its obligors' money and units, the shares (sema/tape.cpp)
        d.hints.push_back(fmt::format("a tape's members are its rows' ids and {}", x.decl->kind == ast::DeclKind::Lease
                                          ? "units, collections, rent_due, recovery, performing, count, largest_share, largest_group_share, GROUP_share"
                                          : "its loans' money members (balance, collections, defaults, ...), count, largest_share, largest_group_share, GROUP_share"));
      else if (is_debt(x.kind) && is_claim_part(x.kind, e.text))
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
      if (e.op == ast::Operator::Not) {
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
      const std::string& op = e.text;  // for messages; decisions read e.op
      using O = ast::Operator;
      if (e.op == O::And || e.op == O::Or) {
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
      if (e.op == O::Mul) return set(e, Type::number(dim_mul(a.dim, b.dim)));
      if (e.op == O::Div) return set(e, Type::number(dim_mul(a.dim, b.dim, -1)));
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
      if (e.op == O::Add || e.op == O::Sub) return set(e, a);
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
  return check_call(e, scope);
}

}  // namespace sluice::sema
