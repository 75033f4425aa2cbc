#include "lsp/rename.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

#include "sema/imports.hpp"
#include "syntax/parser.hpp"
#include "vocabulary/functions.hpp"

namespace sluice::lsp {

using nlohmann::json;

namespace {

bool ident_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 200 || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), ident_char);
}

std::string word_at(std::string_view text, std::size_t offset) {
  std::size_t b = std::min(offset, text.size()), e = b;
  while (b > 0 && ident_char(text[b - 1])) --b;
  while (e < text.size() && ident_char(text[e])) ++e;
  return std::string(text.substr(b, e - b));
}

bool same_decl(const Span& a, const Span& b) { return a.file == b.file && a.begin == b.begin; }

bool is_keyword(const std::string& w) {
  if (syntax::grammar::is_reserved_word(w)) return true;
  const auto& k = keywords();
  return std::find(k.begin(), k.end(), w) != k.end();
}

bool is_builtin_value(const std::string& w) {
  const auto& b = builtin_values();
  return std::find(b.begin(), b.end(), w) != b.end();
}

// Why a word that names no declaration cannot be renamed.
std::string not_renamable(const Document& doc, const std::string& w) {
  if (w.empty()) return "there is no name here to rename";
  if (is_keyword(w)) return fmt::format("`{}` is a keyword of the language; it cannot be renamed", w);
  if (vocab::lookup(w)) return fmt::format("`{}` is a built-in function; it cannot be renamed", w);
  if (is_builtin_value(w)) return fmt::format("`{}` is a built-in value; it cannot be renamed", w);
  if (sema::builtin_unit(w) || syntax::collect_units(doc.text).names.count(w)) return fmt::format("`{}` is a unit; units cannot be renamed", w);
  return fmt::format("`{}` is not a name the deal declares (a property or a setting?); only declared names can be renamed", w);
}

bool in_stdlib(const pipeline::Compiled& c, std::uint32_t file) {
  std::error_code ec;
  auto root = std::filesystem::weakly_canonical(c.program.stdlib_dir, ec);
  if (ec || file >= c.sources.size() || c.sources.file(file).real_path.empty()) return false;
  return sema::inside_folder(root, std::filesystem::path(c.sources.file(file).real_path));
}

// The declared name at `at`, or RequestFailed saying why there is none.
const Occurrence& renamable(const Document& doc, Position at) {
  LineMap map(doc.text);
  const std::size_t offset = map.offset(at);
  if (!doc.checked) throw RequestFailed("the deal has errors; fix them first, so that every use of the name is known");
  const Occurrence* o = occurrence_at(doc.names, doc.file_id(), offset);
  const std::string w = word_at(doc.text, offset);
  if (!o) throw RequestFailed(not_renamable(doc, w));
  switch (o->role) {
    case NameRole::Function: throw RequestFailed(fmt::format("`{}` is a built-in function; it cannot be renamed", w));
    case NameRole::Builtin: throw RequestFailed(fmt::format("`{}` is a built-in value; it cannot be renamed", w));
    case NameRole::Member: throw RequestFailed(fmt::format("`{}` is a member the language defines; only declared names can be renamed", w));
    case NameRole::Module:
      throw RequestFailed(fmt::format("`{}` names a module, after its file; import it `as` another name instead", w));
    case NameRole::Declared: break;
  }
  if (in_stdlib(*doc.indexed, o->decl.file))
    throw RequestFailed(fmt::format("`{}` is declared in the standard library ({}), which is read-only", w, doc.indexed->sources.file(o->decl.file).path));
  return *o;
}

// Why `name` cannot be the new name, or "".
std::string refuse_new_name(const Document& doc, const std::string& name) {
  if (!is_identifier(name)) return fmt::format("`{}` is not a name: a name is a letter or `_`, then letters, digits and `_`", name);
  if (is_keyword(name)) return fmt::format("`{}` is a keyword of the language", name);
  if (vocab::lookup(name)) return fmt::format("`{}` is a built-in function", name);
  if (is_builtin_value(name)) return fmt::format("`{}` is a built-in value", name);
  if (sema::builtin_unit(name) || syntax::collect_units(doc.text).names.count(name)) return fmt::format("`{}` is a unit", name);
  // Taken anywhere in the program: refused even where no scope would clash,
  // since a name declared twice reads badly in any case.
  if (auto taken = declared_as(*doc.indexed, name); !taken.empty()) return fmt::format("`{}` is already declared ({})", name, taken);
  return "";
}

// The renamed document checks, and every name in it resolves to the same
// declaration as before (at its shifted place): nothing was captured.
void verify(const Document& doc, const Occurrence& target, const std::vector<Span>& spans, const std::string& new_name) {
  const std::uint32_t file = doc.file_id();
  std::string text = doc.text;
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) text.replace(it->begin, it->end - it->begin, new_name);
  const long delta = static_cast<long>(new_name.size()) - static_cast<long>(target.at.end - target.at.begin);
  auto moved = [&](const Span& s) {
    if (s.file != file) return std::pair<std::uint32_t, long>{s.file, s.begin};
    long before = 0;
    for (const Span& e : spans) before += e.begin < s.begin ? 1 : 0;
    return std::pair<std::uint32_t, long>{s.file, static_cast<long>(s.begin) + before * delta};
  };
  pipeline::Compiled after;
  pipeline::compile_text(after, doc.path, std::move(text), {}, "sema");
  if (!after.model) {
    std::string why = after.diags.all().empty() ? "" : ": " + after.diags.all().front().message;
    throw RequestFailed(fmt::format("after renaming to `{}` the deal would not check{}", new_name, why));
  }
  using Key = std::tuple<std::uint32_t, long, std::uint32_t, long>;
  std::set<Key> want, got;
  for (const auto& o : doc.names)
    if (o.role == NameRole::Declared) {
      auto [f, b] = moved(o.at);
      auto [df, db] = moved(o.decl);
      want.insert(Key{f, b, df, db});
    }
  for (const auto& o : occurrences(after))
    if (o.role == NameRole::Declared) got.insert(Key{o.at.file, o.at.begin, o.decl.file, o.decl.begin});
  if (want != got) throw RequestFailed(fmt::format("renaming to `{}` would change what another name in the deal refers to", new_name));
}

}  // namespace

json references(const Document& doc, Position at, bool include_declaration) {
  if (!doc.checked) return nullptr;
  LineMap map(doc.text);
  const Occurrence* o = occurrence_at(doc.names, doc.file_id(), map.offset(at));
  if (!o || o->role != NameRole::Declared) return nullptr;
  json out = json::array();
  for (const auto& n : doc.names)
    if (n.role == NameRole::Declared && same_decl(n.decl, o->decl) && (include_declaration || !n.declaration))
      out.push_back(json{{"uri", doc.uri_of(n.at.file)}, {"range", doc.range_of(n.at)}});
  return out;
}

json prepare_rename(const Document& doc, Position at) {
  const Occurrence& o = renamable(doc, at);
  return json{{"range", doc.range_of(o.at)}, {"placeholder", std::string(doc.indexed_text(o.at.file).substr(o.at.begin, o.at.end - o.at.begin))}};
}

json rename(const Document& doc, Position at, const std::string& new_name) {
  const Occurrence& o = renamable(doc, at);
  const std::string old_name(doc.indexed_text(o.at.file).substr(o.at.begin, o.at.end - o.at.begin));
  json changes = json::object();
  if (new_name == old_name) return json{{"changes", changes}};
  if (auto why = refuse_new_name(doc, new_name); !why.empty()) throw RequestFailed(fmt::format("cannot rename `{}` to `{}`: {}", old_name, new_name, why));
  std::map<std::uint32_t, std::vector<Span>> by_file;
  for (const auto& n : doc.names)
    if (n.role == NameRole::Declared && same_decl(n.decl, o.decl)) by_file[n.at.file].push_back(n.at);
  if (by_file.size() == 1 && by_file.begin()->first == doc.file_id()) verify(doc, o, by_file.begin()->second, new_name);
  for (const auto& [file, spans] : by_file) {
    if (in_stdlib(*doc.indexed, file)) throw RequestFailed(fmt::format("`{}` is also used in the standard library, which is read-only", old_name));
    json edits = json::array();
    for (const Span& s : spans) edits.push_back(json{{"range", doc.range_of(s)}, {"newText", new_name}});
    changes[doc.uri_of(file)] = std::move(edits);
  }
  return json{{"changes", changes}};
}

}  // namespace sluice::lsp
