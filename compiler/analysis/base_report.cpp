#include "analysis/base_report.hpp"

#include "metrics/cash_flow_metrics.hpp"

namespace sluice::analysis {

BaseReport summarize(const ir::Module& m, const exec::Trace& t, const exec::Schedule& s, std::string day_count,
                     std::string period, int months_per_period) {
  std::vector<double> flat;
  for (const auto& row : t.rows) flat.insert(flat.end(), row.begin(), row.end());
  PathView view{t.init.data(), flat.data(), m.columns.size()};
  PathMetrics p = path_metrics(m, view, s, months_per_period);
  if (m.risk_free >= 0) {
    // Discounted as a Monte Carlo run's break-even spread is (docs/output.md):
    // D_t = prod_{k<=t} 1 / (1 + r_k yf_k).
    const int T = s.periods();
    const auto nctx = static_cast<std::size_t>(ir::ContextField::kCount);
    std::vector<double> yf(static_cast<std::size_t>(T));
    for (int i = 0; i < T; ++i)
      yf[static_cast<std::size_t>(i)] = s.context[static_cast<std::size_t>(i) * nctx + static_cast<std::size_t>(ir::ContextField::YearFraction)];
    for (std::size_t j = 0; j < m.tranches.size(); ++j) {
      const auto& tr = m.tranches[j];
      std::vector<double> discounted(static_cast<std::size_t>(T));
      double d = 1, pv = 0;
      for (int i = 0; i < T; ++i) {
        d /= 1 + view.at(i, m.risk_free) * yf[static_cast<std::size_t>(i)];
        discounted[static_cast<std::size_t>(i)] = ir::holder_cash(tr, view.row(i)) * d;
        pv += discounted[static_cast<std::size_t>(i)];
      }
      p.tranches[j].pv_risk_free = pv;
      p.tranches[j].spread_to_par = metrics::spread_to_price(discounted, yf, p.tranches[j].opening);  // par: what was paid at start
    }
  }
  return BaseReport{&m,
                    &t,
                    &s,
                    std::move(day_count),
                    std::move(period),
                    std::move(p.tranches),
                    std::move(p.equities),
                    std::move(p.tests),
                    std::move(p.triggers),
                    std::move(p.calls),
                    read_market(m, view, s, months_per_period),
                    {}};  // stress: set by the stress runner
}

}  // namespace sluice::analysis
