// Fuzz target: `sluice check` on a deal held in memory: parse, load the
// standard-library imports, analyze (names, units, types, cycles).
#include "fuzz_common.hpp"
#include "pipeline/pipeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sluice;
  pipeline::Compiled c;
  pipeline::compile_text(c, fuzz::kPath, fuzz::text_of(data, size), {}, "sema");
  if (c.exit != kOk && !c.diags.has_errors()) fuzz::broken("check refused the deal without an error");
  if (c.exit == kOk && (c.diags.has_errors() || !c.model)) fuzz::broken("check accepted a deal with errors");
  (void)render_all(c.diags, c.sources, false);
  return 0;
}
