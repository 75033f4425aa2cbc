// Loading a deal file and, transitively, what it imports: the standard
// library (`import std.gpu`), modules by name from the deal's folder and the
// library folders (`import desk.gpu` is desk/gpu.deal in the first of: the
// deal's folder, each `--lib DIR` in order, each `$SLUICE_PATH` folder in
// order), and quoted files (`import "./lib/abl.deal"`). Every file read lies,
// after resolving symlinks, inside the deal's folder tree, a library folder
// or the standard library. The CSV files of `csv(...)` factors follow the
// deal's-tree rule (csv_vector.hpp). Nothing else is read.
#pragma once
#include <filesystem>
#include <optional>

#include "sema/model.hpp"

namespace sluice::sema {

// Returns false with diagnostics when a file is missing, malformed or
// reaches outside; `missing_main` is set when the deal file itself is absent.
bool load_program(const std::string& path, const std::string& stdlib_dir, const std::vector<LibraryFolder>& libraries,
                  SourceManager& sm, Diagnostics& diags, Program& out, bool& missing_main);

// Where one import leads: its file's canonical path and the name
// diagnostics give it (`std.gpu`, `lib/desk/gpu.deal`, `./lib/b.deal` as
// seen from the importer). None, with the reason in `diags`, when it leads
// nowhere or outside. A module found in several folders is the first, with
// a warning (E0229) naming the others.
struct ImportTarget {
  std::string real, shown;
};
std::optional<ImportTarget> find_import(const Program& prog, const SourceManager& sm, Diagnostics& diags, std::uint32_t from_file,
                                        const ast::Import& im);

// Whether `p` lies inside the folder `root` (both already canonical).
bool inside_folder(const std::filesystem::path& root, const std::filesystem::path& p);

}  // namespace sluice::sema
