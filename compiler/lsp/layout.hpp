// What the editor shows of the text's shape: formatting in `sluice fmt`'s
// layout, and semantic tokens (the formatter's lexer for literals, comments
// and keywords; sema's occurrence table for what each name is).
#pragma once
#include <nlohmann/json.hpp>

#include "lsp/document.hpp"

namespace sluice::lsp {

// textDocument/formatting: the TextEdits that turn the text into `sluice
// fmt`'s output ([] when it already is, or when the text does not parse:
// the diagnostics say why). Throws RequestFailed when the formatter's
// self-check refuses its result, as `sluice fmt` exits 70.
nlohmann::json formatting(const Document& doc);

// The legend the server advertises for semantic tokens.
nlohmann::json semantic_tokens_legend();
// textDocument/semanticTokens/full: {"data": [...]} in the protocol's
// relative encoding (one token a line part; UTF-16 columns).
nlohmann::json semantic_tokens(const Document& doc);

}  // namespace sluice::lsp
