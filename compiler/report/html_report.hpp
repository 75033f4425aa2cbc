// The HTML report of `sluice run --report FILE`: one self-contained page
// (inline CSS and SVG, no network, no external files, no JavaScript needed)
// with the deal's header, the risk tables, loss histograms and fan charts of
// a Monte Carlo run, and the base case with its period table.
#pragma once
#include <string>

#include "analysis/base_report.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "report/run_record.hpp"

namespace sluice::report {

struct HtmlInputs {
  const analysis::BaseReport* base = nullptr;  // required: the base case (module, trace, schedule)
  const mc::RiskReport* risk = nullptr;      // null: a base-case report
  const mc::Simulation* sim = nullptr;       // with `risk`: each scenario's loss shares, for the histograms
  int months_per_period = 1;
  std::string source;                        // the deal file as named on the command line
  const RunRecord* record = nullptr;         // the run's record (run_record.hpp): a section of its own
  const StressTable* stresses = nullptr;     // --stress all: the stresses beside the base case
  const mc::WorstList* worst = nullptr;      // --worst METRIC: the worst scenarios
};

// The whole page. The same inputs give the same bytes: nothing in it
// depends on the clock or the machine.
std::string html_report(const HtmlInputs& in);

}  // namespace sluice::report
