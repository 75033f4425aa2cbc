#include "driver/report.hpp"

#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "exec/schedule.hpp"

namespace sluice::driver {

namespace {

// Amounts in the report's one scale (base/text.hpp: money_scale); a series
// the deal wrote in another unit than its base one (`USD/PH/day`) in that unit.
std::string cell(const ir::Column& c, double v, const MoneyScale& sc) {
  if (c.unit == "Bool") return v != 0 ? "ON" : "-";
  if (c.unit == "1") return std::isfinite(v) ? fmt::format("{:.3f}", v) : thousands(v);
  if (!c.written_unit.empty()) return significant(v * c.per_written, 4);
  if (c.role == ir::Role::Series && c.unit.find('/') != std::string::npos) return significant(v, 4);
  return sc(v);
}

// A note in another currency (`fx`) is labelled with it: its amounts,
// loss and rates are in it, not in the deal's.
std::string note_label(const ir::Module& m, const std::string& name) {
  for (const auto& t : m.tranches)
    if (t.name == name && !t.currency.empty()) return fmt::format("{} ({})", name, t.currency);
  return name;
}

}  // namespace

std::string format_table(const analysis::BaseReport& r, bool color, const PathOf* path) {
  const auto& m = *r.module;
  const auto& t = *r.trace;
  const auto& s = *r.schedule;
  const int T = s.periods();
  double biggest = 0;
  for (const auto& x : r.tranches) biggest = std::max(biggest, x.original);
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < row.size(); ++c)
      if (m.money_unit(m.columns[c].unit) && std::isfinite(row[c])) biggest = std::max(biggest, std::fabs(row[c]));
  const MoneyScale sc = money_scale(biggest);
  // A deal with a cut-off: the periods are collection periods, each paid on its own date.
  const bool paid_apart = !s.pay.empty() && s.pay != s.dates;
  const std::string what = path ? fmt::format("scenario {} of {} (seed {})", path->scenario, thousands(static_cast<double>(path->scenarios)), path->seed)
                                : !r.stress.empty() ? fmt::format("stress {}", r.stress)
                                                    : "base case";
  std::string out = paid_apart ? fmt::format("{} — {}: {} {} collection periods from the cut-off {} to {}, notes settled {}, paid {} to {}, {}, amounts in {}\n\n",
                                             printable(m.deal_name), what, T, r.period, cal::format_date(s.dates.front()), cal::format_date(s.dates.back()),
                                             cal::format_date(s.pay.front()), cal::format_date(s.pay[1]), cal::format_date(s.pay.back()), r.day_count, sc.label(m.currency))
                               : fmt::format("{} — {}: {} {} periods from {} to {}, {}, amounts in {}\n\n", printable(m.deal_name), what, T,
                                r.period, cal::format_date(s.dates.front()), cal::format_date(s.dates.back()), r.day_count,
                                sc.label(m.currency));
  // Two tables: where the cash went, then balances, tests and triggers.
  std::vector<int> flows, states;
  for (std::size_t c = 0; c < m.columns.size(); ++c) {
    auto role = m.columns[c].role;
    switch (role) {
      case ir::Role::Collections:
      case ir::Role::Expenses:
      case ir::Role::FeePaid:
      case ir::Role::InterestPaid:
      case ir::Role::PrincipalPaid:
      case ir::Role::Distribution:
      case ir::Role::Converted:
      case ir::Role::Drawn:
      case ir::Role::Contributed:
      case ir::Role::Received: flows.push_back(static_cast<int>(c)); break;
      case ir::Role::EndBalance:
      case ir::Role::AccountBalance:
      case ir::Role::Test:
      case ir::Role::Trigger:
      case ir::Role::Series: states.push_back(static_cast<int>(c)); break;
      default: break;
    }
  }
  // Column heads: the cash a claim received, and balances at the close.
  auto head = [&](int c) -> std::string {
    const auto& col = m.columns[static_cast<std::size_t>(c)];
    std::string h;
    switch (col.role) {
      case ir::Role::InterestPaid: h = col.owner + " int"; break;
      case ir::Role::PrincipalPaid: h = col.owner + " prin"; break;
      case ir::Role::FeePaid: h = col.owner; break;
      case ir::Role::Distribution: h = col.owner + " dist"; break;
      case ir::Role::Converted: h = col.owner + " conv"; break;
      case ir::Role::Drawn: h = col.owner + " drawn"; break;
      case ir::Role::Contributed: h = col.owner + " contrib"; break;
      case ir::Role::Received: h = col.owner + " recv"; break;
      case ir::Role::EndBalance:
      case ir::Role::AccountBalance: h = col.owner + " close"; break;
      default: h = col.name; break;
    }
    // A note in another currency (`fx`): its columns say which (`A int EUR`).
    if (col.unit != m.currency && m.money_unit(col.unit)) h += " " + col.unit;
    return h;
  };
  for (const auto& cols : {flows, states}) {
    Table tab;
    tab.head = {"period", "date"};
    if (paid_apart) tab.head = {"period", "collected through", "paid"};
    for (int c : cols) tab.head.push_back(head(c));
    for (int i = 0; i < T; ++i) {
      std::vector<std::string> row{fmt::format("{}", i + 1), cal::format_date(s.dates[static_cast<std::size_t>(i + 1)])};
      // A collection period runs to the day before the next one starts.
      if (paid_apart) row = {fmt::format("{}", i + 1), cal::format_date(cal::add_days(s.dates[static_cast<std::size_t>(i + 1)], -1)),
                             cal::format_date(s.pay[static_cast<std::size_t>(i + 1)])};
      for (int c : cols) row.push_back(cell(m.columns[static_cast<std::size_t>(c)], t.rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(c)], sc));
      tab.rows.push_back(std::move(row));
    }
    out += tab.render(color) + "\n";
  }
  // A replayed scenario's draws and factors, each period, in the deal's
  // base units (a rate per hour as a number per hour, a percentage as a ratio).
  if (!m.factors.empty()) {
    Table tab;
    tab.head = {"period", "date"};
    for (int c : m.factors) tab.head.push_back(m.columns[static_cast<std::size_t>(c)].name);
    for (int i = 0; i < T; ++i) {
      std::vector<std::string> row{fmt::format("{}", i + 1), cal::format_date(s.dates[static_cast<std::size_t>(i + 1)])};
      for (int c : m.factors) row.push_back(fmt::format("{:.6g}", t.rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(c)]));
      tab.rows.push_back(std::move(row));
    }
    out += "draws and factors\n" + tab.render(color) + "\n";
  }
  if (!r.tranches.empty()) {
    Table tab;
    tab.head = {"tranche", "original", "interest", "principal", "loss", "loss %", "WAL (y)", "IRR", "yield", "mod dur (y)"};
    for (const auto& x : r.tranches)
      tab.rows.push_back({note_label(m, x.name), sc(x.original), sc(x.interest),
                          sc(x.principal), sc(x.loss), pct(x.loss_share),
                          x.wal ? fmt::format("{:.2f}", *x.wal) : "n/a", pct(x.irr), pct(x.yield),
                          x.modified ? fmt::format("{:.2f}", *x.modified) : "n/a"});
    out += tab.render(color);
    out += fmt::format("WAL and durations in {}\n\n", s.wal_basis);
    if (m.risk_free >= 0) {
      Table rf;
      rf.head = {"tranche", "PV at risk-free", "price", "spread to par"};
      for (const auto& x : r.tranches)
        rf.rows.push_back({x.name, x.pv_risk_free ? sc(*x.pv_risk_free) : "n/a",
                           x.pv_risk_free && x.opening > 0 ? fmt::format("{:.2f}%", *x.pv_risk_free / x.opening * 100) : "n/a",
                           x.spread_to_par ? fmt::format("{:.0f} bp", *x.spread_to_par * 1e4) : "n/a"});
      out += rf.render(color) + "\n";
    }
    out += analysis::format_market_table(r.market, color);
    Table cov;
    cov.head = {"tranche", "DSCR min", "at period", "DSCR mean", "LLCR", "PLCR"};
    auto ratio = [](double v) { return std::isfinite(v) ? fmt::format("{:.3f}", v) : std::string("n/a"); };
    for (const auto& x : r.tranches)
      if (x.coverage)
        cov.rows.push_back({x.name, ratio(x.coverage->dscr_min), x.coverage->dscr_min_period ? fmt::format("{}", x.coverage->dscr_min_period) : "-",
                            ratio(x.coverage->dscr_mean), ratio(x.coverage->llcr.value_or(NAN)), ratio(x.coverage->plcr.value_or(NAN))});
    if (!cov.rows.empty()) out += cov.render(color) + "\n";
  }
  if (!r.equities.empty()) {
    Table tab;
    tab.head = {"equity", "invested", "distributed", "IRR"};
    for (const auto& x : r.equities)
      tab.rows.push_back({x.name, sc(x.investment), sc(x.distributions), pct(x.irr)});
    out += tab.render(color) + "\n";
  }
  if (!r.tests.empty()) {
    Table tab;
    tab.head = {"test", "min", "at period", "mean", "max", "undefined"};
    for (std::size_t i = 0; i < r.tests.size(); ++i) {
      const auto& x = r.tests[i];
      // Money tests print in the tables' scale; ratios and other units as numbers.
      const bool money = m.columns[static_cast<std::size_t>(m.tests[i].col)].unit == m.currency;
      auto num = [&](double v) {
        if (money && std::isfinite(v)) return sc(v);
        return std::isfinite(v) ? fmt::format("{:.3f}", v) : thousands(v);
      };
      tab.rows.push_back({x.name, num(x.min), x.min_period ? fmt::format("{}", x.min_period) : "-", num(x.mean), num(x.max),
                          fmt::format("{} of {}", static_cast<int>(std::lround(x.undefined_share * s.periods())), s.periods())});
    }
    out += tab.render(color);
    out += "  over the periods in which each test is defined (n/a: none); undefined: no debt service, a zero denominator, the notes repaid.\n\n";
  }
  if (!r.calls.empty()) {
    Table tab;
    tab.head = {"clean-up call", "exercised", "period", "price"};
    for (const auto& x : r.calls)
      tab.rows.push_back({x.name, x.period ? "yes" : "no", x.period ? fmt::format("{} ({})", x.period, cal::format_date(s.pay_date(x.period))) : "-",
                          x.period ? sc(x.price) : "-"});
    out += tab.render(color) + (r.triggers.empty() ? "" : "\n");
  }
  if (!r.triggers.empty()) {
    Table tab;
    tab.head = {"trigger", "breached", "first period", "periods on"};
    for (const auto& x : r.triggers)
      tab.rows.push_back({x.name, x.first ? "yes" : "no", x.first ? fmt::format("{} ({})", x.first, cal::format_date(s.dates[static_cast<std::size_t>(x.first)])) : "-",
                          fmt::format("{}", x.periods)});
    out += tab.render(color);
  }
  return out;
}

std::string format_csv(const analysis::BaseReport& r) {
  const auto& m = *r.module;
  const auto& s = *r.schedule;
  const bool paid_apart = !s.pay.empty() && s.pay != s.dates;
  std::string out = paid_apart ? "period,date,payment_date" : "period,date";
  for (const auto& c : m.columns) out += "," + csv_field(c.name);
  out += "\n";
  for (int i = 0; i < r.schedule->periods(); ++i) {
    out += fmt::format("{},{}", i + 1, cal::format_date(r.schedule->dates[static_cast<std::size_t>(i + 1)]));
    if (paid_apart) out += "," + cal::format_date(s.pay[static_cast<std::size_t>(i + 1)]);
    for (double v : r.trace->rows[static_cast<std::size_t>(i)]) out += "," + csv_number(v);
    out += "\n";
  }
  return out;
}

std::string format_json(const analysis::BaseReport& r, const PathOf* path) {
  using nlohmann::json;
  const auto& m = *r.module;
  auto num = [](std::optional<double> v) -> json { return v && std::isfinite(*v) ? json(*v) : json(nullptr); };
  json j;
  j["schema"] = path ? "sluice.path.v1" : "sluice.base_case.v1";
  if (!r.stress.empty()) j["stress"] = r.stress;  // a base case on the stress's fixed paths
  if (path) {
    j["scenario"] = path->scenario;
    j["seed"] = path->seed;
    j["scenarios"] = path->scenarios;
    json f = json::array();
    for (int c : m.factors) f.push_back(m.columns[static_cast<std::size_t>(c)].name);
    j["factors"] = f;  // their values are the periods' columns of these names
  }
  j["deal"] = m.deal_name;
  j["currency"] = m.currency;
  j["day_count"] = r.day_count;
  j["period"] = r.period;
  j["start"] = cal::format_date(r.schedule->dates.front());
  const auto& s = *r.schedule;
  const bool paid_apart = !s.pay.empty() && s.pay != s.dates;
  if (paid_apart) j["settlement"] = cal::format_date(s.pay.front());
  j["wal_basis"] = s.wal_basis;
  json cols = json::array();
  for (const auto& c : m.columns) cols.push_back({{"name", c.name}, {"unit", c.unit}});
  j["columns"] = cols;
  json rows = json::array();
  for (int i = 0; i < r.schedule->periods(); ++i) {
    json row = json::array();
    for (double v : r.trace->rows[static_cast<std::size_t>(i)]) row.push_back(num(v));
    rows.push_back({{"period", i + 1}, {"date", cal::format_date(r.schedule->dates[static_cast<std::size_t>(i + 1)])}, {"values", row}});
    if (paid_apart) rows.back()["payment_date"] = cal::format_date(s.pay[static_cast<std::size_t>(i + 1)]);
  }
  j["periods"] = rows;
  json tr = json::array();
  for (const auto& x : r.tranches) {
    tr.push_back({{"name", x.name}, {"original", x.original}, {"interest", x.interest}, {"principal", x.principal},
                  {"loss", x.loss}, {"loss_share", x.loss_share}, {"wal", num(x.wal)}, {"irr", num(x.irr)},
                  {"yield", num(x.yield)}, {"macaulay_duration", num(x.macaulay)}, {"modified_duration", num(x.modified)},
                  {"pv_risk_free", num(x.pv_risk_free)}, {"spread_to_par", num(x.spread_to_par)}});
    for (const auto& t : m.tranches)  // a note in another currency (`fx`): its amounts are in it
      if (t.name == x.name && !t.currency.empty()) tr.back()["currency"] = t.currency;
    if (x.coverage)
      tr.back()["coverage"] = {{"dscr_min", num(x.coverage->dscr_min)},
                               {"dscr_min_period", x.coverage->dscr_min_period ? json(x.coverage->dscr_min_period) : json(nullptr)},
                               {"dscr_mean", num(x.coverage->dscr_mean)}, {"llcr", num(x.coverage->llcr)}, {"plcr", num(x.coverage->plcr)}};
  }
  j["tranches"] = tr;
  if (!r.market.empty()) j["market"] = analysis::market_json(r.market);
  json eq = json::array();
  for (const auto& x : r.equities)
    eq.push_back({{"name", x.name}, {"investment", x.investment}, {"distributions", x.distributions}, {"irr", num(x.irr)}});
  j["equity"] = eq;
  json ts = json::array();
  for (const auto& x : r.tests)
    ts.push_back({{"name", x.name}, {"min", num(x.min)}, {"min_period", x.min_period}, {"mean", num(x.mean)}, {"max", num(x.max)},
                  {"undefined_periods", std::lround(x.undefined_share * s.periods())}});
  j["tests"] = ts;
  json tg = json::array();
  for (const auto& x : r.triggers)
    tg.push_back({{"name", x.name}, {"breached", x.first > 0}, {"first_period", x.first ? json(x.first) : json(nullptr)}, {"periods", x.periods}});
  j["triggers"] = tg;
  if (!r.calls.empty()) {
    json calls = json::array();
    for (const auto& x : r.calls)
      calls.push_back({{"pool", x.name}, {"exercised", x.period > 0}, {"period", x.period ? json(x.period) : json(nullptr)},
                       {"payment_date", x.period ? json(cal::format_date(s.pay_date(x.period))) : json(nullptr)}, {"price", x.price}});
    j["clean_up_calls"] = calls;
  }
  return json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
}

}  // namespace sluice::driver
