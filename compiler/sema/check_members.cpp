// What names mean: the value type of a declaration used by name, and the
// members of each kind of declaration (`A.balance`, `gpus.value`).
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

static Type dur(const char* base) { return Type::number(Dim{{base, 1}}); }

// The value type of a bare name.
Type Checker::entity_type(EntityId ent, Span use) {
  auto& e = m.entities[ent];
  if (e.type_done) return e.type;
  if (e.type_busy) {
    // A value that depends on itself: print the path from the first visit.
    std::string path;
    bool on = false;
    for (EntityId b : busy) {
      if (b == ent) on = true;
      if (on) path += m.entities[b].name + " -> ";
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
      if (e.bound) t = check(*e.bound, e.bound_scope);
      break;
    case EntityKind::Factor:
      if (e.bound) t = check(*e.bound, e.bound_scope);
      break;
    case EntityKind::Curve: t = Type{Kind::Curve, {}}; break;
    case EntityKind::Expense:
    case EntityKind::Fee: t = Type::number(money()); break;
    case EntityKind::Trigger: t = Type::boolean(); break;
    case EntityKind::Builtin:
      switch (vocab::info(e.builtin).type) {
        case vocab::BuiltinType::Money: t = Type::number(money()); break;
        case vocab::BuiltinType::Ratio: t = Type::number(); break;
        case vocab::BuiltinType::Hours: t = dur("h"); break;
        case vocab::BuiltinType::Months: t = dur("month"); break;
      }
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

// A member's type, by the registry's rule (vocabulary/members.def); nullopt
// when the construct has no such value (a claim such as `A.interest` is not
// one). Run-wide metrics are typed here only when `allow_metrics`.
std::optional<Type> Checker::member_type(EntityId ent, const std::string& mem, bool allow_metrics) {
  const auto& e = m.entities[ent];
  auto prop_type = [&](vocab::PropId p) -> Type {
    const auto* pr = m.prop(ent, p);
    if (!pr || pr->clauses.empty() || !pr->clauses[0].value) return Type::error();
    // `price price` inside a holding names its own member: a cycle, not a recursion.
    auto key = std::make_pair(ent, std::string(vocab::word(p)));
    if (!member_busy.insert(key).second) {
      diags.error(DiagCode::Cycle, pr->clauses[0].value->span,
                  fmt::format("`{}.{}` is defined in terms of itself", e.name, vocab::word(p)))
          .hints.push_back("inside a declaration its own members are in scope: rename the outside value it means");
      return Type::error();
    }
    Type t = check(*pr->clauses[0].value, e.scope);
    member_busy.erase(key);
    return t;
  };
  if (e.kind == EntityKind::Instance) {
    auto it = m.scopes[e.inner_scope].names.find(mem);
    if (it != m.scopes[e.inner_scope].names.end()) return entity_type(it->second, e.span);
    if (e.primary.valid()) return member_type(e.primary, mem, allow_metrics);
    return std::nullopt;
  }
  const auto construct = construct_of(e.kind);
  if (const auto* info = construct ? vocab::member(*construct, mem) : nullptr) {
    using T = vocab::MemberType;
    switch (info->type) {
      case T::Money: return Type::number(money_of(ent));  // a note in another currency: its own (check_fx.cpp)
      case T::Ratio: return Type::number(Dim{});
      case T::Rate: return Type::number(Dim{{"year", -1}});
      case T::Bool: return Type::boolean();
      case T::Months: return dur("month");
      case T::OfProperty: return prop_type(*vocab::property_named(info->word));
      case T::OfUnits: return prop_type(vocab::PropId::Units);
      case T::LeasedUnits: {
        if (m.prop(ent, vocab::PropId::Units)) return prop_type(vocab::PropId::Units);
        // The fleet's, also where `L.units` is read above `lease L` (before
        // the lease's own check); a name that is no fleet is the lease's error.
        const EntityId f = lease_target(ent);
        if (!f || m.entities[f].kind != EntityKind::Fleet) return std::nullopt;
        return member_type(f, mem, false);
      }
      case T::FactorStart: {
        // path / csv: the start is the first value, of the factor's own type.
        if (m.deterministic_factor(e)) return entity_type(ent, e.span);
        const ast::Expr* call = e.bound;
        if (call && call->kind == ast::ExprKind::Call)
          for (std::size_t i = 0; i < call->arg_names.size(); ++i)
            if (call->arg_names[i] == "start" || (i == 0 && call->arg_names[i].empty()))
              return check(*call->kids[i + 1], e.bound_scope);
        return Type::error();
      }
      case T::Claim: break;
    }
  }
  // A metric of the whole run (`report { metrics A.wal }`): vocabulary/metrics.def.
  if (allow_metrics)
    if (auto k = run_metric(e.kind, mem)) return run_metric_type(*k);
  return std::nullopt;
}

// What a lease's `on NAME` names, resolved once: a template's `Fleet`
// parameter stands for the fleet it names. Sema resolves it where it is
// first needed, the lease's own check or a read of its `units` above it;
// the lease's check reports a name that is no fleet.
EntityId Checker::lease_target(EntityId lease) {
  auto [it, fresh] = lease_targets.try_emplace(lease);
  if (!fresh) return it->second;  // resolved (or being resolved) already
  const Entity& ent = m.entities[lease];
  EntityId f = m.resolve_source(m.scopes[ent.scope].parent, ent.decl->other);
  if (f && m.entities[f].kind == EntityKind::TemplateArg && m.entities[f].bound) {
    const Entity& arg = m.entities[f];
    auto probe = arg.bound->clone();
    f = resolve_ref(*probe, arg.bound_scope, true).id;
    m.forget(*probe);  // the probe dies here; its records must not outlive it
  }
  lease_targets[lease] = f;
  return f;
}

// The members a deal can read, for "did you mean" hints and completion.
std::vector<std::string> members_of(EntityKind k) {
  std::vector<std::string> v;
  if (auto c = construct_of(k))
    for (const auto* x : vocab::members_of(*c)) v.emplace_back(x->word);
  return v;
}

}  // namespace sluice::sema
