// The syntax phase's entry point: source text in, AST (or diagnostics) out.
#pragma once
#include <optional>
#include <string_view>

#include "diagnostics/diagnostic.hpp"
#include "syntax/ast.hpp"
#include "syntax/grammar.hpp"

namespace sluice::syntax {

inline constexpr std::size_t kMaxFileBytes = 4u << 20;  // 4 MiB: no deal is larger

// Every unit the file can use: built-in (time, ISO currencies) and declared.
UnitContext collect_units(std::string_view text);
// A currency code the language knows as a unit (`USD`, `EUR`, ...).
bool is_currency_code(std::string_view word);

std::optional<ast::File> parse(std::uint32_t file_id, const SourceManager& sm, Diagnostics& diags);

// Parses one expression (for `--set name=value`), with the given units.
ast::ExprPtr parse_expression(std::uint32_t file_id, const SourceManager& sm, const UnitContext& units,
                              Diagnostics& diags);

// For tests: PEGTL's grammar analysis (no infinite loops); returns problems found.
std::size_t analyze_grammar();

}  // namespace sluice::syntax
