// The reference back end: runs the IR's straight-line programs over doubles,
// one period at a time: the base case (every random shock at its mean) or
// one random scenario, whose draws come from the counter-based generator.
// It implements the execution seam (exec/evaluator.hpp) as the JIT does;
// code that only reads results includes exec/, and only code that chooses
// this engine includes this header.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "exec/evaluator.hpp"
#include "exec/schedule.hpp"
#include "ir/ir.hpp"

namespace sluice::interp {

// Which random scenario to run: draws are keyed by (seed, scenario, stream,
// period), with period 0 for the draws made before period 1.
struct ScenarioKey {
  std::uint64_t seed = 0, scenario = 0;
};

// Runs one path into flat buffers: `init_out` gets the init columns,
// `rows_out` periods x columns (row-major). No key: the base case. Reuses its
// scratch registers, so one Machine per thread.
class Machine {
 public:
  Machine(const ir::Module& m, const exec::Schedule& s) : m_(m), s_(s) {}
  void run(const ScenarioKey* key, double* init_out, double* rows_out, std::optional<exec::Violation>& violation);

 private:
  const ir::Module& m_;
  const exec::Schedule& s_;
  std::vector<double> regs_, state_, next_;
};

// One path with its audit (exec/semantics.hpp) run on the rows, as a
// report reads it.
exec::Trace run_base_case(const ir::Module& m, const exec::Schedule& s);
exec::Trace run_scenario(const ir::Module& m, const exec::Schedule& s, ScenarioKey key);

// The interpreter behind the seam: a Machine per batch, scenario by
// scenario. The module and schedule must outlive the evaluator.
std::unique_ptr<exec::Evaluator> make_interpreter(const ir::Module& m, const exec::Schedule& s);

}  // namespace sluice::interp
