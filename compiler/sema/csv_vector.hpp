// `factor f = csv("FILE.csv", column: "COL")`: a per-period vector read
// once, at compile time, from a CSV file inside the deal's folder tree.
#pragma once
#include <optional>
#include <vector>

#include "sema/model.hpp"

namespace sluice::sema {

// Reads FILE (relative to the folder of the file that declares the factor,
// and inside the deal's folder tree after symlinks) into the SourceManager,
// so errors point at its lines, and returns the column: one value per
// period, `%` cells divided by 100. nullopt after diagnostics.
std::optional<std::vector<double>> read_csv_column(Program& prog, Diagnostics& diags, const ast::Expr& file,
                                                   const ast::Expr& column);

}  // namespace sluice::sema
