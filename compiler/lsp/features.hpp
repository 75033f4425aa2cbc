// The editor's questions about a document, answered from its text (what is
// under or before the cursor) and its index (what names mean). Each returns
// the protocol's result object, or null when there is nothing to say.
#pragma once
#include <nlohmann/json.hpp>

#include "lsp/document.hpp"

namespace sluice::lsp {

nlohmann::json hover(const Document& doc, Position at);
nlohmann::json definition(const Document& doc, Position at);
nlohmann::json completion(const Document& doc, Position at);
nlohmann::json document_symbols(const Document& doc);

}  // namespace sluice::lsp
