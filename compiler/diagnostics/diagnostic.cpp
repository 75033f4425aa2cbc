#include "diagnostics/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "base/printable.hpp"

namespace sluice {

int diag_number(DiagCode code) {
  switch (code) {
#define DIAG(num, name, summary) \
  case DiagCode::name:           \
    return num;
#include "diagnostics/codes.def"
#undef DIAG
  }
  return 0;
}

const char* diag_summary(DiagCode code) {
  switch (code) {
#define DIAG(num, name, summary) \
  case DiagCode::name:           \
    return summary;
#include "diagnostics/codes.def"
#undef DIAG
  }
  return "";
}

std::string diag_code_text(DiagCode code) { return fmt::format("E{:04d}", diag_number(code)); }

Diagnostic& Diagnostics::error(DiagCode code, Span span, std::string message, std::string label) {
  if (full()) {
    scratch_ = Diagnostic{};
    return scratch_;  // dropped: past the cap
  }
  ++errors_;
  Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.labels.push_back(Label{span, std::move(label), true});
  list_.push_back(std::move(d));
  return list_.back();
}

Diagnostic& Diagnostics::warning(DiagCode code, Span span, std::string message) {
  Diagnostic d;
  d.severity = Severity::Warning;
  d.code = code;
  d.message = std::move(message);
  d.labels.push_back(Label{span, {}, true});
  list_.push_back(std::move(d));
  return list_.back();
}

namespace {

// Printable column width of a line prefix: tabs expand to 4, other bytes to 1
// (UTF-8 continuation bytes take no column).
std::size_t width_of(std::string_view s) {
  std::size_t w = 0;
  for (unsigned char c : s) {
    if (c == '\t') w += 4;
    else if ((c & 0xC0) != 0x80) w += 1;
  }
  return w;
}

// The line as it can be shown: tabs expanded (so the caret lines up), control
// bytes and bytes that are not valid UTF-8 replaced by `?` (base/printable.hpp).
std::string printable(std::string_view s) { return printable_text(s, 4); }

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Very long lines (minified or hostile files) show a window around the
// byte `col`, cut at character boundaries so no character shows halved.
std::string_view window(std::string_view line, std::size_t col) {
  constexpr std::size_t kWidth = 100;
  if (line.size() <= kWidth) return line;
  std::size_t start = col > kWidth / 2 ? col - kWidth / 2 : 0;
  start = std::min(start, line.size() - kWidth);
  while (start > 0 && continuation(line[start])) --start;
  std::size_t end = std::min(line.size(), start + kWidth);
  while (end < line.size() && end > start && continuation(line[end])) --end;
  return line.substr(start, end - start);
}

}  // namespace

namespace {

struct Palette {
  const char *bold, *red, *yellow, *blue, *reset;
  explicit Palette(bool color)
      : bold(color ? "\x1b[1m" : ""), red(color ? "\x1b[1;31m" : ""), yellow(color ? "\x1b[1;33m" : ""),
        blue(color ? "\x1b[1;34m" : ""), reset(color ? "\x1b[0m" : "") {}
};

// `error[E0800]: message` (or `error: message` without a code), the line
// every diagnostic starts with after its location.
std::string headline(Severity severity, const std::optional<DiagCode>& code, const std::string& message, const Palette& p) {
  const char* sev = severity == Severity::Error ? "error" : severity == Severity::Warning ? "warning" : "note";
  const char* sev_color = severity == Severity::Error ? p.red : p.yellow;
  std::string tag = code ? fmt::format("{}[{}]", sev, diag_code_text(*code)) : std::string(sev);
  return fmt::format("{}{}{}: {}{}{}\n", sev_color, tag, p.reset, p.bold, message, p.reset);
}

std::string hint_lines(const std::vector<std::string>& hints, const Palette& p) {
  std::string out;
  for (const auto& h : hints) out += fmt::format("  {}hint{}: {}\n", p.bold, p.reset, h);
  return out;
}

}  // namespace

std::string render(const Unlocated& d, bool color) {
  Palette p(color);
  return headline(Severity::Error, d.code, d.message, p) + hint_lines(d.hints, p);
}

std::string render(const Diagnostic& d, const SourceManager& sm, bool color) {
  const Palette pal(color);
  const char *bold = pal.bold, *blue = pal.blue, *reset = pal.reset;
  std::string out;
  const char* sev_color = d.severity == Severity::Error ? pal.red : pal.yellow;
  const Label* primary = d.labels.empty() ? nullptr : &d.labels.front();
  if (primary && primary->span.valid() && primary->span.file < sm.size()) {
    const auto& f = sm.file(primary->span.file);
    auto lc = f.position(primary->span.begin);
    out += fmt::format("{}{}:{}:{}: {}", bold, f.path, lc.line, lc.column, reset);
  }
  out += headline(d.severity, d.code, d.message, pal);
  // One source excerpt per label; labels on the same line share the excerpt.
  std::uint32_t last_file = Span::kNoFile, last_line = 0;
  for (const auto& lab : d.labels) {
    if (!lab.span.valid() || lab.span.file >= sm.size()) continue;
    const auto& f = sm.file(lab.span.file);
    auto lc = f.position(lab.span.begin);
    std::string gutter = fmt::format("{:>5}", lc.line);
    std::string pad(gutter.size(), ' ');
    if (lab.span.file != last_file || lc.line != last_line) {
      if (&lab != primary && lab.span.file != primary->span.file)
        out += fmt::format("{}  --> {}:{}:{}{}\n", blue, f.path, lc.line, lc.column, reset);
      out += fmt::format("{}{} |{} {}\n", blue, gutter, reset, printable(window(f.line_text(lc.line), lc.byte)));
      last_file = lab.span.file;
      last_line = lc.line;
    }
    std::string_view full = f.line_text(lc.line);
    std::string_view line = window(full, lc.byte);
    std::size_t shift = static_cast<std::size_t>(line.data() - full.data());
    std::size_t col0 = std::min<std::size_t>(lc.byte - std::min<std::size_t>(shift, lc.byte), line.size());
    std::size_t start = width_of(line.substr(0, col0));
    std::size_t len = 1;
    auto lc_end = f.position(lab.span.end > lab.span.begin ? lab.span.end - 1 : lab.span.begin);
    if (lc_end.line == lc.line && lab.span.end > lab.span.begin)
      len = std::max<std::size_t>(1, width_of(line.substr(col0, std::min<std::size_t>(lab.span.end - lab.span.begin, line.size() - col0))));
    else if (lab.span.end > lab.span.begin)
      len = std::max<std::size_t>(1, width_of(line.substr(col0)));
    char mark = lab.primary ? '^' : '-';
    out += fmt::format("{}{} |{} {}{}{}{}{}\n", blue, pad, reset, std::string(start, ' '), lab.primary ? sev_color : blue,
                       std::string(len, mark), lab.text.empty() ? "" : " " + lab.text, reset);
  }
  return out + hint_lines(d.hints, pal);
}

std::string render_all(const Diagnostics& ds, const SourceManager& sm, bool color) {
  std::string out;
  for (const auto& d : ds.all()) out += render(d, sm, color);
  if (ds.error_count() > 1) out += fmt::format("{} errors\n", ds.error_count());
  if (ds.full()) out += fmt::format("(stopped after {} errors)\n", Diagnostics::kMaxErrors);
  return out;
}

static std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_name(const std::string& wrong, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, wrong.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(wrong, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace sluice
