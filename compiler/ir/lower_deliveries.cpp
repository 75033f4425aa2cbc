// Fleets delivered over time and the capex they cost (docs/language.md,
// Fleets delivered over time). A fleet whose `units` is not fixed before the
// run may grow: each period's growth is a delivery, bought at that period's
// `cost` and paid in that period (capex), funded by facility draws (`funds`)
// and, for the rest, by equity contributions. Each delivery is a vintage
// with its own age on the `book` curve: book_value = units / bought × Σ
// vintages (cost paid × book(age since delivery)), so a fleet that sells
// part of itself keeps the mix of its vintages. A fleet that never grows
// keeps the one-vintage formula (units × cost × book(age)) exactly.
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

bool Lowerer::fleet_grows(EntityId id) {
  auto it = fleet_grows_.find(id);
  if (it != fleet_grows_.end()) return it->second;
  bool grows = !constant(*prop_expr(id, P::Units)).has_value();
  fleet_grows_[id] = grows;
  return grows;
}

bool Lowerer::fleet_vintaged(EntityId id) { return fleet_grows(id) && prop_expr(id, P::Book) && m_.deal.periods > 0; }

int Lowerer::fleet_delivery(EntityId id, M m) {
  const std::string& n = ent(id).name;
  switch (m) {
    case M::Delivered:
      if (in_init_ || !fleet_grows(id)) return k(0);
      return max(k(0), sub(value(id, M::Units), load(slot(n + ".units_last"))));
    case M::Capex:
      if (in_init_ || !fleet_grows(id)) return k(0);
      return mul(value(id, M::Delivered), value(id, M::Cost));
    case M::BookValue: {
      // The one-vintage value, and (while nothing was delivered after the
      // close) the value itself, bit for bit.
      int one = mul(value(id, M::Units), value(id, M::Cost));
      if (const ast::Expr* b = prop_expr(id, P::Book)) one = mul(one, curve_at(m_.sema(*b).entity, value(id, M::Age)));
      if (in_init_ || !fleet_vintaged(id)) return one;
      EntityId curve = m_.sema(*prop_expr(id, P::Book)).entity;
      int months = ctx(ContextField::MonthsAtEnd);
      int basis = mul(load(slot(n + ".cost_at_close")), curve_at(curve, months));
      for (int d = 1; d <= m_.deal.periods; ++d) {
        int age = max(k(0), sub(months, load(slot(fmt::format("{}.vintage_{}_month", n, d)))));
        basis = add(basis, mul(load(slot(fmt::format("{}.vintage_{}", n, d))), curve_at(curve, age)));
      }
      basis = add(basis, mul(value(id, M::Capex), curve_at(curve, k(0))));  // this period's delivery, new at the period's end
      int units_at_close = load(slot(n + ".units_at_close"));
      int bought = add(load(slot(n + ".units_bought")), value(id, M::Delivered));
      int vintaged = mul(basis, sel(emit(Op::Gt, bought, k(0)), div(value(id, M::Units), max(bought, k(1e-300))), k(0)));
      return sel(emit(Op::Gt, bought, units_at_close), vintaged, one);
    }
    default: break;
  }
  fail(DiagCode::UnknownMember, ent(id).span, fmt::format("internal: fleet member `{}`", vocab::word(m)));
}

// The opening state of a growing fleet (init program): units at the close,
// their cost, and empty vintages.
void Lowerer::open_fleet(EntityId id, int units, int cost) {
  const std::string& n = ent(id).name;
  if (!fleet_grows(id)) return;
  store(slot(n + ".units_last"), units);
  store(slot(n + ".units_bought"), units);
  if (!fleet_vintaged(id)) return;
  store(slot(n + ".cost_at_close"), mul(units, cost));
  for (int d = 1; d <= m_.deal.periods; ++d) {
    store(slot(fmt::format("{}.vintage_{}", n, d)), k(0));
    store(slot(fmt::format("{}.vintage_{}_month", n, d)), k(0));
  }
}

// The close of a period for a growing fleet: its units, what it has bought,
// and this period's vintage.
void Lowerer::close_fleet(EntityId id) {
  const std::string& n = ent(id).name;
  int delivered = value(id, M::Delivered);
  store(slot(n + ".units_last"), value(id, M::Units));
  store(slot(n + ".units_bought"), add(load(slot(n + ".units_bought")), delivered));
  if (!fleet_vintaged(id)) return;
  int t = ctx(ContextField::PeriodNumber);
  for (int d = 1; d <= m_.deal.periods; ++d) {
    int now = emit(Op::Eq, t, k(d));
    const std::string v = fmt::format("{}.vintage_{}", n, d);
    store(slot(v), sel(now, value(id, M::Capex), load(slot(v))));
    store(slot(v + "_month"), sel(now, ctx(ContextField::MonthsAtEnd), load(slot(v + "_month"))));
  }
}

// Every fleet's capex this period, and what equity contributes to it: the
// part no facility drew for (a failed draw condition leaves it all to equity).
int Lowerer::capex_total() {
  int total = k(0);
  for (EntityId id : m_.order)
    if (ent(id).kind == EntityKind::Fleet && fleet_grows(id)) total = add(total, value(id, M::Capex));
  return total;
}

int Lowerer::capex_draws_total() {
  int total = k(0);
  for (EntityId id : m_.order)
    if (ent(id).kind == EntityKind::Facility && prop_expr(id, P::Funds)) total = add(total, value(id, M::CapexDraws));
  return total;
}

bool Lowerer::has_deliveries() {
  for (EntityId id : m_.order) {
    if (ent(id).kind == EntityKind::Fleet && fleet_grows(id)) return true;
    if (ent(id).kind == EntityKind::Facility && prop_expr(id, P::Funds)) return true;
  }
  return false;
}

int Lowerer::equity_contributions() {
  if (in_init_ || !has_deliveries()) return k(0);
  return sub(capex_total(), capex_draws_total());
}

// Draws for capex above the capex would hand equity money back (a negative
// contribution): E0904 at the first `funds`, in the period it happens.
void Lowerer::check_capex_funding() {
  if (capex_checked_) return;
  capex_checked_ = true;
  for (EntityId id : m_.order)
    if (ent(id).kind == EntityKind::Facility && prop(id, P::Funds)) {
      mod_.checks.push_back(CheckInfo{"the facilities' capex draws (`funds`) do not exceed the capex the fleets paid this period", prop(id, P::Funds)->decl->span, true});
      mod_.checks.back().capex = true;
      // Held with the money tolerance of every input check (exec::within_tolerance).
      emit(Op::Check, capex_draws_total(), capex_total(), -1, static_cast<std::uint32_t>(mod_.checks.size() - 1));
      return;
    }
}

}  // namespace sluice::ir
