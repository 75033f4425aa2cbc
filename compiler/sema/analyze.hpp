// The sema phase's entry point: parsed files in, a checked Model out.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sema/model.hpp"

namespace sluice::sema {

struct ParamOverride {
  std::string name;
  std::string value;  // source text, parsed as an expression
};

std::optional<Model> analyze(Program& program, const std::vector<ParamOverride>& sets, Diagnostics& diags,
                             bool& usage_error);

}  // namespace sluice::sema
