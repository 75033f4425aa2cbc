// A tranche's market quote (`price 98.5%` or `spread 450bp`) and the zero
// curve its z-spread is read over (`zero_curve swaps(months_elapsed)`):
// what each needs beside it. Their units are the registry's (Ratio, checked
// by check_props); the report reads them (analysis/market.cpp).
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

using vocab::PropId;

void Checker::check_quote(EntityId id) {
  const auto* price = m.prop(id, PropId::Price);
  const auto* spread = m.prop(id, PropId::Spread);
  const auto* curve = m.prop(id, PropId::ZeroCurve);
  const std::string& name = m.entities[id].name;
  if (price && spread) {
    diags.error(DiagCode::QuoteTwice, spread->span, fmt::format("`{}` is quoted twice: a market price and a market spread", name))
        .hints.push_back("keep one: the report derives the other from it");
    return;
  }
  bool risk_free = false;
  if (m.report)
    for (const auto& line : m.report->report) risk_free = risk_free || line.kind == ast::ReportSection::RiskFree;
  // A spread is over the risk-free path: without one there is no price.
  if (spread && !risk_free)
    diags.error(DiagCode::QuoteNeedsRiskFree, spread->span,
                fmt::format("`{}`'s market spread is over the risk-free rate, and the report names none", name))
        .hints.push_back("add `risk_free RATE` to the report block (a rate such as `4%` or a rate factor), or quote a `price`");
  // A z-spread is the spread at the market price: without a quote there is none.
  if (curve && !price && !spread)
    diags.error(DiagCode::QuoteNeedsRiskFree, curve->span, fmt::format("`{}` has a zero curve and no market quote to read it against", name))
        .hints.push_back("add `price P` (a share of the original balance, `98.5%`) or `spread S` (`450bp`)");
}

}  // namespace sluice::sema
