#include "driver/solve.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "diagnostics/exit.hpp"
#include "driver/errors.hpp"

namespace sluice::driver {

namespace {

struct Target {
  std::string metric, op;
  double value = 0;
  bool holds(double m) const {
    if (std::isnan(m)) return false;  // a metric that does not exist satisfies nothing
    if (op == "<") return m < value;
    if (op == "<=") return m <= value;
    if (op == ">") return m > value;
    return m >= value;
  }
};

// "A PD <= 1%": the metric is what precedes the first < or >.
std::optional<Target> parse_target(const std::string& text, std::string& error) {
  auto at = text.find_first_of("<>");
  const std::string form = "--target must be METRIC OP VALUE with OP one of < <= > >=, such as \"A PD <= 1%\"";
  if (at == std::string::npos || at == 0) {
    error = form;
    return std::nullopt;
  }
  Target t;
  t.metric = trim(text.substr(0, at));
  t.op = text.substr(at, 1);
  std::size_t rest = at + 1;
  if (rest < text.size() && text[rest] == '=') {
    t.op += '=';
    ++rest;
  }
  std::string rhs = trim(text.substr(rest)), suffix;
  if (t.metric.empty() || !split_number(rhs, t.value, suffix)) {
    error = form;
    return std::nullopt;
  }
  suffix = trim(suffix);
  if (suffix == "%") t.value /= 100;
  else if (suffix == "bp") t.value /= 10000;
  else if (!suffix.empty() && suffix != "x") {
    error = fmt::format("--target: write `{}` as a number, a percentage (1%), basis points (150bp) or a multiple (1.2x)", rhs);
    return std::nullopt;
  }
  return t;
}

std::string shown(double v, Shown how) {
  if (std::isnan(v)) return "n/a";
  if (how == Shown::Percent) return fmt::format("{:.4f}%", v * 100);  // finer than sweep: the runs close in on a boundary
  if (how == Shown::Period) return v > 0 ? fmt::format("{:.0f}", v) : "-";
  if (how == Shown::Money) return thousands(v, 2);
  return fmt::format("{:.3f}", v);
}

// One run of the search.
struct Probe {
  double x = 0;
  std::string text;  // the param's value as --set takes it
  double metric = 0;
  bool holds = false;
};

}  // namespace

int run_solve(const std::string& file, const SolveOptions& o, std::string& out) {
  // --vary NAME=A..B
  auto eq = o.vary.find('='), dots = o.vary.find("..");
  if (eq == std::string::npos || eq == 0 || dots == std::string::npos || dots < eq) {
    return refuse(kUsage, DiagCode::BadOptionValue, fmt::format("--vary `{}` must be NAME=A..B, the range to search, such as advance_A=40%..80%", o.vary));
  }
  const std::string name = trim(o.vary.substr(0, eq));
  const std::string a_text = trim(o.vary.substr(eq + 1, dots - eq - 1)), b_text = trim(o.vary.substr(dots + 2));
  double lo = 0, hi = 0, tol = 0;
  std::string unit, unit_b, unit_tol;
  if (!split_number(a_text, lo, unit) || !split_number(b_text, hi, unit_b) || trim(unit) != trim(unit_b) || lo == hi) {
    return refuse(
        kUsage, DiagCode::BadOptionValue, fmt::format("--vary {}: `{}..{}` must run between two different numbers of one unit, such as `40%..80%`", name, a_text, b_text));
  }
  if (o.tolerance.empty()) {
    tol = std::fabs(hi - lo) / 1000;
  } else if (!split_number(o.tolerance, tol, unit_tol) || trim(unit_tol) != trim(unit) || !(tol > 0)) {
    return refuse(kUsage, DiagCode::BadOptionValue, fmt::format("--tol `{}` must be a positive number in the unit of the range (`{}`)", o.tolerance, trim(unit)));
  }
  for (const auto& s : o.sets)
    if (s.name == name)
      return refuse(kUsage, DiagCode::RepeatedParam, fmt::format("--vary and --set both give `{}`", name),
                    {"a param is either searched (--vary) or held (--set), not both"});
  std::string error;
  auto target = parse_target(o.target, error);
  if (!target) {
    return refuse(kUsage, DiagCode::BadOptionValue, error);
  }

  std::vector<Probe> probes;
  std::vector<std::string> names;
  std::size_t metric = 0;
  Shown how = Shown::Number;
  int exit = 0;
  // Runs the deal at x; false when the run failed or the metric is unknown.
  auto probe = [&](double x) {
    Probe p{x, number_text(x) + unit, 0, false};
    auto sets = o.sets;
    sets.push_back({name, p.text});
    PointMetrics m;
    if (run_point(file, sets, o, name + "=" + p.text, m, exit) != PointStatus::Ok) return false;
    if (names.empty()) {
      names = m.names;
      auto it = std::find(names.begin(), names.end(), target->metric);
      if (it == names.end()) {
        std::string known;
        for (const auto& n : names) known += fmt::format("{}`{}`", known.empty() ? "" : ", ", n);
        exit = refuse(kUsage, DiagCode::BadOptionValue, fmt::format("--target names `{}`, which this {} does not report; it reports {}", target->metric,
                                                  o.monte_carlo ? "Monte Carlo run" : "base case", known));
        return false;
      }
      metric = static_cast<std::size_t>(it - names.begin());
      how = m.shown[metric];
    }
    p.metric = m.values[metric];
    p.holds = target->holds(p.metric);
    probes.push_back(p);
    return true;
  };
  if (!probe(lo) || !probe(hi)) return exit;
  const std::string goal = fmt::format("{} {} {}", target->metric, target->op,
                                       how == Shown::Percent ? fmt::format("{}%", number_text(target->value * 100)) : number_text(target->value));
  if (probes[0].holds == probes[1].holds) {
    return refuse_uncoded(1,
                          fmt::format("no boundary between {0}={1} and {0}={2}: the target `{3}` holds at {4} ({5} at {1}, {6} at {2})", name,
                                      probes[0].text, probes[1].text, goal, probes[0].holds ? "both ends" : "neither end",
                                      shown(probes[0].metric, how), shown(probes[1].metric, how)),
                          {"widen the range, or check the direction of the comparison"});
  }
  // Bisection on whether the target holds: it needs no derivative and no
  // continuity, and a Monte Carlo metric under common random numbers is a
  // step function of the param.
  Probe good = probes[0].holds ? probes[0] : probes[1], bad = probes[0].holds ? probes[1] : probes[0];
  int runs = 2;
  while (std::fabs(good.x - bad.x) > tol && runs < o.max_runs) {
    if (!probe((good.x + bad.x) / 2)) return exit;
    ++runs;
    (probes.back().holds ? good : bad) = probes.back();
  }
  const bool converged = std::fabs(good.x - bad.x) <= tol;

  if (o.format == "json") {
    nlohmann::json j;
    j["schema"] = "sluice.solve.v1";
    j["param"] = name;
    j["range"] = {probes[0].text, probes[1].text};
    j["target"] = {{"metric", target->metric}, {"op", target->op}, {"value", target->value}};
    j["mode"] = o.monte_carlo ? "monte_carlo" : "base_case";
    if (o.monte_carlo) {
      j["scenarios"] = o.monte_carlo->scenarios;
      j["seed"] = o.monte_carlo->seed;
    }
    nlohmann::json runs_j = nlohmann::json::array();
    for (const auto& p : probes)
      runs_j.push_back({{"value", p.text}, {"metric", std::isnan(p.metric) ? nlohmann::json(nullptr) : nlohmann::json(p.metric)}, {"holds", p.holds}});
    j["runs"] = runs_j;
    j["solution"] = {{"value", good.text}, {"metric", std::isnan(good.metric) ? nlohmann::json(nullptr) : nlohmann::json(good.metric)}};
    j["fails_at"] = {{"value", bad.text}, {"metric", std::isnan(bad.metric) ? nlohmann::json(nullptr) : nlohmann::json(bad.metric)}};
    j["converged"] = converged;
    out = json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
    return kOk;
  }
  Table t;
  t.head = {"run", name, target->metric, goal};
  for (std::size_t i = 0; i < probes.size(); ++i)
    t.rows.push_back({std::to_string(i + 1), probes[i].text, shown(probes[i].metric, how), probes[i].holds ? "holds" : "fails"});
  out = fmt::format("solve {} in {}..{} for {}: {}\n\n", name, probes[0].text, probes[1].text, goal,
                    o.monte_carlo ? fmt::format("Monte Carlo, {} scenarios a run, seed {} (common random numbers)",
                                                thousands(static_cast<double>(o.monte_carlo->scenarios)), o.monte_carlo->seed)
                                  : std::string("base case"));
  out += t.render(o.color);
  out += fmt::format("\n{} = {}: {} {} (holds); at {}: {} (fails).\nThe boundary lies between them: {} runs, {}.\n", name, good.text,
                     target->metric, shown(good.metric, how), bad.text, shown(bad.metric, how), runs,
                     converged ? fmt::format("to within {}{}", number_text(tol), unit)
                               : fmt::format("stopped by --max-runs before the tolerance {}{}", number_text(tol), unit));
  return kOk;
}

}  // namespace sluice::driver
