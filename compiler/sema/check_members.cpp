// What names mean: the value type of a declaration used by name, and the
// members of each kind of declaration (`A.balance`, `gpus.value`).
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

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
    // `price price` inside a holding names its own member: a cycle, not a recursion.
    auto key = std::make_pair(ent, std::string(p));
    if (!member_busy.insert(key).second) {
      diags.error(DiagCode::Cycle, pr->clauses[0].value->span,
                  fmt::format("`{}.{}` is defined in terms of itself", e.name, p))
          .hints.push_back("inside a declaration its own members are in scope: rename the outside value it means");
      return Type::error();
    }
    Type t = check(*pr->clauses[0].value, e.scope);
    member_busy.erase(key);
    return t;
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
      if (mem == "collections" || mem == "rent_due" || mem == "recovery") return money_t;
      if (mem == "performing") return Type::number(Dim{});
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
          mem == "prepayments" || mem == "defaults" || mem == "losses" || mem == "recoveries" || mem == "in_foreclosure" ||
          mem == "liquidated" || mem == "interest_lost" || mem == "advanced_interest" || mem == "advanced_principal" || mem == "call_price")
        return money_t;
      if (mem == "prepayment_rate" || mem == "default_rate") return Type::number(Dim{});
      if (mem == "called") return Type::boolean();  // the clean-up call is exercised this period
      break;
    case EntityKind::Tranche:
    case EntityKind::Convertible:
    case EntityKind::Facility:
      if (mem == "balance" || mem == "interest_due" || mem == "principal_due" || mem == "interest_paid" ||
          mem == "principal_paid" || mem == "interest_shortfall" || mem == "principal_shortfall" ||
          mem == "end_balance" || mem == "original_balance")
        return money_t;
      if (mem == "coupon") return Type::number(Dim{{"year", -1}});
      if (e.kind == EntityKind::Convertible) {
        if (mem == "converted" || mem == "called") return Type::boolean();
        if (mem == "conversion_price") return prop_type("conversion_price");
        if (mem == "converted_balance" || mem == "conversion_value") return money_t;
      }
      if (e.kind == EntityKind::Facility) {
        if (mem == "limit" || mem == "borrowing_base" || mem == "availability" || mem == "over_advance" || mem == "draws") return money_t;
        if (mem == "over_advanced") return Type::boolean();
      }
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
      break;
    case EntityKind::Factor:
      if (mem == "start") {
        // path / csv: the start is the first value, of the factor's own type.
        if (m.deterministic_factor(e)) return entity_type(ent, e.span);
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
  // A metric of the whole run (`report { metrics A.wal }`): vocabulary/metrics.def.
  if (allow_metrics)
    if (auto k = run_metric(e.kind, mem)) return run_metric_type(*k);
  return std::nullopt;
}

std::vector<std::string> members_of(EntityKind k) {
  switch (k) {
    case EntityKind::Fleet: return {"units", "cost", "book_value", "value", "age", "liquidated"};
    case EntityKind::Lease: return {"units", "collections", "rent_due", "recovery", "performing"};
    case EntityKind::Holding: return {"units", "price", "value", "liquidated"};
    case EntityKind::Loan:
    case EntityKind::Receivables:
      return {"balance",        "interest",   "principal",     "collections",       "end_balance",        "prepayments",     "defaults",
              "losses",         "recoveries", "in_foreclosure", "liquidated",       "interest_lost",      "advanced_interest", "advanced_principal",
              "prepayment_rate", "default_rate", "called", "call_price"};
    case EntityKind::Tranche:
    case EntityKind::Convertible:
    case EntityKind::Facility: {
      std::vector<std::string> v{"balance", "interest_due", "principal_due", "interest_paid", "principal_paid", "interest_shortfall",
                                 "principal_shortfall", "end_balance", "original_balance", "coupon", "interest", "principal"};
      if (k == EntityKind::Convertible) v.insert(v.end(), {"converted", "called", "conversion_price", "converted_balance", "conversion_value"});
      if (k == EntityKind::Facility) v.insert(v.end(), {"limit", "borrowing_base", "availability", "over_advance", "over_advanced", "draws"});
      return v;
    }
    case EntityKind::Fee:
    case EntityKind::Expense: return {"due", "paid", "shortfall"};
    case EntityKind::Account: return {"balance", "target", "end_balance", "draws", "deposits"};
    case EntityKind::Equity: return {"distributions"};
    case EntityKind::Factor: return {"start"};
    case EntityKind::Trigger: return {"breached"};
    default: return {};
  }
}

}  // namespace sluice::sema
