// One open document: the editor's text (never the file on disk), the
// diagnostics of its last compilation, and the index of the last text that
// parsed, with the compilation that index points into.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "lsp/occurrences.hpp"
#include "lsp/positions.hpp"
#include "lsp/symbol_index.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::lsp {

struct Document {
  std::string uri;
  std::string path;  // from a file:// URI; a made-up name in the working folder otherwise
  std::string text;
  std::int64_t version = 0;
  // The index and the compilation whose sources its spans point into. Kept
  // when an edit breaks the parse, so features still answer mid-typing.
  std::unique_ptr<pipeline::Compiled> indexed;
  SymbolIndex index;
  // Set when the current text checked cleanly: the indexed compilation is of
  // this text and has sema's model, and `names` is its occurrence table.
  // References, rename and semantic tokens need it; while the text has
  // errors they answer nothing rather than guess.
  bool checked = false;
  std::vector<Occurrence> names;

  Document(std::string uri_, std::string text_, std::int64_t version_);

  // Applies one entry of didChange's contentChanges: a whole new text, or
  // (with "range") a replacement of a range given in UTF-16 positions.
  void apply_change(const nlohmann::json& change);

  // Compiles the text through sema and returns the protocol's Diagnostic
  // list: the same diagnostics `sluice check` prints, code and hints
  // included. Refreshes the index when the text parsed.
  nlohmann::json analyze();

  // The URI and the text of a file of the indexed compilation (the document
  // itself or one it imports), or "" when unknown.
  std::string uri_of(std::uint32_t file) const;
  std::string_view indexed_text(std::uint32_t file) const;
  // A span of the indexed compilation as a protocol Range.
  nlohmann::json range_of(const Span& span) const;
  // The document's own file id in the indexed compilation.
  std::uint32_t file_id() const { return indexed && !indexed->program.files.empty() ? indexed->program.files[0].file_id : 0; }
};

// {"line": L, "character": C}
nlohmann::json to_json(Position p);
nlohmann::json range_json(const LineMap& map, std::size_t begin, std::size_t end);

}  // namespace sluice::lsp
