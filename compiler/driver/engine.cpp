#include "driver/engine.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "driver/errors.hpp"
#include "driver/jit_plugin.hpp"
#include "driver/tier.hpp"
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

std::unique_ptr<exec::Evaluator> make_monte_carlo_engine(const ir::Module& m, const exec::Schedule& s, const std::string& engine,
                                                         std::uint64_t batches, int threads, std::optional<std::uint64_t> handover) {
  if (engine != "auto") return make_engine(m, s, engine, true);
  if (handover) return make_tier(m, s, handover);
  if (batches <= static_cast<std::uint64_t>(std::max(threads, 1))) return interp::make_interpreter(m, s);
  // A warm cache loads in a millisecond or two: no tier, the JIT from the
  // first batch (this loads the plugin first, as the JIT would).
  if (const std::string dir = codegen::default_cache_dir(); !dir.empty()) {
    std::string error;
    if (jit_plugin_available(error)) {
      codegen::JitOptions options;
      options.cache_dir = dir;
      options.cache_only = true;
      if (auto jit = plugin_jit(m, s, true, error, options)) return jit;
    }
  }
  return make_tier(m, s, std::nullopt);
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
