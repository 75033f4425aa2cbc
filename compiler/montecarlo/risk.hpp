// The risk report: what a Monte Carlo run says about each tranche, equity,
// test and trigger, aggregated from a Simulation (docs/output.md describes
// every field).
#pragma once
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/market.hpp"
#include "exec/schedule.hpp"
#include "montecarlo/rating_reading.hpp"
#include "montecarlo/simulate.hpp"
#include "stats/summary.hpp"

namespace sluice::mc {

struct Proportion {
  double p = 0, se = 0;  // share of scenarios, and its standard error sqrt(p (1 - p) / n)
};

// An owner's metrics summarized over the scenarios, one slot per registry
// row (vocabulary/metrics.def): the Distribution rows the run kept are set.
class Summaries {
 public:
  bool has(MetricKind k) const { return at(k).has_value(); }
  // The summary of k; an empty one (n = 0, NaN) where the run did not keep it.
  const stats::Summary& operator[](MetricKind k) const {
    static const stats::Summary none = stats::summarize({});
    return has(k) ? *at(k) : none;
  }
  void set(MetricKind k, stats::Summary s) { v_[static_cast<std::size_t>(k)] = s; }

 private:
  const std::optional<stats::Summary>& at(MetricKind k) const { return v_[static_cast<std::size_t>(k)]; }
  std::array<std::optional<stats::Summary>, vocab::kMetricCount> v_{};
};

struct TrancheRisk {
  std::string name;
  std::string currency;      // a note in another currency (`fx`): its own; "" for the deal's
  double original = 0;       // mean original balance
  Proportion pd;             // probability of any loss (above one millionth of the original)
  double el = 0, el_se = 0;  // expected loss, as a share of the original
  double el_amount = 0;      // expected loss in currency
  std::optional<double> lgl; // loss given loss: mean loss share over scenarios with a loss
  // Default (the first interest shortfall, or a loss after the horizon:
  // analysis::TrancheMetrics::default_period) and loss given default, over
  // the scenarios in which the tranche defaults (none: no default): the
  // mean default period and exposure at default, and the losses over the
  // exposures, without and with the interest accrued after the default.
  Proportion defaulted;
  std::optional<double> default_period, exposure_at_default, lgd, lgd_with_interest;
  // The indicative reading of P(default) at the WAL mean against Moody's
  // historical default rates (montecarlo/rating_reading.hpp): not a rating.
  std::optional<RatingReading> rating;
  std::optional<double> breakeven_spread;
  std::vector<double> expected_discounted;  // E[CF_t D_t] per period, with risk_free (the market reading's)
  Summaries summary;         // loss_share, wal, irr and the Requested metrics the run kept
};
struct EquityRisk {
  std::string name;
  Summaries summary;  // irr, distributions
};
struct TestRisk {
  std::string name;
  Summaries summary;  // min, mean: of each scenario's minimum and mean over periods
  std::string unit;   // its column's ("1", "USD"); "" from a partial result that did not record it
};
struct EventRisk {  // a trigger or a probability condition
  std::string name;
  Proportion ever;                  // on in at least one period
  std::optional<double> mean_first; // mean first period, over scenarios where it happened
};
struct MetricRisk {
  std::string name;
  stats::Summary value;
  std::string unit;  // its column's ("USD", "1"); "" from a partial result that did not record it
};
// Losses by obligor and by group (docs/output.md): over the scenarios, the
// probability that the obligor defaults within the horizon (a loan: the
// expected share of its balance that defaults) and its expected credit
// loss in currency (a lease: rent lost less recoveries received within
// the horizon; a loan: losses realized within it).
struct ObligorRisk {
  std::string name, group;  // group "" when none
  bool loan = false;
  Proportion pd;            // a loan's se is NaN: its defaults are shares, not events
  double el = 0, el_se = 0;
};
struct GroupRisk {
  std::string name;          // "lessees.neocloud": the tape and its `group` value
  std::size_t obligors = 0;
  double expected_defaults = 0;  // the sum of its obligors' PDs
  double el = 0, el_se = 0;      // the group's loss per scenario, its mean and standard error
  double el_share = 0;           // of every obligor's expected loss
};

struct FanPoint {
  double mean = 0, p5 = 0, p50 = 0, p95 = 0;
  double defined = 1;  // the share of the sample with a value (an undefined test has none)
};
struct SeriesFan {
  std::string name, unit;
  std::vector<FanPoint> periods;
  // The unit the deal wrote it in, where not the base unit (ir::Column::written_unit): the table shows it in that unit.
  std::string written_unit;
  double per_written = 1;
};

struct RiskReport {
  std::string deal, currency, day_count, period;
  std::uint64_t scenarios = 0, seed = 0, fan_sample = 0;
  exec::Schedule schedule;
  bool has_risk_free = false;
  std::vector<TrancheRisk> tranches;
  std::vector<EquityRisk> equities;
  std::vector<TestRisk> tests;
  std::vector<EventRisk> triggers, probabilities;
  std::vector<MetricRisk> metrics;
  std::vector<SeriesFan> series;
  std::vector<ObligorRisk> obligors;
  std::vector<GroupRisk> groups;
  // The quoted tranches against the expected flows: set by the driver, which
  // has the base case's promised flows (analysis/market.hpp).
  std::vector<analysis::MarketReading> market;
};

// What aggregation needs to know of a deal, and no more: the plan's owners
// (montecarlo/plan.hpp), units and the schedule. A partial result carries
// it, so parts merge without the deal.
struct RiskShape : PlanOwners {
  std::string deal, currency, day_count, period;
  // Notes in another currency (`fx`): tranche -> its currency, in which its
  // loss, WAL, IRR and break-even are measured.
  std::map<std::string, std::string> note_currencies;
  exec::Schedule schedule;
  bool has_risk_free = false;
  struct Series {
    std::string name, unit;
    std::string written_unit;  // ir::Column::written_unit
    double per_written = 1;
  };
  std::vector<Series> series;
  // The unit of each test (PlanOwners::tests) and report number at the
  // horizon (PlanOwners::horizon_metrics), so money prints in the report's scale.
  std::vector<std::string> test_units, horizon_units;
};
RiskShape risk_shape(const ir::Module& m, const exec::Schedule& s, const std::string& day_count, const std::string& period);

// The first metric aggregate() needs that `sim` lacks (a damaged partial result).
std::optional<std::string> missing_metric(const RiskShape& shape, const Simulation& sim);

// The report of a whole run: `sim` must hold every scenario.
RiskReport aggregate(const RiskShape& shape, const Simulation& sim);
RiskReport aggregate(const ir::Module& m, const exec::Schedule& s, const Simulation& sim);

// The break-even spread s solving sum_t E[CF_t D_t] / prod_{k<=t} (1 + s yf_k)
// = original (D_t the risk-free discount factor), by bisection; none when
// the expected flows cannot reach par at any spread above -100%.
std::optional<double> breakeven_spread(const std::vector<double>& expected_discounted, const std::vector<double>& year_fractions,
                                       double original);

// The largest amount of money the report's tables show (originals,
// distributions, money series and metrics, losses by obligor and group),
// in whichever currency: what picks their one scale (base/text.hpp: money_scale).
double largest_amount(const RiskReport& r);
// A tranche as every format's tables name it: with its currency when that is
// not the deal's (`A (EUR)`, a note with `fx`), since its amounts are in it.
std::string tranche_label(const TrancheRisk& x);
std::string format_risk_table(const RiskReport& r, bool color);
std::string format_risk_json(const RiskReport& r);
std::string format_risk_csv(const RiskReport& r);
// The Requested metrics (vocabulary/metrics.def) the run kept, owner by
// owner in the report's order: each one's name ("A.modified_duration"),
// row and summary. The outputs print them where a deal asks for them.
struct KeptMetric {
  std::string name;
  MetricKind kind;
  const stats::Summary* summary;
};
std::vector<KeptMetric> requested_metrics(const RiskReport& r);

// One of the three by name: "table", "json" or "csv".
std::string format_risk(const RiskReport& r, const std::string& format, bool color);
// One row per scenario, one column per metric (`--scenarios-out`).
std::string format_scenarios_csv(const Simulation& sim);

}  // namespace sluice::mc
