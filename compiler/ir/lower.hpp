// Lowering: the checked deal (sema::Model) to the IR module.
#pragma once
#include <optional>

#include "diagnostics/diagnostic.hpp"
#include "ir/ir.hpp"
#include "sema/model.hpp"

namespace sluice::ir {

// record_factors: also record each draw and factor every period, as the
// last columns (Module::factors), for `sluice run --path K`.
// record_obligors: also record each obligor's default and loss every
// period (Module::obligors, after every other column), for a Monte Carlo
// run's losses by obligor; a base case never pays for them.
std::optional<Module> lower(sema::Model& model, Diagnostics& diags, bool record_factors = false, bool record_obligors = false);

}  // namespace sluice::ir
