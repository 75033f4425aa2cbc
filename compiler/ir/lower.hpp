// Lowering: the checked deal (sema::Model) to the IR module.
#pragma once
#include <optional>

#include "diagnostics/diagnostic.hpp"
#include "ir/ir.hpp"
#include "sema/model.hpp"

namespace sluice::ir {

// record_factors: also record each draw and factor every period, as the
// last columns (Module::factors), for `sluice run --path K`.
std::optional<Module> lower(sema::Model& model, Diagnostics& diags, bool record_factors = false);

}  // namespace sluice::ir
