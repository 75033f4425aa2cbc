// `sluice doc`: a module's documentation from its source. A doc comment is
// the run of `//` lines directly above a declaration (no blank line
// between); the module's own is the comment that opens the file when a
// blank line parts it from the first declaration. The parser drops
// comments, so they are read here from the source text at each
// declaration's span. A module's version is the SHA-256 of its bytes, the
// hash `sluice lock` pins: a deal file declares no version, and a hash
// cannot drift from the text it names.
#pragma once
#include <string>

#include "base/source.hpp"
#include "syntax/ast.hpp"

namespace sluice::driver {

// The documentation of `file` (parsed from `src`), headed by `title` (the
// module's name) and `where` (where it was found).
std::string module_doc(const ast::File& file, const SourceFile& src, const std::string& title, const std::string& where);

}  // namespace sluice::driver
