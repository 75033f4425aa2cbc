// The document's outline for textDocument/documentSymbol: imports, units,
// curves, templates (their parameters and declarations), and the deal with
// its settings and declarations, each block construct with its properties.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "lsp/symbol_index.hpp"
#include "syntax/ast.hpp"

namespace sluice::lsp {

std::vector<OutlineItem> build_outline(const ast::File& doc, const std::map<std::string, std::string>& types);

}  // namespace sluice::lsp
