// Declared types: `param x: Money`, template parameters of value types and
// of declaration kinds.
#include <fmt/format.h>
#include <map>

#include "sema/checker.hpp"

namespace sluice::sema {

std::optional<EntityKind> declaration_kind(const std::string& annotation) {
  static const std::map<std::string, EntityKind> kinds = {
      {"Fleet", EntityKind::Fleet},     {"Lease", EntityKind::Lease},         {"Holding", EntityKind::Holding},
      {"Loan", EntityKind::Loan},       {"Receivables", EntityKind::Receivables}, {"Tranche", EntityKind::Tranche},
      {"Account", EntityKind::Account}, {"Factor", EntityKind::Factor},       {"Trigger", EntityKind::Trigger},
      {"Fee", EntityKind::Fee},         {"Equity", EntityKind::Equity},   {"Convertible", EntityKind::Convertible},
      {"Facility", EntityKind::Facility}};
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

// `param x: Money = ...`, `template t(c: Holding, r: Ratio = 5%)`: the value
// (or what the argument names) must fit the declared type.
void Checker::check_annotation(EntityId id) {
  Entity& ent = m.entities[id];
  const std::string& a = ent.annotation;
  if (auto want = declaration_kind(a)) {
    if (ent.kind != EntityKind::TemplateArg) {
      diags.error(DiagCode::WrongKind, ent.annotation_span, fmt::format("a param holds a value; `{}` is a kind of declaration", a));
      return;
    }
    if (!ent.bound) return;
    auto probe = ent.bound->clone();
    const Ref ref = resolve_ref(*probe, ent.bound_scope, true);
    const EntityId target = ref.id;
    m.forget(*probe);  // the probe dies here; its records must not outlive it
    if (target.valid() && m.entities[target].kind != *want)
      diags.error(DiagCode::WrongKind, ent.bound->span,
                  fmt::format("`{}` needs a {}, and this is a {}", ent.name, entity_kind_name(*want), entity_kind_name(m.entities[target].kind)));
    else if (!target && !ref.reported)
      diags.error(DiagCode::WrongKind, ent.bound->span, fmt::format("`{}` needs the name of a {}", ent.name, entity_kind_name(*want)));
    return;
  }
  Type t = entity_type(id, ent.span);
  auto fits = annotation_fits(a, t, cur());
  if (!fits) {
    auto& d = diags.error(DiagCode::WrongKind, ent.annotation_span, fmt::format("there is no type `{}`", a));
    auto near = closest_name(a, {"Money", "Ratio", "Rate", "Quantity", "Duration", "Flow", "Bool", "Date", "Curve", "Text", "Number",
                                 "Fleet", "Lease", "Holding", "Loan", "Receivables", "Tranche", "Convertible", "Facility", "Account", "Factor", "Trigger", "Fee", "Equity"});
    if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
    return;
  }
  if (!t.is_error() && !*fits) {
    auto& d = diags.error(DiagCode::WrongUnit, ent.bound ? ent.bound->span : ent.span,
                          fmt::format("`{}` is declared {}, but its value is {}", ent.name, a, describe(t)), describe(t));
    d.labels.push_back(Label{ent.annotation_span, "declared here", false});
  }
}

}  // namespace sluice::sema
