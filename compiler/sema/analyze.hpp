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

// `stress`: the named stress to apply (`--stress NAME`), or "" for none; a
// name the deal has no stress of is a usage error (E0713).
std::optional<Model> analyze(Program& program, const std::vector<ParamOverride>& sets, Diagnostics& diags,
                             bool& usage_error, const std::string& stress = {});

}  // namespace sluice::sema
