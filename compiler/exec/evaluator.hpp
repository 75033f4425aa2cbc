// The execution seam: what a back end is asked to do and what it hands
// back. An evaluator runs a batch of consecutive scenarios of one compiled
// deal over its schedule and fills flat period tables; the interpreter
// (interp::make_interpreter) and the JIT (codegen::make_jit) are its two
// implementations, and Monte Carlo, the reports and the commands read only
// these types, so none of them depends on which engine ran. An evaluator is
// shared by the driver's threads, so `evaluate` is const and keeps its
// scratch space per call.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "exec/schedule.hpp"
#include "ir/ir.hpp"

namespace sluice::exec {

// A broken invariant: the period, the Check instruction's index into the
// module's checks, and the two sides of its `a <= b`.
struct Violation {
  int period = 0;
  std::size_t check = 0;
  double a = 0, b = 0;
};

// One path (the base case, or one scenario) as rows a report reads.
struct Trace {
  std::vector<double> init;                 // init columns
  std::vector<std::vector<double>> rows;    // rows[t-1][column]
  std::optional<Violation> violation;       // the first broken invariant, if any
};

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

  // What every evaluator does first: tables sized for `count` scenarios of
  // `m` over `s` (init zeroed, the rows not: every evaluator writes every
  // cell of every row, the interpreter zeroing a row before its step and
  // the JIT copying out every column of its staged row, so zeroing them
  // first would be a second write of each table: a Monte Carlo worker
  // reuses its batch), and no violation yet.
  void prepare(const ir::Module& m, const Schedule& s) {
    const auto n = static_cast<std::size_t>(count);
    init.assign(n * m.init_columns.size(), 0.0);
    rows.resize(n * static_cast<std::size_t>(s.periods()) * m.columns.size());
    violation.reset();
  }
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual const char* name() const = 0;
  virtual void evaluate(Batch& batch) const = 0;
};

}  // namespace sluice::exec
