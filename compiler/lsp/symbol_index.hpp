// What the editor features know about one document: its declarations as an
// outline, and as names to look up (with where each is visible and what
// `name.` offers). Built from the AST of the last text that parsed and typed
// by the last analysis that succeeded, so that hover and completion keep
// working while the text is half-typed and does not parse.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/source.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::lsp {

// A name that can be looked up, or a member of one.
struct Declared {
  std::string name;         // as written: "A", "std", "gpu", "balance"
  std::string kind;         // the language's word: "tranche", "param", "unit", "module", "member", ...
  std::string type;         // "Money (USD)" when an analysis knew it
  std::string source_line;  // the declaration's first line, for hover
  std::string path;         // the file that declares it; "" for built-ins
  Span at = Span::none();   // the name's bytes in that file
  Span visible = Span::none();  // document bytes where the bare name is visible; none: everywhere
  std::vector<Declared> members;  // what `name.` offers
};

// One entry of the document's outline (textDocument/documentSymbol).
struct OutlineItem {
  std::string name, detail;
  int symbol_kind = 13;  // the protocol's SymbolKind (13: Variable)
  Span range, selection;  // document bytes
  std::vector<OutlineItem> children;
};

struct SymbolIndex {
  std::vector<Declared> names;
  std::vector<OutlineItem> outline;
  // Declarations with members, by the document bytes of their body: inside
  // `fleet gpus { ... }` the fleet's members are visible bare.
  struct Block {
    Span span;
    std::size_t name = 0;  // index into names
  };
  std::vector<Block> blocks;
  // Types the last successful analysis gave names and members ("A.balance").
  std::map<std::string, std::string> types;

  // The innermost declaration of `name` visible at `offset`, or null.
  const Declared* lookup(const std::string& name, std::size_t offset) const;
  // `std.gpu.h100_book`, `A.balance`: the head looked up, then members.
  const Declared* resolve(const std::vector<std::string>& chain, std::size_t offset) const;
  // The declaration whose body holds `offset` and that has members, or null.
  const Declared* enclosing_block(std::size_t offset) const;
};

// Builds the index from a compilation whose file 0 parsed (c.program.files
// is not empty). Types missing from c.model come from `previous`.
SymbolIndex build_index(const pipeline::Compiled& c, const SymbolIndex* previous);

// Names every deal can use without declaring them.
const std::vector<std::string>& builtin_values();     // collections, hours, ...
const std::vector<std::string>& keywords();

}  // namespace sluice::lsp
