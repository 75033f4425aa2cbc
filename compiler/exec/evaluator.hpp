// The execution seam: what a back end is asked to do and what it hands
// back. An evaluator runs a batch of consecutive scenarios of one compiled
// deal over its schedule and fills flat period tables, or hands each
// period's rows to a RowSink as they are made (stream); the interpreter
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
  // The tables' shape: init columns, columns, periods. Set by prepare(),
  // and by a caller that streams a batch (Evaluator::stream's default
  // replays the tables by it, whether or not the evaluator prepared them).
  std::size_t init_columns = 0, columns = 0;
  int periods = 0;

  // What every evaluator does first: tables sized for `count` scenarios of
  // `m` over `s` (init zeroed, the rows not: every evaluator writes every
  // cell of every row, the interpreter zeroing a row before its step and
  // the JIT copying out every column of its staged row, so zeroing them
  // first would be a second write of each table: a Monte Carlo worker
  // reuses its batch), and no violation yet. A streamed batch (stream)
  // has no period table: `rows` is left empty.
  void prepare(const ir::Module& m, const Schedule& s, bool with_rows = true) {
    const auto n = static_cast<std::size_t>(count);
    init_columns = m.init_columns.size(), columns = m.columns.size(), periods = s.periods();
    init.assign(n * m.init_columns.size(), 0.0);
    rows.resize(with_rows ? n * static_cast<std::size_t>(s.periods()) * m.columns.size() : 0);
    violation.reset();
  }
};

// What takes a streamed batch's rows as they are made: a block of `lanes`
// consecutive scenarios at a time (from the batch's scenario `first`), its
// init rows when it opens (lane l's at init + l x init_stride), then each
// period's rows in period order, column c of lane l at row[c x stride + l]
// (one lane at stride 1 is an ordinary row), then the block closes. A row
// is valid only during the call that hands it over. The batch's violation
// is set before its block closes.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void open(int first, int lanes, const double* init, std::size_t init_stride) = 0;
  virtual void period(int t, const double* row, std::size_t stride) = 0;
  virtual void close() = 0;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual const char* name() const = 0;
  virtual void evaluate(Batch& batch) const = 0;
  // The batch's rows handed to `sink` instead of kept: by default evaluated
  // into tables and replayed a scenario at a time (replay); the JIT hands
  // over each period's staged rows, a block of lanes at once.
  virtual void stream(Batch& batch, RowSink& sink) const;
};

// One path's table (init row, then `periods` rows of `columns`) handed to
// `sink` as one lane, the batch's scenario i: open, its periods in order,
// close.
void hand_over(RowSink& sink, int i, const double* init, std::size_t init_columns, const double* rows, std::size_t columns, int periods);
// Scenario i of an evaluated batch so handed over.
void replay(const Batch& batch, int i, RowSink& sink);

}  // namespace sluice::exec
