// Hover for a declared name, from sema's model: the declaration's line, its
// kind and type, and for a param, a let or a test its unit and, when it is
// fixed before the run, its value (a param's default, which `--set`
// replaces in a run).
#pragma once
#include <optional>
#include <string>

#include "lsp/occurrences.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::lsp {

// Markdown for the declaration an occurrence names (role Declared).
std::string declared_hover(const pipeline::Compiled& c, const Occurrence& o);

// The value of a param, let or test whose expression uses only numbers and
// other such values, in the base unit of its dimension (as the IR holds
// it: `30 days` is 720 h); none when it depends on the period.
std::optional<double> fixed_value(const pipeline::Compiled& c, int entity);

}  // namespace sluice::lsp
