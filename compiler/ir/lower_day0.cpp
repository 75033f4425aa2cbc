// Day 0 (the close): what a value read before period 1 means.
//
// The init program computes opening balances, an account's `initial`, a
// fleet's cost and equity's investment. An expression there may read only
// what exists at the close: opening balances, coupons, units, costs,
// values, prices, factors at their start, params and draws. A period's
// quantity (interest due, collections, a fee, a rent, a trigger) does not
// exist yet; reading one used to fall back silently to a neighbour (an
// 80m note's `interest_due` read its balance, so `initial 3 *
// A.interest_due` put 240m in a reserve). Now it is a located error whose
// hint says how to write the day-0 value.
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {

using sema::EntityKind;

bool member_in(M m, std::initializer_list<M> names) {
  for (M n : names)
    if (m == n) return true;
  return false;
}

// Whether `member` of an entity of `kind` has a value at the close (None is
// the bare name). Names that are expressions (params, lets, tests) are
// checked through their own expressions.
bool exists_at_close(const sema::Entity& e, M member) {
  switch (e.kind) {
    case EntityKind::Fleet: return true;  // units, cost, values, age 0, not liquidated
    case EntityKind::Holding: return true;
    case EntityKind::Lease: return member_in(member, {M::Units, M::Performing});
    case EntityKind::Loan:
    case EntityKind::Receivables: return member_in(member, {M::Balance});
    case EntityKind::Tranche:
    case EntityKind::Convertible:
    case EntityKind::Facility:
      return member_in(member, {M::None, M::Balance, M::OriginalBalance, M::Coupon, M::ConversionPrice, M::Limit});
    case EntityKind::Account: return member_in(member, {M::None, M::Balance, M::Target});
    case EntityKind::Factor:
    case EntityKind::Draw:
    case EntityKind::Param:
    case EntityKind::Let:
    case EntityKind::Test:
    case EntityKind::TemplateArg: return true;
    case EntityKind::Builtin: return vocab::info(e.builtin).at_close;
    default: return false;  // fees, expenses, equity, triggers
  }
}

// How to write what the deal probably meant, from day-0 values.
std::string day0_hint(const sema::Entity& e, M member) {
  const std::string& n = e.name;
  switch (e.kind) {
    case EntityKind::Tranche:
    case EntityKind::Convertible:
    case EntityKind::Facility:
      if (member == M::InterestDue || member == M::Interest)
        return fmt::format("write it from the close's values: three months' interest is `{0}.balance * {0}.coupon * 0.25 years`", n);
      if (member == M::PrincipalDue || member == M::Principal)
        return fmt::format("size it from the schedule's terms, e.g. `{0}.balance / 48` for a 48-month linear note", n);
      break;
    case EntityKind::Loan:
    case EntityKind::Receivables:
      return fmt::format("at the close a pool has only its balance: size it from `{0}.balance`", n);
    case EntityKind::Builtin:
      if (e.builtin == vocab::Builtin::Collections) return "no cash has been collected at the close; size it from balances, units and rates";
      return fmt::format("`{}` is a property of a period; at the close (period 0) none has run", vocab::word(e.builtin));
    default: break;
  }
  return "at the close only opening values exist: balances, coupons, units, costs, values, prices, factors at their start, "
         "params and draws";
}

}  // namespace

void Lowerer::require_at_close(EntityId id, M m, Span span) {
  if (!in_init_ || !m_.entities.contains(id)) return;
  const sema::Entity* e = &ent(id);
  if (e->kind == EntityKind::Instance) {  // its primary's member (sema resolved its parts to their declarations)
    if (!e->primary) return;
    e = &ent(e->primary);
  }
  if (exists_at_close(*e, m)) return;
  std::string what = e->kind == EntityKind::Builtin ? std::string(vocab::word(e->builtin)) : e->name + member_suffix(m);
  diags_.error(DiagCode::NotAtClose, span,
               fmt::format("`{}` is a period's value, but this is read at day 0 (the close), before any period has run", what))
      .hints.push_back(day0_hint(*e, m));
  throw LowerError{};
}

}  // namespace sluice::ir
