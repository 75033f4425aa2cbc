// Reading a CSV file a deal names (a csv factor, a tape): the file is
// resolved as an import is (relative to the declaring file, inside the
// deal's folder tree after symlinks), entered once into the SourceManager so
// every error points at its line and column, and split into cells.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sema/model.hpp"

namespace sluice::sema {

// Caps on what one CSV read takes: enough for any scenario vector or tape,
// small enough that a wrong file name fails fast.
constexpr std::uintmax_t kMaxCsvBytes = 4u * 1024u * 1024u;
constexpr std::size_t kMaxCsvRows = 100'000;

// Who reads the file, for messages: "a csv factor", "the file that declares
// the factor", "`csv` needs a file name".
struct CsvReader {
  std::string reader;    // "a csv factor"
  std::string declarer;  // "factor": the folder of the file that declares the factor
  std::string no_name;   // the message for an empty file name
};

// One cell of a row: its text (trimmed, unquoted) and where it is in the file.
struct Cell {
  std::string text;
  std::uint32_t begin = 0, end = 0;
};

bool blank(char c);
// Splits the line [b, e) at commas; a double-quoted cell may hold commas and
// `""` for a quote. Spans cover the trimmed cell so a caret sits under it.
std::vector<Cell> split_row(const std::string& t, std::uint32_t b, std::uint32_t e);
// A cell as a number: `4.30`, `-1e-3`, `+2`, `4.30%` (divided by 100).
std::optional<double> cell_number(std::string_view s);
// The file `file` (a String expression) names, in the SourceManager; nullopt
// after diagnostics (not found, outside the deal's tree, too large, unreadable).
std::optional<std::uint32_t> load_csv(Program& prog, Diagnostics& diags, const ast::Expr& file, const CsvReader& what);
// Its rows: every line that is not blank, as [begin, end) without the line break.
std::vector<std::pair<std::uint32_t, std::uint32_t>> csv_rows(const SourceFile& csv);

}  // namespace sluice::sema
