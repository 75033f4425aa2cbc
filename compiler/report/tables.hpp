// The report's tables as HTML: the Monte Carlo tables (tranches, equity,
// tests, triggers, horizon metrics) and the base case's (its metrics and the
// period-by-period cash-flow table). Numbers are formatted here, with
// thousands separators and the unit in the column head, so the page's CSS
// only has to right-align them in tabular figures.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "analysis/base_report.hpp"
#include "base/text.hpp"
#include "exec/schedule.hpp"
#include "montecarlo/risk.hpp"

namespace sluice::report {

// An HTML table: the first `text_columns` columns are labels (left-aligned,
// the first a row header), the rest numbers (right-aligned). Every string is
// escaped when written.
struct Table {
  std::string caption;
  std::vector<std::pair<std::string, int>> groups;  // an optional header row above `head`: label and column span
  std::vector<std::string> head, tips;               // tips: a head cell's tooltip (a definition), may be shorter
  std::vector<std::vector<std::string>> rows;
  int text_columns = 1;
  std::string html() const;
};

// Money in a table: in thousands of the currency when the deal is large
// (ten million or more), else in units with cents; `label` names the unit
// for the column heads ("USD thousands").
// The report's one money scale (base/text.hpp: money_scale) and what it is
// called ("USD thousands"), written with HTML's typographic minus.
struct Money {
  MoneyScale scale;
  std::string label;
  std::string operator()(double v) const;
};
Money money_scale(double biggest, const std::string& currency);

// Monte Carlo.
std::string tranche_tables(const mc::RiskReport& r, const Money& money);
std::string equity_table(const mc::RiskReport& r, const Money& money);
std::string test_table(const mc::RiskReport& r, const Money& money);
std::string event_table(const std::vector<mc::EventRisk>& events, const char* what, const exec::Schedule& s);
std::string metric_table(const mc::RiskReport& r, const ir::Module& m, const Money& money);
// The metrics a report asked for (`metrics A.modified_duration`), each in its unit; the caller prints it only where there are some.
std::string requested_table(const mc::RiskReport& r, const Money& money);

// The base case.
std::string base_metric_tables(const analysis::BaseReport& b, const Money& money);
std::string period_table(const analysis::BaseReport& b, const Money& money);

}  // namespace sluice::report
