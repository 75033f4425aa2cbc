#include "driver/sweep.hpp"

#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "diagnostics/exit.hpp"
#include "driver/cli_numbers.hpp"
#include "driver/errors.hpp"

namespace sluice::driver {

namespace {

struct Grid {
  std::vector<std::string> head;               // axis names, then metric names
  std::vector<std::vector<std::string>> axes;  // per point: each axis's value text
  std::vector<std::vector<double>> values;     // per point: each metric (NaN: none)
  std::vector<Shown> shown;                    // per metric
};

}  // namespace

std::optional<VaryAxis> parse_vary(const std::string& spec, std::string& error) {
  auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) {
    error = fmt::format("--vary `{}` is not NAME=A..B:STEPS or NAME=V1,V2,...", spec);
    return std::nullopt;
  }
  VaryAxis axis{trim(spec.substr(0, eq)), {}};
  std::string rest = spec.substr(eq + 1);
  auto dots = rest.find("..");
  if (dots == std::string::npos) {
    std::size_t from = 0;
    while (from <= rest.size()) {
      auto comma = rest.find(',', from);
      std::string v = trim(rest.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
      if (v.empty()) {
        error = fmt::format("--vary {}: an empty value in `{}`", axis.name, rest);
        return std::nullopt;
      }
      axis.values.push_back(v);
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    return axis;
  }
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon < dots) {
    error = fmt::format("--vary {}: a range needs its number of steps, as in `{}:5`", axis.name, rest);
    return std::nullopt;
  }
  std::string a = trim(rest.substr(0, dots)), b = trim(rest.substr(dots + 2, colon - dots - 2)), n = trim(rest.substr(colon + 1));
  double x0 = 0, x1 = 0;
  std::string s0, s1;
  if (!split_number(a, x0, s0) || !split_number(b, x1, s1)) {
    error = fmt::format("--vary {}: `{}..{}` must run between two numbers, such as `-40%..-20%`", axis.name, a, b);
    return std::nullopt;
  }
  if (trim(s0) != trim(s1)) {
    error = fmt::format("--vary {}: `{}` and `{}` must share their unit", axis.name, a, b);
    return std::nullopt;
  }
  std::string why;
  const auto parsed = parse_whole(n, 2, 1000, why);
  if (!parsed) {
    error = fmt::format("--vary {}: the number of steps `{}` must be a whole number from 2 to 1000 ({})", axis.name, printable(n), printable(why));
    return std::nullopt;
  }
  const int steps = static_cast<int>(*parsed);
  for (int i = 0; i < steps; ++i) axis.values.push_back(number_text(x0 + (x1 - x0) * i / (steps - 1)) + s0);
  return axis;
}

int check_axes(const std::vector<VaryAxis>& axes, const std::vector<sema::ParamOverride>& sets) {
  for (std::size_t k = 0; k < axes.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j)
      if (axes[j].name == axes[k].name)
        return refuse(kUsage, DiagCode::RepeatedParam, fmt::format("--vary gives `{}` twice", printable(axes[k].name)),
                      {"give each param one --vary; list every value in it: NAME=V1,V2,... or NAME=A..B:STEPS"});
    for (const auto& s : sets)
      if (s.name == axes[k].name)
        return refuse(kUsage, DiagCode::RepeatedParam, fmt::format("--vary and --set both give `{}`", printable(s.name)),
                      {"a param is either varied (--vary) or held at one value (--set), not both"});
  }
  // Counted against the cap before each product, never in a word that 8
  // axes of 256 values wrap to 0.
  std::uint64_t points = 1;
  for (const auto& a : axes) {
    const bool too_many = a.values.size() > kMaxSweepPoints / points;
    points *= too_many ? 1 : a.values.size();
    if (too_many) {
      std::string sizes;
      for (const auto& b : axes) sizes += fmt::format("{}{}", sizes.empty() ? "" : " x ", b.values.size());
      return refuse(kUsage, DiagCode::BadOptionValue, fmt::format("the grid has {} points, more than the 100,000 a sweep runs", sizes),
                    {"vary fewer params at once, or give each fewer values"});
    }
  }
  return kOk;
}

int run_sweep(const std::string& file, const SweepOptions& o, std::string& out) {
  if (int rc = check_axes(o.axes, o.sets)) return rc;
  std::size_t points = 1;
  for (const auto& a : o.axes) points *= a.values.size();
  Grid g;
  for (const auto& a : o.axes) g.head.push_back(a.name);
  std::vector<std::string> metric_names;
  const bool mc = o.monte_carlo.has_value();
  for (std::size_t p = 0; p < points; ++p) {
    std::vector<sema::ParamOverride> sets = o.sets;
    std::vector<std::string> at;
    std::size_t rest = p;
    std::vector<std::size_t> index(o.axes.size());
    for (std::size_t k = o.axes.size(); k-- > 0;) {
      index[k] = rest % o.axes[k].values.size();
      rest /= o.axes[k].values.size();
    }
    for (std::size_t k = 0; k < o.axes.size(); ++k) {
      at.push_back(o.axes[k].values[index[k]]);
      sets.push_back({o.axes[k].name, at.back()});
    }
    std::string where;
    for (std::size_t k = 0; k < at.size(); ++k) where += fmt::format("{}{}={}", k ? ", " : "", o.axes[k].name, at[k]);
    PointMetrics m;
    int exit = 0;
    switch (run_point(file, sets, o, where, m, exit)) {
      case PointStatus::Failed: return exit;
      case PointStatus::Worker: continue;  // an MPI rank other than 0: rank 0 builds the grid
      case PointStatus::Ok: break;
    }
    const bool first = p == 0;
    if (first) {
      metric_names = m.names;
      g.shown = m.shown;
    }
    std::vector<double> row = std::move(m.values);
    if (!first && m.names != metric_names) {
      return refuse_uncoded(kUsage, "the deal's tranches or triggers differ between sweep points; vary params, not structure");
    }
    g.axes.push_back(at);
    g.values.push_back(row);
  }
  g.head.insert(g.head.end(), metric_names.begin(), metric_names.end());

  if (o.format == "json") {
    nlohmann::json j;
    j["schema"] = "sluice.sweep.v1";
    j["mode"] = mc ? "monte_carlo" : "base_case";
    if (!o.stress.empty()) j["stress"] = o.stress;  // each point the stress's base case
    if (mc) {
      j["scenarios"] = o.monte_carlo->scenarios;
      j["seed"] = o.monte_carlo->seed;
    }
    nlohmann::json axes = nlohmann::json::array();
    for (const auto& a : o.axes) axes.push_back({{"name", a.name}, {"values", a.values}});
    j["axes"] = axes;
    nlohmann::json pts = nlohmann::json::array();
    for (std::size_t p = 0; p < g.values.size(); ++p) {
      nlohmann::json at = nlohmann::json::object(), vals = nlohmann::json::object();
      for (std::size_t k = 0; k < o.axes.size(); ++k) at[o.axes[k].name] = g.axes[p][k];
      for (std::size_t k = 0; k < metric_names.size(); ++k) {
        const double v = g.values[p][k];
        if (!std::isfinite(v)) vals[metric_names[k]] = nullptr;
        else if (g.shown[k] == Shown::Grade) vals[metric_names[k]] = grade_text(v);  // a grade by its name, as the table prints it
        else vals[metric_names[k]] = v;
      }
      pts.push_back({{"at", at}, {"metrics", vals}});
    }
    j["points"] = pts;
    out = json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
  } else if (o.format == "csv") {
    for (std::size_t k = 0; k < g.head.size(); ++k) out += (k ? "," : "") + g.head[k];
    out += "\n";
    for (std::size_t p = 0; p < g.values.size(); ++p) {
      for (std::size_t k = 0; k < g.axes[p].size(); ++k) out += (k ? "," : "") + std::string("\"") + g.axes[p][k] + "\"";
      for (std::size_t k = 0; k < g.values[p].size(); ++k) {
        const double v = g.values[p][k];
        out += "," + (g.shown[k] == Shown::Grade && std::isfinite(v) ? grade_text(v) : csv_number(v));
      }
      out += "\n";
    }
  } else {
    Table t;
    t.head = g.head;
    for (std::size_t p = 0; p < g.values.size(); ++p) {
      std::vector<std::string> r = g.axes[p];
      for (std::size_t k = 0; k < g.values[p].size(); ++k) {
        double v = g.values[p][k];
        if (!std::isfinite(v)) r.push_back("n/a");
        else if (g.shown[k] == Shown::Percent) r.push_back(fmt::format("{:.2f}%", v * 100));
        else if (g.shown[k] == Shown::Period) r.push_back(v > 0 ? fmt::format("{:.0f}", v) : "-");
        else if (g.shown[k] == Shown::Money) r.push_back(thousands(v, 0));
        else if (g.shown[k] == Shown::Grade) r.push_back(grade_text(v));
        else r.push_back(fmt::format("{:.3f}", v));
      }
      t.rows.push_back(std::move(r));
    }
    out = fmt::format("sweep of {} point{}: {}\n\n", points, points == 1 ? "" : "s",
                      mc ? fmt::format("Monte Carlo, {} scenarios each, seed {} (common random numbers)", thousands(static_cast<double>(o.monte_carlo->scenarios)),
                                       o.monte_carlo->seed)
                         : !o.stress.empty() ? fmt::format("base case under the stress {}", o.stress)
                                             : std::string("base case"));
    out += t.render(o.color);
  }
  return kOk;
}

}  // namespace sluice::driver
