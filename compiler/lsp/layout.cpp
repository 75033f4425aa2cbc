#include "lsp/layout.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <filesystem>

#include "format/format.hpp"
#include "format/layout.hpp"
#include "lsp/rename.hpp"
#include "sema/imports.hpp"
#include "syntax/parser.hpp"
#include "vocabulary/functions.hpp"

namespace sluice::lsp {

using nlohmann::json;

json formatting(const Document& doc) {
  SourceManager sm;
  const auto id = sm.add(doc.path, "", doc.text);
  Diagnostics diags;
  const format::Formatted r = format::format_file(id, sm, diags);
  if (!r.internal.empty()) throw RequestFailed("sluice fmt refused its own layout of this text (please report it): " + r.internal);
  if (!r.text || *r.text == doc.text) return json::array();
  // fmt changes whitespace only: one edit, from the first line that differs
  // to the last, keeps the editor's cursor and undo steps where they were.
  auto lines = [](std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t b = 0; b < s.size();) {
      std::size_t e = s.find('\n', b);
      e = e == std::string_view::npos ? s.size() : e + 1;
      out.push_back(s.substr(b, e - b));
      b = e;
    }
    return out;
  };
  const auto before = lines(doc.text), after = lines(*r.text);
  std::size_t head = 0, tail = 0, head_bytes = 0, tail_before = 0, tail_after = 0;
  while (head < before.size() && head < after.size() && before[head] == after[head]) head_bytes += before[head++].size();
  while (tail + head < before.size() && tail + head < after.size() && before[before.size() - 1 - tail] == after[after.size() - 1 - tail]) {
    tail_before += before[before.size() - 1 - tail].size();
    tail_after += after[after.size() - 1 - tail].size();
    ++tail;
  }
  LineMap map(doc.text);
  const std::size_t end = doc.text.size() - tail_before;
  return json::array({json{{"range", range_json(map, head_bytes, end)},
                           {"newText", r.text->substr(head_bytes, r.text->size() - tail_after - head_bytes)}}});
}

namespace {

enum TokenType { Namespace, Type, Class, Struct, Parameter, Variable, Property, EnumMember, Event, Function, Keyword, Comment, String, Number, Operator };
const char* const kTypes[] = {"namespace", "type", "class", "struct", "parameter", "variable", "property", "enumMember",
                              "event", "function", "keyword", "comment", "string", "number", "operator"};
enum Modifier { Declaration = 1, Readonly = 2, DefaultLibrary = 4 };
const char* const kModifiers[] = {"declaration", "readonly", "defaultLibrary"};

struct Tok {
  std::size_t begin, end;
  int type, modifiers;
};

// What a resolved name is, by the language's word for its declaration.
std::pair<int, int> classify(const Occurrence& o) {
  switch (o.role) {
    case NameRole::Module: return {Namespace, 0};
    case NameRole::Member: return {Property, 0};
    case NameRole::Builtin: return {Variable, DefaultLibrary | Readonly};
    case NameRole::Function: return {Function, DefaultLibrary};
    case NameRole::Declared: break;
  }
  const int decl = o.declaration ? Declaration : 0;
  const std::string& k = o.kind;
  if (k == "param") return {Variable, decl | Readonly};
  if (k == "let" || k == "test" || k == "draw" || k == "factor") return {Variable, decl};
  if (k == "holiday list") return {Variable, decl | Readonly};
  if (k == "curve") return {Function, decl};
  if (k == "trigger") return {Event, decl};
  if (k == "template") return {Struct, decl};
  if (k == "template parameter") return {Parameter, decl};
  return {Class, decl};  // fleets, leases, tranches, accounts, instances, waterfalls
}

bool in_stdlib(const Document& doc, std::uint32_t file) {
  if (!doc.indexed || file >= doc.indexed->sources.size()) return false;
  std::error_code ec;
  auto root = std::filesystem::weakly_canonical(doc.indexed->program.stdlib_dir, ec);
  const auto& real = doc.indexed->sources.file(file).real_path;
  return !ec && !real.empty() && sema::inside_folder(root, std::filesystem::path(real));
}

// Words whose role the syntax tree of the current text gives: a block's
// property names (`balance`, `coupon`), the deal's setting names (`period`
// is also a unit), and the module names of imports.
std::map<std::size_t, int> syntax_roles(const Document& doc) {
  std::map<std::size_t, int> out;
  if (!doc.indexed || doc.indexed->program.files.empty() || doc.indexed_text(doc.file_id()) != doc.text) return out;
  const ast::File& f = doc.indexed->program.files[0];
  auto add = [&](const std::vector<ast::Decl>& decls) {
    for (const auto& d : decls)
      if (d.kind != ast::DeclKind::Use)  // a `use`'s words are template parameters: occurrences
        for (const auto& p : d.props) out[p.name_span.begin] = Property;
  };
  for (const auto& t : f.templates) add(t.body);
  for (const auto& deal : f.deals) {
    add(deal.decls);
    for (const auto& st : deal.settings) {
      out[st.span.begin] = Keyword;
      if (!st.value && st.value_span.valid() && st.value_span.begin < doc.text.size() && std::isalpha(static_cast<unsigned char>(doc.text[st.value_span.begin])))
        out.emplace(st.value_span.begin, EnumMember);  // `monthly`, `USD`, `weekdays`
    }
  }
  std::string_view text = doc.text;
  for (const auto& im : f.imports)
    for (std::size_t i = im.span.begin; i < im.span.end && i < text.size();) {
      if (text[i] == '"') break;  // a quoted path: a string
      if (!std::isalpha(static_cast<unsigned char>(text[i])) && text[i] != '_') {
        ++i;
        continue;
      }
      std::size_t b = i;
      while (i < im.span.end && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
      const auto w = text.substr(b, i - b);
      out[b] = w == "import" || w == "as" ? Keyword : Namespace;
    }
  return out;
}

}  // namespace

json semantic_tokens_legend() { return json{{"tokenTypes", kTypes}, {"tokenModifiers", kModifiers}}; }

json semantic_tokens(const Document& doc) {
  const auto units = syntax::collect_units(doc.text);
  const format::Lexed lexed = format::lex(doc.text, units.names);
  const auto roles = syntax_roles(doc);
  const std::uint32_t file = doc.file_id();
  std::vector<Tok> toks;
  for (std::size_t i = 0; i < lexed.tokens.size(); ++i) {
    const format::Token& t = lexed.tokens[i];
    using K = format::TokKind;
    switch (t.kind) {
      case K::LineComment:
      case K::BlockComment: toks.push_back({t.begin, t.end, Comment, 0}); break;
      case K::String: toks.push_back({t.begin, t.end, String, 0}); break;
      case K::Number:
      case K::Date: toks.push_back({t.begin, t.end, Number, 0}); break;
      case K::DayCount: toks.push_back({t.begin, t.end, EnumMember, 0}); break;
      case K::UnitExpr: toks.push_back({t.begin, t.end, Type, 0}); break;
      case K::Op:
        if (t.text.find_first_of("+-*/<>=!") != std::string_view::npos) toks.push_back({t.begin, t.end, Operator, 0});
        break;
      case K::Word: {
        const std::string w(t.text);
        if (const Occurrence* o = doc.checked ? occurrence_at(doc.names, file, t.begin) : nullptr; o && o->at.begin == t.begin) {
          auto [type, mods] = classify(*o);
          if (o->role == NameRole::Declared && o->decl.file != file && in_stdlib(doc, o->decl.file)) mods |= DefaultLibrary;
          toks.push_back({t.begin, t.end, type, mods});
        } else if (auto r = roles.find(t.begin); r != roles.end()) {
          toks.push_back({t.begin, t.end, r->second, 0});
        } else if (units.names.count(w)) {
          toks.push_back({t.begin, t.end, Type, 0});
        } else if (syntax::grammar::is_reserved_word(w) || std::find(keywords().begin(), keywords().end(), w) != keywords().end()) {
          toks.push_back({t.begin, t.end, Keyword, 0});
        } else if (vocab::lookup(w) && i + 1 < lexed.tokens.size() && lexed.tokens[i + 1].is("(")) {
          toks.push_back({t.begin, t.end, Function, DefaultLibrary});
        }
        break;
      }
    }
  }
  // The protocol's encoding: each token relative to the one before, one
  // line at a time (a block comment over three lines is three tokens).
  LineMap map(doc.text);
  json data = json::array();
  Position prev{0, 0};
  auto emit = [&](std::size_t b, std::size_t e, int type, int mods) {
    if (e <= b) return;
    const Position p = map.position(b);
    const std::uint32_t len = utf16_length(std::string_view(doc.text).substr(b, e - b));
    data.push_back(p.line - prev.line);
    data.push_back(p.line == prev.line ? p.character - prev.character : p.character);
    data.push_back(len);
    data.push_back(type);
    data.push_back(mods);
    prev = p;
  };
  for (const Tok& t : toks)
    for (std::size_t b = t.begin; b < t.end;) {
      if (b > t.begin)  // a continued line starts at its text, not its indentation
        while (b < t.end && (doc.text[b] == ' ' || doc.text[b] == '\t')) ++b;
      std::size_t e = doc.text.find('\n', b);
      e = e == std::string::npos || e > t.end ? t.end : e;
      std::size_t shown = e;
      while (shown > b && doc.text[shown - 1] == '\r') --shown;
      emit(b, shown, t.type, t.modifiers);
      b = e + 1;
    }
  return json{{"data", data}};
}

}  // namespace sluice::lsp
