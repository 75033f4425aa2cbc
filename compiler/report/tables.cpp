#include "report/tables.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>

#include "base/text.hpp"
#include "report/svg.hpp"

namespace sluice::report {

namespace {

std::string opt_pct(const std::optional<double>& v) { return v ? percent(*v) : "n/a"; }
std::string fixed(double v, int decimals) { return number(v, decimals); }
std::string count(std::size_t n) { return number(static_cast<double>(n), 0); }

// About four significant figures, thousands separated: 0.06591, 2.103, 18,402.
std::string sig(double v) {
  if (!std::isfinite(v)) return number(v, 0);
  if (v == 0) return "0";
  int d = 3 - static_cast<int>(std::floor(std::log10(std::fabs(v))));
  return number(v, std::clamp(d, 0, 6));
}

std::string date_of(const exec::Schedule& s, int period) {
  if (period < 0 || period >= static_cast<int>(s.dates.size())) return "-";
  return cal::format_date(s.dates[static_cast<std::size_t>(period)]);
}

}  // namespace

std::string Table::html() const {
  std::string out = "<div class=\"table-wrap\"><table>\n";
  if (!caption.empty()) out += "<caption>" + escape(caption) + "</caption>\n";
  out += "<thead>\n";
  if (!groups.empty()) {
    out += "<tr class=\"groups\">";
    for (const auto& [label, span] : groups)
      out += fmt::format("<th colspan=\"{}\" scope=\"colgroup\"{}>{}</th>", span, label.empty() ? "" : " class=\"group\"", escape(label));
    out += "</tr>\n";
  }
  out += "<tr>";
  for (std::size_t i = 0; i < head.size(); ++i) {
    std::string tip = i < tips.size() && !tips[i].empty() ? " title=\"" + escape(tips[i]) + "\"" : "";
    out += fmt::format("<th scope=\"col\"{}{}>{}</th>", static_cast<int>(i) < text_columns ? " class=\"text\"" : "", tip, escape(head[i]));
  }
  out += "</tr>\n</thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i == 0) out += "<th scope=\"row\">" + escape(row[i]) + "</th>";
      else if (static_cast<int>(i) < text_columns) out += "<td class=\"text\">" + escape(row[i]) + "</td>";
      else out += "<td>" + escape(row[i]) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table></div>\n";
}

std::string Money::operator()(double v) const { return number(v / scale.divisor, scale.decimals); }

Money money_scale(double biggest, const std::string& currency) {
  const MoneyScale s = sluice::money_scale(biggest);  // the one rule every report's tables follow
  return {s, s.label(currency)};
}

// The indicative reading's note under the default table: not a rating, and
// the table it reads (montecarlo/rating_reading.hpp).
static std::string rating_note(const mc::RiskReport& r) {
  bool clamped = false;
  for (const auto& x : r.tranches) clamped = clamped || (x.rating && x.rating->clamped);
  return "<p class=\"notes\"><b>Indicative (PD at WAL)</b>: not a rating. The best broad grade whose average cumulative default "
         "rate at the tranche's WAL mean (linear between 1, 5 and 10 years) is at least its P(default), in " +
         escape(std::string(mc::kRatingSource)) + ": corporate issuers, not structured finance." +
         (clamped ? " *: a WAL mean outside 1 to 10 years is read at the nearer end." : "") + "</p>\n";
}

std::string tranche_tables(const mc::RiskReport& r, const Money& money) {
  Table credit;
  credit.caption = "Credit risk (amounts in " + money.label + ")";
  credit.head = {"Tranche", "Original", "PD", "± se", "EL", "± se", "EL amount", "LGL", "Loss p95", "Loss p99"};
  credit.tips = {"", "mean original balance", "probability of default: the share of scenarios with any loss (above one millionth of the original)",
                 "standard error of PD", "expected loss: the mean loss as a share of the original balance", "standard error of EL",
                 "the mean loss in currency", "loss given loss: the mean loss share over the scenarios with a loss",
                 "95th percentile of the loss share", "99th percentile of the loss share"};
  if (r.has_risk_free) {
    credit.head.push_back("Break-even spread");
    credit.tips.push_back("the spread over the risk-free rate at which expected discounted cash flows equal par");
  }
  for (const auto& x : r.tranches) {
    std::vector<std::string> row{mc::tranche_label(x), money(x.original), percent(x.pd.p), percent(x.pd.se), percent(x.el), percent(x.el_se),
                                 money(x.el_amount), opt_pct(x.lgl), percent(x.summary[mc::MetricKind::TrancheLossShare].p95),
                                 percent(x.summary[mc::MetricKind::TrancheLossShare].p99)};
    if (r.has_risk_free) row.push_back(x.breakeven_spread ? number(*x.breakeven_spread * 1e4, 0) + " bp" : "n/a");
    credit.rows.push_back(std::move(row));
  }
  Table life;
  life.caption = "Life and return";
  life.groups = {{"", 1}, {"WAL (" + r.schedule.wal_basis + ")", 4}, {"IRR (XIRR, annual)", 6}};
  life.head = {"Tranche", "mean", "p5", "p50", "p95", "p1", "p5", "p50", "p95", "mean", "no IRR"};
  life.tips = {"", "weighted average life of principal, in " + r.schedule.wal_basis, "", "", "", "", "", "", "", "",
               "scenarios in which the IRR does not exist (nothing received)"};
  for (const auto& x : r.tranches) {
    const auto& wal = x.summary[mc::MetricKind::TrancheWal];
    const auto& irr = x.summary[mc::MetricKind::TrancheIrr];
    life.rows.push_back({mc::tranche_label(x), fixed(wal.mean, 2), fixed(wal.p5, 2), fixed(wal.p50, 2), fixed(wal.p95, 2), percent(irr.p1), percent(irr.p5),
                         percent(irr.p50), percent(irr.p95), percent(irr.mean), count(irr.undefined)});
  }
  Table defaults;
  defaults.caption = "Default and loss given default (amounts in " + money.label + ")";
  defaults.head = {"Tranche", "P(default)", "± se", "Default period", "EAD mean", "LGD", "LGD with interest", "Indicative (PD at WAL)"};
  defaults.tips = {"", "the share of scenarios with an interest shortfall or a loss after the horizon (a tranche that capitalizes: the loss alone)",
                   "standard error of P(default)", "the mean period of the default, over the scenarios with one",
                   "exposure at default: what is owed in the default period before its payments, mean over the defaults",
                   "loss given default as the market quotes it: the exposure less everything received from the default on, over the exposure",
                   "the loss after the horizon over the exposure: interest accrued after the default counts as owed",
                   "not a rating: the best broad grade whose historical cumulative default rate at the WAL mean is at least P(default)"};
  for (const auto& x : r.tranches)
    defaults.rows.push_back({mc::tranche_label(x), percent(x.defaulted.p), percent(x.defaulted.se), x.default_period ? fixed(*x.default_period, 1) : "n/a",
                             x.exposure_at_default ? money(*x.exposure_at_default) : "n/a", opt_pct(x.lgd), opt_pct(x.lgd_with_interest),
                             mc::rating_text(x.rating)});
  return credit.html() + defaults.html() + rating_note(r) + life.html();
}

std::string equity_table(const mc::RiskReport& r, const Money& money) {
  Table t;
  t.groups = {{"", 1}, {"IRR (XIRR, annual)", 6}, {"Distributions (" + money.label + ")", 3}};
  t.head = {"Equity", "p1", "p5", "p50", "p95", "mean", "no IRR", "mean", "p5", "p95"};
  for (const auto& x : r.equities) {
    const auto& irr = x.summary[mc::MetricKind::EquityIrr];
    const auto& dist = x.summary[mc::MetricKind::EquityDistributions];
    t.rows.push_back({x.name, percent(irr.p1), percent(irr.p5), percent(irr.p50), percent(irr.p95), percent(irr.mean), count(irr.undefined),
                      money(dist.mean), money(dist.p5), money(dist.p95)});
  }
  return t.html();
}

std::string test_table(const mc::RiskReport& r, const Money& money) {
  Table t;
  // Each scenario's minimum, mean and maximum over its defined periods.
  t.groups = {{"", 1}, {"Minimum over the periods", 5}, {"Mean over the periods", 2}, {"Maximum over the periods", 2}, {"", 1}};
  t.head = {"Test", "p1", "p5", "p50", "p95", "mean", "p50", "mean", "p50", "p95", "Undefined"};
  t.tips = {"", "", "", "", "", "", "", "", "", "",
            "the share of scenario-periods in which the test is undefined: no debt service due, a zero denominator, the notes repaid"};
  for (const auto& x : r.tests) {
    const auto& min = x.summary[mc::MetricKind::TestMin];
    const auto& mean = x.summary[mc::MetricKind::TestMean];
    const auto& max = x.summary[mc::MetricKind::TestMax];
    // A money test in the tables' scale; a ratio to three decimals.
    const bool cash = !x.unit.empty() && (x.unit == r.currency || std::any_of(r.tranches.begin(), r.tranches.end(), [&](const auto& n) { return n.currency == x.unit; }));
    auto f = [&](double v) { return cash ? money(v) : fixed(v, 3); };
    t.rows.push_back({x.name, f(min.p1), f(min.p5), f(min.p50), f(min.p95), f(min.mean), f(mean.p50),
                      f(mean.mean), f(max.p50), f(max.p95), percent(x.summary[mc::MetricKind::TestUndefined].mean)});
  }
  return t.html();
}

std::string requested_table(const mc::RiskReport& r, const Money& money) {
  Table t;
  t.text_columns = 2;
  t.head = {"Metric", "Unit", "mean", "sd", "p1", "p5", "p50", "p95", "p99", "Undefined"};
  t.tips = {"", "", "", "", "", "", "", "", "", "scenarios in which it does not exist"};
  for (const auto& x : mc::requested_metrics(r)) {
    const auto& row = vocab::info(x.kind);
    std::string unit;
    std::function<std::string(double)> f;
    switch (row.unit) {
      case vocab::MetricUnit::Money: unit = money.label, f = [&](double v) { return money(v); }; break;
      case vocab::MetricUnit::Percent: unit = "%", f = [](double v) { return percent(v); }; break;
      case vocab::MetricUnit::Years: unit = r.schedule.wal_basis, f = [](double v) { return fixed(v, 2); }; break;
      case vocab::MetricUnit::Period: unit = "period", f = [](double v) { return fixed(v, 1); }; break;
      case vocab::MetricUnit::Own: f = [](double v) { return sig(v); }; break;
    }
    const auto& v = *x.summary;
    // A spread of years or periods is often below the values' last decimal: four figures.
    const bool plain = row.unit != vocab::MetricUnit::Money && row.unit != vocab::MetricUnit::Percent;
    t.rows.push_back({x.name, unit, f(v.mean), plain ? sig(v.sd) : f(v.sd), f(v.p1), f(v.p5), f(v.p50), f(v.p95), f(v.p99), count(v.undefined)});
  }
  return t.html();
}

std::string event_table(const std::vector<mc::EventRisk>& events, const char* what, const exec::Schedule& s) {
  Table t;
  t.head = {what, "P(ever)", "± se", "Mean first period", "≈ date"};
  t.tips = {"", "the share of scenarios in which it holds in at least one period", "standard error",
            "the mean first period over the scenarios in which it happened", "the end date of that period, rounded"};
  for (const auto& x : events)
    t.rows.push_back({x.name, percent(x.ever.p), percent(x.ever.se), x.mean_first ? fixed(*x.mean_first, 1) : "-",
                      x.mean_first ? date_of(s, static_cast<int>(std::lround(*x.mean_first))) : "-"});
  return t.html();
}

std::string metric_table(const mc::RiskReport& r, const ir::Module& m, const Money& money) {
  Table t;
  t.text_columns = 2;
  t.head = {"Metric", "Unit", "mean", "sd", "p1", "p5", "p50", "p95", "p99"};
  for (const auto& x : r.metrics) {
    std::string unit;
    for (const auto& [name, col] : m.horizon_metrics)
      if (name == x.name) unit = m.columns[static_cast<std::size_t>(col)].unit;
    const bool cash = m.money_unit(unit);  // a note's own currency (`fx`) in the same scale
    auto f = [&](double v) { return cash ? money(v) : sig(v); };
    const auto& v = x.value;
    const std::string unit_shown = cash ? unit + (money.scale.in_thousands() ? " thousands" : "") : unit == "1" ? "ratio" : unit;
    t.rows.push_back({x.name, unit_shown, f(v.mean), f(v.sd), f(v.p1), f(v.p5), f(v.p50), f(v.p95),
                      f(v.p99)});
  }
  return t.html();
}

std::string base_metric_tables(const analysis::BaseReport& b, const Money& money) {
  std::string out;
  const auto& s = *b.schedule;
  if (!b.tranches.empty()) {
    Table t;
    t.caption = "Tranches (amounts in " + money.label + ")";
    t.head = {"Tranche", "Original", "Interest", "Principal", "Loss", "Loss %", "WAL (" + s.wal_basis + ")", "IRR", "Yield", "Mod. duration (y, same basis)"};
    for (const auto& x : b.tranches) {
      std::string name = x.name;  // a note in another currency (`fx`) says which: its amounts are in it
      for (const auto& d : b.module->tranches)
        if (d.name == x.name && !d.currency.empty()) name += " (" + d.currency + ")";
      t.rows.push_back({name, money(x.original), money(x.interest), money(x.principal), money(x.loss), percent(x.loss_share),
                        x.wal ? fixed(*x.wal, 2) : "n/a", opt_pct(x.irr), opt_pct(x.yield), x.modified ? fixed(*x.modified, 2) : "n/a"});
    }
    out += t.html();
  }
  out += "<div class=\"trio\">\n";
  if (!b.equities.empty()) {
    Table t;
    t.caption = "Equity";
    t.head = {"Equity", "Invested", "Distributed", "IRR"};
    for (const auto& x : b.equities) t.rows.push_back({x.name, money(x.investment), money(x.distributions), opt_pct(x.irr)});
    out += t.html();
  }
  if (!b.tests.empty()) {
    Table t;
    t.caption = "Tests";
    t.head = {"Test", "Min", "At period", "Mean", "Max", "Undefined"};
    t.tips = {"", "over the periods in which the test is defined", "", "", "", "periods without a value: no debt service, a zero denominator, the notes repaid"};
    for (std::size_t i = 0; i < b.tests.size(); ++i) {
      const auto& x = b.tests[i];
      // A money test in the tables' scale, as the terminal prints it; a ratio to three decimals.
      const bool cash = i < b.module->tests.size() && b.module->money_unit(b.module->columns[static_cast<std::size_t>(b.module->tests[i].col)].unit);
      auto f = [&](double v) { return cash ? money(v) : fixed(v, 3); };
      t.rows.push_back({x.name, f(x.min), x.min_period ? fmt::format("{}", x.min_period) : "-", f(x.mean), f(x.max),
                        fmt::format("{} of {}", std::lround(x.undefined_share * s.periods()), s.periods())});
    }
    out += t.html();
  }
  if (!b.triggers.empty()) {
    Table t;
    t.caption = "Triggers";
    t.head = {"Trigger", "Breached", "First period", "Date", "Periods on"};
    for (const auto& x : b.triggers)
      t.rows.push_back({x.name, x.first ? "yes" : "no", x.first ? fmt::format("{}", x.first) : "-", x.first ? date_of(s, x.first) : "-",
                        fmt::format("{}", x.periods)});
    out += t.html();
  }
  return out + "</div>\n";
}

std::string period_table(const analysis::BaseReport& b, const Money& money) {
  const auto& m = *b.module;
  const auto& s = *b.schedule;
  // As the terminal's base case: where the cash went, then the balances,
  // tests and triggers at each period's close.
  std::vector<std::size_t> flows, states;
  for (std::size_t c = 0; c < m.columns.size(); ++c) {
    switch (m.columns[c].role) {
      case ir::Role::Collections: case ir::Role::Expenses: case ir::Role::FeePaid: case ir::Role::InterestPaid:
      case ir::Role::PrincipalPaid: case ir::Role::Distribution: case ir::Role::Converted: case ir::Role::Drawn: case ir::Role::Contributed:
      case ir::Role::Received: flows.push_back(c); break;
      case ir::Role::EndBalance: case ir::Role::AccountBalance: case ir::Role::Test: case ir::Role::Trigger:
      case ir::Role::Series: states.push_back(c); break;
      default: break;
    }
  }
  auto role_head = [&](const ir::Column& col) -> std::string {
    switch (col.role) {
      case ir::Role::InterestPaid: return col.owner + " interest";
      case ir::Role::PrincipalPaid: return col.owner + " principal";
      case ir::Role::FeePaid: return col.owner;
      case ir::Role::Distribution: return col.owner + " distributions";
      case ir::Role::Converted: return col.owner + " converted";
      case ir::Role::Drawn: return col.owner + " drawn";
      case ir::Role::Contributed: return col.owner + " contributed";
      case ir::Role::Received: return col.owner + " received";
      case ir::Role::EndBalance: case ir::Role::AccountBalance: return col.owner + " balance";
      default: return col.name;
    }
  };
  // A note in another currency (`fx`): its columns say which, as the terminal's do.
  auto head = [&](std::size_t c) -> std::string {
    const auto& col = m.columns[c];
    return role_head(col) + (col.unit != m.currency && m.money_unit(col.unit) ? " " + col.unit : "");
  };
  auto cell = [&](const ir::Column& col, double v) -> std::string {
    if (col.unit == "Bool") return v != 0 ? "ON" : "–";
    if (m.money_unit(col.unit)) return money(v);  // a note's own currency (`fx`) in the same scale
    if (col.unit == "1") return fixed(v, 3);
    if (!col.written_unit.empty()) return sig(v * col.per_written);  // as the deal wrote it (`USD/PH/day`)
    return sig(v);
  };
  Table t;
  t.text_columns = 2;
  t.groups = {{"", 2}, {"Cash flows (" + money.label + ")", static_cast<int>(flows.size())},
              {"Balances (" + money.label + "), tests and triggers at the close", static_cast<int>(states.size())}};
  if (flows.empty() || states.empty()) std::erase_if(t.groups, [](const auto& g) { return g.second == 0; });
  t.head = {"Period", "Date"};
  for (auto c : flows) t.head.push_back(head(c));
  for (auto c : states) t.head.push_back(head(c));
  for (int i = 0; i < s.periods(); ++i) {
    const auto& row = b.trace->rows[static_cast<std::size_t>(i)];
    std::vector<std::string> r{fmt::format("{}", i + 1), date_of(s, i + 1)};
    for (auto c : flows) r.push_back(cell(m.columns[c], row[c]));
    for (auto c : states) r.push_back(cell(m.columns[c], row[c]));
    t.rows.push_back(std::move(r));
  }
  return t.html();
}

}  // namespace sluice::report
