#include "lsp/document.hpp"

#include <filesystem>

namespace sluice::lsp {

using nlohmann::json;

json to_json(Position p) { return json{{"line", p.line}, {"character", p.character}}; }

json range_json(const LineMap& map, std::size_t begin, std::size_t end) {
  if (end < begin) end = begin;
  return json{{"start", to_json(map.position(begin))}, {"end", to_json(map.position(end))}};
}

Document::Document(std::string uri_, std::string text_, std::int64_t version_)
    : uri(std::move(uri_)), text(std::move(text_)), version(version_) {
  path = uri_to_path(uri);
  if (path.empty()) {
    // An untitled buffer: it is compiled as if it sat in the working folder.
    std::error_code ec;
    path = (std::filesystem::current_path(ec) / "untitled.deal").string();
  }
}

void Document::apply_change(const json& change) {
  std::string replacement = change.at("text").get<std::string>();
  if (!change.contains("range") || change["range"].is_null()) {
    text = std::move(replacement);
    return;
  }
  const auto& r = change.at("range");
  LineMap map(text);
  auto pos = [&](const json& p) {
    return map.offset(Position{p.at("line").get<std::uint32_t>(), p.at("character").get<std::uint32_t>()});
  };
  std::size_t b = pos(r.at("start")), e = pos(r.at("end"));
  if (e < b) std::swap(b, e);
  text.replace(b, e - b, replacement);
}

namespace {

// The document's import that reads `file` directly, to show a problem in an
// imported file on the line that imports it; none for deeper imports.
Span import_of(const pipeline::Compiled& c, std::uint32_t file) {
  if (c.program.files.empty() || file >= c.sources.size()) return Span::none();
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto& doc = c.program.files[0];
  const fs::path dir = fs::path(c.sources.file(doc.file_id).real_path).parent_path();
  const fs::path want = fs::path(c.sources.file(file).real_path);
  for (const auto& im : doc.imports) {
    fs::path target = im.module.size() == 2 ? fs::path(c.program.stdlib_dir) / "std" / (im.module[1] + ".deal")
                      : im.module.empty()   ? dir / im.file
                                            : fs::path();
    if (!target.empty() && fs::equivalent(target, want, ec)) return im.span;
  }
  return Span::none();
}

}  // namespace

json Document::analyze() {
  auto c = std::make_unique<pipeline::Compiled>();
  pipeline::compile_text(*c, path, text, {}, "sema");
  const std::uint32_t doc_file = 0;  // compile_text adds the document first
  LineMap map(text);
  json out = json::array();
  for (const auto& d : c->diags.all()) {
    Span at = d.labels.empty() ? Span::none() : d.labels.front().span;
    for (const auto& l : d.labels)
      if (l.primary) {
        at = l.span;
        break;
      }
    std::string message = d.message;
    if (!d.labels.empty() && !d.labels.front().text.empty()) message += " (" + d.labels.front().text + ")";
    for (const auto& h : d.hints) message += "\nhint: " + h;
    json related = json::array();
    auto location = [&](const Span& s) -> json {
      if (s.file == doc_file) return json{{"uri", uri}, {"range", range_json(map, s.begin, s.end)}};
      const auto& f = c->sources.file(s.file);
      LineMap other(f.text);
      return json{{"uri", path_to_uri(f.real_path.empty() ? f.path : f.real_path)}, {"range", range_json(other, s.begin, s.end)}};
    };
    json range = range_json(map, 0, 0);
    if (at.valid() && at.file < c->sources.size()) {
      if (at.file == doc_file) {
        range = range_json(map, at.begin, at.end);
      } else {
        // In an imported file: shown on the import (or the document's first
        // line), with the place itself as related information.
        const auto& f = c->sources.file(at.file);
        if (Span im = import_of(*c, at.file); im.valid()) range = range_json(map, im.begin, im.end);
        auto lc = f.position(at.begin);
        message = f.path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + message;
        related.push_back(json{{"location", location(at)}, {"message", d.message}});
      }
    }
    for (std::size_t i = 0; i < d.labels.size(); ++i) {
      const auto& l = d.labels[i];
      if (l.primary || i == 0 || !l.span.valid() || l.span.file >= c->sources.size()) continue;
      related.push_back(json{{"location", location(l.span)}, {"message", l.text.empty() ? "see here" : l.text}});
    }
    json diag{{"range", range},
              {"severity", d.severity == Severity::Error ? 1 : d.severity == Severity::Warning ? 2 : 3},
              {"code", diag_code_text(d.code)},
              {"source", "sluice"},
              {"message", message}};
    if (!related.empty()) diag["relatedInformation"] = related;
    out.push_back(std::move(diag));
  }
  checked = false;
  names.clear();
  if (!c->program.files.empty()) {
    index = build_index(*c, indexed ? &index : nullptr);
    indexed = std::move(c);
    if (indexed->model) {
      names = occurrences(*indexed);
      checked = true;
    }
  }
  return out;
}

std::string Document::uri_of(std::uint32_t file) const {
  if (!indexed || file >= indexed->sources.size()) return "";
  if (!indexed->program.files.empty() && file == indexed->program.files[0].file_id) return uri;
  const auto& f = indexed->sources.file(file);
  return path_to_uri(f.real_path.empty() ? f.path : f.real_path);
}

std::string_view Document::indexed_text(std::uint32_t file) const {
  if (!indexed || file >= indexed->sources.size()) return {};
  return indexed->sources.file(file).text;
}

json Document::range_of(const Span& span) const {
  LineMap map(indexed_text(span.file));
  return range_json(map, span.begin, span.end);
}

}  // namespace sluice::lsp
