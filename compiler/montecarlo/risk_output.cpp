// The risk report as a terminal table, JSON (schema sluice.monte_carlo.v1,
// docs/output.md) and CSV, and the per-scenario CSV.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "calendar/date.hpp"
#include "montecarlo/risk.hpp"

namespace sluice::mc {

namespace {

// Values that are not finite are spelled by base/text.hpp's non_finite_text.
std::string pct_or_na(double v) { return percent(v, 2); }
std::string num3(double v) { return fixed(v, 3); }
std::string num2(double v) { return fixed(v, 2); }
std::string bp(std::optional<double> v) { return v ? fmt::format("{:.0f} bp", *v * 1e4) : "n/a"; }

// Whether a unit is money: the deal's currency, or a note's own (`fx`).
bool money_unit(const RiskReport& r, const std::string& unit) {
  if (unit == r.currency) return true;
  for (const auto& x : r.tranches)
    if (!x.currency.empty() && unit == x.currency) return true;
  return false;
}

// A series' value: money in the report's scale, a series the deal wrote
// in another unit (`USD/PH/day`) in it, anything else to four figures.
std::string value_in(double v, const SeriesFan& f, const RiskReport& r, const MoneyScale& money) {
  if (!std::isfinite(v)) return non_finite_text(v);
  if (money_unit(r, f.unit)) return money(v);
  if (!f.written_unit.empty()) return significant(v * f.per_written, 4);
  return significant(v, 4);
}

std::string fmt_g(double v) { return csv_number(v); }

// A registry metric's value in its unit (vocabulary/metrics.def).
std::string in_unit(double v, vocab::MetricUnit unit, const MoneyScale& money) {
  if (!std::isfinite(v)) return non_finite_text(v);
  switch (unit) {
    case vocab::MetricUnit::Money: return money(v);
    case vocab::MetricUnit::Percent: return pct_or_na(v);
    case vocab::MetricUnit::Years: return num2(v);
    case vocab::MetricUnit::Period: return fmt::format("{:.1f}", v);
    case vocab::MetricUnit::Own: break;
  }
  return fmt::format("{:.4g}", v);
}

// Losses by obligor: the obligors with the largest expected loss (all of
// them in CSV and JSON), then the groups.
std::string format_credit_table(const RiskReport& r, bool color, const MoneyScale& money) {
  if (r.obligors.empty()) return "";
  constexpr std::size_t kShown = 20;
  std::vector<std::size_t> order(r.obligors.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Largest expected loss first; ties (and NaN) keep the deal's order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return r.obligors[a].el > r.obligors[b].el; });
  if (order.size() > kShown) order.resize(kShown);
  const bool grouped = !r.groups.empty();
  Table t;
  t.head = {"obligor", "PD", "± se", "EL", "± se"};
  if (grouped) t.head.insert(t.head.begin() + 1, "group");
  for (std::size_t i : order) {
    const auto& o = r.obligors[i];
    std::vector<std::string> row{o.name, pct_or_na(o.pd.p), o.loan ? "-" : pct_or_na(o.pd.se), money(o.el), money(o.el_se)};
    if (grouped) row.insert(row.begin() + 1, o.group.empty() ? "-" : o.group.substr(o.group.find('.') + 1));
    t.rows.push_back(std::move(row));
  }
  std::string out = t.render(color);
  if (r.obligors.size() > kShown)
    out += fmt::format("  the {} obligors with the largest EL of {}; --format csv or json lists every one.\n", kShown, thousands(static_cast<double>(r.obligors.size())));
  out += "  PD: probability of default within the horizon (a loan: the expected share of its balance that defaults).\n";
  out += "  EL: expected credit loss within the horizon: rent lost less recoveries received (a loan: its losses).\n";
  if (grouped) {
    Table g;
    g.head = {"group", "obligors", "expected defaults", "EL", "± se", "share of EL"};
    for (const auto& x : r.groups)
      g.rows.push_back({x.name, thousands(static_cast<double>(x.obligors)), num2(x.expected_defaults), money(x.el), money(x.el_se), pct_or_na(x.el_share)});
    out += "\n" + g.render(color);
    out += "  expected defaults: the sum of the group's PDs; EL: of the group's loss per scenario.\n";
  }
  return out + "\n";
}

// The indicative reading's footnote: what it is, what it is not, and its
// source (montecarlo/rating_reading.hpp).
std::string rating_footnote(bool clamped) {
  std::string out = "  indicative (PD at WAL): not a rating. The best broad grade whose cumulative default rate at the WAL mean (linear between\n";
  out += fmt::format("  1, 5 and 10 years) is at least P(default), in {}\n", kRatingSourceShort);
  out += "  (corporate issuers, not structured finance; docs/language.md).\n";
  if (clamped) out += "  *: a WAL mean outside 1 to 10 years is read at the nearer end.\n";
  return out;
}

// Default and loss given default, both ways (docs/output.md).
std::string format_default_table(const RiskReport& r, bool color, const MoneyScale& money) {
  auto opt = [](const std::optional<double>& v, auto f) { return v ? f(*v) : std::string("n/a"); };
  Table t;
  t.head = {"tranche", "P(default)", "± se", "default period", "EAD mean", "LGD", "LGD with interest", "indicative (PD at WAL)"};
  bool clamped = false;
  for (const auto& x : r.tranches) {
    t.rows.push_back({tranche_label(x), pct_or_na(x.defaulted.p), pct_or_na(x.defaulted.se), opt(x.default_period, [](double v) { return fmt::format("{:.1f}", v); }),
                      opt(x.exposure_at_default, money), pct(x.lgd), pct(x.lgd_with_interest), rating_text(x.rating)});
    clamped = clamped || (x.rating && x.rating->clamped);
  }
  std::string out = t.render(color);
  out += "  default: the first interest shortfall, or a loss after the horizon (a tranche that capitalizes: the loss alone);\n";
  out += "  EAD: what is owed in the default period before its payments; means over the scenarios with a default.\n";
  out += "  LGD: exposure less everything received from the default on, over the exposure (the market's quote); with interest:\n";
  out += "  the loss after the horizon, which counts interest accrued after the default as owed. Both weigh defaults by exposure.\n";
  out += rating_footnote(clamped) + "\n";
  return out;
}

}  // namespace

std::string tranche_label(const TrancheRisk& x) { return x.currency.empty() ? x.name : fmt::format("{} ({})", x.name, x.currency); }

double largest_amount(const RiskReport& r) {
  double big = 0;
  auto take = [&](double v) {
    if (std::isfinite(v)) big = std::max(big, std::fabs(v));
  };
  for (const auto& x : r.tranches) take(x.original);
  for (const auto& x : r.equities) take(x.summary[MetricKind::EquityDistributions].mean), take(x.summary[MetricKind::EquityDistributions].p95);
  for (const auto& f : r.series)
    if (money_unit(r, f.unit))
      for (const auto& q : f.periods) take(q.p5), take(q.p50), take(q.p95);
  for (const auto& x : r.metrics)
    if (money_unit(r, x.unit)) take(x.value.p5), take(x.value.p95);
  for (const auto& x : r.tests)
    if (money_unit(r, x.unit))
      for (auto k : {MetricKind::TestMin, MetricKind::TestMax}) take(x.summary[k].p5), take(x.summary[k].p95);
  for (const auto& x : r.groups) take(x.el);
  for (const auto& x : r.obligors) take(x.el);
  return big;
}

std::string format_risk_table(const RiskReport& r, bool color) {
  const auto& s = r.schedule;
  // One scale for every amount, chosen as the base case chooses it and
  // stated once, here.
  const MoneyScale money = money_scale(largest_amount(r));
  std::string out = fmt::format("{} — Monte Carlo: {} scenarios, seed {}, {} {} periods from {} to {}, {}, amounts in {}\n\n", printable(r.deal),
                                thousands(static_cast<double>(r.scenarios)), r.seed, s.periods(), r.period,
                                cal::format_date(s.dates.front()), cal::format_date(s.dates.back()), r.day_count, money.label(r.currency));
  if (!r.tranches.empty()) {
    Table t;
    t.head = {"tranche", "original", "PD", "EL", "± se", "LGL", "WAL mean (y)", "IRR p5", "IRR p50", "IRR mean", "break-even"};
    for (const auto& x : r.tranches)
      t.rows.push_back({tranche_label(x), money(x.original), pct_or_na(x.pd.p), pct_or_na(x.el), pct_or_na(x.el_se),
                        pct(x.lgl), num2(x.summary[MetricKind::TrancheWal].mean), pct_or_na(x.summary[MetricKind::TrancheIrr].p5),
                        pct_or_na(x.summary[MetricKind::TrancheIrr].p50), pct_or_na(x.summary[MetricKind::TrancheIrr].mean),
                        r.has_risk_free ? bp(x.breakeven_spread) : "-"});
    out += t.render(color);
    out += "  PD: probability of any loss; EL: expected loss as a share of the original; LGL: loss given loss.\n";
    out += fmt::format("  WAL: in {}.\n", s.wal_basis);
    out += r.has_risk_free ? "  break-even: the spread over the risk-free rate at which expected discounted cash flows equal par.\n\n"
                           : "  break-even: needs `risk_free RATE` in the report block.\n\n";
    out += format_default_table(r, color, money);
  }
  out += analysis::format_market_table(r.market, color);
  if (!r.equities.empty()) {
    Table t;
    t.head = {"equity", "IRR p1", "IRR p5", "IRR p50", "IRR p95", "IRR mean", "no IRR", "distributed mean"};
    for (const auto& x : r.equities) {
      const auto& irr = x.summary[MetricKind::EquityIrr];
      t.rows.push_back({x.name, pct_or_na(irr.p1), pct_or_na(irr.p5), pct_or_na(irr.p50), pct_or_na(irr.p95), pct_or_na(irr.mean),
                        fmt::format("{}", irr.undefined), money(x.summary[MetricKind::EquityDistributions].mean)});
    }
    out += t.render(color) + "\n";
  }
  // The metrics a report asked for (`metrics A.modified_duration`), each in its unit.
  if (auto kept = requested_metrics(r); !kept.empty()) {
    Table t;
    t.head = {"metric (requested)", "mean", "sd", "p1", "p5", "p50", "p95", "p99", "undefined"};
    bool years = false;
    for (const auto& x : kept) {
      const auto unit = vocab::info(x.kind).unit;
      const auto& v = *x.summary;
      auto f = [&](double d) { return in_unit(d, unit, money); };
      // A spread of years or periods is often below the values' last decimal: three figures.
      const bool plain = unit != vocab::MetricUnit::Money && unit != vocab::MetricUnit::Percent;
      const std::string sd = plain && std::isfinite(v.sd) ? fmt::format("{:.3g}", v.sd) : f(v.sd);
      years = years || unit == vocab::MetricUnit::Years;
      t.rows.push_back({x.name + (unit == vocab::MetricUnit::Years ? " (y)" : ""), f(v.mean), sd, f(v.p1), f(v.p5), f(v.p50), f(v.p95),
                        f(v.p99), fmt::format("{}", v.undefined)});
    }
    out += t.render(color);
    if (years) out += fmt::format("  (y): in {}.\n", s.wal_basis);
    out += "  undefined: scenarios in which it does not exist.\n\n";
  }
  if (!r.tests.empty()) {
    // Each scenario's minimum, mean and maximum over the periods in which
    // the test is defined, then their distribution over the scenarios.
    Table t;
    t.head = {"test", "min p1", "min p5", "min p50", "min mean", "mean p50", "max p50", "max p95", "undefined"};
    for (const auto& x : r.tests) {
      const auto& min = x.summary[MetricKind::TestMin];
      const auto& mean = x.summary[MetricKind::TestMean];
      const auto& max = x.summary[MetricKind::TestMax];
      // A money test in the report's scale, as the base case prints it; a ratio to three decimals.
      const bool cash = money_unit(r, x.unit);
      auto f = [&](double v) { return cash ? money(v) : num3(v); };
      t.rows.push_back({x.name, f(min.p1), f(min.p5), f(min.p50), f(min.mean), f(mean.p50), f(max.p50), f(max.p95),
                        pct_or_na(x.summary[MetricKind::TestUndefined].mean)});
    }
    out += t.render(color);
    out += "  min, mean, max: each scenario's, over the periods in which the test is defined, then across scenarios.\n";
    out += "  undefined: the share of scenario-periods without a value (no debt service, a zero denominator, the notes repaid).\n\n";
  }
  auto events = [&](const std::vector<EventRisk>& v, const char* what) {
    if (v.empty()) return;
    Table t;
    t.head = {what, "P(ever)", "± se", "mean first period"};
    for (const auto& x : v)
      t.rows.push_back({x.name, pct_or_na(x.ever.p), pct_or_na(x.ever.se), x.mean_first ? fmt::format("{:.1f}", *x.mean_first) : "-"});
    out += t.render(color) + "\n";
  };
  events(r.triggers, "trigger");
  events(r.probabilities, "probability");
  out += format_credit_table(r, color, money);
  if (!r.metrics.empty()) {
    Table t;
    t.head = {"metric (at the horizon)", "mean", "sd", "p1", "p5", "p50", "p95", "p99"};
    for (const auto& x : r.metrics) {
      const auto& v = x.value;
      // Money in the report's scale; any other number to six figures.
      const bool cash = money_unit(r, x.unit);
      auto f = [&](double d, int digits) { return cash ? money(d) : significant(d, digits); };
      t.rows.push_back({x.name, f(v.mean, 6), f(v.sd, 4), f(v.p1, 6), f(v.p5, 6), f(v.p50, 6), f(v.p95, 6), f(v.p99, 6)});
    }
    out += t.render(color) + "\n";
  }
  // Fan charts at six points through the life and the horizon.
  if (!r.series.empty()) {
    Table t;
    t.head = {"series (p5 / p50 / p95)", "period"};
    std::vector<int> at;
    int step = std::max(1, (s.periods() + 5) / 6);
    for (int p = step; p <= s.periods(); p += step) at.push_back(p);
    if (at.empty() || at.back() != s.periods()) at.push_back(s.periods());
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : r.series) {
      std::vector<std::string> row{f.name, ""};
      for (std::size_t i = 0; i < at.size(); ++i) {
        const auto& q = f.periods[static_cast<std::size_t>(at[i] - 1)];
        if (f.unit == "Bool") row.push_back(fmt::format("{:.0f}%", q.mean * 100));
        else row.push_back(fmt::format("{}/{}/{}", value_in(q.p5, f, r, money), value_in(q.p50, f, r, money), value_in(q.p95, f, r, money)));
      }
      rows.push_back(row);
    }
    t.head.pop_back();
    for (int p : at) t.head.push_back(fmt::format("t={}", p));
    t.rows = rows;
    for (auto& row : t.rows) row.erase(row.begin() + 1);
    out += t.render(color);
    out += fmt::format("  quantiles over the first {} scenarios; conditions show the share of scenarios in which they hold.\n",
                       thousands(static_cast<double>(r.fan_sample)));
  }
  return out;
}

namespace {
using nlohmann::json;
json jnum(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json jopt(const std::optional<double>& v) { return v && std::isfinite(*v) ? json(*v) : json(nullptr); }
json jsummary(const stats::Summary& s) {
  return {{"n", s.n},         {"undefined", s.undefined}, {"mean", jnum(s.mean)}, {"sd", jnum(s.sd)},   {"se", jnum(s.se)},
          {"min", jnum(s.min)}, {"p1", jnum(s.p1)},        {"p5", jnum(s.p5)},     {"p50", jnum(s.p50)}, {"p95", jnum(s.p95)},
          {"p99", jnum(s.p99)}, {"max", jnum(s.max)}};
}
// Each summary an owner's record holds, under its registry member: "wal", "irr", ...
void put_summaries(json& owner, const Summaries& s) {
  for (const auto& r : vocab::kMetrics)
    if (s.has(r.id)) owner[std::string(r.member)] = jsummary(s[r.id]);
}
json jprop(const Proportion& p) { return {{"p", jnum(p.p)}, {"se", jnum(p.se)}}; }
// The indicative reading (montecarlo/rating_reading.hpp); null where there is none.
json jrating(const std::optional<RatingReading>& r) {
  if (!r) return nullptr;
  return {{"basis", "P(default) at WAL"}, {"grade", std::string(grade_name(r->grade))}, {"score", grade_score(r->grade)},
          {"horizon_years", jopt(r->horizon)}, {"clamped", r->clamped}, {"grade_default_rate", jopt(r->grade_rate)}};
}
json jevents(const std::vector<EventRisk>& v) {
  json a = json::array();
  for (const auto& x : v) a.push_back({{"name", x.name}, {"ever", jprop(x.ever)}, {"mean_first_period", jopt(x.mean_first)}});
  return a;
}
}  // namespace

std::string format_risk_json(const RiskReport& r) {
  const auto& s = r.schedule;
  json j;
  j["schema"] = "sluice.monte_carlo.v1";
  j["deal"] = r.deal;
  j["currency"] = r.currency;
  j["day_count"] = r.day_count;
  j["period"] = r.period;
  j["start"] = cal::format_date(s.dates.front());
  j["wal_basis"] = s.wal_basis;
  j["periods"] = s.periods();
  j["scenarios"] = r.scenarios;
  j["seed"] = r.seed;
  j["generator"] = "philox4x32-10; inverse normal AS241";
  j["fan_sample"] = r.fan_sample;
  json tr = json::array();
  for (const auto& x : r.tranches) {
    json t = {{"name", x.name},           {"original", jnum(x.original)}, {"pd", jprop(x.pd)},
              {"el", jnum(x.el)},         {"el_se", jnum(x.el_se)},       {"el_amount", jnum(x.el_amount)},
              {"lgl", jopt(x.lgl)},       {"breakeven_spread", jopt(x.breakeven_spread)},
              {"default", {{"p", jnum(x.defaulted.p)}, {"se", jnum(x.defaulted.se)}, {"mean_period", jopt(x.default_period)},
                           {"exposure_mean", jopt(x.exposure_at_default)}, {"lgd", jopt(x.lgd)}, {"lgd_with_interest", jopt(x.lgd_with_interest)}}},
              {"indicative_rating", jrating(x.rating)}};
    if (!x.currency.empty()) t["currency"] = x.currency;  // its amounts and rates are in it (`fx`)
    put_summaries(t, x.summary);
    tr.push_back(t);
  }
  j["tranches"] = tr;
  if (!r.tranches.empty()) j["indicative_rating_source"] = std::string(kRatingSource);
  if (!r.market.empty()) j["market"] = analysis::market_json(r.market);
  json eq = json::array();
  for (const auto& x : r.equities) {
    json e = {{"name", x.name}};
    put_summaries(e, x.summary);
    eq.push_back(e);
  }
  j["equity"] = eq;
  json ts = json::array();
  for (const auto& x : r.tests) {
    json t = {{"name", x.name}};
    put_summaries(t, x.summary);
    ts.push_back(t);
  }
  j["tests"] = ts;
  j["triggers"] = jevents(r.triggers);
  j["probabilities"] = jevents(r.probabilities);
  json ms = json::array();
  for (const auto& x : r.metrics) ms.push_back({{"name", x.name}, {"value", jsummary(x.value)}});
  j["metrics"] = ms;
  json se = json::array();
  for (const auto& f : r.series) {
    json ps = json::array();
    for (std::size_t t = 0; t < f.periods.size(); ++t) {
      const auto& q = f.periods[t];
      ps.push_back({{"period", t + 1}, {"date", cal::format_date(s.dates[t + 1])}, {"mean", jnum(q.mean)}, {"p5", jnum(q.p5)},
                    {"p50", jnum(q.p50)}, {"p95", jnum(q.p95)}, {"defined", jnum(q.defined)}});
    }
    se.push_back({{"name", f.name}, {"unit", f.unit}, {"periods", ps}});
  }
  j["series"] = se;
  if (!r.obligors.empty()) {
    json os = json::array();
    for (const auto& o : r.obligors)
      os.push_back({{"name", o.name}, {"group", o.group.empty() ? json(nullptr) : json(o.group)}, {"kind", o.loan ? "loan" : "lease"},
                    {"pd", jprop(o.pd)}, {"el_amount", jnum(o.el)}, {"el_se", jnum(o.el_se)}});
    j["obligors"] = os;
    json gs = json::array();
    for (const auto& g : r.groups)
      gs.push_back({{"name", g.name}, {"obligors", g.obligors}, {"expected_defaults", jnum(g.expected_defaults)}, {"el_amount", jnum(g.el)},
                    {"el_se", jnum(g.el_se)}, {"el_share", jnum(g.el_share)}});
    j["groups"] = gs;
  }
  return json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
}

std::string format_risk_csv(const RiskReport& r) {
  std::string out = "metric,n,undefined,mean,sd,se,min,p1,p5,p50,p95,p99,max\n";
  auto row = [&](const std::string& name, const stats::Summary& s) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(name), s.n, s.undefined, fmt_g(s.mean), fmt_g(s.sd), fmt_g(s.se),
                       fmt_g(s.min), fmt_g(s.p1), fmt_g(s.p5), fmt_g(s.p50), fmt_g(s.p95), fmt_g(s.p99), fmt_g(s.max));
  };
  // Each summary an owner's record holds, in the registry's order.
  auto rows = [&](const std::string& owner, const Summaries& s) {
    for (const auto& m : vocab::kMetrics)
      if (s.has(m.id)) {
        std::string name = vocab::metric_name(owner, m.id);
        if (m.unit == vocab::MetricUnit::Years) name += " (" + r.schedule.wal_basis + ")";  // the basis travels with the number
        row(name, s[m.id]);
      }
  };
  // A number that is not a distribution (a share of scenarios, the break-even
  // spread): its count, mean and standard error, the other cells empty.
  auto point = [&](const std::string& name, std::uint64_t n, double mean, double se) {
    out += fmt::format("{},{},,{},,{},,,,,,,\n", csv_field(name), n, fmt_g(mean), fmt_g(se));
  };
  const auto N = r.scenarios;
  auto count = [&](double p) { return std::isfinite(p) ? static_cast<std::uint64_t>(std::llround(p * static_cast<double>(N))) : 0; };
  for (const auto& x : r.tranches) {
    point(x.name + ".pd", N, x.pd.p, x.pd.se);
    point(x.name + ".el", N, x.el, x.el_se);
    point(x.name + ".el_amount", N, x.el_amount, NAN);
    point(x.name + ".lgl", count(x.pd.p), x.lgl ? *x.lgl : NAN, NAN);
    if (r.has_risk_free) point(x.name + ".breakeven_spread", N, x.breakeven_spread ? *x.breakeven_spread : NAN, NAN);
    const auto defaults = count(x.defaulted.p);
    point(x.name + ".default", N, x.defaulted.p, x.defaulted.se);
    point(x.name + ".default_period", defaults, x.default_period.value_or(NAN), NAN);
    point(x.name + ".exposure_at_default", defaults, x.exposure_at_default.value_or(NAN), NAN);
    point(x.name + ".lgd", defaults, x.lgd.value_or(NAN), NAN);
    point(x.name + ".lgd_with_interest", defaults, x.lgd_with_interest.value_or(NAN), NAN);
    // The indicative reading: its grade in the row's name, its score (Aaa 7
    // .. Caa-C 1, below Caa-C 0) as the number, then the horizon read at.
    point(fmt::format("{}.indicative_rating ({})", x.name, x.rating ? grade_name(x.rating->grade) : "n/a"), N,
          x.rating ? static_cast<double>(grade_score(x.rating->grade)) : NAN, NAN);
    point(x.name + ".indicative_rating_horizon", N, x.rating && x.rating->horizon ? *x.rating->horizon : NAN, NAN);
    rows(x.name, x.summary);
  }
  for (const auto& x : r.equities) rows(x.name, x.summary);
  for (const auto& x : r.tests) rows(x.name, x.summary);
  for (const auto* v : {&r.triggers, &r.probabilities})
    for (const auto& x : *v) {
      point(x.name + ".ever", N, x.ever.p, x.ever.se);
      point(x.name + ".mean_first_period", count(x.ever.p), x.mean_first ? *x.mean_first : NAN, NAN);
    }
  for (const auto& x : r.metrics) row(x.name, x.value);
  // Losses by obligor and by group, prefixed so that no name meets a tranche's.
  for (const auto& o : r.obligors) {
    point("obligor." + o.name + ".pd", N, o.pd.p, o.pd.se);
    point("obligor." + o.name + ".el_amount", N, o.el, o.el_se);
  }
  for (const auto& g : r.groups) {
    point("group." + g.name + ".expected_defaults", N, g.expected_defaults, NAN);
    point("group." + g.name + ".el_amount", N, g.el, g.el_se);
    point("group." + g.name + ".el_share", N, g.el_share, NAN);
  }
  return out;
}

std::string format_risk(const RiskReport& r, const std::string& format, bool color) {
  return format == "csv" ? format_risk_csv(r) : format == "json" ? format_risk_json(r) : format_risk_table(r, color);
}

std::string format_scenarios_csv(const Simulation& sim) {
  std::string out = "scenario";
  for (const auto& m : sim.metrics) out += "," + csv_field(m.name);
  out += "\n";
  for (std::uint64_t i = 0; i < sim.count; ++i) {
    out += fmt::format("{}", sim.first + i);
    for (const auto& v : sim.values) out += "," + csv_number(v[i]);
    out += "\n";
  }
  return out;
}

}  // namespace sluice::mc
