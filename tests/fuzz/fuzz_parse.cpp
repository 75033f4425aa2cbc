// Fuzz target: the syntax phase alone (`sluice ast` without imports).
// Whatever the bytes, parse either returns a file or says why not, and
// the AST dump and the diagnostics render without failing.
#include "diagnostics/diagnostic.hpp"
#include "fuzz_common.hpp"
#include "syntax/ast.hpp"
#include "syntax/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sluice;
  SourceManager sm;
  Diagnostics diags;
  auto id = sm.add(fuzz::kShown, "", fuzz::text_of(data, size));
  auto file = syntax::parse(id, sm, diags);
  if (!file && !diags.has_errors()) fuzz::broken("parse refused the input without an error");
  if (file) (void)ast::dump(*file, sm);
  (void)render_all(diags, sm, false);
  return 0;
}
