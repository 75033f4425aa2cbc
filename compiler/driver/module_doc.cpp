#include "driver/module_doc.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "base/sha256.hpp"
#include "base/text.hpp"

namespace sluice::driver {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_comment(std::string_view line) { return trimmed(line).rfind("//", 0) == 0; }

// The comment text of lines [first, last], `// ` taken off each.
std::vector<std::string> comment_lines(const SourceFile& src, std::uint32_t first, std::uint32_t last) {
  std::vector<std::string> out;
  for (std::uint32_t l = first; l <= last; ++l) {
    auto s = trimmed(src.line_text(l)).substr(2);
    if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    out.emplace_back(s);
  }
  return out;
}

// The doc comment directly above the declaration that starts at `offset`.
std::vector<std::string> doc_above(const SourceFile& src, std::uint32_t offset) {
  const std::uint32_t line = src.position(offset).line;
  std::uint32_t first = line;
  while (first > 1 && is_comment(src.line_text(first - 1))) --first;
  if (first == line) return {};
  return comment_lines(src, first, line - 1);
}

void indented(std::string& out, const std::vector<std::string>& lines, const char* pad) {
  for (const auto& l : lines) out += l.empty() ? "\n" : fmt::format("{}{}\n", pad, printable(l));
}

std::string text_of(const SourceFile& src, const Span& s) { return std::string(src.text.substr(s.begin, s.end - s.begin)); }

// The source lines of a step group's steps, as written, their common
// indentation taken off.
std::vector<std::string> step_lines(const SourceFile& src, const ast::Decl& group) {
  std::vector<std::string> out;
  if (group.steps.empty()) return out;
  const std::uint32_t first = src.position(group.steps.front().span.begin).line;
  const std::uint32_t last = src.position(group.steps.back().span.end).line;
  std::size_t indent = std::string::npos;
  for (std::uint32_t l = first; l <= last; ++l) {
    auto t = src.line_text(l);
    if (trimmed(t).empty()) continue;
    indent = std::min(indent, t.find_first_not_of(" \t"));
  }
  for (std::uint32_t l = first; l <= last; ++l) {
    auto t = src.line_text(l);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
    out.emplace_back(t.size() > indent ? t.substr(indent) : std::string_view{});
  }
  return out;
}

}  // namespace

std::string module_doc(const ast::File& file, const SourceFile& src, const std::string& title, const std::string& where) {
  std::string out = fmt::format("{}  ({})\nversion  sha256 {}\n", printable(title), printable(where), sha256_hex(src.text));
  // Every declaration's first offset, to tell the module's comment (parted
  // from the first declaration by a blank line) from that declaration's.
  std::uint32_t first_decl = static_cast<std::uint32_t>(src.text.size());
  for (const auto& d : file.top) first_decl = std::min(first_decl, d.span.begin);
  for (const auto& t : file.templates) first_decl = std::min(first_decl, t.span.begin);
  std::uint32_t head = 0;
  while (head < src.line_starts.size() && is_comment(src.line_text(head + 1))) ++head;
  const bool parted = head > 0 && (head == src.line_starts.size() || src.position(first_decl).line > head + 1);
  if (parted) {
    out += "\n";
    indented(out, comment_lines(src, 1, head), "");
  }
  auto units_section = std::string();
  for (const auto& d : file.top)
    if (d.kind == ast::DeclKind::Unit) units_section += fmt::format("{}{}", units_section.empty() ? "" : ", ", printable(d.name));
  if (!units_section.empty()) out += fmt::format("\nunits: {}\n", units_section);
  for (const auto& d : file.top) {
    if (d.kind == ast::DeclKind::Unit) continue;
    out += fmt::format("\n{} {}\n", ast::decl_kind_name(d.kind), printable(d.name));
    indented(out, doc_above(src, d.span.begin), "  ");
  }
  for (const auto& t : file.templates) {
    out += fmt::format("\ntemplate {}\n", printable(t.name));
    indented(out, doc_above(src, t.span.begin), "  ");
    std::vector<std::vector<std::string>> rows{{"param", "type", "default"}};
    for (const auto& p : t.params)
      rows.push_back({p.name, p.type_name.empty() ? "any" : p.type_name, p.default_value ? text_of(src, p.default_value->span) : "(required)"});
    std::size_t w0 = 0, w1 = 0;
    for (const auto& r : rows) w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
    out += "\n";
    for (const auto& r : rows) out += fmt::format("  {:<{}}  {:<{}}  {}\n", printable(r[0]), w0, printable(r[1]), w1, printable(r[2]));
    std::string declares;
    for (const auto& d : t.body)
      if (d.kind != ast::DeclKind::Steps)
        declares += fmt::format("{}{} {}", declares.empty() ? "" : ", ", ast::decl_kind_name(d.kind), printable(d.name));
    if (!declares.empty()) out += fmt::format("  declares: {}\n", declares);
    // Its waterfall steps, group by group, with the step that places each.
    for (const auto& d : t.body) {
      if (d.kind != ast::DeclKind::Steps) continue;
      out += fmt::format("\n  steps{}  (placed by `steps ALIAS{}` in the deal's waterfall)\n", d.name.empty() ? "" : " " + printable(d.name),
                         d.name.empty() ? "" : "." + printable(d.name));
      indented(out, doc_above(src, d.span.begin), "    ");
      indented(out, step_lines(src, d), "      ");
    }
  }
  return out;
}

}  // namespace sluice::driver
