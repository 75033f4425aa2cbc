// The phases in a row, for the commands: load and parse, analyze, lower.
// Each stops at the first phase with errors and says why in `diags`.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.hpp"
#include "interp/interpreter.hpp"
#include "ir/ir.hpp"
#include "sema/analyze.hpp"

namespace sluice::driver {

// sysexits-style exit codes.
enum Exit : int { kOk = 0, kUsage = 64, kBadDeal = 65, kNoInput = 66, kSoftware = 70, kCantCreate = 73 };

struct Compiled {
  SourceManager sources;
  Diagnostics diags;
  sema::Program program;
  std::optional<sema::Model> model;
  std::optional<ir::Module> module;
  int exit = kOk;
};

std::string stdlib_dir();

// The deal's period schedule, with its business-day calendar if it names one.
interp::Schedule schedule_for(const sema::DealSettings& deal);

// Runs the phases up to and including `last` ("parse", "sema" or "ir").
void compile(Compiled& c, const std::string& path, const std::vector<sema::ParamOverride>& sets, const std::string& last);

// The same from text held in memory (an editor's unsaved buffer, for `sluice
// lsp`). `path` need not exist: it names the text in diagnostics and places
// it for relative imports and CSV files. Each import is loaded from disk with
// sema::load_program; a quoted import inside an imported file must stay in
// that file's own folder tree.
void compile_text(Compiled& c, const std::string& path, std::string text, const std::vector<sema::ParamOverride>& sets,
                  const std::string& last);

}  // namespace sluice::driver
