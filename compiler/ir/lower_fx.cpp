// A note in another currency (`fx F`, sema/check_fx.cpp). Its balance,
// interest and principal are amounts of its own currency X throughout the
// program; only cash crosses currencies: the waterfall pays a claim of E
// in X with E x rate of the deal's cash (lower_waterfall.cpp), and at the
// close the note funds the deal with its balance x the rate at the start.
#include <cfloat>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

int Lowerer::fx_rate(EntityId id) {
  const auto& e = ent(id);
  if (e.currency.empty()) return -1;
  const auto* p = prop(id, P::Fx);
  int rate = expr(*p->value());
  // A rate of zero would settle a claim for no cash and a negative one take
  // cash from the holders; a NaN or an infinite one is no price at all.
  // Held exactly (exec::in_range): DBL_MIN <= rate <= DBL_MAX, one check.
  CheckInfo ci{fmt::format("tranche `{}`'s exchange rate", e.name), p->decl->span, true};
  ci.fx = true;
  check_range(k(DBL_MIN), rate, k(DBL_MAX), std::move(ci));
  return rate;
}

}  // namespace sluice::ir
