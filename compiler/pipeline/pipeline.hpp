// The front end's phases in a row: load and parse, analyze, lower (and fill
// sculpted repayment profiles). Each stops at the first phase with errors and
// says why in `diags`. Below the commands and the language server, which
// both call it: the CLI on files, the server on an editor's buffer.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.hpp"
#include "diagnostics/exit.hpp"
#include "ir/ir.hpp"
#include "sema/analyze.hpp"

namespace sluice::pipeline {

struct Compiled {
  SourceManager sources;
  Diagnostics diags;
  sema::Program program;
  std::optional<sema::Model> model;
  std::optional<ir::Module> module;
  int exit = kOk;
  // Set before compiling: the `--lib DIR` folders, in order (searched after
  // the deal's folder, before $SLUICE_PATH's), and whether the deal's lock
  // file, when there is one, is checked (`sluice lock` alone skips it).
  std::vector<std::string> libs;
  bool check_lock = true;
  bool record_factors = false;  // set before compiling: ir::lower's record_factors (`sluice run --path K`)
  bool record_obligors = false; // set before compiling: ir::lower's record_obligors (a Monte Carlo run)
  std::string stress;           // set before compiling: the named stress to apply (`sluice run --stress NAME`), "" for none
};

// The standard library's folder.
std::string stdlib_dir();

// The library folders, in search order: `libs` (--lib), then each entry of
// $SLUICE_PATH (colon-separated; empty entries are skipped, never read as
// the working folder). One that is not a folder is an error (E0224): a
// search path fails closed rather than searching less than it says.
std::vector<sema::LibraryFolder> library_folders(const std::vector<std::string>& libs, Diagnostics& diags);

// Runs the phases up to and including `last` ("parse", "sema" or "ir").
void compile(Compiled& c, const std::string& path, const std::vector<sema::ParamOverride>& sets, const std::string& last);

// The same from text held in memory (an editor's unsaved buffer, for `sluice
// lsp`). `path` need not exist: it names the text in diagnostics and places
// it for relative imports and CSV files. Each import is loaded from disk with
// sema::load_program; a quoted import inside an imported file must stay in
// that file's own folder tree or a library folder. A lock file beside
// `path` is checked as compile checks one.
void compile_text(Compiled& c, const std::string& path, std::string text, const std::vector<sema::ParamOverride>& sets,
                  const std::string& last);

}  // namespace sluice::pipeline
