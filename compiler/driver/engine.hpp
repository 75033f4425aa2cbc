// Choosing a back end by name, for the commands that run deals.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "exec/evaluator.hpp"
#include "ir/ir.hpp"

namespace sluice::driver {

// "interp" or "jit" (random scenarios or the base case); null after saying
// on stderr why the JIT could not compile the deal.
std::unique_ptr<exec::Evaluator> make_engine(const ir::Module& m, const exec::Schedule& s, const std::string& engine, bool random);

// The evaluator of a Monte Carlo run. "interp"; "jit", compiled before any
// scenario runs; or "auto": the JIT at once when the object cache holds the
// deal, else the tier (driver/tier.hpp: the interpreter at once, the JIT
// once compiled), or the interpreter alone when no batch can start after
// the compile (`batches` no more than `threads`: every batch starts at
// once). A forced handover (SLUICE_HANDOVER) always tiers. Null after
// saying on stderr why the JIT could not be had.
std::unique_ptr<exec::Evaluator> make_monte_carlo_engine(const ir::Module& m, const exec::Schedule& s, const std::string& engine,
                                                         std::uint64_t batches, int threads, std::optional<std::uint64_t> handover);

// One path through an evaluator, as the interpreter's Trace: the base case,
// or with a random evaluator scenario `first` under `seed`.
exec::Trace base_case_with(const exec::Evaluator& e, const ir::Module& m, const exec::Schedule& s, std::uint64_t seed = 0,
                           std::uint64_t first = 0);

}  // namespace sluice::driver
