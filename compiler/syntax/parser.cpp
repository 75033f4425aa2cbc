// The syntax phase: validates the bytes, runs the PEGTL grammar into a parse
// tree, turns PEGTL errors into located diagnostics, and builds the AST.
// PEGTL exceptions never leave this folder.
#include "syntax/parser.hpp"

#include <fmt/format.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include "syntax/actions.hpp"
#include "syntax/build_ast.hpp"
#include "syntax/errors.hpp"

namespace sluice::syntax {

namespace pg = tao::pegtl;

namespace {

// Returns the offset of the first byte that is not valid UTF-8 text, or npos.
std::size_t first_invalid_byte(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return i;
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    // Well-formed only (RFC 3629): no overlong forms, UTF-16 surrogates or code points past U+10FFFF.
    const auto c1 = n > 1 ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC0 || c == 0xC1 || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 >= 0x90) || c > 0xF4)
      return i;
    i += n;
  }
  return std::string_view::npos;
}

struct ScopedUnits {
  explicit ScopedUnits(const UnitContext* u) {
    current_units = u;
    current_depth = 0;
  }
  ~ScopedUnits() {
    current_units = nullptr;
    current_depth = 0;
  }
};

void report_parse_error(const pg::parse_error& e, std::uint32_t file_id, const SourceManager& sm, Diagnostics& diags) {
  std::string msg(e.message());
  DiagCode code = DiagCode::SyntaxUnexpected;
  if (msg.size() > 6 && msg[0] == 'E' && msg[5] == '|') {
    int num = std::stoi(msg.substr(1, 4));
    msg = msg.substr(6);
#define DIAG(n, name, summary) \
  if (num == n) code = DiagCode::name;
#include "diagnostics/codes.def"
#undef DIAG
  } else {
    msg = "cannot read the deal here";
  }
  std::uint32_t at = e.positions().empty() ? 0 : static_cast<std::uint32_t>(e.positions().front().byte);
  const auto& text = sm.file(file_id).text;
  // A rule that failed just past a word (`day_count actual`) blames the word.
  auto is_word = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  if (code != DiagCode::UnterminatedString && code != DiagCode::UnterminatedComment && at > 0 && at <= text.size() && (at == text.size() || std::isspace(static_cast<unsigned char>(text[at]))) && is_word(text[at - 1]))
    while (at > 0 && is_word(text[at - 1])) --at;
  // Point at the whole offending token, not one character.
  std::uint32_t end = at;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (end < text.size() && word(text[end])) ++end;
  if (end == at && at < text.size()) ++end;
  std::string found;
  if (at >= text.size()) found = "the end of the file";
  else if (text[at] == '\n' || text[at] == '\r') found = "the end of the line";
  else found = fmt::format("`{}`", std::string_view(text).substr(at, end - at));
  std::string label = code == DiagCode::UnknownUnit ? "not a declared unit" : "found " + found;
  auto& d = diags.error(code, Span{file_id, at, end}, msg, label);
  if (code == DiagCode::UnknownUnit) {
    std::string unit(text.substr(at, end - at));
    d.hints.push_back(fmt::format("declare it in the deal (`unit {}`), or check its spelling", unit));
  } else if (code == DiagCode::TooDeep) {
    d.hints.push_back("split the expression into `let` declarations");
  } else if (code == DiagCode::ExpectedClose || code == DiagCode::SyntaxUnexpected) {
    if (at < text.size() && word(text[at]))
      d.hints.push_back("each statement starts with a keyword (let, test, tranche, ...) or, inside a block, a property name");
  }
}

}  // namespace

std::optional<ast::File> parse(std::uint32_t file_id, const SourceManager& sm, Diagnostics& diags) {
  const SourceFile& f = sm.file(file_id);
  if (f.text.size() > kMaxFileBytes) {
    diags.error(DiagCode::TooLarge, Span{file_id, 0, 0},
                fmt::format("the file is over {} bytes (4 MiB), the limit for deal files", kMaxFileBytes));
    return std::nullopt;
  }
  if (auto bad = first_invalid_byte(f.text); bad != std::string_view::npos) {
    auto b = static_cast<std::uint32_t>(bad);
    diags.error(DiagCode::NotText, Span{file_id, b, b + 1},
                fmt::format("byte 0x{:02x} is not UTF-8 text: this does not look like a deal file",
                            static_cast<unsigned char>(f.text[bad])))
        .hints.push_back("deal files are plain UTF-8 text, such as examples/gpu_lease_abs/gpu_lease_abs.deal");
    return std::nullopt;
  }
  UnitContext units = collect_units(f.text);
  ScopedUnits scope(&units);
  pg::memory_input<> in(f.text, f.path);
  try {
    auto root = pt::parse<grammar::file, selector, pg::nothing, control>(in);
    if (!root) {
      diags.error(DiagCode::SyntaxUnexpected, Span{file_id, 0, 0}, "cannot read the deal");
      return std::nullopt;
    }
    AstBuilder builder(file_id, sm, diags);
    ast::File out = builder.file(*root);
    if (diags.has_errors()) return std::nullopt;
    return out;
  } catch (const pg::parse_error& e) {
    report_parse_error(e, file_id, sm, diags);
    return std::nullopt;
  }
}


ast::ExprPtr parse_expression(std::uint32_t file_id, const SourceManager& sm, const UnitContext& units,
                              Diagnostics& diags) {
  const SourceFile& f = sm.file(file_id);
  ScopedUnits scope(&units);
  pg::memory_input<> in(f.text, f.path);
  try {
    auto root = pt::parse<grammar::standalone_expr, selector, pg::nothing, control>(in);
    if (!root || root->children.empty()) {
      diags.error(DiagCode::ExpectedExpression, Span{file_id, 0, static_cast<std::uint32_t>(f.text.size())},
                  "expected a value");
      return nullptr;
    }
    AstBuilder builder(file_id, sm, diags);
    auto e = builder.expr(*root->children.front());
    if (diags.has_errors()) return nullptr;
    return e;
  } catch (const pg::parse_error& e) {
    report_parse_error(e, file_id, sm, diags);
    return nullptr;
  }
}

std::size_t analyze_grammar() { return pg::analyze<grammar::file>(-1); }

bool grammar::is_reserved_word(std::string_view w) {
  pg::memory_input<> in(w.data(), w.size(), "");
  return pg::parse<pg::seq<grammar::reserved, pg::eof>>(in);
}

}  // namespace sluice::syntax
