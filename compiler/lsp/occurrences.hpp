// Every place a checked program names something, as sema resolved it: the
// declarations themselves, the names in expressions (sema's annotation on
// each Name and Member), and the names outside expressions that sema
// resolves through the model's scopes (waterfall targets and accounts, a
// lease's fleet, correlations, a `use`'s template and parameters, the
// calendar). References, rename and semantic tokens read this table; no
// name is ever matched by its text alone.
#pragma once
#include <string>
#include <vector>

#include "base/source.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::lsp {

// What a name refers to, as the editor sorts it.
enum class NameRole {
  Declared,      // a deal's, template's or module's declaration (param, tranche, curve, ...)
  Module,        // `std`, `gpu`, an imported file's binding
  Member,        // `A.balance`, a bare `book_value` in its fleet, a claim part `A.interest`
  Builtin,       // `collections`, `hours`
  Function,      // a built-in function or process: `prev`, `lognormal`
};

struct Occurrence {
  Span at;      // the name's bytes
  Span decl;    // the declaration's name bytes (none for members, built-ins, functions)
  NameRole role = NameRole::Declared;
  std::string kind;  // the language's word for what it names: "param", "tranche", "template parameter", "module"
  bool declaration = false;  // `at` is the declaration itself
  int entity = -1;  // sema's entity (the first instance's, inside a template), for hover's values
};

// The table of a compilation whose analysis succeeded (c.model is set),
// sorted by (file, begin), one entry per name. Empty without a model.
std::vector<Occurrence> occurrences(const pipeline::Compiled& c);

// What `name` is declared as in any scope of the checked program
// ("tranche `B`"), or "" when no scope declares it.
std::string declared_as(const pipeline::Compiled& c, const std::string& name);

// The occurrence whose bytes hold `offset` in `file` (its end included), or null.
const Occurrence* occurrence_at(const std::vector<Occurrence>& table, std::uint32_t file, std::size_t offset);

}  // namespace sluice::lsp
