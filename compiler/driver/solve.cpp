#include "driver/solve.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "diagnostics/exit.hpp"
#include "driver/errors.hpp"
#include "montecarlo/rating_reading.hpp"

namespace sluice::driver {

namespace {

struct Target {
  std::string metric, op;
  double value = 0;   // a grade's score (mc::grade_score) when `grade`
  bool grade = false;  // "A indicative rating >= Baa": compared by score, higher being better
  bool holds(double m) const {
    if (std::isnan(m)) return false;  // a metric that does not exist satisfies nothing
    if (op == "<") return m < value;
    if (op == "<=") return m <= value;
    if (op == ">") return m > value;
    return m >= value;
  }
};

// A grade the user may have meant by `text`, which is none of the table's:
// the same name in other letter case, an S&P spelling (BBB), or a notched
// grade (Baa2, BBB-) whose broad grade the table has.
std::optional<mc::Grade> meant_grade(std::string text) {
  while (!text.empty() && (std::isdigit(static_cast<unsigned char>(text.back())) || text.back() == '+' || text.back() == '-')) text.pop_back();
  std::string low;
  for (char c : text) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::pair<const char*, mc::Grade> kSpellings[] = {
      {"aaa", mc::Grade::Aaa}, {"aa", mc::Grade::Aa},    {"a", mc::Grade::A},      {"baa", mc::Grade::Baa},  {"bbb", mc::Grade::Baa},
      {"ba", mc::Grade::Ba},   {"bb", mc::Grade::Ba},    {"b", mc::Grade::B},      {"caa-c", mc::Grade::CaaC}, {"caa", mc::Grade::CaaC},
      {"ca", mc::Grade::CaaC}, {"c", mc::Grade::CaaC},   {"ccc", mc::Grade::CaaC}, {"cc", mc::Grade::CaaC}};
  for (const auto& [name, g] : kSpellings)
    if (low == name) return g;
  return std::nullopt;
}

// "A PD <= 1%": the metric is what precedes the first < or >.
// "A indicative rating >= Baa": a grade, by its name in the table.
std::optional<Target> parse_target(const std::string& text, std::string& error, DiagCode& code, std::vector<std::string>& hints) {
  code = DiagCode::BadOptionValue;
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
  const bool rating = t.metric.ends_with("indicative rating");
  if (!t.metric.empty() && !rhs.empty() && std::isalpha(static_cast<unsigned char>(rhs[0])) && (rating || meant_grade(rhs))) {
    if (auto g = mc::grade_named(rhs)) {
      t.grade = true;
      t.value = mc::grade_score(*g);
      return t;
    }
    code = DiagCode::UnknownGrade;
    error = fmt::format("--target compares `{}` with `{}`, which is no grade of the indicative rating's table", t.metric, printable(rhs));
    hints.push_back("the grades are Moody's broad ones: Aaa, Aa, A, Baa, Ba, B and Caa-C");
    if (auto g = meant_grade(rhs)) hints.push_back(fmt::format("did you mean {}?", mc::grade_name(*g)));
    return std::nullopt;
  }
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
  if (how == Shown::Grade) return grade_text(v);
  if (how == Shown::Percent) return fmt::format("{:.4f}%", v * 100);  // finer than sweep: the runs close in on a boundary
  if (how == Shown::Period) return v > 0 ? fmt::format("{:.0f}", v) : "-";
  if (how == Shown::Money) return thousands(v, 2);
  return fmt::format("{:.3f}", v);
}

// A param searched: NAME=A..B and its tolerance.
struct Range {
  std::string name, unit;
  double lo = 0, hi = 0, tol = 0;
  std::string text(double x) const { return number_text(x) + unit; }  // as --set takes it
};

int parse_range(const std::string& vary, const std::string* tolerance, Range& r) {
  auto eq = vary.find('='), dots = vary.find("..");
  if (eq == std::string::npos || eq == 0 || dots == std::string::npos || dots < eq) {
    return refuse(kUsage, DiagCode::BadOptionValue, fmt::format("--vary `{}` must be NAME=A..B, the range to search, such as advance_A=40%..80%", vary));
  }
  r.name = trim(vary.substr(0, eq));
  const std::string a_text = trim(vary.substr(eq + 1, dots - eq - 1)), b_text = trim(vary.substr(dots + 2));
  std::string unit_b, unit_tol;
  if (!split_number(a_text, r.lo, r.unit) || !split_number(b_text, r.hi, unit_b) || trim(r.unit) != trim(unit_b) || r.lo == r.hi) {
    return refuse(
        kUsage, DiagCode::BadOptionValue, fmt::format("--vary {}: `{}..{}` must run between two different numbers of one unit, such as `40%..80%`", r.name, a_text, b_text));
  }
  if (!tolerance) {
    r.tol = std::fabs(r.hi - r.lo) / 1000;
  } else if (!split_number(*tolerance, r.tol, unit_tol) || trim(unit_tol) != trim(r.unit) || !(r.tol > 0)) {
    return refuse(kUsage, DiagCode::BadOptionValue, fmt::format("--tol `{}` must be a positive number in the unit of the range (`{}`)", *tolerance, trim(r.unit)));
  }
  return 0;
}

// One run of the search.
struct Probe {
  std::size_t stage = 0;           // the param being searched
  double x = 0;                    // its value
  std::vector<std::string> texts;  // every param's value, as --set takes it
  std::vector<double> metrics;     // each target's metric
  bool holds = false;              // every target holds
};

// A param's search: its two ends, then bisection.
struct Stage {
  Probe good, bad;
  int runs = 0;
  bool converged = false;
};

nlohmann::json jnum(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }
// A metric's value: a grade by its name ("Baa"), else the number.
nlohmann::json jmetric(double v, Shown how) { return how == Shown::Grade && !std::isnan(v) ? nlohmann::json(grade_text(v)) : jnum(v); }
nlohmann::json jtarget_value(const Target& t) { return t.grade ? nlohmann::json(grade_text(t.value)) : nlohmann::json(t.value); }

}  // namespace

int run_solve(const std::string& file, const SolveOptions& o, std::string& out) {
  if (o.vary.size() > 3)
    return refuse(kUsage, DiagCode::SolveParams, fmt::format("--vary is given {} times: solve searches at most three params, one after another", o.vary.size()),
                  {"fix the others with --set, or search them with `sluice sweep`"});
  if (!o.tolerance.empty() && o.tolerance.size() != o.vary.size())
    return refuse(kUsage, DiagCode::SolveParams,
                  fmt::format("--tol is given {} times for {} --vary: give one per --vary, in the same order, or none", o.tolerance.size(), o.vary.size()));
  if (o.target.size() > 4)
    return refuse(kUsage, DiagCode::SolveTargets, fmt::format("--target is given {} times: solve takes at most four targets, all of which must hold", o.target.size()));
  std::vector<Range> ranges(o.vary.size());
  for (std::size_t k = 0; k < o.vary.size(); ++k) {
    if (int rc = parse_range(o.vary[k], o.tolerance.empty() ? nullptr : &o.tolerance[k], ranges[k])) return rc;
    for (std::size_t i = 0; i < k; ++i)
      if (ranges[i].name == ranges[k].name)
        return refuse(kUsage, DiagCode::RepeatedParam, fmt::format("--vary gives `{}` twice", ranges[k].name), {"each param is searched once; give each its own range"});
    for (const auto& s : o.sets)
      if (s.name == ranges[k].name)
        return refuse(kUsage, DiagCode::RepeatedParam, fmt::format("--vary and --set both give `{}`", ranges[k].name),
                      {"a param is either searched (--vary) or held (--set), not both"});
  }
  std::vector<Target> targets;
  for (const auto& text : o.target) {
    std::string error;
    DiagCode code = DiagCode::BadOptionValue;
    std::vector<std::string> hints;
    auto t = parse_target(text, error, code, hints);
    if (!t) return refuse(kUsage, code, error, hints);
    targets.push_back(*t);
  }
  const std::size_t P = ranges.size();

  std::vector<Probe> probes;
  std::vector<std::string> names;
  std::vector<std::size_t> metric(targets.size());
  std::vector<Shown> how(targets.size(), Shown::Number);
  int exit = 0;
  // Each param's value while another is searched: its solution once found,
  // the first end of its range before.
  std::vector<std::string> held(P);
  for (std::size_t k = 0; k < P; ++k) held[k] = ranges[k].text(ranges[k].lo);
  // Runs the deal with param `stage` at x; false when the run failed or a metric is unknown.
  auto probe = [&](std::size_t stage, double x) {
    Probe p;
    p.stage = stage;
    p.x = x;
    p.texts = held;
    p.texts[stage] = ranges[stage].text(x);
    auto sets = o.sets;
    std::string where;
    for (std::size_t k = 0; k < P; ++k) {
      sets.push_back({ranges[k].name, p.texts[k]});
      where += fmt::format("{}{}={}", k ? ", " : "", ranges[k].name, p.texts[k]);
    }
    PointMetrics m;
    if (run_point(file, sets, o, where, m, exit) != PointStatus::Ok) return false;
    if (names.empty()) {
      names = m.names;
      for (std::size_t i = 0; i < targets.size(); ++i) {
        auto it = std::find(names.begin(), names.end(), targets[i].metric);
        if (it == names.end()) {
          std::string known;
          for (const auto& n : names) known += fmt::format("{}`{}`", known.empty() ? "" : ", ", n);
          exit = refuse(kUsage, DiagCode::BadOptionValue, fmt::format("--target names `{}`, which this {} does not report; it reports {}", targets[i].metric,
                                                    o.monte_carlo ? "Monte Carlo run" : "base case", known));
          return false;
        }
        metric[i] = static_cast<std::size_t>(it - names.begin());
        how[i] = m.shown[metric[i]];
        // A grade and a number do not compare: the score is no quantity.
        const auto& t = targets[i];
        if (t.grade && how[i] != Shown::Grade) {
          exit = refuse(kUsage, DiagCode::GradeMismatch, fmt::format("--target compares `{}` with a grade, but it is a number", t.metric),
                        {"only an indicative rating (`T indicative rating`) compares with a grade; give this target a number, a percentage or basis points"});
          return false;
        }
        if (!t.grade && how[i] == Shown::Grade) {
          exit = refuse(kUsage, DiagCode::GradeMismatch, fmt::format("--target compares `{}` with a number, but it is a grade", t.metric),
                        {"compare it with one of Aaa, Aa, A, Baa, Ba, B and Caa-C: `" + t.metric + " >= Baa` holds at Baa or better"});
          return false;
        }
      }
    }
    p.holds = true;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      p.metrics.push_back(m.values[metric[i]]);
      p.holds = p.holds && targets[i].holds(p.metrics.back());
    }
    probes.push_back(p);
    return true;
  };
  auto goal_of = [&](std::size_t i) {
    const auto& t = targets[i];
    return fmt::format("{} {} {}", t.metric, t.op,
                       t.grade                      ? grade_text(t.value)
                       : how[i] == Shown::Percent ? fmt::format("{}%", number_text(t.value * 100))
                                                  : number_text(t.value));
  };
  auto goals = [&] {
    std::string g;
    for (std::size_t i = 0; i < targets.size(); ++i) g += (i ? " and " : "") + goal_of(i);
    return g;
  };
  // The metrics of a run: the value alone for one target, else each named.
  auto values_of = [&](const Probe& p, bool named) {
    std::string v;
    for (std::size_t i = 0; i < targets.size(); ++i)
      v += fmt::format("{}{}{}", i ? ", " : "", named ? targets[i].metric + " " : "", shown(p.metrics[i], how[i]));
    return v;
  };

  std::vector<Stage> stages;
  for (std::size_t k = 0; k < P; ++k) {
    const Range& r = ranges[k];
    const std::size_t first = probes.size();
    if (!probe(k, r.lo) || !probe(k, r.hi)) return exit;
    const Probe &a = probes[first], &b = probes[first + 1];
    if (a.holds == b.holds) {
      const std::string what = targets.size() == 1 ? fmt::format("the target `{}` holds", goals()) : fmt::format("the targets `{}` hold", goals());
      std::string msg = fmt::format("no boundary between {0}={1} and {0}={2}: {3} at {4} ({5} at {1}, {6} at {2})", r.name, a.texts[k], b.texts[k], what,
                                    a.holds ? "both ends" : "neither end", values_of(a, targets.size() > 1), values_of(b, targets.size() > 1));
      if (P == 1) return refuse_uncoded(1, msg, {"widen the range, or check the direction of the comparison"});
      std::string others;
      for (std::size_t i = 0; i < P; ++i)
        if (i != k) others += fmt::format("{}{} = {}{}", others.empty() ? "" : ", ", ranges[i].name, held[i], i < k ? " (solved)" : " (the first end of its range)");
      return refuse(1, DiagCode::SolveUnreached, fmt::format("{}, with {}", msg, others),
                    {"params are solved in the order of their --vary: widen this range, or start the later ranges where the targets can hold"});
    }
    // Bisection on whether the targets hold: it needs no derivative and no
    // continuity, and a Monte Carlo metric under common random numbers is a
    // step function of the param.
    Stage st;
    st.good = a.holds ? a : b;
    st.bad = a.holds ? b : a;
    st.runs = 2;
    while (std::fabs(st.good.x - st.bad.x) > r.tol && st.runs < o.max_runs) {
      if (!probe(k, (st.good.x + st.bad.x) / 2)) return exit;
      ++st.runs;
      (probes.back().holds ? st.good : st.bad) = probes.back();
    }
    st.converged = std::fabs(st.good.x - st.bad.x) <= r.tol;
    held[k] = st.good.texts[k];
    stages.push_back(st);
  }

  if (o.format == "json") {
    nlohmann::json j;
    j["schema"] = "sluice.solve.v1";
    auto mode = [&] {
      j["mode"] = o.monte_carlo ? "monte_carlo" : "base_case";
      if (o.monte_carlo) {
        j["scenarios"] = o.monte_carlo->scenarios;
        j["seed"] = o.monte_carlo->seed;
      }
      if (!o.stress.empty()) j["stress"] = o.stress;  // each run the stress's base case
    };
    if (P == 1 && targets.size() == 1) {  // the one-param, one-target form, as before
      const Stage& st = stages[0];
      j["param"] = ranges[0].name;
      j["range"] = {probes[0].texts[0], probes[1].texts[0]};
      j["target"] = {{"metric", targets[0].metric}, {"op", targets[0].op}, {"value", jtarget_value(targets[0])}};
      mode();
      nlohmann::json runs_j = nlohmann::json::array();
      for (const auto& p : probes) runs_j.push_back({{"value", p.texts[0]}, {"metric", jmetric(p.metrics[0], how[0])}, {"holds", p.holds}});
      j["runs"] = runs_j;
      j["solution"] = {{"value", st.good.texts[0]}, {"metric", jmetric(st.good.metrics[0], how[0])}};
      j["fails_at"] = {{"value", st.bad.texts[0]}, {"metric", jmetric(st.bad.metrics[0], how[0])}};
      j["converged"] = st.converged;
    } else {
      nlohmann::json ps = nlohmann::json::array(), ts = nlohmann::json::array(), runs_j = nlohmann::json::array(), sol = nlohmann::json::object();
      for (std::size_t k = 0; k < P; ++k) {
        ps.push_back({{"name", ranges[k].name}, {"range", {ranges[k].text(ranges[k].lo), ranges[k].text(ranges[k].hi)}},
                      {"solution", stages[k].good.texts[k]}, {"fails_at", stages[k].bad.texts[k]}, {"runs", stages[k].runs},
                      {"converged", stages[k].converged}});
        sol[ranges[k].name] = stages[k].good.texts[k];
      }
      for (const auto& t : targets) ts.push_back({{"metric", t.metric}, {"op", t.op}, {"value", jtarget_value(t)}});
      j["params"] = ps;
      j["targets"] = ts;
      mode();
      for (const auto& p : probes) {
        nlohmann::json values = nlohmann::json::object(), metrics = nlohmann::json::object();
        for (std::size_t k = 0; k < P; ++k) values[ranges[k].name] = p.texts[k];
        for (std::size_t i = 0; i < targets.size(); ++i) metrics[targets[i].metric] = jmetric(p.metrics[i], how[i]);
        runs_j.push_back({{"param", ranges[p.stage].name}, {"values", values}, {"metrics", metrics}, {"holds", p.holds}});
      }
      j["runs"] = runs_j;
      j["solution"] = sol;
    }
    out = json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
    return kOk;
  }
  Table t;
  t.head = {"run"};
  for (const auto& r : ranges) t.head.push_back(r.name);
  for (const auto& x : targets) t.head.push_back(x.metric);
  t.head.push_back(goals());
  for (std::size_t i = 0; i < probes.size(); ++i) {
    std::vector<std::string> row{std::to_string(i + 1)};
    for (std::size_t k = 0; k < P; ++k) row.push_back(probes[i].texts[k]);
    for (std::size_t m = 0; m < targets.size(); ++m) row.push_back(shown(probes[i].metrics[m], how[m]));
    row.push_back(probes[i].holds ? "holds" : "fails");
    t.rows.push_back(std::move(row));
  }
  std::string searched;
  for (std::size_t k = 0; k < P; ++k)
    searched += fmt::format("{}{} in {}..{}", k ? ", then " : "", ranges[k].name, ranges[k].text(ranges[k].lo), ranges[k].text(ranges[k].hi));
  out = fmt::format("solve {} for {}: {}\n\n", searched, goals(),
                    o.monte_carlo ? fmt::format("Monte Carlo, {} scenarios a run, seed {} (common random numbers)",
                                                thousands(static_cast<double>(o.monte_carlo->scenarios)), o.monte_carlo->seed)
                                  : !o.stress.empty() ? fmt::format("base case under the stress {}", o.stress)
                                                      : std::string("base case"));
  out += t.render(o.color);
  out += "\n";
  const bool named = targets.size() > 1;
  for (std::size_t k = 0; k < P; ++k) {
    const Stage& st = stages[k];
    const Range& r = ranges[k];
    out += fmt::format("{} = {}: {} (holds); at {}: {} (fails).\nThe boundary lies between them: {} runs, {}.\n", r.name, st.good.texts[k],
                       values_of(st.good, true), st.bad.texts[k], values_of(st.bad, named), st.runs,
                       st.converged ? fmt::format("to within {}{}", number_text(r.tol), r.unit)
                                    : fmt::format("stopped by --max-runs before the tolerance {}{}", number_text(r.tol), r.unit));
  }
  if (P > 1) {
    std::string sol;
    for (std::size_t k = 0; k < P; ++k) sol += fmt::format("{}{} = {}", k ? ", " : "", ranges[k].name, stages[k].good.texts[k]);
    out += fmt::format("Solved in the order given (each param as far as the targets allow, the earlier ones held): {}.\n", sol);
  }
  return kOk;
}

}  // namespace sluice::driver
