// Summary statistics of one metric over scenarios. Values that are not
// finite (an IRR that does not exist is NaN) are left out and counted.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <vector>

namespace sluice::stats {

struct Summary {
  std::size_t n = 0;          // finite values
  std::size_t undefined = 0;  // NaN or infinite values left out
  double mean = 0, sd = 0, se = 0, min = 0, max = 0;
  double p1 = 0, p5 = 0, p50 = 0, p95 = 0, p99 = 0;
};

// Mean and standard deviation are exact sums (two passes), so the result
// does not depend on the order of `values`.
Summary summarize(const std::vector<double>& values);

// The p-quantile (0 <= p <= 1) of sorted values, by linear interpolation
// between order statistics (R's type 7, numpy's default, Excel's
// PERCENTILE.INC). NaN when empty.
double quantile_sorted(const std::vector<double>& sorted, double p);

// Arranges `values` so that quantile_sorted reads, for each p of `ps`, what
// it would read of the sorted values, and the first and last elements are
// the minimum and maximum: selection (std::nth_element), O(n) a quantile,
// where a sort is O(n log n). The rest stays in no particular order.
void select_quantiles(std::vector<double>& values, std::initializer_list<double> ps);

}  // namespace sluice::stats
