// The seam between the Monte Carlo driver and a back end: an evaluator runs
// a batch of consecutive scenarios of one compiled deal and fills flat
// period tables. The interpreter is one evaluator; the JIT is another behind
// the same interface. An evaluator is shared by the driver's threads, so
// `evaluate` is const and keeps its scratch space per call.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "interp/interpreter.hpp"

namespace sluice::interp {

struct Batch {
  // Asked for: scenarios first .. first + count - 1 under `seed`.
  std::uint64_t seed = 0, first = 0;
  int count = 0;
  // Filled in: scenario-major, init columns then periods x columns.
  std::vector<double> init;  // count x init columns
  std::vector<double> rows;  // count x periods x columns
  // The first broken invariant of the batch, and in which scenario.
  std::optional<Violation> violation;
  std::uint64_t violation_scenario = 0;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual const char* name() const = 0;
  virtual void evaluate(Batch& batch) const = 0;
};

std::unique_ptr<Evaluator> make_interpreter(const ir::Module& m, const Schedule& s);

}  // namespace sluice::interp
