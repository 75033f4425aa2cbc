// Helpers for unit tests that read a deal's Monte Carlo scenarios directly:
// a column's index by name, and one batch of random scenarios evaluated by
// either engine (the JIT compiled at once, no tier), into tables or
// streamed (exec::RowSink) and the tables rebuilt from what was handed over.
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "codegen/jit.hpp"
#include "interp/interpreter.hpp"
#include "ir/ir.hpp"
#include "test_support.hpp"

namespace sluice::test {

inline std::size_t column(const ir::Module& m, const std::string& name) {
  for (std::size_t c = 0; c < m.columns.size(); ++c)
    if (m.columns[c].name == name) return c;
  throw std::runtime_error("no column " + name);
}

// A sink that writes what it is handed into a batch's tables, and checks
// the protocol as it goes: blocks open in order and cover the batch, each
// hands over periods 0 .. T-1 in order, and closes with its violation (if
// any) already known. `problem` says what went wrong first, if anything.
class TableSink final : public exec::RowSink {
 public:
  TableSink(exec::Batch& b, std::size_t init_columns, std::size_t columns, int periods)
      : b_(b), ic_(init_columns), c_(columns), T_(periods) {
    b_.init.assign(static_cast<std::size_t>(b_.count) * ic_, -1.0);
    b_.rows.assign(static_cast<std::size_t>(b_.count) * static_cast<std::size_t>(T_) * c_, -1.0);
  }
  void open(int first, int lanes, const double* init, std::size_t init_stride) override {
    if (open_ || first != next_ || lanes < 1 || first + lanes > b_.count) note("a block opened out of turn");
    open_ = true, first_ = first, lanes_ = lanes, t_ = 0, next_ = first + lanes;
    for (int l = 0; l < lanes; ++l)
      for (std::size_t c = 0; c < ic_; ++c) b_.init[static_cast<std::size_t>(first + l) * ic_ + c] = init[static_cast<std::size_t>(l) * init_stride + c];
  }
  void period(int t, const double* row, std::size_t stride) override {
    if (!open_ || t != t_++ || stride < static_cast<std::size_t>(lanes_)) note("a period out of turn");
    for (int l = 0; l < lanes_; ++l)
      for (std::size_t c = 0; c < c_; ++c)
        b_.rows[(static_cast<std::size_t>(first_ + l) * static_cast<std::size_t>(T_) + static_cast<std::size_t>(t)) * c_ + c] =
            row[c * stride + static_cast<std::size_t>(l)];
  }
  void close() override {
    if (!open_ || t_ != T_) note("a block closed before its periods");
    open_ = false;
  }
  // After the stream: every scenario handed over.
  void finish() {
    if (open_ || next_ != b_.count) note("the blocks did not cover the batch");
  }
  std::string problem;

 private:
  void note(const char* what) {
    if (problem.empty()) problem = what;
  }
  exec::Batch& b_;
  const std::size_t ic_, c_;
  const int T_;
  bool open_ = false;
  int first_ = 0, lanes_ = 0, t_ = 0, next_ = 0;
};

// `e`'s batch of scenarios 0 to count - 1 of seed `seed`, into tables or
// streamed (and rebuilt: a protocol broken throws).
inline exec::Batch run_batch(const exec::Evaluator& e, const Run& r, int count, std::uint64_t seed, bool streamed) {
  exec::Batch b;
  b.seed = seed;
  b.count = count;
  if (!streamed) {
    e.evaluate(b);
    return b;
  }
  const auto& m = *r.c.module;
  exec::Batch rebuilt;
  rebuilt.count = count;
  TableSink sink(rebuilt, m.init_columns.size(), m.columns.size(), r.schedule.periods());
  e.stream(b, sink);
  sink.finish();
  if (!sink.problem.empty()) throw std::runtime_error("stream: " + sink.problem);
  if (!b.rows.empty()) throw std::runtime_error("stream: a table was kept");
  if (b.init.size() != rebuilt.init.size() || std::memcmp(b.init.data(), rebuilt.init.data(), b.init.size() * sizeof(double)) != 0) throw std::runtime_error("stream: the init rows handed over are not the batch's");
  b.rows = std::move(rebuilt.rows);
  return b;
}

// Scenarios 0 to count - 1 of seed `seed`; the JIT at `lanes` lanes (0:
// the machine's).
inline exec::Batch random_batch(const Run& r, int count, std::uint64_t seed, bool jit, unsigned lanes = 0, bool streamed = false) {
  if (jit) {
    std::string error;
    codegen::JitOptions o;
    o.lanes = lanes;
    auto e = codegen::make_jit(*r.c.module, r.schedule, true, error, o);
    if (!e) throw std::runtime_error(error);
    return run_batch(*e, r, count, seed, streamed);
  }
  return run_batch(*interp::make_interpreter(*r.c.module, r.schedule), r, count, seed, streamed);
}

// Whether two batches hold the same bits in every cell and agree on
// whether an invariant broke.
inline bool same_bits(const exec::Batch& a, const exec::Batch& b) {
  return a.init.size() == b.init.size() && a.rows.size() == b.rows.size() &&
         std::memcmp(a.init.data(), b.init.data(), a.init.size() * sizeof(double)) == 0 &&
         std::memcmp(a.rows.data(), b.rows.data(), a.rows.size() * sizeof(double)) == 0 && a.violation.has_value() == b.violation.has_value();
}

}  // namespace sluice::test
