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

RiskShape risk_shape(const ir::Module& m, const exec::Schedule& s, const std::string& day_count, const std::string& period) {
  RiskShape x;
  x.deal = m.deal_name;
  x.currency = m.currency;
  x.day_count = day_count;
  x.period = period;
  x.schedule = s;
  x.has_risk_free = m.risk_free >= 0;
  for (const auto& t : m.tranches) x.tranches.push_back(t.name);
  for (const auto& e : m.equities) x.equities.push_back(e.name);
  for (const auto& t : m.tests) x.tests.push_back(t.name);
  for (const auto& t : m.triggers) x.triggers.push_back(t.name);
  // A probability that names a trigger is already in the trigger table.
  for (const auto& p : m.probabilities)
    if (std::none_of(m.triggers.begin(), m.triggers.end(), [&](const ir::TriggerInfo& t) { return t.name == p; }))
      x.probabilities.push_back(p);
  for (const auto& [name, col] : m.horizon_metrics) x.horizon_metrics.push_back(name);
  for (int c : m.series) {
    const auto& col = m.columns[static_cast<std::size_t>(c)];
    x.series.push_back({col.name, col.unit});
  }
  return x;
}

RiskReport aggregate(const ir::Module& m, const exec::Schedule& s, const Simulation& sim) {
  return aggregate(risk_shape(m, s, "", ""), sim);
}

std::optional<std::string> missing_metric(const RiskShape& shape, const Simulation& sim) {
  std::vector<std::string> need;
  for (const auto& t : shape.tranches)
    for (const char* k : {".original", ".loss", ".loss_share", ".wal", ".irr"}) need.push_back(t + k);
  for (const auto& e : shape.equities)
    for (const char* k : {".irr", ".distributions"}) need.push_back(e + k);
  for (const auto& t : shape.tests)
    for (const char* k : {".min", ".mean"}) need.push_back(t + k);
  for (const auto& t : shape.triggers) need.push_back(t + ".first");
  for (const auto& h : shape.horizon_metrics) need.push_back(h);
  for (const auto& name : need)
    if (!metric(sim, name)) return name;
  return std::nullopt;
}

RiskReport aggregate(const RiskShape& shape, const Simulation& sim) {
  RiskReport r;
  r.deal = shape.deal;
  r.currency = shape.currency;
  r.day_count = shape.day_count;
  r.period = shape.period;
  r.scenarios = sim.options.scenarios;
  r.seed = sim.options.seed;
  r.fan_sample = sim.fan;
  r.schedule = shape.schedule;
  r.has_risk_free = shape.has_risk_free;
  const auto& s = shape.schedule;
  const auto T = static_cast<std::size_t>(s.periods());
  const auto n = sim.options.scenarios;
  std::vector<double> yf(T);
  for (std::size_t t = 0; t < T; ++t)
    yf[t] = s.context[t * static_cast<std::size_t>(ir::ContextField::kCount) + static_cast<std::size_t>(ir::ContextField::YearFraction)];

  for (std::size_t j = 0; j < shape.tranches.size(); ++j) {
    const std::string& name = shape.tranches[j];
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
  for (const auto& eq : shape.equities)
    r.equities.push_back({eq, stats::summarize(*metric(sim, eq + ".irr")), stats::summarize(*metric(sim, eq + ".distributions"))});
  for (const auto& ts : shape.tests)
    r.tests.push_back({ts, stats::summarize(*metric(sim, ts + ".min")), stats::summarize(*metric(sim, ts + ".mean"))});
  for (const auto& tg : shape.triggers) r.triggers.push_back(event(tg, *metric(sim, tg + ".first")));
  for (const auto& p : shape.probabilities)
    if (const auto* v = metric(sim, p + ".first")) r.probabilities.push_back(event(p, *v));
  for (const auto& name : shape.horizon_metrics) r.metrics.push_back({name, stats::summarize(*metric(sim, name))});

  // Fan charts: exact means over every scenario; quantiles over the sample.
  for (std::size_t j = 0; j < shape.series.size(); ++j) {
    SeriesFan f{shape.series[j].name, shape.series[j].unit, {}};
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
