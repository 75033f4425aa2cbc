#include "sema/csv_vector.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "sema/csv_file.hpp"
#include "sema/imports.hpp"

namespace sluice::sema {

namespace {

bool same_ignoring_case(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

}  // namespace

std::optional<std::vector<double>> read_csv_column(Program& prog, Diagnostics& diags, const ast::Expr& file,
                                                   const ast::Expr& column) {
  const CsvReader reader{"a csv factor", "factor", "`csv` needs a file name"};
  const std::optional<std::uint32_t> loaded = load_csv(prog, diags, file, reader);
  if (!loaded) return std::nullopt;
  const std::uint32_t id = *loaded;
  const SourceFile& csv = prog.sources->file(id);
  const std::string& t = csv.text;
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> rows = csv_rows(csv);
  if (rows.empty()) {
    diags.error(DiagCode::BadPropertyForm, Span{id, 0, 0}, fmt::format("`{}` is empty", file.text))
        .hints.push_back("a csv factor's file has a header row of column names, then one row per period");
    return std::nullopt;
  }
  if (rows.size() - 1 > kMaxCsvRows) {
    auto [b, e] = rows[kMaxCsvRows + 1];
    diags.error(DiagCode::TooLarge, Span{id, b, e}, fmt::format("`{}` has {} rows; a csv factor reads at most {}", file.text, rows.size() - 1, kMaxCsvRows));
    return std::nullopt;
  }
  const std::vector<Cell> header = split_row(t, rows[0].first, rows[0].second);
  const Span header_span{id, rows[0].first, rows[0].second};
  std::size_t col = header.size(), period_col = header.size();
  std::vector<std::string> names;
  for (std::size_t i = 0; i < header.size(); ++i) {
    names.push_back(header[i].text);
    if (header[i].text == column.text) {
      if (col < header.size()) {
        diags.error(DiagCode::Duplicate, Span{id, header[i].begin, header[i].end}, fmt::format("`{}` names the column `{}` twice", file.text, column.text))
            .labels.push_back(Label{Span{id, header[col].begin, header[col].end}, "first here", false});
        return std::nullopt;
      }
      col = i;
    }
    if (period_col == header.size() && same_ignoring_case(header[i].text, "period")) period_col = i;
  }
  if (col == header.size()) {
    auto& d = diags.error(DiagCode::UnknownProperty, header_span, fmt::format("`{}` has no column `{}`", file.text, column.text), "the header");
    d.labels.push_back(Label{column.span, "asked for here", false});
    auto near = closest_name(column.text, names);
    if (!near.empty()) {
      d.hints.push_back(fmt::format("did you mean `{}`?", near));
    } else {
      std::string all;
      for (const auto& n : names) all += (all.empty() ? "`" : ", `") + n + "`";
      d.hints.push_back(fmt::format("its columns: {}", all));
    }
    return std::nullopt;
  }
  if (rows.size() == 1) {
    diags.error(DiagCode::BadPropertyForm, header_span, fmt::format("`{}` has a header but no rows", file.text))
        .hints.push_back("add one row per period after the header: row 1 is period 1");
    return std::nullopt;
  }
  std::vector<double> values;
  values.reserve(rows.size() - 1);
  std::size_t bad = 0;
  constexpr std::size_t kMaxBadCells = 5;  // a wrong column can fail on every row
  for (std::size_t r = 1; r < rows.size() && bad < kMaxBadCells; ++r) {
    const auto [b, e] = rows[r];
    const std::vector<Cell> cells = split_row(t, b, e);
    auto number_at = [&](std::size_t c, const std::string& name) -> std::optional<double> {
      if (c >= cells.size()) {
        diags.error(DiagCode::BadNumber, Span{id, e, e},
                    fmt::format("row {} has {} cell{}, none in the column `{}`", r, cells.size(), cells.size() == 1 ? "" : "s", name));
        ++bad;
        return std::nullopt;
      }
      auto v = cell_number(cells[c].text);
      if (!v) {
        auto& d = diags.error(DiagCode::BadNumber, Span{id, cells[c].begin, cells[c].end},
                              cells[c].text.empty() ? fmt::format("row {} has an empty cell in the column `{}`", r, name)
                                                    : fmt::format("`{}` is not a number", cells[c].text),
                              "not a number");
        d.hints.push_back("cells are plain numbers such as `4.30` or `-0.5`, or percentages such as `4.30%`");
        ++bad;
      }
      return v;
    };
    if (period_col < header.size()) {
      auto p = number_at(period_col, header[period_col].text);
      if (p && *p != static_cast<double>(r)) {
        diags.error(DiagCode::BadPropertyForm, Span{id, cells[period_col].begin, cells[period_col].end},
                    fmt::format("this row is period {}, but the `{}` column says {}", r, header[period_col].text, cells[period_col].text))
            .hints.push_back("rows are periods 1, 2, 3, ... in order, with no gaps");
        ++bad;
      }
      if (!p) continue;
    }
    if (auto v = number_at(col, column.text)) values.push_back(*v);
  }
  if (bad > 0) return std::nullopt;
  return values;
}

}  // namespace sluice::sema
