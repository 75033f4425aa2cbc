// Losses by obligor: what a Monte Carlo run needs to say, lessee by lessee
// and loan by loan, how likely each is to default within the horizon and
// what its default costs (docs/output.md, "Losses by obligor"). Lowered
// only for a Monte Carlo run (ir::lower's record_obligors), as columns
// after every other one, so no other column moves or changes its value and
// a base case, a sweep's table or `sluice ir` never carries them.
//
// The columns reuse the values the deal already computes (value() is
// memoized per period): a lease's performing share and its lost rent and
// recovery, a loan's defaults, losses and opening balance. Monte Carlo
// reads them per scenario (montecarlo/simulate.cpp): a lease's default is
// 1 - performing at the horizon (0 or 1 in a scenario, the default being
// absorbing), its loss the sum over the periods of the rent lost less the
// recoveries received (so a recovery after the horizon never counts); a
// loan's default is the share of its opening balance that defaulted, its
// loss the losses realized within the horizon.
#include "ir/lowerer.hpp"

namespace sluice::ir {

void Lowerer::record_obligor_losses() {
  const std::string cur = m_.deal.currency;
  for (EntityId id : m_.order) {
    const auto& e = ent(id);
    const bool lease = e.kind == EntityKind::Lease;
    if ((!lease && e.kind != EntityKind::Loan) || !prop(id, P::Default)) continue;
    ObligorInfo o;
    o.name = e.name;
    o.loan = !lease;
    if (e.tape.valid() && !e.group.empty()) o.group = ent(e.tape).name + "." + e.group;
    if (lease) {
      o.col_default = column(e.name + ".defaulted", e.name, Role::ReportValue, "1");
      output(o.col_default, sub(k(1), value(id, M::Performing)));
      o.col_loss = column(e.name + ".credit_loss", e.name, Role::ReportValue, cur);
      output(o.col_loss, sub(value(id, M::Lost), value(id, M::Recovery)));
    } else {
      o.col_default = column(e.name + ".defaults", e.name, Role::ReportValue, cur);
      output(o.col_default, value(id, M::Defaults));
      o.col_loss = column(e.name + ".losses", e.name, Role::ReportValue, cur);
      output(o.col_loss, value(id, M::Losses));
      o.col_exposure = column(e.name + ".opening_balance", e.name, Role::ReportValue, cur);
      output(o.col_exposure, value(id, M::Balance));
    }
    mod_.obligors.push_back(std::move(o));
  }
}

}  // namespace sluice::ir
