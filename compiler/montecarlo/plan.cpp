#include "montecarlo/plan.hpp"

#include <algorithm>

namespace sluice::mc {

PlanOwners plan_owners(const ir::Module& m) {
  PlanOwners o;
  for (const auto& t : m.tranches) o.tranches.push_back(t.name);
  for (const auto& e : m.equities) o.equities.push_back(e.name);
  for (const auto& t : m.tests) o.tests.push_back(t.name);
  for (const auto& t : m.triggers) o.triggers.push_back(t.name);
  // A probability that names a trigger is already the trigger's.
  for (const auto& p : m.probabilities)
    if (std::none_of(m.triggers.begin(), m.triggers.end(), [&](const ir::TriggerInfo& t) { return t.name == p; }))
      o.probabilities.push_back(p);
  for (const auto& [name, col] : m.horizon_metrics) o.horizon_metrics.push_back(name);
  for (int c : m.factors) o.factors.push_back(m.columns[static_cast<std::size_t>(c)].name);
  // Metrics every run keeps need no asking; a report may name one twice.
  for (const auto& r : m.metrics)
    if (vocab::info(r.second).access == vocab::MetricAccess::Requested &&
        std::find(o.requested.begin(), o.requested.end(), r) == o.requested.end())
      o.requested.push_back(r);
  // Groups in the order of their first obligor.
  for (const auto& x : m.obligors) {
    int g = -1;
    if (!x.group.empty()) {
      auto it = std::find(o.groups.begin(), o.groups.end(), x.group);
      g = static_cast<int>(it - o.groups.begin());
      if (it == o.groups.end()) o.groups.push_back(x.group);
    }
    o.obligors.push_back(x.name);
    o.obligor_group.push_back(g);
    o.obligor_loan.push_back(x.loan);
  }
  return o;
}

std::vector<Metric> metric_plan(const PlanOwners& o, const ir::Module* m) {
  std::vector<Metric> out;
  auto records = [&](const std::vector<std::string>& owners, vocab::MetricOwner kind) {
    for (std::size_t i = 0; i < owners.size(); ++i)
      for (const auto& r : vocab::kMetrics) {
        if (r.owner != kind) continue;
        if (r.access == vocab::MetricAccess::Requested &&
            std::find(o.requested.begin(), o.requested.end(), std::make_pair(owners[i], r.id)) == o.requested.end())
          continue;
        out.push_back({vocab::metric_name(owners[i], r.id), r.id, static_cast<int>(i)});
      }
  };
  records(o.tranches, vocab::MetricOwner::Tranche);
  records(o.equities, vocab::MetricOwner::Equity);
  records(o.tests, vocab::MetricOwner::Test);
  // A condition's first period: a trigger's own column, a probability's
  // column of its name (a partial result knows neither).
  for (const auto& t : o.triggers) {
    int col = -1;
    if (m)
      for (const auto& x : m->triggers)
        if (x.name == t) col = x.col;
    out.push_back({vocab::metric_name(t, MetricKind::FirstBreach), MetricKind::FirstBreach, col});
  }
  for (const auto& p : o.probabilities) {
    if (!m) {
      out.push_back({vocab::metric_name(p, MetricKind::FirstBreach), MetricKind::FirstBreach, -1});
      continue;
    }
    for (std::size_t c = 0; c < m->columns.size(); ++c)
      if (m->columns[c].name == p) out.push_back({vocab::metric_name(p, MetricKind::FirstBreach), MetricKind::FirstBreach, static_cast<int>(c)});
  }
  for (std::size_t i = 0; i < o.horizon_metrics.size(); ++i)
    out.push_back({vocab::metric_name(o.horizon_metrics[i], MetricKind::Horizon), MetricKind::Horizon,
                   m ? m->horizon_metrics[i].second : -1});
  // What each scenario's market did: per draw and factor its minimum, then
  // its value when each trigger first came on (a trigger's column as its
  // first period's: the plan's triggers are the module's, in its order).
  for (std::size_t i = 0; i < o.factors.size(); ++i) {
    const int col = m ? m->factors[i] : -1;
    out.push_back({vocab::metric_name(o.factors[i], MetricKind::FactorMin), MetricKind::FactorMin, col});
    for (std::size_t j = 0; j < o.triggers.size(); ++j)
      out.push_back({o.factors[i] + ".at_" + o.triggers[j], MetricKind::FactorAtBreach, col, m ? m->triggers[j].col : -1});
  }
  return out;
}

bool needs_yield(const std::vector<Metric>& plan) {
  return std::any_of(plan.begin(), plan.end(), [](const Metric& x) { return vocab::info(x.kind).cost == vocab::MetricCost::Yield; });
}

}  // namespace sluice::mc
