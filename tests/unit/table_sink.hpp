// exec::RowSink into tables: what an evaluator's stream hands over,
// written into a batch's period tables as its evaluate would have, and the
// protocol checked as it goes. Read by the unit tests (batch_support.hpp)
// and the bench's agreement check (tests/bench/measure.cpp).
#pragma once
#include <cstddef>
#include <string>

#include "exec/evaluator.hpp"

namespace sluice::test {

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

}  // namespace sluice::test
