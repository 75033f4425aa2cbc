// Reading CSV files a deal names: the path rules (as imports), the cells
// and their spans, the numbers. Shared by csv factors and tapes.
#include "sema/csv_file.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "sema/imports.hpp"

namespace sluice::sema {

namespace fs = std::filesystem;

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

std::optional<std::uint32_t> load_csv(Program& prog, Diagnostics& diags, const ast::Expr& file, const CsvReader& what) {
  SourceManager& sm = *prog.sources;
  std::error_code ec;
  const SourceFile& from = sm.file(file.span.file);
  // Relative to the declaring file's folder, like an import; shown relative
  // to the path the user gave for that file.
  const fs::path base = fs::path(from.real_path).parent_path();
  const fs::path raw = fs::path(file.text).is_absolute() ? fs::path(file.text) : base / file.text;
  const std::string shown = (fs::path(from.path).parent_path() / file.text).lexically_normal().string();
  if (file.text.empty()) {
    diags.error(DiagCode::ImportNotFound, file.span, what.no_name);
    return std::nullopt;
  }
  if (!fs::exists(raw, ec)) {
    diags.error(DiagCode::ImportNotFound, file.span, fmt::format("cannot find `{}`", file.text))
        .hints.push_back(fmt::format("paths are relative to the folder of the file that declares the {} ({})", what.declarer, base.string()));
    return std::nullopt;
  }
  const fs::path target = fs::canonical(raw, ec);  // symlinks resolved before the check
  if (ec || !inside_folder(fs::path(prog.deal_dir), target)) {
    auto& d = diags.error(DiagCode::ImportOutside, file.span, fmt::format("`{}` is outside the deal's folder tree", file.text),
                          "outside " + prog.deal_dir);
    d.hints.push_back(fmt::format("{} reads files in the deal's own folder or below, nothing else", what.reader));
    return std::nullopt;
  }
  if (!fs::is_regular_file(target, ec)) {
    diags.error(DiagCode::ImportNotFound, file.span, fmt::format("`{}` is not a file", file.text));
    return std::nullopt;
  }
  const std::uintmax_t bytes = fs::file_size(target, ec);
  auto too_large = [&](std::uintmax_t n) {
    diags.error(DiagCode::TooLarge, file.span,
                fmt::format("`{}` is {} bytes; {} reads at most {} bytes (4 MiB)", file.text, n, what.reader, kMaxCsvBytes));
  };
  if (!ec && bytes > kMaxCsvBytes) {
    too_large(bytes);
    return std::nullopt;
  }
  // Each file enters the SourceManager once, however many declarations read it.
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
  return id;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> csv_rows(const SourceFile& csv) {
  const std::string& t = csv.text;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> rows;
  for (std::size_t l = 0; l < csv.line_starts.size(); ++l) {
    std::uint32_t b = csv.line_starts[l];
    std::uint32_t e = l + 1 < csv.line_starts.size() ? csv.line_starts[l + 1] : static_cast<std::uint32_t>(t.size());
    while (e > b && (t[e - 1] == '\n' || t[e - 1] == '\r')) --e;
    std::uint32_t k = b;
    while (k < e && blank(t[k])) ++k;
    if (k < e) rows.emplace_back(b, e);
  }
  return rows;
}

}  // namespace sluice::sema
