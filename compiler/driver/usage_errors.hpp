// A command line that CLI11 cannot parse, said the way every other refusal
// is: a code, one sentence naming the command and the option, and a hint
// (the nearest option's name for a misspelt one). Exit 64.
#pragma once
#include <CLI/CLI.hpp>

namespace sluice::driver {

int report_usage_error(const CLI::App& app, const CLI::ParseError& e);

}  // namespace sluice::driver
