#include "lsp/features.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <set>

#include "lsp/values.hpp"
#include "sema/types.hpp"
#include "vocabulary/functions.hpp"

namespace sluice::lsp {

using nlohmann::json;

namespace {

bool ident_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool ident_start(char c) { return ident_char(c) && !(c >= '0' && c <= '9'); }

// A dotted name ending at `end` (`std.gpu.h100_book`), walking back from
// the last part; empty when a part is not an identifier (`2.20`).
std::vector<std::string> chain_before(std::string_view text, std::size_t start) {
  std::vector<std::string> parts;
  while (start > 1 && text[start - 1] == '.' && ident_char(text[start - 2])) {
    std::size_t e = start - 1, b = e;
    while (b > 0 && ident_char(text[b - 1])) --b;
    if (!ident_start(text[b])) return {};
    parts.insert(parts.begin(), std::string(text.substr(b, e - b)));
    start = b;
  }
  return parts;
}

// The name under the cursor with the parts before it.
struct NameAt {
  std::vector<std::string> chain;  // qualifiers, then the name itself
  std::size_t begin = 0, end = 0;  // the name's bytes
};

std::optional<NameAt> name_at(std::string_view text, std::size_t offset) {
  std::size_t b = std::min(offset, text.size()), e = b;
  while (b > 0 && ident_char(text[b - 1])) --b;
  while (e < text.size() && ident_char(text[e])) ++e;
  if (b == e || !ident_start(text[b])) return std::nullopt;
  NameAt n;
  n.chain = chain_before(text, b);
  if (b > 0 && text[b - 1] == '.' && n.chain.empty()) return std::nullopt;  // `2.5x`
  n.chain.emplace_back(text.substr(b, e - b));
  n.begin = b;
  n.end = e;
  return n;
}

// The hover of a built-in function or process: its usage, its one-line
// doc and its named parameters, from vocabulary/functions.def.
std::string function_hover(const vocab::FunctionInfo& f) {
  std::string md = fmt::format("```sluice\n{}\n```\n\nbuilt-in function `{}`: {}", f.usage, f.name, f.doc);
  for (const auto& p : vocab::params(f.id)) md += fmt::format("\n- `{}:`{} {}", p.name, p.need == vocab::Need::Optional ? " (optional)" : "", p.doc);
  return md;
}

std::string describe(const Declared& d, const std::string& owner) {
  std::string head = d.kind + " `" + d.name + "`";
  if (d.kind == "member" && !owner.empty()) head = "member `" + d.name + "` of " + owner;
  if (!d.type.empty()) head += ": " + d.type;
  if (!d.doc.empty()) head += "\n\n" + d.doc;
  return head;
}

int completion_kind(const std::string& kind) {
  if (kind == "member") return 5;  // Field
  if (kind == "module") return 9;
  if (kind == "unit" || kind == "currency") return 11;
  if (kind == "param") return 21;  // Constant
  if (kind == "let" || kind == "test" || kind == "draw" || kind == "factor" || kind == "built-in value") return 6;
  if (kind == "curve") return 3;  // Function
  if (kind == "trigger") return 23;  // Event
  if (kind == "template") return 22;  // Struct
  if (kind == "template parameter") return 25;
  return 7;  // Class: fleets, leases, tranches, accounts, ...
}

json completion_item(const Declared& d) {
  json item{{"label", d.name}, {"kind", completion_kind(d.kind)}, {"detail", d.type.empty() ? d.kind : d.kind + ": " + d.type}};
  if (!d.doc.empty()) item["documentation"] = d.doc;
  return item;
}

// The registry's property of the construct whose block holds `offset`.
const vocab::PropertyInfo* block_property(const Document& doc, std::size_t offset, const std::string& word) {
  const Declared* owner = doc.index.enclosing_block(offset);
  auto c = owner ? construct_named(owner->kind) : std::nullopt;
  return c ? vocab::property(*c, word) : nullptr;
}

// The declaration sema resolved the name at `offset` to, when the text checks.
const Occurrence* resolved(const Document& doc, std::size_t offset) {
  const Occurrence* o = doc.checked ? occurrence_at(doc.names, doc.file_id(), offset) : nullptr;
  return o && o->role == NameRole::Declared && o->decl.valid() ? o : nullptr;
}

}  // namespace

json hover(const Document& doc, Position at) {
  LineMap map(doc.text);
  auto n = name_at(doc.text, map.offset(at));
  if (!n) return nullptr;
  std::string markdown;
  // A text that checks: what sema resolved the name to. While it does not,
  // the index of the last text that parsed answers.
  if (const Occurrence* o = resolved(doc, n->begin)) {
    markdown = declared_hover(*doc.indexed, *o);
    if (!markdown.empty())
      return json{{"contents", {{"kind", "markdown"}, {"value", markdown}}}, {"range", range_json(map, o->at.begin, o->at.end)}};
  }
  if (const Declared* d = doc.index.resolve(n->chain, n->begin)) {
    // A member's source line names its owner: "tranche `A`".
    if (!d->source_line.empty() && d->kind != "member") markdown = "```sluice\n" + d->source_line + "\n```\n\n";
    markdown += describe(*d, d->kind == "member" ? d->source_line : "");
  } else if (const auto* p = n->chain.size() == 1 ? block_property(doc, n->begin, n->chain.back()) : nullptr) {
    markdown = fmt::format("property `{}`{}: {}", p->word, p->required ? " (required)" : "", p->doc);
  } else if (auto unit = sema::builtin_unit(n->chain.back()); unit && n->chain.size() == 1) {
    markdown = "built-in unit `" + n->chain.back() + "`";
    if (unit->base != n->chain.back()) markdown += fmt::format(" ({} {})", unit->scale, unit->base);
  } else if (auto f = n->chain.size() == 1 ? vocab::lookup(n->chain.back()) : std::nullopt) {
    markdown = function_hover(vocab::info(*f));
  } else {
    return nullptr;
  }
  return json{{"contents", {{"kind", "markdown"}, {"value", markdown}}}, {"range", range_json(map, n->begin, n->end)}};
}

json definition(const Document& doc, Position at) {
  LineMap map(doc.text);
  auto n = name_at(doc.text, map.offset(at));
  if (!n) return nullptr;
  if (const Occurrence* o = resolved(doc, n->begin)) return json{{"uri", doc.uri_of(o->decl.file)}, {"range", doc.range_of(o->decl)}};
  const Declared* d = doc.index.resolve(n->chain, n->begin);
  if (!d || !d->at.valid()) return nullptr;
  std::string uri = doc.uri_of(d->at.file);
  if (uri.empty()) return nullptr;
  return json{{"uri", uri}, {"range", doc.range_of(d->at)}};
}

json completion(const Document& doc, Position at) {
  LineMap map(doc.text);
  std::size_t offset = map.offset(at);
  std::string_view text = doc.text;
  std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
  if (text.substr(line_start, offset - line_start).find("//") != std::string_view::npos) return json::array();  // a comment
  std::size_t b = offset;
  while (b > 0 && ident_char(text[b - 1])) --b;
  json items = json::array();
  if (b > 0 && text[b - 1] == '.') {
    // `X.`: the members of what X names.
    auto chain = chain_before(text, b);
    if (chain.empty()) return items;
    if (const Declared* d = doc.index.resolve(chain, b - 1))
      for (const auto& m : d->members) items.push_back(completion_item(m));
    return json{{"isIncomplete", false}, {"items", items}};
  }
  std::set<std::string> seen;
  auto add = [&](const Declared& d) {
    if (seen.insert(d.name).second) items.push_back(completion_item(d));
  };
  for (const auto& d : doc.index.names)
    if (doc.index.lookup(d.name, offset) == &d) add(d);
  if (const Declared* owner = doc.index.enclosing_block(offset)) {
    for (const auto& m : owner->members) add(m);
    // The block's own properties, from the registry (a word already offered
    // as a member, `units`, stays a member).
    if (auto c = construct_named(owner->kind))
      for (const auto* p : vocab::properties_of(*c))
        if (seen.insert(std::string(p->word)).second)
          items.push_back(json{{"label", p->word}, {"kind", 10}, {"detail", "property"}, {"documentation", p->doc}});
  }
  for (const auto& f : vocab::functions())
    if (seen.insert(std::string(f.name)).second)
      items.push_back(json{{"label", f.name}, {"kind", 3}, {"detail", "built-in function"}, {"documentation", fmt::format("{}: {}", f.usage, f.doc)}});
  for (const auto& k : keywords())
    if (seen.insert(k).second) items.push_back(json{{"label", k}, {"kind", 14}});
  return json{{"isIncomplete", false}, {"items", items}};
}

json document_symbols(const Document& doc) {
  if (!doc.indexed || doc.indexed->program.files.empty()) return json::array();
  LineMap map(doc.indexed_text(doc.indexed->program.files[0].file_id));
  auto convert = [&](const auto& self, const OutlineItem& it) -> json {
    json s{{"name", it.name},
           {"kind", it.symbol_kind},
           {"range", range_json(map, it.range.begin, it.range.end)},
           {"selectionRange", range_json(map, it.selection.begin, it.selection.end)}};
    if (!it.detail.empty()) s["detail"] = it.detail;
    json kids = json::array();
    for (const auto& c : it.children) kids.push_back(self(self, c));
    if (!kids.empty()) s["children"] = kids;
    return s;
  };
  json out = json::array();
  for (const auto& it : doc.index.outline) out.push_back(convert(convert, it));
  return out;
}

}  // namespace sluice::lsp
