// The base case's summary: the metrics of its one path, plus what only a
// base case reports (each tranche's PV and spread to par on the risk-free
// path), with the trace and schedule the writers print (driver/report.hpp:
// table, CSV, JSON; report/: the HTML page).
#pragma once
#include <string>
#include <vector>

#include "analysis/market.hpp"
#include "analysis/path_metrics.hpp"

namespace sluice::analysis {

struct BaseReport {
  const ir::Module* module = nullptr;
  const exec::Trace* trace = nullptr;
  const exec::Schedule* schedule = nullptr;
  std::string day_count, period;
  std::vector<TrancheMetrics> tranches;
  std::vector<EquityMetrics> equities;
  std::vector<TestMetrics> tests;
  std::vector<TriggerMetrics> triggers;
  std::vector<CallMetrics> calls;
  std::vector<MarketReading> market;  // the quoted tranches (analysis/market.hpp)
  std::string stress;  // the named stress the run applied (`--stress NAME`), "" for none
};

BaseReport summarize(const ir::Module& m, const exec::Trace& t, const exec::Schedule& s, std::string day_count,
                     std::string period, int months_per_period = 1);

}  // namespace sluice::analysis
