// The metrics of one path (a base case's trace, or one Monte Carlo
// scenario's period table): each tranche's original balance, loss, WAL, IRR,
// yield and durations, each equity's IRR, each test's range, each
// trigger's breaches and each clean-up call. Read by the base case's
// summary (analysis/base_report.hpp) and by every Monte Carlo scenario
// (montecarlo/simulate.cpp), so both compute a metric one way.
#pragma once
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "exec/evaluator.hpp"
#include "ir/ir.hpp"
#include "vocabulary/metrics.hpp"

namespace sluice::analysis {

struct TrancheMetrics {
  std::string name;
  // `original` is everything lent: the balance at `start` plus, for a
  // facility, every draw (a delayed-draw loan opens at 0); `opening` the
  // balance at `start` alone, what the holders pay then: the price its
  // spreads and break-even are read against (its later draws are flows).
  double original = 0, interest = 0, principal = 0, loss = 0, loss_share = 0;
  double opening = 0;
  std::optional<double> wal, irr;
  // At the IRR: the nominal yield at the payment frequency, and durations
  // (years) of the cash flows received.
  std::optional<double> yield, macaulay, modified;
  // With `report { risk_free R }` (base case only): the flows' present value
  // on the risk-free path, and the spread over it at which they are worth par.
  std::optional<double> pv_risk_free, spread_to_par;
  // With a `cfads` (or sculpted) and a full report: the cash flow available
  // for debt service over the debt service due, per period with debt
  // service, and the loan and project life cover ratios at close: CFADS
  // discounted at the tranche's own coupon, over the loan's life (periods
  // that open with a balance) or to the horizon, over the original balance.
  struct Coverage {
    double dscr_min = NAN, dscr_mean = NAN;
    int dscr_min_period = 0;
    std::optional<double> llcr, plcr;
  };
  std::optional<Coverage> coverage;
  // Default and loss given default (docs/language.md, "The horizon and how
  // loss is measured"): the period of the first interest shortfall (a
  // tranche that capitalizes: none), else of the last claim when a loss
  // remains after the horizon; 0 when the tranche does not default. The
  // exposure is what is owed in that period before its payments; the loss
  // counting interest accrued after the default as owed is `loss`;
  // `loss_ex_interest` leaves that interest out (the market's quote).
  int default_period = 0;
  double exposure_at_default = 0, loss_ex_interest = 0;
};
struct EquityMetrics {
  std::string name;
  double investment = 0, distributions = 0;
  std::optional<double> irr;
};
// Over the periods in which the test is defined (NaN where it never is);
// undefined_share: the periods in which it is not, over all periods.
struct TestMetrics {
  std::string name;
  double min = 0, mean = 0, max = 0;
  int min_period = 0;
  double undefined_share = 0;
};
struct TriggerMetrics {
  std::string name;
  int first = 0;  // first breached period, 0 if never
  int periods = 0;
};

// A pool's clean-up call: the period it was exercised (0: never) and the price.
struct CallMetrics {
  std::string name;
  int period = 0;
  double price = 0;
};

// One path's period table, flat: rows[(t-1) * columns + c].
struct PathView {
  const double* init = nullptr;
  const double* rows = nullptr;
  std::size_t columns = 0;
  double at(int period_index, int col) const { return rows[static_cast<std::size_t>(period_index) * columns + static_cast<std::size_t>(col)]; }
  const double* row(int period_index) const { return rows + static_cast<std::size_t>(period_index) * columns; }
};

// The metrics of one path: each tranche, equity, test and trigger.
struct PathMetrics {
  std::vector<TrancheMetrics> tranches;
  std::vector<EquityMetrics> equities;
  std::vector<TestMetrics> tests;
  std::vector<TriggerMetrics> triggers;
  std::vector<CallMetrics> calls;
};

// What to compute beyond the plain metrics. The yield and durations cost a
// root search per tranche; the coverage ratios a pass over the periods. The
// base case computes both; a Monte Carlo scenario only what its plan's
// metrics need (vocabulary/metrics.def's Cost column).
struct Detail {
  bool yield = true;
  bool coverage = true;
};
inline constexpr Detail kFull{true, true};
inline constexpr Detail kRiskOnly{false, false};

// What path_metrics reads of the schedule, the same for every path on it:
// built once and shared by a Monte Carlo run's scenarios, so that no
// scenario recomputes a date or a year fraction.
struct PathClock {
  int periods = 0;
  int per_year = 1;                // payments a year (the yield's compounding)
  std::vector<double> when;        // T: each payment's time on the WAL basis (years)
  std::vector<double> xirr_years;  // T+1: ACT/365 years from the settlement, pay_date(0) (the XIRR's times)
  std::vector<double> grid_times;  // T+1: the yield's clock in periods, 0 then yield_clock
};
PathClock path_clock(const exec::Schedule& s, int months_per_period);

PathMetrics path_metrics(const ir::Module& m, const PathView& path, const PathClock& clock, Detail detail = kFull);
inline PathMetrics path_metrics(const ir::Module& m, const PathView& path, const exec::Schedule& s, int months_per_period,
                                Detail detail = kFull) {
  return path_metrics(m, path, path_clock(s, months_per_period), detail);
}

// A record metric of the registry (SLUICE_RECORD_METRIC in
// vocabulary/metrics.def) of the owner at `index` (its tranche, equity or
// test position): the field the row names, NaN where it does not exist. A
// column metric (a condition's first period, a report number) is not read
// off the records: NaN.
double record_metric(const PathMetrics& p, vocab::Metric k, std::size_t index);

}  // namespace sluice::analysis
