// The risk report: what a Monte Carlo run says about each tranche, equity,
// test and trigger, aggregated from a Simulation (docs/output.md describes
// every field).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "exec/schedule.hpp"
#include "montecarlo/simulate.hpp"
#include "stats/summary.hpp"

namespace sluice::mc {

struct Proportion {
  double p = 0, se = 0;  // share of scenarios, and its standard error sqrt(p (1 - p) / n)
};

struct TrancheRisk {
  std::string name;
  double original = 0;       // mean original balance
  Proportion pd;             // probability of any loss (above one millionth of the original)
  double el = 0, el_se = 0;  // expected loss, as a share of the original
  double el_amount = 0;      // expected loss in currency
  std::optional<double> lgl; // loss given loss: mean loss share over scenarios with a loss
  std::optional<double> breakeven_spread;
  stats::Summary loss_share, wal, irr;
};
struct EquityRisk {
  std::string name;
  stats::Summary irr, distributions;
};
struct TestRisk {
  std::string name;
  stats::Summary min, mean;  // of each scenario's minimum and mean over periods
};
struct EventRisk {  // a trigger or a probability condition
  std::string name;
  Proportion ever;                  // on in at least one period
  std::optional<double> mean_first; // mean first period, over scenarios where it happened
};
struct MetricRisk {
  std::string name;
  stats::Summary value;
};
struct FanPoint {
  double mean = 0, p5 = 0, p50 = 0, p95 = 0;
};
struct SeriesFan {
  std::string name, unit;
  std::vector<FanPoint> periods;
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
};

// What aggregation needs to know of a deal, and no more: names, units and
// the schedule. A partial result carries it, so parts merge without the deal.
struct RiskShape {
  std::string deal, currency, day_count, period;
  exec::Schedule schedule;
  bool has_risk_free = false;
  std::vector<std::string> tranches, equities, tests, triggers;
  std::vector<std::string> probabilities;  // conditions that are not triggers
  std::vector<std::string> horizon_metrics;
  struct Series {
    std::string name, unit;
  };
  std::vector<Series> series;
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

std::string format_risk_table(const RiskReport& r, bool color);
std::string format_risk_json(const RiskReport& r);
std::string format_risk_csv(const RiskReport& r);
// One of the three by name: "table", "json" or "csv".
std::string format_risk(const RiskReport& r, const std::string& format, bool color);
// One row per scenario, one column per metric (`--scenarios-out`).
std::string format_scenarios_csv(const Simulation& sim);

}  // namespace sluice::mc
