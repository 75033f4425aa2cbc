// How the commands say what went wrong: every error goes through the
// diagnostics renderer (diagnostics/diagnostic.hpp), located or not, in
// colour when stderr is a terminal and NO_COLOR is unset.
#pragma once
#include <string>
#include <vector>

#include "diagnostics/diagnostic.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::driver {

bool stderr_color();
bool stdout_color();

// Renders an error about no place in a source on stderr and returns `exit`.
int refuse(int exit, DiagCode code, std::string message, std::vector<std::string> hints = {});
// The same for a failure no diagnostic code describes (`error: ...`).
int refuse_uncoded(int exit, std::string message, std::vector<std::string> hints = {});

// A deal that did not compile: its diagnostics, or E0800 when the deal file
// itself is missing. Returns the compile's exit code.
int report_compile(const pipeline::Compiled& c, const std::string& file);

// A compile that succeeded: its warnings (a module found in two library
// folders) on stderr, each once per process however many times a sweep
// compiles the deal. Returns kOk.
int report_warnings(const pipeline::Compiled& c);

}  // namespace sluice::driver
