// What `sluice.load` shows of a compiled deal: its settings, its params
// (with the --set values applied), a summary of its IR and its diagnostics,
// as plain Python data.
#pragma once
#include <pybind11/pybind11.h>
#include <string>
#include <vector>

#include "pipeline/pipeline.hpp"

namespace sluice::python {

std::vector<sema::ParamOverride> overrides(const std::vector<std::pair<std::string, std::string>>& sets);

// Compiles `path` through the IR (pipeline::compile, as `sluice check`
// does) and describes it. On errors, "exit" is the CLI's exit code and
// "errors" the text `sluice check` prints.
pybind11::dict load_deal(const std::string& path, const std::vector<std::pair<std::string, std::string>>& sets);

}  // namespace sluice::python
