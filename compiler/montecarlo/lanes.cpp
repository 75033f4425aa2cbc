// The plan's metrics read off columns (lanes.hpp).
#include "montecarlo/lanes.hpp"

#include <algorithm>
#include <cmath>

namespace sluice::mc {

ColumnMetrics::ColumnMetrics(const ir::Module& m, const std::vector<Metric>& plan, int periods) : metrics_(plan.size()), periods_(periods) {
  at_breach_.resize(m.triggers.size());
  is_column_.assign(plan.size(), 1);
  auto trigger_at = [&](int col) {
    for (std::size_t g = 0; g < m.triggers.size(); ++g)
      if (m.triggers[g].col == col) return static_cast<int>(g);
    return -1;
  };
  for (std::size_t k = 0; k < plan.size(); ++k) {
    const Metric& x = plan[k];
    switch (x.kind) {
      case MetricKind::FirstBreach:
        if (int g = trigger_at(x.index); g >= 0) trigger_first_.emplace_back(k, g);
        else conditions_.emplace_back(k, x.index);
        break;
      case MetricKind::FactorMin: factor_min_.emplace_back(k, x.index); break;
      case MetricKind::FactorAtBreach:  // (a trigger not in the module never comes on: NaN)
        if (int g = trigger_at(x.trigger); g >= 0) at_breach_[static_cast<std::size_t>(g)].emplace_back(k, x.index);
        break;
      case MetricKind::Horizon: horizon_.emplace_back(k, x.index); break;
      default: is_column_[k] = 0; break;
    }
  }
}

void ColumnMetrics::open(Lanes& x, std::size_t n) const {
  const std::size_t W = x.W;
  for (std::size_t k = 0; k < metrics_; ++k) std::fill_n(x.columns.begin() + static_cast<std::ptrdiff_t>(k * W), n, std::nan(""));
  for (const auto& [k, col] : conditions_) std::fill_n(x.columns.begin() + static_cast<std::ptrdiff_t>(k * W), n, 0.0);
}

void ColumnMetrics::period(int t, const double* row, std::size_t stride, const analysis::PathStream& stream, std::size_t n, Lanes& x) const {
  const auto cells = [row, stride](int c) { return row + static_cast<std::size_t>(c) * stride; };
  const std::size_t W = x.W;
  const double when = t + 1;
  for (const auto& [k, col] : conditions_) {
    const double* on = cells(col);
    double* v = x.columns.data() + k * W;
    for (std::size_t l = 0; l < n; ++l) v[l] = v[l] == 0 && on[l] != 0 ? when : v[l];
  }
  for (const auto& [k, col] : factor_min_) {
    const double* here = cells(col);
    double* v = x.columns.data() + k * W;
    for (std::size_t l = 0; l < n; ++l) v[l] = std::isfinite(here[l]) && (std::isnan(v[l]) || here[l] < v[l]) ? here[l] : v[l];
  }
  for (std::size_t g = 0; g < at_breach_.size(); ++g)
    for (std::size_t l = 0; l < n; ++l)
      if (stream.trigger_first(g, static_cast<int>(l)) == t + 1)
        for (const auto& [k, col] : at_breach_[g]) x.columns[k * W + l] = cells(col)[l];
  if (t == periods_ - 1)
    for (const auto& [k, col] : horizon_) std::copy_n(cells(col), n, x.columns.data() + k * W);
}

}  // namespace sluice::mc
