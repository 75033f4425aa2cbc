// A path's metrics (analysis/path_metrics.hpp) computed a period at a time:
// open(init), then period(i, row) for i = 0 .. T-1 in order, then close().
// Each row is read once, while the evaluator's write of it is still in
// cache, and nothing of it is kept but what a metric needs at the end (the
// holders' cash for the IRR, principal for the WAL, each tranche's
// shortfalls and claims for its default): O(periods) numbers per tranche,
// never the period table. A Monte Carlo worker keeps one stream and reuses
// its buffers for every scenario, so a scenario allocates nothing.
//
// path_metrics() is this stream run over a whole table: the base case and
// every scenario compute each metric with the same arithmetic in the same
// order, so the same bits.
#pragma once
#include <vector>

#include "analysis/path_metrics.hpp"

namespace sluice::analysis {

class PathStream {
 public:
  PathStream(const ir::Module& m, const PathClock& clock, Detail detail);
  // A new path: `init` is its init row (the equities' investment), or null
  // where the module has no init columns.
  void open(const double* init);
  // Period i's row (columns in module order); i runs 0, 1, ... T-1.
  void period(int i, const double* row);
  // The path's metrics; valid until the next open().
  const PathMetrics& close();
  // The first period (from 1) in which the module's trigger k was on so
  // far, 0 if none: known as each period is read.
  int trigger_first(std::size_t k) const { return r_.triggers[k].first; }

 private:
  // What a tranche keeps between periods.
  struct Tranche {
    double lent = 0, converted_short = 0, drawn_later = 0, drawn_at = 0;
    double last_end = 0, last_unpaid = 0;  // the latest row's end balance and interest unpaid
    std::vector<double> cash, principal, principal_at;
    // default_metrics' inputs per period: the interest missed, what was
    // owed before the payments, and the interest accrued net of what was
    // carried in (period i's, from i = 1).
    std::vector<double> shortfall, claim, accrued;
    // Coverage: DSCR sum and count, the running discount, the lives' sums.
    double dscr_sum = 0, discount = 1, loan_life = 0, project_life = 0;
    int dscr_n = 0;
  };
  struct Equity {
    double contributed = 0;
    std::vector<double> cash;
  };
  struct Test {
    double sum = 0;
    int n = 0;
  };

  void close_tranche(std::size_t j);

  const ir::Module& m_;
  const PathClock& clock_;
  const Detail detail_;
  const int T_;
  std::vector<Tranche> tranches_;
  std::vector<Equity> equities_;
  std::vector<Test> tests_;
  PathMetrics r_;
};

}  // namespace sluice::analysis
