// References and rename, on the occurrence table of the last text that
// checked cleanly (occurrences.hpp): the uses of a declaration are the names
// sema resolved to it, in the document and in the files it imports.
#pragma once
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "lsp/document.hpp"

namespace sluice::lsp {

// A request the server understood but refuses (LSP's RequestFailed, -32803):
// renaming a keyword, or to a name that is taken. The message is for the user.
struct RequestFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// textDocument/references: Location[], or null when the position names no
// declaration (or the text does not check).
nlohmann::json references(const Document& doc, Position at, bool include_declaration);

// textDocument/prepareRename: {range, placeholder}; throws RequestFailed
// with the reason when the name cannot be renamed.
nlohmann::json prepare_rename(const Document& doc, Position at);

// textDocument/rename: a WorkspaceEdit renaming every occurrence; throws
// RequestFailed when the name or the new name is refused, or when the
// renamed deal would not check or would resolve some name differently.
nlohmann::json rename(const Document& doc, Position at, const std::string& new_name);

}  // namespace sluice::lsp
