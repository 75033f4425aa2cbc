// A fleet sold over months at the market's depth (`liquidate
// paced_sale(depth: D, discount: P[, floor: F])`; docs/language.md,
// "Liquidation and the fire sale").
//
// The `liquidate` step starts the sale; from then on, each period sells one
// block of min(unsold, D x months in the period) units at
//   price = max((1 - P) x value / units, floor)
// per unit, value and units this period's (the fleet's `value` is read with
// its `units` as the units still unsold, so value / units is the month's
// value per unit). The floor is a residual-value guarantee or a buyer's
// bid: money per unit, or a share of the unit `cost`. The proceeds arrive
// when the block sells: the first block at the step, each later one at the
// top of its period's waterfall (with the horizon's sale of other
// collateral); what is still unsold after the horizon period is not
// counted. The state: `NAME.liquidated` (the sale has started, the fleet's
// `liquidated` member) and `NAME.unsold` (the units left after the period's
// block), which the waterfall stores at the period's close.
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

bool Lowerer::paced_sale(EntityId id) {
  if (ent(id).kind != EntityKind::Fleet) return false;
  const auto* l = prop(id, P::Liquidate);
  return l && l->option() == vocab::Liquidate::PacedSale;
}

// This period's block: its units and what it fetches, whether or not the
// fleet is being sold (the waterfall multiplies by whether it is).
Lowerer::SaleBlock Lowerer::sale_block(EntityId id) {
  const auto* l = prop(id, P::Liquidate);
  const ast::Expr& call = *l->decl->clauses[0].value;
  const sema::PropClause& c = l->clauses[0];
  int depth = mul(param_in_domain(call, vocab::ParamId::Depth, *c.value, expr(*c.value)), ctx(ContextField::Months));
  int disc = param_in_domain(call, vocab::ParamId::Discount, *c.second, expr(*c.second));
  int units = value(id, M::Units);
  int worth = value(id, M::Value);
  int has_units = emit(Op::Gt, units, k(0));
  int per_unit = sel(has_units, div(worth, max(units, k(1e-300))), k(0));
  int price = mul(sub(k(1), disc), per_unit);
  const ast::Expr* floor = nullptr;
  for (const auto& [p, kid] : m_.sema(call).params)
    if (p == vocab::ParamId::Floor) floor = call.kids[kid].get();
  if (floor) {
    int f = param_in_domain(call, vocab::ParamId::Floor, *floor, expr(*floor));
    if (!money_valued(*floor)) f = mul(f, value(id, M::Cost));  // a share of the unit cost
    price = max(price, f);
  }
  int block = min(units, depth);
  return SaleBlock{block, mul(block, price)};
}

}  // namespace sluice::ir
