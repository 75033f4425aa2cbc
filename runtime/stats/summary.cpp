#include "stats/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/exact_sum.hpp"

namespace sluice::stats {

namespace {

// The lower order statistic the p-quantile of n values interpolates from.
std::size_t lower_index(std::size_t n, double p) { return static_cast<std::size_t>(std::floor((static_cast<double>(n) - 1) * p)); }

}  // namespace

double quantile_sorted(const std::vector<double>& x, double p) {
  if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
  double h = (static_cast<double>(x.size()) - 1) * p;
  auto lo = lower_index(x.size(), p);
  if (lo + 1 >= x.size()) return x.back();
  return x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]);
}

void select_quantiles(std::vector<double>& x, std::initializer_list<double> ps) {
  const std::size_t n = x.size();
  if (n < 2) return;
  std::vector<std::size_t> at{0, n - 1};
  for (double p : ps) {
    at.push_back(lower_index(n, p));
    at.push_back(lower_index(n, p) + 1);
  }
  std::sort(at.begin(), at.end());
  // Each step leaves everything before its position no larger and
  // everything after no smaller, so the next one, further on, need only
  // look at what follows. The smallest of what is left (the first position,
  // the one after an interpolated quantile's lower one) and the largest
  // need one pass, not a selection.
  std::size_t from = 0;
  auto it = [&](std::size_t i) { return x.begin() + static_cast<std::ptrdiff_t>(i); };
  for (std::size_t pos : at) {
    if (pos >= n || pos < from) continue;
    if (pos == from) std::iter_swap(it(pos), std::min_element(it(pos), x.end()));
    else if (pos == n - 1) std::iter_swap(it(pos), std::max_element(it(from), x.end()));
    else std::nth_element(it(from), it(pos), x.end());
    from = pos + 1;
  }
}

Summary summarize(const std::vector<double>& values) {
  Summary s;
  std::vector<double> x;
  x.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) x.push_back(v);
    else ++s.undefined;
  }
  s.n = x.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (x.empty()) {
    s.mean = s.sd = s.se = s.min = s.max = s.p1 = s.p5 = s.p50 = s.p95 = s.p99 = nan;
    return s;
  }
  ExactSum sum;
  for (double v : x) sum.add(v);
  s.mean = sum.value() / static_cast<double>(s.n);
  if (s.n > 1) {
    ExactSum sq;
    for (double v : x) sq.add((v - s.mean) * (v - s.mean));
    s.sd = std::sqrt(sq.value() / static_cast<double>(s.n - 1));
    s.se = s.sd / std::sqrt(static_cast<double>(s.n));
  } else {
    s.sd = s.se = nan;
  }
  select_quantiles(x, {0.01, 0.05, 0.50, 0.95, 0.99});
  s.min = x.front();
  s.max = x.back();
  s.p1 = quantile_sorted(x, 0.01);
  s.p5 = quantile_sorted(x, 0.05);
  s.p50 = quantile_sorted(x, 0.50);
  s.p95 = quantile_sorted(x, 0.95);
  s.p99 = quantile_sorted(x, 0.99);
  return s;
}

}  // namespace sluice::stats
