#include "driver/stress_run.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analysis/base_report.hpp"
#include "base/text.hpp"
#include "driver/commands.hpp"
#include "driver/errors.hpp"
#include "report/html_report.hpp"

#ifndef SLUICE_VERSION
#error "SLUICE_VERSION must be defined by the build"
#endif

namespace sluice::driver {

namespace {

const char* kBaseCase = "base case";  // a stress is a name, so it never reads "base case"

std::string run_label(const report::StressRun& r) { return r.name.empty() ? kBaseCase : r.name; }

report::StressRun stress_run(const std::string& name, const DealRun& run) {
  const auto& deal = run.compiled.model->deal;
  auto rep = analysis::summarize(*run.compiled.module, *run.base, run.schedule, run.day_count, deal.period_name, deal.months_per_period);
  return {name, rep.tranches, rep.triggers};
}

std::string breach(const report::StressTable& t, int first) {
  return first ? fmt::format("{} ({})", first, cal::format_date(t.schedule.dates[static_cast<std::size_t>(first)])) : "-";
}

}  // namespace

report::RunRecord run_record(const DealRun& run, const std::string& file, const std::string& command, const std::vector<std::string>& set_texts,
                             const std::vector<sema::ParamOverride>& sets, const std::string& stress) {
  report::RunRecord rec;
  rec.deal_file = file;
  rec.command = command;
  rec.engine = run.engine;
  rec.version = SLUICE_VERSION;
  rec.sets = set_texts;
  rec.stress = stress;
  if (run.sim) {
    rec.seed = run.options.seed;
    rec.scenarios = run.options.scenarios;
  }
  const auto& m = *run.compiled.model;
  for (sema::EntityId id : m.order) {
    const auto& e = m.entities[id];
    if (e.kind != sema::EntityKind::Param || !e.bound) continue;
    std::string from = "deal";
    for (const auto& s : sets)
      if (s.name == e.name) from = "--set";
    if (m.stress)
      for (const auto& st : m.stresses)
        if (st->name == m.stress->name)
          for (const auto& it : st->items)
            if (it.kind == ast::StressKind::Set && it.value.get() == e.bound) from = "stress " + st->name;
    rec.params.push_back({e.name, std::string(run.compiled.sources.text(e.bound->span)), from});
  }
  return rec;
}

std::string format_stress_table(const report::StressTable& t, bool color) {
  const bool k = report::stress_in_thousands(t);
  const double div = k ? 1000 : 1;
  const int dec = k ? 0 : 2;
  const mc::RiskReport* mc = t.monte_carlo;
  std::string out = fmt::format("{} — the base case and {} stress{}, each on fixed paths, amounts in {}{}\n\n", printable(t.deal),
                                t.runs.size() - 1, t.runs.size() == 2 ? "" : "es", t.currency, k ? " thousands" : "");
  // One table a tranche, a row a run.
  const std::size_t tranches = t.runs.empty() ? 0 : t.runs.front().tranches.size();
  for (std::size_t j = 0; j < tranches; ++j) {
    Table tab;
    tab.head = {"tranche " + t.runs.front().tranches[j].name, "loss", "loss %", "WAL (y)", "IRR"};
    if (mc) tab.head.push_back("PD");
    for (const auto& r : t.runs) {
      const auto& x = r.tranches[j];
      tab.rows.push_back({run_label(r), thousands(x.loss / div, dec), pct(x.loss_share), x.wal ? fmt::format("{:.2f}", *x.wal) : "n/a", pct(x.irr)});
      if (mc) tab.rows.back().push_back("-");
    }
    if (mc && j < mc->tranches.size()) {
      const auto& x = mc->tranches[j];
      tab.rows.push_back({"Monte Carlo", thousands(x.el_amount / div, dec), pct(x.el), fmt::format("{:.2f}", x.summary[mc::MetricKind::TrancheWal].mean),
                          pct(x.summary[mc::MetricKind::TrancheIrr].mean), pct(x.pd.p)});
    }
    out += (j ? "\n" : "") + tab.render(color);
  }
  if (mc)
    out += fmt::format("Monte Carlo: {} scenarios, seed {}; its row is the mean of each metric, and PD the share of scenarios with any loss\n",
                       thousands(static_cast<double>(mc->scenarios)), mc->seed);
  if (!t.runs.empty() && !t.runs.front().triggers.empty()) {
    Table trig;
    trig.head = {"first breach"};
    for (const auto& x : t.runs.front().triggers) trig.head.push_back(x.name);
    for (const auto& r : t.runs) {
      trig.rows.push_back({run_label(r)});
      for (const auto& x : r.triggers) trig.rows.back().push_back(breach(t, x.first));
    }
    if (mc) {
      trig.rows.push_back({"Monte Carlo"});
      for (const auto& e : mc->triggers)
        trig.rows.back().push_back(pct(e.ever.p) + (e.mean_first ? fmt::format(" (mean {:.1f})", *e.mean_first) : std::string()));
    }
    out += "\n" + trig.render(color);
    if (mc) out += "Monte Carlo: the share of scenarios in which the trigger is ever breached, and its mean first period\n";
  }
  return out;
}

// One row per number: the run ("base case", a stress's name, "Monte
// Carlo"), the tranche or trigger, the metric and its value.
std::string format_stress_csv(const report::StressTable& t) {
  std::string out = "run,item,metric,value\n";
  auto row = [&](const std::string& run, const std::string& item, const char* metric, std::optional<double> v) {
    out += fmt::format("{},{},{},{}\n", csv_field(run), csv_field(item), metric, v ? csv_number(*v) : "");
  };
  for (const auto& r : t.runs) {
    for (const auto& x : r.tranches) {
      row(run_label(r), x.name, "loss", x.loss);
      row(run_label(r), x.name, "loss_share", x.loss_share);
      row(run_label(r), x.name, "wal", x.wal);
      row(run_label(r), x.name, "irr", x.irr);
    }
    for (const auto& x : r.triggers) row(run_label(r), x.name, "first_breach", x.first ? std::optional<double>(x.first) : std::nullopt);
  }
  if (const mc::RiskReport* mc = t.monte_carlo) {
    for (const auto& x : mc->tranches) {
      row("Monte Carlo", x.name, "mean_loss", x.el_amount);
      row("Monte Carlo", x.name, "mean_loss_share", x.el);
      row("Monte Carlo", x.name, "mean_wal", x.summary[mc::MetricKind::TrancheWal].mean);
      row("Monte Carlo", x.name, "mean_irr", x.summary[mc::MetricKind::TrancheIrr].mean);
      row("Monte Carlo", x.name, "pd", x.pd.p);
    }
    for (const auto& e : mc->triggers) {
      row("Monte Carlo", e.name, "probability", e.ever.p);
      row("Monte Carlo", e.name, "mean_first_breach", e.mean_first);
    }
  }
  return out;
}

std::string format_stress_json(const report::StressTable& t) {
  using nlohmann::json;
  auto num = [](std::optional<double> v) -> json { return v && std::isfinite(*v) ? json(*v) : json(nullptr); };
  json j;
  j["schema"] = "sluice.stresses.v1";
  j["deal"] = t.deal;
  j["currency"] = t.currency;
  json runs = json::array();
  for (const auto& r : t.runs) {
    json tr = json::array(), tg = json::array();
    for (const auto& x : r.tranches)
      tr.push_back({{"name", x.name}, {"original", x.original}, {"loss", x.loss}, {"loss_share", x.loss_share}, {"wal", num(x.wal)}, {"irr", num(x.irr)}});
    for (const auto& x : r.triggers)
      tg.push_back({{"name", x.name}, {"first_period", x.first ? json(x.first) : json(nullptr)},
                    {"first_date", x.first ? json(cal::format_date(t.schedule.dates[static_cast<std::size_t>(x.first)])) : json(nullptr)}});
    runs.push_back({{"stress", r.name.empty() ? json(nullptr) : json(r.name)}, {"tranches", tr}, {"triggers", tg}});
  }
  j["runs"] = runs;
  if (const mc::RiskReport* mc = t.monte_carlo) {
    json tr = json::array(), tg = json::array();
    for (const auto& x : mc->tranches)
      tr.push_back({{"name", x.name}, {"mean_loss", x.el_amount}, {"mean_loss_share", x.el}, {"pd", x.pd.p},
                    {"mean_wal", num(x.summary[mc::MetricKind::TrancheWal].mean)}, {"mean_irr", num(x.summary[mc::MetricKind::TrancheIrr].mean)}});
    for (const auto& e : mc->triggers) tg.push_back({{"name", e.name}, {"probability", e.ever.p}, {"mean_first_period", num(e.mean_first)}});
    j["monte_carlo"] = {{"scenarios", mc->scenarios}, {"seed", mc->seed}, {"tranches", tr}, {"triggers", tg}};
  } else {
    j["monte_carlo"] = nullptr;
  }
  return json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
}

int run_stresses(const StressRequest& r) {
  DealRequest base;
  base.file = r.file;
  base.sets = r.sets;
  base.libs = r.libs;
  base.engine = r.engine;
  base.monte_carlo = r.monte_carlo;
  base.base_case_too = r.monte_carlo.has_value();  // the stresses sit beside the base case
  base.before_run = r.before_run;
  DealRun b;
  if (int rc = run_deal(base, b)) return rc;
  const sema::Model& model = *b.compiled.model;
  if (model.stresses.empty())
    return refuse(kUsage, DiagCode::UnknownStress, "--stress all: the deal declares no stress",
                  {"add `stress NAME { gpu_rate falls 50% over 24 months }` to the deal, or import a file of stresses"});
  report::StressTable t;
  t.deal = b.compiled.module->deal_name;
  t.currency = b.compiled.module->currency;
  t.schedule = b.schedule;
  t.runs.push_back(stress_run("", b));
  std::optional<mc::RiskReport> risk;
  if (b.sim) {
    risk = mc::aggregate(*b.shape, *b.sim);
    t.monte_carlo = &*risk;
  }
  for (const ast::Stress* st : model.stresses) {
    DealRequest one;
    one.file = r.file;
    one.sets = r.sets;
    one.libs = r.libs;
    one.engine = r.engine;
    one.stress = st->name;
    DealRun s;
    if (int rc = run_deal(one, s)) return rc;
    t.runs.push_back(stress_run(st->name, s));
  }
  const bool color = r.out.empty() && stdout_color();
  std::string text = r.format == "csv" ? format_stress_csv(t) : r.format == "json" ? format_stress_json(t) : format_stress_table(t, color);
  std::vector<OutputFile> files;
  if (!r.report_path.empty()) {
    const auto& deal = model.deal;
    auto rep = analysis::summarize(*b.compiled.module, *b.base, b.schedule, b.day_count, deal.period_name, deal.months_per_period);
    auto record = run_record(b, r.file, r.command, r.set_texts, r.sets, "all");
    report::HtmlInputs in;
    in.base = &rep;
    in.risk = risk ? &*risk : nullptr;
    in.sim = b.sim ? &*b.sim : nullptr;
    in.months_per_period = deal.months_per_period;
    in.source = r.file;
    in.record = &record;
    in.stresses = &t;
    files.push_back({r.report_path, report::html_report(in)});
  }
  return emit(text, r.out, std::move(files));
}

}  // namespace sluice::driver
