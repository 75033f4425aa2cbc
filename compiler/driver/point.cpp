#include "driver/point.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include "analysis/market.hpp"
#include "driver/report.hpp"
#include "driver/run_deal.hpp"
#include "montecarlo/risk.hpp"

namespace sluice::driver {

namespace {
double opt(const std::optional<double>& v) { return v ? *v : std::nan(""); }
// A quoted tranche's market reading (analysis/market.hpp): what a solve can
// aim at ("B spread <= 450bp", "B model spread >= 100bp").
void add_market(PointMetrics& m, const std::vector<analysis::MarketReading>& readings) {
  for (const auto& x : readings) {
    m.add(x.name + " price", x.price, Shown::Percent);
    m.add(x.name + " yield", opt(x.yield), Shown::Percent);
    m.add(x.name + " spread", opt(x.spread), Shown::Percent);
    m.add(x.name + " z-spread", opt(x.zspread), Shown::Percent);
    if (x.monte_carlo) m.add(x.name + " model spread", opt(x.model_spread), Shown::Percent);
  }
}
}  // namespace

std::string grade_text(double score) {
  auto g = mc::grade_of_score(score);
  return g ? std::string(mc::grade_name(*g)) : "n/a";
}

void PointMetrics::add(std::string name, double v, Shown how) {
  names.push_back(std::move(name));
  shown.push_back(how);
  values.push_back(v);
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

bool split_number(const std::string& text, double& value, std::string& suffix) {
  std::string digits;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) digits += text[i++];
  bool any = false;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '.')) {
    if (text[i] != '_') digits += text[i];
    any = any || std::isdigit(static_cast<unsigned char>(text[i]));
    ++i;
  }
  if (!any) return false;
  try {
    std::size_t used = 0;
    value = std::stod(digits, &used);
    if (used != digits.size()) return false;
  } catch (...) {
    return false;
  }
  suffix = text.substr(i);
  return true;
}

std::string number_text(double v) {
  if (std::fabs(v) < 1e-12) v = 0;
  // Twelve significant digits: a grid step such as 1.35 + 0.1 prints 1.45,
  // not the 1.4500000000000002 its double reads back as.
  return fmt::format("{:.12g}", v);
}

PointStatus run_point(const std::string& file, const std::vector<sema::ParamOverride>& sets, const PointRun& o, const std::string& where,
                      PointMetrics& m, int& exit) {
  DealRequest req;
  req.file = file;
  req.sets = sets;
  req.libs = o.libs;
  req.engine = o.engine;
  req.monte_carlo = o.monte_carlo;
  req.mpi = o.mpi;
  req.point = where;
  req.stress = o.stress;
  req.before_run = o.before_run;
  DealRun run;
  exit = run_deal(req, run);
  if (run.worker) return exit ? PointStatus::Failed : PointStatus::Worker;  // rank 0 has the metrics
  if (exit) return PointStatus::Failed;
  const pipeline::Compiled& c = run.compiled;
  const auto& schedule = run.schedule;
  // A test of money reads as an amount, others as numbers.
  const auto test_shown = [&](std::size_t i) {
    return c.module->columns[static_cast<std::size_t>(c.module->tests[i].col)].unit == c.module->currency ? Shown::Money : Shown::Number;
  };
  if (run.sim) {
    auto r = mc::aggregate(*c.module, schedule, *run.sim);
    for (const auto& t : r.tranches) {
      m.add(t.name + " PD", t.pd.p, Shown::Percent);
      m.add(t.name + " EL", t.el, Shown::Percent);
      m.add(t.name + " IRR p50", t.summary[mc::MetricKind::TrancheIrr].p50, Shown::Percent);
      if (r.has_risk_free) m.add(t.name + " break-even", opt(t.breakeven_spread), Shown::Percent);
      // Not a rating: P(default) at the WAL mean read against Moody's historical default rates.
      m.add(t.name + " indicative rating", t.rating ? mc::grade_score(t.rating->grade) : std::nan(""), Shown::Grade);
    }
    for (const auto& e : r.equities) m.add(e.name + " IRR p50", e.summary[mc::MetricKind::EquityIrr].p50, Shown::Percent);
    for (std::size_t i = 0; i < r.tests.size(); ++i) m.add(r.tests[i].name + " min p5", r.tests[i].summary[mc::MetricKind::TestMin].p5, test_shown(i));
    for (const auto& t : r.triggers) m.add(t.name + " P(ever)", t.ever.p, Shown::Percent);
    for (const auto& p : r.probabilities) m.add(p.name + " P(ever)", p.ever.p, Shown::Percent);
    if (run.base) {  // a quoted tranche: the market reading against the expected flows
      std::vector<std::vector<double>> expected;
      for (const auto& t : r.tranches) expected.push_back(t.expected_discounted);
      add_market(m, analysis::read_market(*c.module, *run.base, schedule, c.model->deal.months_per_period, r.has_risk_free ? &expected : nullptr));
    }
    return PointStatus::Ok;
  }
  const exec::Trace& trace = *run.base;
  auto r = analysis::summarize(*c.module, trace, schedule, "", "", c.model->deal.months_per_period);
  for (const auto& t : r.tranches) {
    m.add(t.name + " loss", t.loss_share, Shown::Percent);
    m.add(t.name + " IRR", opt(t.irr), Shown::Percent);
    m.add(t.name + " WAL", opt(t.wal), Shown::Number);
  }
  for (const auto& e : r.equities) m.add(e.name + " IRR", opt(e.irr), Shown::Percent);
  for (std::size_t i = 0; i < r.tests.size(); ++i) m.add(r.tests[i].name + " min", r.tests[i].min, test_shown(i));
  for (const auto& t : r.triggers) m.add(t.name + " first", t.first, Shown::Period);
  // The report's `probability` conditions: the first period each holds
  // (a trigger named there already has its column above).
  auto is_trigger = [&](const std::string& name) {
    return std::any_of(r.triggers.begin(), r.triggers.end(), [&](const auto& t) { return t.name == name; });
  };
  for (const auto& name : c.module->probabilities)
    for (std::size_t col = 0; col < c.module->columns.size() && !is_trigger(name); ++col)
      if (c.module->columns[col].name == name) {
        double first = 0;
        for (std::size_t t = 0; t < trace.rows.size() && first == 0; ++t)
          if (trace.rows[t][col] != 0) first = static_cast<double>(t + 1);
        m.add(name + " first", first, Shown::Period);
      }
  add_market(m, r.market);
  return PointStatus::Ok;
}

}  // namespace sluice::driver
