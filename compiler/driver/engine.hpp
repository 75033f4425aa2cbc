// Choosing a back end by name, for the commands that run deals.
#pragma once
#include <memory>
#include <string>

#include "exec/evaluator.hpp"
#include "ir/ir.hpp"

namespace sluice::driver {

// "interp" or "jit" (random scenarios or the base case); null after saying
// on stderr why the JIT could not compile the deal.
std::unique_ptr<exec::Evaluator> make_engine(const ir::Module& m, const exec::Schedule& s, const std::string& engine, bool random);

// One path through an evaluator, as the interpreter's Trace: the base case,
// or with a random evaluator scenario `first` under `seed`.
exec::Trace base_case_with(const exec::Evaluator& e, const ir::Module& m, const exec::Schedule& s, std::uint64_t seed = 0,
                           std::uint64_t first = 0);

}  // namespace sluice::driver
