#include "driver/point.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <tuple>

#include "driver/distributed.hpp"
#include "driver/engine.hpp"
#include "driver/pipeline.hpp"
#include "driver/report.hpp"
#include "montecarlo/risk.hpp"

namespace sluice::driver {

namespace {
double opt(const std::optional<double>& v) { return v ? *v : std::nan(""); }
}  // namespace

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
  auto fail = [&](int code) {
    exit = code;
    return PointStatus::Failed;
  };
  const bool mc = o.monte_carlo.has_value();
  Compiled c;
  compile(c, file, sets, "ir");
  if (c.exit) {
    std::cerr << render_all(c.diags, c.sources, o.color);
    if (c.exit == kNoInput && !c.diags.has_errors()) std::cerr << fmt::format("error[E0800]: cannot read `{}`: no such file\n", file);
    std::cerr << fmt::format("  (at the point {})\n", where);
    return fail(c.exit);
  }
  auto schedule = schedule_for(c.model->deal);
  // A test of money reads as an amount, others as numbers.
  const auto test_shown = [&](std::size_t i) {
    return c.module->columns[static_cast<std::size_t>(c.module->tests[i].col)].unit == c.module->currency ? Shown::Money : Shown::Number;
  };
  if (mc) {
    mc::Options mo = *o.monte_carlo;
    mo.months_per_period = c.model->deal.months_per_period;
    auto eval = make_engine(*c.module, schedule, o.engine == "interp" ? "interp" : "jit", 1);
    if (!eval) return fail(kSoftware);
    if (o.mpi)
      std::tie(mo.first, mo.count) =
          shard_range({static_cast<std::uint64_t>(o.mpi->rank()), static_cast<std::uint64_t>(o.mpi->size())}, mo.scenarios);
    auto sim = mc::simulate(*c.module, schedule, *eval, mo);
    if (o.mpi) {
      auto all = mpi::gather(*o.mpi, part_identity(c, sets, mo), mc::risk_shape(*c.module, schedule, "", ""), sim);
      const bool root = all.has_value(), fits = !root || all->error.empty();
      if (!fits) std::cerr << "error: the ranks' partial results do not fit together: " << all->error << "\n";
      if (root && fits) {
        if (all->failure) sim.failure = all->failure;
        else sim = std::move(all->whole->sim);
      }
      const bool go = mpi::proceed(*o.mpi, root && fits && !sim.failure);
      if (!root) {
        if (!go) return fail(kBadDeal);
        return PointStatus::Worker;  // rank 0 has the metrics
      }
      if (!fits) return fail(kSoftware);
    }
    if (sim.failure) {
      std::cerr << fmt::format("error[E0900]: scenario {} failed at the point {}; run it alone with `sluice run --set ...` to see why\n",
                               sim.failure->scenario, where);
      return fail(kBadDeal);
    }
    auto r = mc::aggregate(*c.module, schedule, sim);
    for (const auto& t : r.tranches) {
      m.add(t.name + " PD", t.pd.p, Shown::Percent);
      m.add(t.name + " EL", t.el, Shown::Percent);
      m.add(t.name + " IRR p50", t.summary[mc::MetricKind::TrancheIrr].p50, Shown::Percent);
      if (r.has_risk_free) m.add(t.name + " break-even", opt(t.breakeven_spread), Shown::Percent);
    }
    for (const auto& e : r.equities) m.add(e.name + " IRR p50", e.summary[mc::MetricKind::EquityIrr].p50, Shown::Percent);
    for (std::size_t i = 0; i < r.tests.size(); ++i) m.add(r.tests[i].name + " min p5", r.tests[i].summary[mc::MetricKind::TestMin].p5, test_shown(i));
    for (const auto& t : r.triggers) m.add(t.name + " P(ever)", t.ever.p, Shown::Percent);
    for (const auto& p : r.probabilities) m.add(p.name + " P(ever)", p.ever.p, Shown::Percent);
  } else {
    interp::Trace trace;
    if (o.engine == "jit") {
      auto jit = make_engine(*c.module, schedule, "jit", 0);
      if (!jit) return fail(kSoftware);
      trace = base_case_with(*jit, *c.module, schedule);
    } else {
      trace = interp::run_base_case(*c.module, schedule);
    }
    if (trace.violation) {
      const auto& info = c.module->checks.at(trace.violation->check);
      std::cerr << fmt::format("error[{}]: at the point {}, the base case's period {}: {}\n  hint: run it alone with `sluice run --set ...` to see where\n",
                               info.finite ? "E0901" : info.step ? "E0220" : "E0900", where, trace.violation->period,
                               info.finite ? fmt::format("`{}` is not a finite amount of money", info.what)
                               : info.step ? info.what
                                           : "invariant broken: " + info.what);
      return fail(info.input ? kBadDeal : kSoftware);
    }
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
  }
  return PointStatus::Ok;
}

}  // namespace sluice::driver
