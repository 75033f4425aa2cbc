// Sculpted repayment (`amortization sculpted dscr X`): the schedule is set
// at financial close from the projected (base-case) cash flow available for
// debt service, as a lender sizes it, and then held fixed in every run and
// every scenario: debt service_t = CFADS_t / X, principal_t = that less the
// interest on the sculpted balance. Actual DSCR then varies around X as the
// actual CFADS does.
#pragma once
#include "exec/schedule.hpp"
#include "ir/ir.hpp"

namespace sluice::pipeline {

// Runs the base case once (the placeholder profiles schedule no principal,
// and CFADS must not depend on a sculpted tranche's own payments), then
// writes each sculpted tranche's balance target per period into its curve.
void fill_sculpted(ir::Module& m, const exec::Schedule& s);

}  // namespace sluice::pipeline
