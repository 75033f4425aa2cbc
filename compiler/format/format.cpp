// Formatting one file: parse it (a file that does not parse is reported as
// `sluice check` reports it), lex it, print it, then check the result before
// anyone sees it. The check is what makes "never changes meaning" a property
// rather than a hope: the output must lex to the same tokens with line
// breaks in the same places, parse, and dump to the same syntax tree
// (positions aside) as the input.
#include "format/format.hpp"

#include "format/layout.hpp"
#include "syntax/parser.hpp"

namespace sluice::format {

namespace {

// `sluice ast` text without its `@line:col` positions.
std::string dump_without_positions(const ast::File& f, const SourceManager& sm) {
  std::string d = ast::dump(f, sm), out;
  out.reserve(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] == '@') {
      std::size_t j = i + 1;
      while (j < d.size() && ((d[j] >= '0' && d[j] <= '9') || d[j] == ':')) ++j;
      if (j > i + 1) {
        i = j - 1;
        continue;
      }
    }
    out += d[i];
  }
  return out;
}

// Same tokens, same spelling, a line break before the same ones.
std::string compare_tokens(const Lexed& a, const Lexed& b) {
  if (!b.ok) return "the result holds a character the lexer cannot read";
  if (a.tokens.size() != b.tokens.size()) return "the result has a different number of tokens";
  for (std::size_t i = 0; i < a.tokens.size(); ++i) {
    const Token& x = a.tokens[i];
    const Token& y = b.tokens[i];
    if (x.kind != y.kind || x.text != y.text)
      return "token " + std::to_string(i + 1) + " (`" + std::string(x.text) + "`) is read differently";
    if ((x.newlines_before > 0) != (y.newlines_before > 0))
      return "a line break moved near `" + std::string(x.text) + "`";
  }
  return {};
}

}  // namespace

Formatted format_file(std::uint32_t file_id, const SourceManager& sm, Diagnostics& diags) {
  Formatted result;
  auto tree = syntax::parse(file_id, sm, diags);
  if (!tree) return result;
  const SourceFile& sf = sm.file(file_id);
  const std::string_view source = sf.text;

  const Lexed before = lex(source, syntax::collect_units(source).names);
  if (!before.ok) {
    result.internal = "the file holds a character the formatter's lexer cannot read";
    return result;
  }
  const Structure structure = collect_structure(*tree, before.tokens);
  std::string text = print(source, before, structure);

  // The self-check, on a copy of the result in a source manager of its own.
  SourceManager again;
  const auto id = again.add(sf.path, sf.real_path, text);
  const std::string_view printed = again.file(id).text;
  result.internal = compare_tokens(before, lex(printed, syntax::collect_units(printed).names));
  if (!result.internal.empty()) return result;
  Diagnostics quiet;
  auto reparsed = syntax::parse(id, again, quiet);
  if (!reparsed) {
    result.internal = "the result does not parse";
    return result;
  }
  if (dump_without_positions(*tree, sm) != dump_without_positions(*reparsed, again)) {
    result.internal = "the result parses to a different syntax tree";
    return result;
  }
  result.text = std::move(text);
  return result;
}

}  // namespace sluice::format
