// The report's charts, each one self-contained inline SVG: a fan chart of a
// report series per period (5-95% band, median, mean, base case) and a
// histogram of a tranche's loss share over the scenarios.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "calendar/date.hpp"
#include "montecarlo/risk.hpp"

namespace sluice::report {

struct FanChart {
  std::string id;                 // unique in the page: ids of <title>, <desc>, <clipPath>
  std::string name, unit;         // the series, as the deal names it, and its unit ("USD", "1", "Bool", "USD/gpu/h")
  std::string currency;
  // The unit the deal wrote the series in, where not its base unit
  // (ir::Column::written_unit, `USD/PH/day`), and how many of it one base
  // unit is (24): the axis and the values are in it.
  std::string written_unit;
  double per_written = 1;
  std::vector<cal::Date> dates;   // T + 1: dates[0] is the start
  int months_per_period = 1;
  std::vector<mc::FanPoint> fan;  // T points; empty in a base-case report
  std::vector<double> base;       // the base-case path, T values; may be empty
  std::uint64_t fan_sample = 0;   // scenarios behind the quantiles
};
std::string fan_chart(const FanChart& c);

// A tranche's loss shares binned: scenarios without a loss (a share of at
// most one millionth, as PD counts them) apart, the rest in at most
// `max_bins` bins of a round width (1, 2 or 5 times a power of ten) from 0
// to just past the largest share.
struct LossBins {
  std::uint64_t total = 0, none = 0;  // finite shares; those without a loss
  double width = 0, max = 0;          // bin width and the largest share
  std::vector<std::uint64_t> counts;  // [k * width, (k + 1) * width); the last bin holds the max
};
LossBins bin_losses(const std::vector<double>& shares, int max_bins = 20);

// The histogram of LossBins, with the expected loss and the 99th percentile
// marked.
std::string loss_histogram(const std::string& id, const std::string& tranche, const std::vector<double>& shares);

// Ticks for a date axis: whole months, quarters, years... at most `most`
// of them, each (period index, "Mar 2026").
std::vector<std::pair<double, std::string>> date_ticks(const std::vector<cal::Date>& dates, int months_per_period, int most = 8);

}  // namespace sluice::report
