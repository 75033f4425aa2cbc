#include "sema/csv_vector.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "sema/imports.hpp"

namespace sluice::sema {

namespace fs = std::filesystem;

namespace {

// Caps on what one csv factor reads: enough for any scenario vector (100,000
// monthly periods is 8,000 years), small enough that a wrong file name fails fast.
constexpr std::uintmax_t kMaxCsvBytes = 4u * 1024u * 1024u;
constexpr std::size_t kMaxCsvRows = 100'000;

// One cell of a row: its text (trimmed, unquoted) and where it is in the file.
struct Cell {
  std::string text;
  std::uint32_t begin = 0, end = 0;
};

bool blank(char c) { return c == ' ' || c == '\t'; }

// Splits the line [b, e) at commas; a double-quoted cell may hold commas and
// `""` for a quote. Spans cover the trimmed cell so a caret sits under it.
std::vector<Cell> split_row(const std::string& t, std::uint32_t b, std::uint32_t e) {
  std::vector<Cell> cells;
  std::uint32_t i = b;
  while (true) {
    while (i < e && blank(t[i])) ++i;
    Cell c;
    c.begin = i;
    if (i < e && t[i] == '"') {
      ++i;
      while (i < e) {
        if (t[i] == '"' && i + 1 < e && t[i + 1] == '"') c.text += '"', i += 2;
        else if (t[i] == '"') break;
        else c.text += t[i++];
      }
      if (i < e) ++i;  // the closing quote
      c.end = i;
      while (i < e && t[i] != ',') c.text += t[i++];  // stray text after the quote stays visible
    } else {
      while (i < e && t[i] != ',') c.text += t[i++];
      c.end = i;
      while (c.end > c.begin && blank(t[c.end - 1])) --c.end;
    }
    while (!c.text.empty() && blank(c.text.back())) c.text.pop_back();
    cells.push_back(std::move(c));
    if (i >= e) break;
    ++i;  // the comma
  }
  return cells;
}

// A cell as a number: `4.30`, `-1e-3`, `+2`, `4.30%` (divided by 100).
std::optional<double> cell_number(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  bool percent = !s.empty() && s.back() == '%';
  if (percent) s.remove_suffix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  // from_chars takes a leading `-` but not `+`; `+-1` is not a number.
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s.front() == '-') return std::nullopt;
  }
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return percent ? v / 100.0 : v;  // as the deal's own `4.10%` literal divides, so both agree to the bit
}

bool same_ignoring_case(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

}  // namespace

std::optional<std::vector<double>> read_csv_column(Program& prog, Diagnostics& diags, const ast::Expr& file,
                                                   const ast::Expr& column) {
  SourceManager& sm = *prog.sources;
  std::error_code ec;
  const SourceFile& from = sm.file(file.span.file);
  // Relative to the declaring file's folder, like an import; shown relative
  // to the path the user gave for that file.
  const fs::path base = fs::path(from.real_path).parent_path();
  const fs::path raw = fs::path(file.text).is_absolute() ? fs::path(file.text) : base / file.text;
  const std::string shown = (fs::path(from.path).parent_path() / file.text).lexically_normal().string();
  if (file.text.empty()) {
    diags.error(DiagCode::ImportNotFound, file.span, "`csv` needs a file name");
    return std::nullopt;
  }
  if (!fs::exists(raw, ec)) {
    diags.error(DiagCode::ImportNotFound, file.span, fmt::format("cannot find `{}`", file.text))
        .hints.push_back(fmt::format("paths are relative to the folder of the file that declares the factor ({})", base.string()));
    return std::nullopt;
  }
  const fs::path target = fs::canonical(raw, ec);  // symlinks resolved before the check
  if (ec || !inside_folder(fs::path(prog.deal_dir), target)) {
    auto& d = diags.error(DiagCode::ImportOutside, file.span, fmt::format("`{}` is outside the deal's folder tree", file.text),
                          "outside " + prog.deal_dir);
    d.hints.push_back("a csv factor reads files in the deal's own folder or below, nothing else");
    return std::nullopt;
  }
  if (!fs::is_regular_file(target, ec)) {
    diags.error(DiagCode::ImportNotFound, file.span, fmt::format("`{}` is not a file", file.text));
    return std::nullopt;
  }
  const std::uintmax_t bytes = fs::file_size(target, ec);
  auto too_large = [&](std::uintmax_t n) {
    diags.error(DiagCode::TooLarge, file.span,
                fmt::format("`{}` is {} bytes; a csv factor reads at most {} bytes (4 MiB)", file.text, n, kMaxCsvBytes));
  };
  if (!ec && bytes > kMaxCsvBytes) {
    too_large(bytes);
    return std::nullopt;
  }
  // Each file enters the SourceManager once, however many factors read it.
  std::uint32_t id = Span::kNoFile;
  for (std::size_t i = 0; i < sm.size(); ++i)
    if (sm.file(static_cast<std::uint32_t>(i)).real_path == target.string()) id = static_cast<std::uint32_t>(i);
  if (id == Span::kNoFile) {
    std::string text, err;
    if (!read_file(target.string(), text, err, kMaxCsvBytes)) {
      diags.error(DiagCode::CannotRead, file.span, fmt::format("cannot read `{}`: {}", file.text, err));
      return std::nullopt;
    }
    if (text.size() > kMaxCsvBytes) {  // it grew since it was measured
      too_large(text.size());
      return std::nullopt;
    }
    id = sm.add(shown, target.string(), std::move(text));
  }
  const SourceFile& csv = sm.file(id);
  const std::string& t = csv.text;

  // Rows: every line that is not blank, without its line break.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> rows;
  for (std::size_t l = 0; l < csv.line_starts.size(); ++l) {
    std::uint32_t b = csv.line_starts[l];
    std::uint32_t e = l + 1 < csv.line_starts.size() ? csv.line_starts[l + 1] : static_cast<std::uint32_t>(t.size());
    while (e > b && (t[e - 1] == '\n' || t[e - 1] == '\r')) --e;
    std::uint32_t k = b;
    while (k < e && blank(t[k])) ++k;
    if (k < e) rows.emplace_back(b, e);
  }
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
