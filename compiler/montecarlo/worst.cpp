#include "montecarlo/worst.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"

namespace sluice::mc {

const Metric* find_metric(const std::vector<Metric>& plan, const std::string& name) {
  for (const auto& m : plan)
    if (m.name == name) return &m;
  return nullptr;
}

WorstList worst_scenarios(const Simulation& sim, const Metric& metric, std::uint64_t top) {
  const auto& row = vocab::info(metric.kind);
  WorstList w;
  w.metric = metric.name;
  w.worse = row.worse;
  w.unit = row.unit;
  std::size_t at = 0;
  while (at < sim.metrics.size() && sim.metrics[at].name != metric.name) ++at;
  const std::vector<double>& values = sim.values.at(at);
  for (std::uint64_t i = 0; i < sim.count; ++i) {
    const double v = values[static_cast<std::size_t>(i)];
    // A condition's first period is 0 where it never came on: not an early breach.
    const bool never = row.owner == vocab::MetricOwner::Condition && v == 0;
    if (std::isnan(v) || never) {
      ++w.undefined;
      continue;
    }
    w.worst.push_back({sim.first + i, v});
  }
  w.ranked = w.worst.size();
  // Worse first; equal values by the lower id: a total order, so the list
  // does not depend on how the scenarios were split between threads.
  const bool high = w.worse == vocab::MetricWorse::High;
  auto worse = [high](const WorstScenario& a, const WorstScenario& b) {
    if (a.value != b.value) return high ? a.value > b.value : a.value < b.value;
    return a.scenario < b.scenario;
  };
  const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(top, w.worst.size()));
  std::partial_sort(w.worst.begin(), w.worst.begin() + static_cast<std::ptrdiff_t>(n), w.worst.end(), worse);
  w.worst.resize(n);
  return w;
}

namespace {

// The value as the metric's unit reads (vocabulary/metrics.def), to the
// cent for money: the list is for finding scenarios, not for rounding them.
std::string shown(double v, vocab::MetricUnit unit) {
  if (!std::isfinite(v)) return thousands(v);
  switch (unit) {
    case vocab::MetricUnit::Money: return thousands(v, 2);
    case vocab::MetricUnit::Percent: return fmt::format("{:.4f}%", v * 100);
    case vocab::MetricUnit::Years: return fmt::format("{:.4f}", v);
    case vocab::MetricUnit::Period: return fmt::format("{:.0f}", v);
    case vocab::MetricUnit::Own: break;
  }
  return fmt::format("{:.6g}", v);
}

std::string table(const WorstList& w, const std::string& replay, std::uint64_t seed, std::uint64_t scenarios, bool color) {
  const char* way = w.worse == vocab::MetricWorse::High ? "highest" : "lowest";
  std::string out = fmt::format("the {} worst of {} scenarios (seed {}) by {}, {} first\n\n", w.worst.size(),
                                thousands(static_cast<double>(scenarios)), seed, printable(w.metric), way);
  Table tab;
  tab.head = {"rank", "scenario", w.metric};
  for (std::size_t i = 0; i < w.worst.size(); ++i)
    tab.rows.push_back({fmt::format("{}", i + 1), fmt::format("{}", w.worst[i].scenario), shown(w.worst[i].value, w.unit)});
  out += tab.render(color);
  if (w.undefined)
    out += fmt::format("  {} of the scenarios have no {} (undefined, or never on) and are not ranked.\n", thousands(static_cast<double>(w.undefined)),
                       printable(w.metric));
  if (!w.worst.empty()) out += fmt::format("  drill down: {} --path {}\n", printable(replay), w.worst.front().scenario);
  return out;
}

}  // namespace

std::string format_worst(const WorstList& w, const std::string& format, const std::string& replay, std::uint64_t seed,
                         std::uint64_t scenarios, bool color) {
  if (format == "csv") {
    std::string out = "rank,scenario," + csv_field(w.metric) + "\n";
    for (std::size_t i = 0; i < w.worst.size(); ++i) out += fmt::format("{},{},{}\n", i + 1, w.worst[i].scenario, w.worst[i].value);
    return out;
  }
  if (format == "json") {
    using nlohmann::json;
    json j;
    j["schema"] = "sluice.worst.v1";
    j["metric"] = w.metric;
    j["worse"] = w.worse == vocab::MetricWorse::High ? "high" : "low";
    j["seed"] = seed;
    j["scenarios"] = scenarios;
    j["ranked"] = w.ranked;
    j["undefined"] = w.undefined;
    json list = json::array();
    for (std::size_t i = 0; i < w.worst.size(); ++i)
      list.push_back({{"rank", i + 1}, {"scenario", w.worst[i].scenario}, {"value", w.worst[i].value}});
    j["worst"] = list;
    j["replay"] = replay;
    return json_safe(j.dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
  }
  return table(w, replay, seed, scenarios, color);
}

}  // namespace sluice::mc
