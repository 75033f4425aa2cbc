// A tranche's market quote and zero curve (docs/language.md, "Market price,
// spread and z-spread"): the quote is one number fixed before the run
// (numbers, params, `--set`), kept on the tranche for the report; the zero
// curve is read each period, into a column the report discounts by.
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

void Lowerer::lower_quote(EntityId id, TrancheInfo& t) {
  const auto& e = ent(id);
  for (P p : {P::Price, P::Spread}) {
    const ast::Expr* q = prop_expr(id, p);
    if (!q) continue;
    auto x = constant(*q);
    const bool price = p == P::Price;
    if (!x)
      fail(DiagCode::NotConstant, q->span,
           fmt::format("`{}`'s market {} must be fixed before the run (numbers and params): the report reads it once", e.name, price ? "price" : "spread"));
    constant_in_domain(*q, *x, price ? vocab::Domain::Positive : vocab::Domain::Any, price ? "the market price" : "the market spread");
    t.quote = price ? TrancheInfo::Quote::Price : TrancheInfo::Quote::Spread;
    t.quote_value = *x;
  }
  if (const ast::Expr* z = prop_expr(id, P::ZeroCurve)) {
    t.col_zero_rate = column(e.name + ".zero_rate", e.name, Role::ReportValue, "1");
    output(t.col_zero_rate, expr(*z));
  }
}

}  // namespace sluice::ir
