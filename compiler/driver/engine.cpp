#include "driver/engine.hpp"

#include <fmt/format.h>

#include "driver/errors.hpp"
#include "driver/jit_plugin.hpp"
#include "exec/semantics.hpp"
#include "interp/interpreter.hpp"

namespace sluice::driver {

std::unique_ptr<exec::Evaluator> make_engine(const ir::Module& m, const exec::Schedule& s, const std::string& engine, bool random) {
  if (engine == "interp") return interp::make_interpreter(m, s);
  std::string error;
  if (!jit_plugin_available(error)) {
    refuse_uncoded(kSoftware, fmt::format("the JIT is not available: {}", error), {"--engine interp runs the deal on the interpreter"});
    return nullptr;
  }
  codegen::JitOptions options;
  options.cache_dir = codegen::default_cache_dir();
  auto jit = plugin_jit(m, s, random, error, options);
  if (!jit) refuse_uncoded(kSoftware, fmt::format("the JIT could not compile this deal: {}", error), {"--engine interp runs it on the interpreter"});
  return jit;
}

exec::Trace base_case_with(const exec::Evaluator& e, const ir::Module& m, const exec::Schedule& s, std::uint64_t seed, std::uint64_t first) {
  exec::Batch b;
  b.seed = seed;
  b.first = first;
  b.count = 1;
  e.evaluate(b);
  exec::Trace t;
  t.init = b.init;
  for (int p = 0; p < s.periods(); ++p) {
    auto from = b.rows.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(p) * m.columns.size());
    t.rows.emplace_back(from, from + static_cast<std::ptrdiff_t>(m.columns.size()));
  }
  t.violation = b.violation ? b.violation : exec::audit(m, b.rows.data(), s.periods());
  return t;
}

}  // namespace sluice::driver
