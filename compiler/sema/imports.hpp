// Loading a deal file and, transitively, what it imports: the standard
// library (`import std.gpu`) and files inside the deal's own folder tree
// (`import "./lib/abl.deal"`), after resolving symlinks. The CSV files of
// `csv(...)` factors follow the same rule (csv_vector.hpp). Nothing else is read.
#pragma once
#include <filesystem>

#include "sema/model.hpp"

namespace sluice::sema {

// Returns false with diagnostics when a file is missing, malformed or
// reaches outside; `missing_main` is set when the deal file itself is absent.
bool load_program(const std::string& path, const std::string& stdlib_dir, SourceManager& sm, Diagnostics& diags,
                  Program& out, bool& missing_main);

// Whether `p` lies inside the folder `root` (both already canonical).
bool inside_folder(const std::filesystem::path& root, const std::filesystem::path& p);

}  // namespace sluice::sema
