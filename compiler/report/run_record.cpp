#include "report/run_record.hpp"

#include <cmath>
#include <fmt/format.h>

#include "base/text.hpp"
#include "report/svg.hpp"
#include "report/tables.hpp"

namespace sluice::report {

bool stress_in_thousands(const StressTable& t) {
  double biggest = 0;
  for (const auto& r : t.runs)
    for (const auto& x : r.tranches) biggest = std::max(biggest, x.original);
  return sluice::money_scale(biggest).in_thousands();
}

std::string run_record_html(const RunRecord& r) {
  std::string out = "<dl class=\"meta\">\n";
  auto item = [&](const std::string& k, const std::string& v, bool wide = false) {
    out += fmt::format("<div{}><dt>{}</dt><dd>{}</dd></div>\n", wide ? " class=\"wide\"" : "", escape(k), escape(v));
  };
  item("Deal file", r.deal_file, true);
  item("Command", r.command, true);
  item("Engine", r.engine);
  item("Sluice version", r.version);
  item("Scenarios", r.scenarios ? number(static_cast<double>(*r.scenarios), 0) : "base case only");
  item("Seed", r.seed ? fmt::format("{}", *r.seed) : "none (no random draws)");
  item("Stress", r.stress.empty() ? "none" : r.stress);
  std::string sets;
  for (const auto& s : r.sets) sets += (sets.empty() ? "" : ", ") + s;
  item("--set", sets.empty() ? "none" : sets, true);
  out += "</dl>\n";
  if (!r.params.empty()) {
    Table t;
    t.caption = "Params as the run used them";
    t.head = {"param", "value", "from"};
    t.text_columns = 3;
    for (const auto& p : r.params) t.rows.push_back({p.name, p.value, p.from});
    out += "<div class=\"table-wrap\">" + t.html() + "</div>\n";
  }
  return out;
}

std::string stress_table_html(const StressTable& st, const Money& money) {
  const mc::RiskReport* mc = st.monte_carlo;
  auto opt_pct = [](const std::optional<double>& v) { return v ? percent(*v, 2) : std::string("n/a"); };
  auto run_name = [](const StressRun& r) { return r.name.empty() ? std::string("base case") : r.name; };
  std::string out = "<p class=\"lead\">Each stress runs deterministically: the factors, draws, params and defaults it fixes, "
                    "everything else on the base case's expected path.";
  out += mc ? fmt::format(" The last row of each table is the Monte Carlo run ({} scenarios, seed {}): means, and the probability of "
                          "any loss.</p>\n", number(static_cast<double>(mc->scenarios), 0), mc->seed)
            : "</p>\n";
  if (!st.runs.empty())
    for (std::size_t j = 0; j < st.runs.front().tranches.size(); ++j) {
      Table t;
      t.caption = "Tranche " + st.runs.front().tranches[j].name;
      t.head = {"run", "loss (" + money.label + ")", "loss %", "WAL (y)", "IRR"};
      if (mc) t.head.push_back("PD");
      for (const auto& r : st.runs) {
        if (j >= r.tranches.size()) continue;
        const auto& x = r.tranches[j];
        t.rows.push_back({run_name(r), money(x.loss), percent(x.loss_share, 2), x.wal ? number(*x.wal, 2) : "n/a", opt_pct(x.irr)});
        if (mc) t.rows.back().push_back("-");
      }
      if (mc && j < mc->tranches.size()) {
        const auto& x = mc->tranches[j];
        t.rows.push_back({"Monte Carlo (mean)", money(x.el_amount), percent(x.el, 2),
                          number(x.summary[mc::MetricKind::TrancheWal].mean, 2), percent(x.summary[mc::MetricKind::TrancheIrr].mean, 2),
                          percent(x.pd.p, 2)});
      }
      out += "<div class=\"table-wrap\">" + t.html() + "</div>\n";
    }
  if (!st.runs.empty() && !st.runs.front().triggers.empty()) {
    Table t;
    t.caption = "First period each trigger breaches";
    t.head = {"run"};
    for (const auto& x : st.runs.front().triggers) t.head.push_back(x.name);
    for (const auto& r : st.runs) {
      std::vector<std::string> row{run_name(r)};
      for (const auto& x : r.triggers)
        row.push_back(x.first ? fmt::format("{} ({})", x.first, cal::format_date(st.schedule.dates[static_cast<std::size_t>(x.first)])) : "-");
      t.rows.push_back(std::move(row));
    }
    if (mc) {
      std::vector<std::string> row{"Monte Carlo (P ever, mean first)"};
      for (const auto& e : mc->triggers)
        row.push_back(percent(e.ever.p, 2) + (e.mean_first ? fmt::format(", {:.1f}", *e.mean_first) : std::string()));
      t.rows.push_back(std::move(row));
    }
    out += "<div class=\"table-wrap\">" + t.html() + "</div>\n";
  }
  return out;
}

std::string worst_html(const mc::WorstList& w, std::uint64_t seed, const Money& money) {
  Table t;
  t.caption = fmt::format("The {} scenarios worst by {}", w.worst.size(), w.metric);
  t.head = {"rank", "scenario", w.unit == vocab::MetricUnit::Money ? w.metric + " (" + money.label + ")" : w.metric};
  for (std::size_t i = 0; i < w.worst.size(); ++i) {
    const double v = w.worst[i].value;
    std::string shown = w.unit == vocab::MetricUnit::Money     ? money(v)
                        : w.unit == vocab::MetricUnit::Percent ? percent(v, 2)
                        : w.unit == vocab::MetricUnit::Period  ? fmt::format("{:.0f}", v)
                                                               : number(v, 4);
    t.rows.push_back({fmt::format("{}", i + 1), fmt::format("{}", w.worst[i].scenario), shown});
  }
  std::string out = "<div class=\"table-wrap\">" + t.html() + "</div>\n";
  out += fmt::format("<p class=\"notes\">{} scenarios ranked, {} without a value. Replay one with <code>--path K</code> and the same "
                     "<code>-n</code> and <code>--seed {}</code>.</p>\n", number(static_cast<double>(w.ranked), 0),
                     number(static_cast<double>(w.undefined), 0), seed);
  return out;
}

}  // namespace sluice::report
