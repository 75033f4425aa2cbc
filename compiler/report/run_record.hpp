// What a run was, for the HTML report's record (the deal file, the command,
// each param's value, the seed, the scenario count, the engine, the
// version), and the side-by-side results of named stresses (`sluice run
// --stress all`), which the terminal, CSV and JSON print too
// (driver/stress_table.cpp) and the report shows as a section.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/path_metrics.hpp"
#include "exec/schedule.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/worst.hpp"
#include "report/tables.hpp"

namespace sluice::report {

struct RunRecord {
  std::string deal_file, command, engine, version;
  // Each param of the deal, as the run used it: its value as written (or as
  // --set or the stress gave it) and where that value came from.
  struct Param {
    std::string name, value, from;  // from: "deal", "--set" or "stress NAME"
  };
  std::vector<Param> params;
  std::vector<std::string> sets;  // each --set as given
  std::string stress;             // --stress NAME or "all"; "" for none
  std::optional<std::uint64_t> seed, scenarios;  // a Monte Carlo run's
};

// The base case and each stress, side by side.
struct StressRun {
  std::string name;  // "" for the base case
  std::vector<analysis::TrancheMetrics> tranches;
  std::vector<analysis::TriggerMetrics> triggers;
};
struct StressTable {
  std::string deal, currency;
  exec::Schedule schedule;
  std::vector<StressRun> runs;                 // the base case first, then each stress in declaration order
  const mc::RiskReport* monte_carlo = nullptr;  // with -n: the distribution beside them
};

// Amounts in thousands for deals of ten million or more (as the base case prints).
bool stress_in_thousands(const StressTable& t);

// The report's sections: the run's record (always), the stress table
// (--stress all), the worst scenarios (--worst METRIC).
std::string run_record_html(const RunRecord& r);
// Amounts in the report's one scale (`money`, report/tables.hpp).
std::string stress_table_html(const StressTable& t, const Money& money);
std::string worst_html(const mc::WorstList& w, std::uint64_t seed, const Money& money);

}  // namespace sluice::report
