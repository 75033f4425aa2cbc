// A Monte Carlo worker's state for a block of scenarios carried side by
// side (simulate.cpp's Sink), and the plan's metrics that are read off the
// period's columns rather than the path's records. Each quantity is an
// array over the lanes (quantity k of lane l at k x lanes + l), so that a
// period's update of it is one pass over lanes whose cells lie side by
// side, as the staged row's do.
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

#include "analysis/path_stream.hpp"
#include "ir/ir.hpp"
#include "montecarlo/plan.hpp"

namespace sluice::mc {

struct Lanes {
  void size(std::size_t lanes, std::size_t metrics, std::size_t obligors) {
    W = lanes;
    alive.assign(lanes, 0);
    discount.assign(lanes, 1.0);
    columns.assign(metrics * lanes, 0.0);
    for (auto* v : {&obligor_loss, &obligor_defaulted, &obligor_exposure, &obligor_last}) v->assign(obligors * lanes, 0.0);
  }
  std::size_t W = 0;
  std::vector<char> alive;  // 0 once its money failed: it is read no further
  std::vector<double> discount;  // the risk-free discount to the period's end
  // The metrics read off columns (ColumnMetrics), and the obligors' period
  // sums, first exposure and last default column (simulate.cpp's credit).
  std::vector<double> columns, obligor_loss, obligor_defaulted, obligor_exposure, obligor_last;
};

// The plan's metrics read off columns, period by period: a condition's
// first period on (0 if never), a draw's or factor's minimum over the
// periods (NaN where none is finite), its value in the period a trigger
// first came on (NaN where the trigger never did: what --scenarios-out
// attributes a loss by), and a report number's value in the last period.
// A trigger's first period is the metric stream's record of it.
class ColumnMetrics {
 public:
  ColumnMetrics() = default;
  ColumnMetrics(const ir::Module& m, const std::vector<Metric>& plan, int periods);
  // Lanes 0 .. n-1 open: every plan metric NaN, a condition's first period 0.
  void open(Lanes& x, std::size_t n) const;
  // Period t of lanes 0 .. n-1, column c of lane l at row[c x stride + l];
  // `stream` has read the period.
  void period(int t, const double* row, std::size_t stride, const analysis::PathStream& stream, std::size_t n, Lanes& x) const;
  // Whether plan metric k is one of these (else the path's records hold it).
  bool is_column(std::size_t k) const { return is_column_[k] != 0; }
  // (place in the plan, the trigger's place in the module) of each
  // trigger's first period, which the closing stream's record gives.
  using Slots = std::vector<std::pair<std::size_t, int>>;
  const Slots& trigger_first() const { return trigger_first_; }

 private:
  std::size_t metrics_ = 0;
  int periods_ = 0;
  Slots conditions_;              // a condition that is not a trigger: its column
  Slots trigger_first_;
  Slots factor_min_, horizon_;    // the factor's or report number's column
  std::vector<Slots> at_breach_;  // per trigger of the module: the factors' columns read when it first comes on
  std::vector<char> is_column_;   // per plan metric
};

}  // namespace sluice::mc
