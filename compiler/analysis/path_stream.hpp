// A path's metrics (analysis/path_metrics.hpp) computed a period at a time,
// for one path or for a block of paths side by side (lanes, as the JIT
// makes them): open(n, init), then period(i, rows) for i = 0 .. T-1 in
// order, then close(l) for each lane l wanted. Each row is read once,
// while the evaluator's write of it is still in cache (a JIT block's
// staged row is read in place), and nothing of it is kept but what a
// metric needs at the end (the holders' cash for the IRR, principal for
// the WAL, each tranche's shortfalls and claims for its default):
// O(periods) numbers per tranche and lane, never the period table.
//
// What a lane keeps is laid out by lane (a period's cash of every lane
// side by side, each running sum an array over the lanes), so a period's
// update is one pass over the lanes per quantity, the lanes' cells
// adjacent in the row and in the state alike: eight lanes' paths cost the
// cache lines one path's would. A lane computes exactly the operations, in
// the order, that one path alone does, so the same bits in any lane, at
// any lane count. A Monte Carlo worker keeps one stream and reuses its
// buffers for every block, so a scenario allocates nothing.
//
// path_metrics() is this stream run over a whole table at one lane: the
// base case and every scenario compute each metric with the same
// arithmetic in the same order, so the same bits.
#pragma once
#include <vector>

#include "analysis/path_metrics.hpp"

namespace sluice::analysis {

class PathStream {
 public:
  // `lanes`: the most paths it carries at once (1: one path).
  PathStream(const ir::Module& m, const PathClock& clock, Detail detail, int lanes = 1);
  int lanes() const { return W_; }
  // New paths in lanes 0 .. n-1 (n <= lanes()): lane l's init row (the
  // equities' investment) at init + l x init_stride, or init null where the
  // module has no init columns.
  void open(int n, const double* init, std::size_t init_stride);
  void open(const double* init) { open(1, init, 0); }
  // Period i's rows (columns in module order), i running 0, 1, ... T-1:
  // column c of lane l at row[c x stride + l] (one lane at stride 1 is an
  // ordinary row).
  void period(int i, const double* row, std::size_t stride = 1);
  // Lane l's metrics; valid until the next close() or open().
  const PathMetrics& close(int l = 0);
  // The first period (from 1) in which the module's trigger k was on in
  // lane l so far, 0 if none: known as each period is read.
  int trigger_first(std::size_t k, int l = 0) const { return trigger_first_[k * W_ + static_cast<std::size_t>(l)]; }
  // What tranche j's holders received in period i (ir::holder_cash), lane
  // l's at [l]: known once period i is read.
  const double* holder_cash(std::size_t j, int i) const { return tranches_[j].cash.data() + static_cast<std::size_t>(i + 1) * W_; }

 private:
  // What a tranche keeps between periods, each an array over the lanes;
  // the period arrays hold period i's lane l at i x lanes + l.
  struct Tranche {
    std::vector<double> lent, converted_short, drawn_later, drawn_at;
    std::vector<double> last_end, last_unpaid;  // the latest row's end balance and interest unpaid
    std::vector<double> opening, interest, principal;  // the record's sums
    // Coverage: DSCR sum, count, minimum and its period, the running
    // discount, the lives' sums.
    std::vector<double> dscr_sum, dscr_min, discount, loan_life, project_life;
    std::vector<int> dscr_n, dscr_min_period;
    // Per period: the holders' cash (T + 1, from settlement), principal
    // retired (a WAL's amounts where not 0), and default_metrics' inputs:
    // the interest missed, what was owed before the payments, and the
    // interest accrued net of what was carried in (from period 1).
    std::vector<double> cash, retired, shortfall, claim, accrued;
  };
  struct Equity {
    std::vector<double> investment, contributed, distributions, cash;
  };
  struct Test {
    std::vector<double> min, max, sum;
    std::vector<int> min_period, n;
  };

  void close_tranche(std::size_t j, std::size_t l);

  const ir::Module& m_;
  const PathClock& clock_;
  const Detail detail_;
  const int T_;
  const std::size_t W_;
  int n_ = 0;  // lanes open
  std::vector<Tranche> tranches_;
  std::vector<Equity> equities_;
  std::vector<Test> tests_;
  // Per trigger k and lane l at k x lanes + l: its first period on and
  // periods on; per call, its period and price.
  std::vector<int> trigger_first_, trigger_periods_, call_period_;
  std::vector<double> call_price_;
  // One lane's flows made contiguous at close (the IRR's and WAL's inputs).
  std::vector<double> flows_, amounts_, times_;
  PathMetrics r_;
};

}  // namespace sluice::analysis
