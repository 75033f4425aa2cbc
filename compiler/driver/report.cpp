#include "driver/report.hpp"

#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "exec/schedule.hpp"
#include "metrics/cash_flow_metrics.hpp"
#include "metrics/time_weighted.hpp"

namespace sluice::driver {

namespace {

TrancheMetrics::Coverage coverage(const ir::TrancheInfo& tr, const PathView& path, int T) {
  TrancheMetrics::Coverage c;
  double sum = 0, discount = 1, loan_life = 0, project_life = 0;
  int n = 0;
  const double original = T > 0 ? path.at(0, tr.col_original) : 0;
  for (int i = 0; i < T; ++i) {
    const double cfads = path.at(i, tr.col_cfads);
    const double service = path.at(i, tr.col_interest_due) + path.at(i, tr.col_principal_due);
    if (service > 0) {
      const double dscr = cfads / service;
      if (n == 0 || dscr < c.dscr_min) c.dscr_min = dscr, c.dscr_min_period = i + 1;
      sum += dscr;
      ++n;
    }
    discount /= 1 + path.at(i, tr.col_period_rate);
    const double opening = i == 0 ? original : path.at(i - 1, tr.col_end_balance);
    if (opening > 0) loan_life += cfads * discount;
    project_life += cfads * discount;
  }
  if (n) c.dscr_mean = sum / n;
  if (original > 0) c.llcr = loan_life / original, c.plcr = project_life / original;
  return c;
}

}  // namespace

PathMetrics path_metrics(const ir::Module& m, const PathView& path, const exec::Schedule& s, int months_per_period, Detail detail) {
  const int per_year = std::max(1, 12 / std::max(1, months_per_period));
  PathMetrics r;
  const int T = s.periods();
  // The notes settle on pay_date(0) and are paid on pay_date(t); WAL and
  // durations measure each payment's time on the deal's basis (wal_years).
  std::vector<double> when(static_cast<std::size_t>(T));
  for (int i = 0; i < T; ++i)
    when[static_cast<std::size_t>(i)] = s.wal_years.empty() ? cal::year_fraction(cal::DayCount::Act365Fixed, s.dates[0], s.dates[static_cast<std::size_t>(i + 1)])
                                                            : s.wal_years[static_cast<std::size_t>(i)];
  // The yield's clock, in periods from the notes' settlement: 0, then a
  // period each. Notes that settle apart from the period grid (a cut-off
  // deal: settled on the 29th, paid on the 15th) are first paid after a
  // stub, which counts as its share of a regular period: the notes'
  // accrual to the first payment over the next period's (16/30 on
  // 30/360), so a note bought at par at its coupon still yields it.
  std::vector<double> grid_times{0.0};
  double stub = 1;
  if (T >= 2 && !s.pay.empty() && s.pay != s.dates) {
    constexpr auto n = static_cast<std::size_t>(ir::ContextField::kCount);
    constexpr auto accrual = static_cast<std::size_t>(ir::ContextField::AccrualFraction);
    const double first = s.context[accrual], regular = s.context[n + accrual];
    if (first > 0 && regular > 0 && first < regular) stub = first / regular;
  }
  for (int i = 0; i < T; ++i) grid_times.push_back(stub + i);
  auto col = [&](int c, int period_index) { return path.at(period_index, c); };
  for (const auto& tr : m.tranches) {
    TrancheMetrics x;
    x.name = tr.name;
    x.original = T > 0 ? col(tr.col_original, 0) : 0;
    std::vector<metrics::Flow> flows{{s.pay_date(0), -x.original}};
    std::vector<double> principal, principal_at;
    double lent = x.original, converted_short = 0;
    for (int i = 0; i < T; ++i) {
      auto at = [&](int c) { return col(c, i); };
      double in = at(tr.col_interest_paid), pr = at(tr.col_principal_paid);
      // A conversion retires principal in shares; a facility's draws are
      // new lending.
      double converted = tr.col_converted >= 0 ? at(tr.col_converted) : 0;
      if (converted != 0) converted_short += std::max(0.0, converted - at(tr.col_conversion_value));
      if (tr.col_drawn >= 0) lent += at(tr.col_drawn);
      x.interest += in;
      x.principal += pr;
      flows.push_back({s.pay_date(i + 1), ir::holder_cash(tr, at)});
      if (pr + converted != 0) principal.push_back(pr + converted), principal_at.push_back(when[static_cast<std::size_t>(i)]);
    }
    // What is still owed after the horizon: principal (with any capitalized
    // interest) and interest carried unpaid; and, for a convertible forced to
    // convert below par, the par its shares were not worth.
    x.loss = T > 0 ? std::max(0.0, col(tr.col_end_balance, T - 1) + col(tr.col_interest_unpaid, T - 1)) + converted_short : 0;
    x.loss_share = lent > 0 ? x.loss / lent : 0;
    x.wal = metrics::weighted_average_life_at(principal_at, principal);
    if (lent > 0) x.irr = metrics::xirr(flows);
    // Yield: the per-period IRR of the flows on the period grid, times the
    // periods in a year (so a note bought at par at its own coupon yields
    // its coupon); durations at that yield, at the WAL's times. A first
    // period that is a stub counts as its share of a period (grid_times).
    std::vector<double> grid;
    for (const auto& fl : flows) grid.push_back(fl.amount);
    auto per_period = lent > 0 && detail == Detail::Full ? metrics::irr_at(grid_times, grid) : std::nullopt;
    if (per_period && *per_period > -1) {
      std::vector<double> received(grid.begin() + 1, grid.end());
      x.yield = *per_period * per_year;
      // A duration weighs cash received; a facility's later draws are cash
      // paid out, which no duration weighs: n/a for a facility that drew.
      if (lent == x.original) {
        x.macaulay = metrics::macaulay_duration_at(std::pow(1 + *per_period, per_year) - 1, when, received);
        x.modified = metrics::modified_duration_at(*x.yield, per_year, when, received);
      }
      for (auto* d : {&x.macaulay, &x.modified})
        if (*d && !std::isfinite(**d)) d->reset();
    }
    if (tr.col_cfads >= 0 && detail == Detail::Full) x.coverage = coverage(tr, path, T);
    r.tranches.push_back(x);
  }
  for (const auto& eq : m.equities) {
    EquityMetrics x;
    x.name = eq.name;
    x.investment = m.init_columns.empty() ? 0 : path.init[static_cast<std::size_t>(eq.col_investment)];
    std::vector<metrics::Flow> flows{{s.pay_date(0), -x.investment}};
    for (int i = 0; i < T; ++i) {
      double d = col(eq.col_distribution, i);
      x.distributions += d;
      flows.push_back({s.pay_date(i + 1), d});
    }
    if (x.investment > 0) x.irr = metrics::xirr(flows);
    r.equities.push_back(x);
  }
  for (const auto& ts : m.tests) {
    TestMetrics x;
    x.name = ts.name;
    x.min = INFINITY;
    x.max = -INFINITY;
    double sum = 0;
    int n = 0;
    for (int i = 0; i < T; ++i) {
      double v = col(ts.col, i);
      if (std::isnan(v)) continue;
      if (v < x.min) x.min = v, x.min_period = i + 1;
      x.max = std::max(x.max, v);
      if (std::isfinite(v)) sum += v, ++n;
    }
    x.mean = n ? sum / n : NAN;
    r.tests.push_back(x);
  }
  for (const auto& tg : m.triggers) {
    TriggerMetrics x;
    x.name = tg.name;
    for (int i = 0; i < T; ++i)
      if (col(tg.col, i) != 0) {
        if (!x.first) x.first = i + 1;
        ++x.periods;
      }
    r.triggers.push_back(x);
  }
  for (const auto& c : m.calls) {
    CallMetrics x{c.name};
    for (int i = 0; i < T && !x.period; ++i)
      if (col(c.col_called, i) != 0) x.period = i + 1, x.price = col(c.col_price, i);
    r.calls.push_back(x);
  }
  return r;
}

BaseReport summarize(const ir::Module& m, const exec::Trace& t, const exec::Schedule& s, std::string day_count,
                     std::string period, int months_per_period) {
  std::vector<double> flat;
  for (const auto& row : t.rows) flat.insert(flat.end(), row.begin(), row.end());
  PathView view{t.init.data(), flat.data(), m.columns.size()};
  PathMetrics p = path_metrics(m, view, s, months_per_period);
  if (m.risk_free >= 0) {
    // Discounted as a Monte Carlo run's break-even spread is (docs/output.md):
    // D_t = prod_{k<=t} 1 / (1 + r_k yf_k).
    const int T = s.periods();
    const auto nctx = static_cast<std::size_t>(ir::ContextField::kCount);
    std::vector<double> yf(static_cast<std::size_t>(T));
    for (int i = 0; i < T; ++i)
      yf[static_cast<std::size_t>(i)] = s.context[static_cast<std::size_t>(i) * nctx + static_cast<std::size_t>(ir::ContextField::YearFraction)];
    for (std::size_t j = 0; j < m.tranches.size(); ++j) {
      const auto& tr = m.tranches[j];
      std::vector<double> discounted(static_cast<std::size_t>(T));
      double d = 1, pv = 0;
      for (int i = 0; i < T; ++i) {
        d /= 1 + view.at(i, m.risk_free) * yf[static_cast<std::size_t>(i)];
        discounted[static_cast<std::size_t>(i)] = ir::holder_cash(tr, [&](int c) { return view.at(i, c); }) * d;
        pv += discounted[static_cast<std::size_t>(i)];
      }
      p.tranches[j].pv_risk_free = pv;
      p.tranches[j].spread_to_par = metrics::spread_to_price(discounted, yf, p.tranches[j].original);
    }
  }
  return BaseReport{&m, &t, &s, std::move(day_count), std::move(period), std::move(p.tranches), std::move(p.equities),
                    std::move(p.tests), std::move(p.triggers), std::move(p.calls)};
}

namespace {

// Amounts print in thousands for deals of ten million or more, else in
// currency units with cents.
struct Scale {
  double divisor = 1;
  int decimals = 2;
  std::string label;
};

std::string cell(const ir::Column& c, double v, const Scale& sc) {
  if (c.unit == "Bool") return v != 0 ? "ON" : "-";
  if (c.unit == "1") return std::isfinite(v) ? fmt::format("{:.3f}", v) : thousands(v);
  if (c.role == ir::Role::Series && c.unit.find('/') != std::string::npos) return fmt::format("{:.4g}", v);
  return thousands(v / sc.divisor, sc.decimals);
}

}  // namespace

std::string format_table(const BaseReport& r, bool color) {
  const auto& m = *r.module;
  const auto& t = *r.trace;
  const auto& s = *r.schedule;
  const int T = s.periods();
  double biggest = 0;
  for (const auto& x : r.tranches) biggest = std::max(biggest, x.original);
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < row.size(); ++c)
      if (m.columns[c].unit == m.currency && std::isfinite(row[c])) biggest = std::max(biggest, std::fabs(row[c]));
  Scale sc = biggest >= 1e7 ? Scale{1000, 0, m.currency + " thousands"} : Scale{1, 2, m.currency};
  // A deal with a cut-off: the periods are collection periods, each paid on its own date.
  const bool paid_apart = !s.pay.empty() && s.pay != s.dates;
  std::string out = paid_apart ? fmt::format("{} — base case: {} {} collection periods from the cut-off {} to {}, notes settled {}, paid {} to {}, {}, amounts in {}\n\n",
                                             printable(m.deal_name), T, r.period, cal::format_date(s.dates.front()), cal::format_date(s.dates.back()),
                                             cal::format_date(s.pay.front()), cal::format_date(s.pay[1]), cal::format_date(s.pay.back()), r.day_count, sc.label)
                               : fmt::format("{} — base case: {} {} periods from {} to {}, {}, amounts in {}\n\n", printable(m.deal_name), T,
                                r.period, cal::format_date(s.dates.front()), cal::format_date(s.dates.back()), r.day_count,
                                sc.label);
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
      case ir::Role::Drawn: flows.push_back(static_cast<int>(c)); break;
      case ir::Role::EndBalance:
      case ir::Role::AccountBalance:
      case ir::Role::Test:
      case ir::Role::Trigger:
      case ir::Role::Series: states.push_back(static_cast<int>(c)); break;
      default: break;
    }
  }
  // Column heads: the cash a claim received, and balances at the close.
  auto head = [&](int c) {
    const auto& col = m.columns[static_cast<std::size_t>(c)];
    switch (col.role) {
      case ir::Role::InterestPaid: return col.owner + " int";
      case ir::Role::PrincipalPaid: return col.owner + " prin";
      case ir::Role::FeePaid: return col.owner;
      case ir::Role::Distribution: return col.owner + " dist";
      case ir::Role::Converted: return col.owner + " conv";
      case ir::Role::Drawn: return col.owner + " drawn";
      case ir::Role::EndBalance:
      case ir::Role::AccountBalance: return col.owner + " close";
      default: return col.name;
    }
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
  if (!r.tranches.empty()) {
    Table tab;
    tab.head = {"tranche", "original", "interest", "principal", "loss", "loss %", "WAL (y)", "IRR", "yield", "mod dur (y)"};
    for (const auto& x : r.tranches)
      tab.rows.push_back({x.name, thousands(x.original / sc.divisor, sc.decimals), thousands(x.interest / sc.divisor, sc.decimals),
                          thousands(x.principal / sc.divisor, sc.decimals), thousands(x.loss / sc.divisor, sc.decimals), fmt::format("{:.2f}%", x.loss_share * 100),
                          x.wal ? fmt::format("{:.2f}", *x.wal) : "n/a", pct(x.irr), pct(x.yield),
                          x.modified ? fmt::format("{:.2f}", *x.modified) : "n/a"});
    out += tab.render(color);
    out += fmt::format("WAL and durations in {}\n\n", s.wal_basis);
    if (m.risk_free >= 0) {
      Table rf;
      rf.head = {"tranche", "PV at risk-free", "price", "spread to par"};
      for (const auto& x : r.tranches)
        rf.rows.push_back({x.name, x.pv_risk_free ? thousands(*x.pv_risk_free / sc.divisor, sc.decimals) : "n/a",
                           x.pv_risk_free && x.original > 0 ? fmt::format("{:.2f}%", *x.pv_risk_free / x.original * 100) : "n/a",
                           x.spread_to_par ? fmt::format("{:.0f} bp", *x.spread_to_par * 1e4) : "n/a"});
      out += rf.render(color) + "\n";
    }
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
      tab.rows.push_back({x.name, thousands(x.investment / sc.divisor, sc.decimals), thousands(x.distributions / sc.divisor, sc.decimals), pct(x.irr)});
    out += tab.render(color) + "\n";
  }
  if (!r.tests.empty()) {
    Table tab;
    tab.head = {"test", "min", "at period", "mean", "max"};
    for (std::size_t i = 0; i < r.tests.size(); ++i) {
      const auto& x = r.tests[i];
      // Money tests print in the tables' scale; ratios and other units as numbers.
      const bool money = m.columns[static_cast<std::size_t>(m.tests[i].col)].unit == m.currency;
      auto num = [&](double v) {
        if (money && std::isfinite(v)) return thousands(v / sc.divisor, sc.decimals);
        return std::isfinite(v) ? fmt::format("{:.3f}", v) : thousands(v);
      };
      tab.rows.push_back({x.name, num(x.min), fmt::format("{}", x.min_period), num(x.mean), num(x.max)});
    }
    out += tab.render(color) + "\n";
  }
  if (!r.calls.empty()) {
    Table tab;
    tab.head = {"clean-up call", "exercised", "period", "price"};
    for (const auto& x : r.calls)
      tab.rows.push_back({x.name, x.period ? "yes" : "no", x.period ? fmt::format("{} ({})", x.period, cal::format_date(s.pay_date(x.period))) : "-",
                          x.period ? thousands(x.price / sc.divisor, sc.decimals) : "-"});
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

std::string format_csv(const BaseReport& r) {
  const auto& m = *r.module;
  const auto& s = *r.schedule;
  const bool paid_apart = !s.pay.empty() && s.pay != s.dates;
  std::string out = paid_apart ? "period,date,payment_date" : "period,date";
  for (const auto& c : m.columns) out += "," + csv_field(c.name);
  out += "\n";
  for (int i = 0; i < r.schedule->periods(); ++i) {
    out += fmt::format("{},{}", i + 1, cal::format_date(r.schedule->dates[static_cast<std::size_t>(i + 1)]));
    if (paid_apart) out += "," + cal::format_date(s.pay[static_cast<std::size_t>(i + 1)]);
    for (double v : r.trace->rows[static_cast<std::size_t>(i)]) out += fmt::format(",{}", v);
    out += "\n";
  }
  return out;
}

std::string format_json(const BaseReport& r) {
  using nlohmann::json;
  const auto& m = *r.module;
  auto num = [](std::optional<double> v) -> json { return v && std::isfinite(*v) ? json(*v) : json(nullptr); };
  json j;
  j["schema"] = "sluice.base_case.v1";
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
    if (x.coverage)
      tr.back()["coverage"] = {{"dscr_min", num(x.coverage->dscr_min)},
                               {"dscr_min_period", x.coverage->dscr_min_period ? json(x.coverage->dscr_min_period) : json(nullptr)},
                               {"dscr_mean", num(x.coverage->dscr_mean)}, {"llcr", num(x.coverage->llcr)}, {"plcr", num(x.coverage->plcr)}};
  }
  j["tranches"] = tr;
  json eq = json::array();
  for (const auto& x : r.equities)
    eq.push_back({{"name", x.name}, {"investment", x.investment}, {"distributions", x.distributions}, {"irr", num(x.irr)}});
  j["equity"] = eq;
  json ts = json::array();
  for (const auto& x : r.tests)
    ts.push_back({{"name", x.name}, {"min", num(x.min)}, {"min_period", x.min_period}, {"mean", num(x.mean)}, {"max", num(x.max)}});
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
