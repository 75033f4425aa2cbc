#include "montecarlo/risk.hpp"

#include "metrics/cash_flow_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace sluice::mc {

namespace {

Proportion proportion(std::uint64_t hits, std::uint64_t n) {
  if (n == 0) return {std::nan(""), std::nan("")};
  double p = static_cast<double>(hits) / static_cast<double>(n);
  return {p, std::sqrt(p * (1 - p) / static_cast<double>(n))};
}

const std::vector<double>* metric(const Simulation& sim, const std::string& name) {
  for (std::size_t k = 0; k < sim.metrics.size(); ++k)
    if (sim.metrics[k].name == name) return &sim.values[k];
  return nullptr;
}

double exact_mean(const std::vector<double>& v) {
  stats::ExactSum s;
  for (double x : v) s.add(x);
  return v.empty() ? std::nan("") : s.value() / static_cast<double>(v.size());
}

EventRisk event(const std::string& name, const std::vector<double>& first) {
  EventRisk e;
  e.name = name;
  std::vector<double> on;
  for (double f : first)
    if (f > 0) on.push_back(f);
  e.ever = proportion(on.size(), first.size());
  if (!on.empty()) e.mean_first = exact_mean(on);
  return e;
}

}  // namespace

std::optional<double> breakeven_spread(const std::vector<double>& a, const std::vector<double>& yf, double original) {
  return metrics::spread_to_price(a, yf, original);
}

RiskReport aggregate(const ir::Module& m, const interp::Schedule& s, const Simulation& sim) {
  RiskReport r;
  r.deal = m.deal_name;
  r.currency = m.currency;
  r.scenarios = sim.options.scenarios;
  r.seed = sim.options.seed;
  r.fan_sample = sim.fan;
  r.schedule = &s;
  r.has_risk_free = m.risk_free >= 0;
  const auto T = static_cast<std::size_t>(s.periods());
  const auto n = sim.options.scenarios;
  std::vector<double> yf(T);
  for (std::size_t t = 0; t < T; ++t)
    yf[t] = s.context[t * static_cast<std::size_t>(ir::ContextField::kCount) + static_cast<std::size_t>(ir::ContextField::YearFraction)];

  for (std::size_t j = 0; j < m.tranches.size(); ++j) {
    const std::string& name = m.tranches[j].name;
    TrancheRisk x;
    x.name = name;
    const auto& original = *metric(sim, name + ".original");
    const auto& loss = *metric(sim, name + ".loss");
    const auto& share = *metric(sim, name + ".loss_share");
    x.original = exact_mean(original);
    std::uint64_t hits = 0;
    std::vector<double> given;
    for (std::uint64_t i = 0; i < n; ++i)
      if (loss[i] > 1e-6 * original[i] && loss[i] > 0) {
        ++hits;
        given.push_back(share[i]);
      }
    x.pd = proportion(hits, n);
    x.loss_share = stats::summarize(share);
    x.el = x.loss_share.mean;
    x.el_se = x.loss_share.se;
    x.el_amount = exact_mean(loss);
    if (!given.empty()) x.lgl = exact_mean(given);
    x.wal = stats::summarize(*metric(sim, name + ".wal"));
    x.irr = stats::summarize(*metric(sim, name + ".irr"));
    if (r.has_risk_free && n > 0) {
      std::vector<double> expected(T);
      for (std::size_t t = 0; t < T; ++t) expected[t] = sim.discounted_flows[j][t].value() / static_cast<double>(n);
      x.breakeven_spread = breakeven_spread(expected, yf, x.original);
    }
    r.tranches.push_back(std::move(x));
  }
  for (const auto& eq : m.equities)
    r.equities.push_back({eq.name, stats::summarize(*metric(sim, eq.name + ".irr")), stats::summarize(*metric(sim, eq.name + ".distributions"))});
  for (const auto& ts : m.tests)
    r.tests.push_back({ts.name, stats::summarize(*metric(sim, ts.name + ".min")), stats::summarize(*metric(sim, ts.name + ".mean"))});
  for (const auto& tg : m.triggers) r.triggers.push_back(event(tg.name, *metric(sim, tg.name + ".first")));
  // A probability that names a trigger is already in the trigger table.
  for (const auto& p : m.probabilities) {
    bool trigger = std::any_of(m.triggers.begin(), m.triggers.end(), [&](const ir::TriggerInfo& t) { return t.name == p; });
    if (const auto* v = metric(sim, p + ".first"); v && !trigger) r.probabilities.push_back(event(p, *v));
  }
  for (const auto& [name, col] : m.horizon_metrics) r.metrics.push_back({name, stats::summarize(*metric(sim, name))});

  // Fan charts: exact means over every scenario; quantiles over the sample.
  for (std::size_t j = 0; j < m.series.size(); ++j) {
    const auto& col = m.columns[static_cast<std::size_t>(m.series[j])];
    SeriesFan f{col.name, col.unit, {}};
    std::vector<double> sample(sim.fan);
    for (std::size_t t = 0; t < T; ++t) {
      FanPoint p;
      p.mean = n ? sim.series_sums[j][t].value() / static_cast<double>(n) : std::nan("");
      const double* from = sim.fan_values.data() + (j * T + t) * sim.fan;
      sample.assign(from, from + sim.fan);
      std::erase_if(sample, [](double v) { return !std::isfinite(v); });
      std::sort(sample.begin(), sample.end());
      p.p5 = stats::quantile_sorted(sample, 0.05);
      p.p50 = stats::quantile_sorted(sample, 0.50);
      p.p95 = stats::quantile_sorted(sample, 0.95);
      f.periods.push_back(p);
    }
    r.series.push_back(std::move(f));
  }
  return r;
}

}  // namespace sluice::mc
