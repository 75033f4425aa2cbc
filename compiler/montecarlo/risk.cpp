#include "montecarlo/risk.hpp"

#include "metrics/cash_flow_metrics.hpp"

#include "base/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace sluice::mc {

namespace {

Proportion proportion(std::uint64_t hits, std::uint64_t n) {
  if (n == 0) return {std::nan(""), std::nan("")};
  double p = static_cast<double>(hits) / static_cast<double>(n);
  return {p, std::sqrt(p * (1 - p) / static_cast<double>(n))};
}

// The values a simulation kept, by owner and registry metric (a plan's
// names are unique: vocab::metric_name of the two), and the summaries of
// those that are distributions, taken once for every metric side by side
// on the run's threads (a selection over every scenario's value each).
class Held {
 public:
  explicit Held(const Simulation& sim) : sim_(sim), summary_(sim.metrics.size()) {
    for (std::size_t k = 0; k < sim.metrics.size(); ++k) at_.emplace(sim.metrics[k].name, k);
  }
  void summarize_all() {
    base::parallel_for(sim_.metrics.size(), sim_.options.threads, [&](std::size_t k) {
      if (vocab::info(sim_.metrics[k].kind).summary == vocab::MetricSummary::Distribution) summary_[k] = stats::summarize(sim_.values[k]);
    });
  }
  bool has(const std::string& name) const { return at_.count(name) > 0; }
  const std::vector<double>* find(const std::string& owner, MetricKind kind) const {
    auto it = at_.find(vocab::metric_name(owner, kind));
    return it == at_.end() ? nullptr : &sim_.values[it->second];
  }
  // Each Distribution row of the registry that the run kept for this owner, summarized.
  Summaries summaries(const std::string& owner, vocab::MetricOwner kind) const {
    Summaries s;
    for (const auto& r : vocab::kMetrics)
      if (r.owner == kind && r.summary == vocab::MetricSummary::Distribution)
        if (auto it = at_.find(vocab::metric_name(owner, r.id)); it != at_.end()) s.set(r.id, summary(it->second));
    return s;
  }

 private:
  // Set for every distribution by summarize_all (value() throws where it did not run).
  const stats::Summary& summary(std::size_t k) const { return summary_[k].value(); }

  const Simulation& sim_;
  std::unordered_map<std::string, std::size_t> at_;
  std::vector<std::optional<stats::Summary>> summary_;  // [plan metric]: the distributions', once summarize_all ran
};

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

// A mean and its standard error from the exact sums of x and x^2 over n.
std::pair<double, double> mean_se(const stats::ExactSum& x, const stats::ExactSum& x2, std::uint64_t n) {
  if (n == 0) return {std::nan(""), std::nan("")};
  const double N = static_cast<double>(n), mean = x.value() / N;
  return {mean, std::sqrt(std::max(0.0, x2.value() / N - mean * mean) / N)};
}

void credit_risk(const RiskShape& shape, const Simulation& sim, RiskReport& r) {
  const auto n = sim.options.scenarios;
  if (sim.obligor_sums.size() != shape.obligors.size() || sim.group_sums.size() != shape.groups.size()) return;
  stats::ExactSum total;  // every obligor's losses, for the groups' shares
  std::vector<std::size_t> members(shape.groups.size(), 0);
  for (std::size_t j = 0; j < shape.obligors.size(); ++j) {
    const auto& x = sim.obligor_sums[j];
    ObligorRisk o;
    o.name = shape.obligors[j];
    const int g = shape.obligor_group[j];
    if (g >= 0) {
      o.group = shape.groups[static_cast<std::size_t>(g)];
      ++members[static_cast<std::size_t>(g)];
    }
    o.loan = shape.obligor_loan[j];
    const double N = static_cast<double>(n);
    o.pd.p = n ? x.defaults.value() / N : std::nan("");
    o.pd.se = !o.loan && n ? std::sqrt(std::max(0.0, o.pd.p * (1 - o.pd.p)) / N) : std::nan("");
    std::tie(o.el, o.el_se) = mean_se(x.loss, x.loss_sq, n);
    total.merge(x.loss);
    r.obligors.push_back(std::move(o));
  }
  for (std::size_t g = 0; g < shape.groups.size(); ++g) {
    const auto& x = sim.group_sums[g];
    GroupRisk q;
    q.name = shape.groups[g];
    q.obligors = members[g];
    q.expected_defaults = n ? x.defaults.value() / static_cast<double>(n) : std::nan("");
    std::tie(q.el, q.el_se) = mean_se(x.loss, x.loss_sq, n);
    const double all = total.value();
    q.el_share = all > 0 ? x.loss.value() / all : std::nan("");
    r.groups.push_back(std::move(q));
  }
}

}  // namespace

std::optional<double> breakeven_spread(const std::vector<double>& a, const std::vector<double>& yf, double original) {
  return metrics::spread_to_price(a, yf, original);
}

RiskShape risk_shape(const ir::Module& m, const exec::Schedule& s, const std::string& day_count, const std::string& period) {
  RiskShape x;
  static_cast<PlanOwners&>(x) = plan_owners(m);
  x.deal = m.deal_name;
  x.currency = m.currency;
  x.day_count = day_count;
  x.period = period;
  x.schedule = s;
  x.has_risk_free = m.risk_free >= 0;
  for (const auto& t : m.tranches)
    if (!t.currency.empty()) x.note_currencies[t.name] = t.currency;
  for (int c : m.series) {
    const auto& col = m.columns[static_cast<std::size_t>(c)];
    x.series.push_back({col.name, col.unit, col.written_unit, col.per_written});
  }
  for (const auto& t : m.tests) x.test_units.push_back(m.columns[static_cast<std::size_t>(t.col)].unit);
  for (const auto& [name, col] : m.horizon_metrics) x.horizon_units.push_back(m.columns[static_cast<std::size_t>(col)].unit);
  return x;
}

RiskReport aggregate(const ir::Module& m, const exec::Schedule& s, const Simulation& sim) {
  return aggregate(risk_shape(m, s, "", ""), sim);
}

std::optional<std::string> missing_metric(const RiskShape& shape, const Simulation& sim) {
  const Held held(sim);
  for (const auto& x : metric_plan(shape, nullptr))
    if (!held.has(x.name)) return x.name;
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
  Held held(sim);
  held.summarize_all();
  std::vector<double> yf(T);
  for (std::size_t t = 0; t < T; ++t)
    yf[t] = s.context[t * static_cast<std::size_t>(ir::ContextField::kCount) + static_cast<std::size_t>(ir::ContextField::YearFraction)];

  for (std::size_t j = 0; j < shape.tranches.size(); ++j) {
    const std::string& name = shape.tranches[j];
    TrancheRisk x;
    x.name = name;
    if (auto it = shape.note_currencies.find(name); it != shape.note_currencies.end()) x.currency = it->second;
    const auto& original = *held.find(name, MetricKind::TrancheOriginal);
    const auto& loss = *held.find(name, MetricKind::TrancheLoss);
    const auto& share = *held.find(name, MetricKind::TrancheLossShare);
    x.summary = held.summaries(name, vocab::MetricOwner::Tranche);
    x.original = exact_mean(original);
    std::uint64_t hits = 0;
    std::vector<double> given;
    for (std::uint64_t i = 0; i < n; ++i)
      if (loss[i] > 1e-6 * original[i] && loss[i] > 0) {
        ++hits;
        given.push_back(share[i]);
      }
    x.pd = proportion(hits, n);
    x.el = x.summary[MetricKind::TrancheLossShare].mean;
    x.el_se = x.summary[MetricKind::TrancheLossShare].se;
    x.el_amount = exact_mean(loss);
    if (!given.empty()) x.lgl = exact_mean(given);
    if (j < sim.default_sums.size()) {
      // Loss given default weighs each default by its exposure: the summed
      // losses over the summed exposures, so that P(default) x mean
      // exposure x LGD with interest is the expected loss in currency.
      const auto& d = sim.default_sums[j];
      const double k = d.defaults.value();
      x.defaulted = proportion(static_cast<std::uint64_t>(k), n);
      if (k > 0) {
        x.default_period = d.period.value() / k;
        x.exposure_at_default = d.exposure.value() / k;
        if (d.exposure.value() > 0) {
          x.lgd = d.loss_ex_interest.value() / d.exposure.value();
          x.lgd_with_interest = d.loss.value() / d.exposure.value();
        }
      }
      x.rating = read_rating(x.defaulted.p, x.summary[MetricKind::TrancheWal].mean);
    }
    if (r.has_risk_free && n > 0) {
      std::vector<double> expected(T);
      for (std::size_t t = 0; t < T; ++t) expected[t] = sim.discounted_flows[j][t].value() / static_cast<double>(n);
      // Par is what the holders paid at start; a facility's later draws are in its flows.
      x.breakeven_spread = breakeven_spread(expected, yf, exact_mean(*held.find(name, MetricKind::TrancheOpening)));
      x.expected_discounted = std::move(expected);
    }
    r.tranches.push_back(std::move(x));
  }
  for (const auto& eq : shape.equities) r.equities.push_back({eq, held.summaries(eq, vocab::MetricOwner::Equity)});
  for (std::size_t i = 0; i < shape.tests.size(); ++i)
    r.tests.push_back({shape.tests[i], held.summaries(shape.tests[i], vocab::MetricOwner::Test), i < shape.test_units.size() ? shape.test_units[i] : ""});
  for (const auto& tg : shape.triggers) r.triggers.push_back(event(tg, *held.find(tg, MetricKind::FirstBreach)));
  for (const auto& p : shape.probabilities)
    if (const auto* v = held.find(p, MetricKind::FirstBreach)) r.probabilities.push_back(event(p, *v));
  for (std::size_t i = 0; i < shape.horizon_metrics.size(); ++i) {
    const auto& name = shape.horizon_metrics[i];
    r.metrics.push_back({name, stats::summarize(*held.find(name, MetricKind::Horizon)), i < shape.horizon_units.size() ? shape.horizon_units[i] : ""});
  }

  // Fan charts: exact means over every scenario; quantiles over the
  // sample, each series' period on its own (side by side on the run's threads).
  for (std::size_t j = 0; j < shape.series.size(); ++j)
    r.series.push_back({shape.series[j].name, shape.series[j].unit, std::vector<FanPoint>(T), shape.series[j].written_unit, shape.series[j].per_written});
  base::parallel_for(shape.series.size() * T, sim.options.threads, [&](std::size_t k) {
    const std::size_t j = k / T, t = k % T;
    FanPoint& p = r.series[j].periods[t];
    const auto& sum = sim.series_sums[j][t];  // of the defined values only
    p.mean = sum.count() ? sum.value() / static_cast<double>(sum.count()) : std::nan("");
    const double* from = sim.fan_values.data() + (j * T + t) * sim.fan;
    std::vector<double> sample;
    sample.reserve(sim.fan);
    for (const double* v = from; v != from + sim.fan; ++v)
      if (std::isfinite(*v)) sample.push_back(*v);
    p.defined = sim.fan ? static_cast<double>(sample.size()) / static_cast<double>(sim.fan) : 0;
    stats::select_quantiles(sample, {0.05, 0.50, 0.95});
    p.p5 = stats::quantile_sorted(sample, 0.05);
    p.p50 = stats::quantile_sorted(sample, 0.50);
    p.p95 = stats::quantile_sorted(sample, 0.95);
  });
  credit_risk(shape, sim, r);
  return r;
}

std::vector<KeptMetric> requested_metrics(const RiskReport& r) {
  std::vector<KeptMetric> out;
  auto kept = [&](const std::string& owner, const Summaries& s) {
    for (const auto& row : vocab::kMetrics)
      if (row.access == vocab::MetricAccess::Requested && s.has(row.id)) out.push_back({vocab::metric_name(owner, row.id), row.id, &s[row.id]});
  };
  for (const auto& x : r.tranches) kept(x.name, x.summary);
  for (const auto& x : r.equities) kept(x.name, x.summary);
  for (const auto& x : r.tests) kept(x.name, x.summary);
  return out;
}

}  // namespace sluice::mc
