// Lowering: the checked deal (sema::Model) to the IR module.
#pragma once
#include <optional>

#include "diagnostics/diagnostic.hpp"
#include "ir/ir.hpp"
#include "sema/model.hpp"

namespace sluice::ir {

std::optional<Module> lower(sema::Model& model, Diagnostics& diags);

}  // namespace sluice::ir
