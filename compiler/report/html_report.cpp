#include "report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "report/charts.hpp"
#include "report/svg.hpp"
#include "report/tables.hpp"

namespace sluice::report {

namespace {

// The stylesheet, inline in the page's <head>: a system font stack (nothing
// to download), tabular figures so numeric columns align, chart text styles,
// and a print stylesheet (A4 landscape, chart sections on new pages, the
// period table opened and unscrolled, colours kept).
const char* stylesheet() {
  return R"css(
:root { --ink: #111827; --muted: #4b5563; --faint: #6b7280; --rule: #d1d5db; --hair: #e5e7eb; --accent: #1f4e79; --paper: #ffffff; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #eef0f3; color: var(--ink); font-size: 14px; line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif; }
.page { max-width: 1200px; margin: 0 auto; padding: 28px 36px 40px; background: var(--paper); min-height: 100vh; }
header.masthead { border-bottom: 3px solid var(--accent); padding-bottom: 16px; }
.kicker { text-transform: uppercase; letter-spacing: .09em; font-size: 11.5px; font-weight: 600; color: var(--accent); }
h1 { font-size: 27px; line-height: 1.2; margin: 4px 0 14px; font-weight: 650; letter-spacing: -.01em; }
dl.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px 28px; margin: 0; }
dl.meta div.wide { grid-column: span 2; }
dl.meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--faint); }
dl.meta dd { margin: 1px 0 0; font-weight: 500; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
nav.toc { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 10px 0; border-bottom: 1px solid var(--hair); font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
h2 { font-size: 19px; font-weight: 650; margin: 34px 0 14px; padding-bottom: 5px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 15px; font-weight: 600; margin: 22px 0 8px; }
p.lead { color: var(--muted); margin: -6px 0 14px; max-width: 75ch; }
.notes { color: var(--muted); font-size: 12px; margin: -6px 0 18px; max-width: 110ch; }
.notes b { color: var(--ink); font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; margin: 18px 0 0; }
.card { border: 1px solid var(--rule); border-top: 3px solid var(--accent); border-radius: 3px; padding: 10px 14px 12px; }
.card h3 { margin: 0 0 8px; display: flex; justify-content: space-between; align-items: baseline; }
.card h3 span { font-size: 12px; font-weight: 400; color: var(--muted); font-variant-numeric: tabular-nums; }
.card dl { display: grid; grid-template-columns: repeat(4, auto); gap: 2px 14px; margin: 0; }
.card dt { font-size: 11px; color: var(--faint); text-transform: uppercase; letter-spacing: .04em; }
.card dd { margin: 0; font-size: 16px; font-weight: 600; font-variant-numeric: tabular-nums; grid-row: 2; white-space: nowrap; }
.table-wrap { overflow-x: auto; margin: 0 0 20px; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums lining-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; font-size: 13.5px; padding: 0 0 6px; }
th, td { padding: 5px 10px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--hair); }
th:first-child, td:first-child { padding-left: 4px; }
thead th { font-size: 12px; font-weight: 600; color: var(--muted); vertical-align: bottom; border-bottom: 1.5px solid var(--ink); }
thead tr.groups th { color: var(--ink); border-bottom: 0; padding-bottom: 0; }
/* A group head gets a short rule under it, inset so neighbouring groups stay apart. */
thead tr.groups th.group { text-align: center; padding-bottom: 4px;
  background: linear-gradient(var(--rule), var(--rule)) center bottom / calc(100% - 16px) 1px no-repeat; }
th.text, td.text, tbody th { text-align: left; }
tbody th { font-weight: 600; }
tbody tr:hover { background: #f6f7f9; }
th[title] { cursor: help; text-decoration: underline dotted #9ca3af; text-underline-offset: 3px; }
/* Small tables side by side at their natural widths, wrapping when the page is narrow. */
.pair, .trio { display: flex; flex-wrap: wrap; gap: 0 36px; align-items: flex-start; }
.pair > *, .trio > * { max-width: 100%; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 26px 34px; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-weight: 600; font-size: 14px; }
figcaption span { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; overflow: visible; }
svg .tick { font-size: 11px; fill: #4b5563; font-variant-numeric: tabular-nums; }
svg .axis { font-size: 11.5px; fill: #374151; }
svg .legend { font-size: 11.5px; fill: #1f2937; }
svg .note { font-size: 10.5px; fill: #6b7280; font-style: italic; }
svg .value, svg .marker { font-size: 11px; fill: #111827; font-weight: 600; }
/* A white halo keeps a label legible where a marker line or bar crosses it. */
svg .marker, svg .note { paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
details { margin: 14px 0 0; border: 1px solid var(--rule); border-radius: 3px; }
summary { cursor: pointer; padding: 9px 14px; font-weight: 600; background: #f6f7f9; }
details[open] summary { border-bottom: 1px solid var(--rule); }
details .table-wrap { max-height: 75vh; overflow: auto; margin: 0; }
details thead { position: sticky; top: 0; z-index: 1; background: var(--paper); }
details table { font-size: 12px; }
details th, details td { padding: 3px 9px; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--faint); font-size: 12px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .92em; }
@media (max-width: 640px) { .page { padding: 18px 14px; } .grid { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10pt; }
  .page { max-width: none; padding: 0; min-height: 0; }
  nav.toc { display: none; }
  h2 { margin-top: 18px; }
  h2, h3, p.lead, figcaption, summary { break-after: avoid; }
  /* Chart sections and the base case start a page, so a heading never
     strands at the foot of one with its charts on the next. */
  #losses, #series, #base { break-before: page; }
  .grid { grid-template-columns: 1fr 1fr; gap: 14px 24px; }
  .table-wrap, details .table-wrap { overflow: visible; max-height: none; }
  tr, .card { break-inside: avoid; }
  details { border: 0; }
  summary { background: none; padding: 6px 0; list-style: none; }
  details thead { position: static; }
  /* The period table has a column per flow, balance, test and trigger:
     small type and wrapped heads let it fit the width of a landscape page. */
  details table { font-size: 7pt; }
  details th, details td { padding: 2px 4px; }
  details thead th { white-space: normal; }
  tbody tr:hover { background: none; }
  th[title] { text-decoration: none; }
}
)css";
}

std::string meta(const std::string& term, const std::string& value, bool wide = false) {
  return fmt::format("<div{}><dt>{}</dt><dd>{}</dd></div>\n", wide ? " class=\"wide\"" : "", escape(term), escape(value));
}

// The largest amount of money the tables show decides their one scale, as
// in the terminal's base case and Monte Carlo report.
Money table_money(const analysis::BaseReport& b, const mc::RiskReport* r) {
  const auto& m = *b.module;
  double biggest = 0;
  for (const auto& x : b.tranches) biggest = std::max(biggest, x.original);
  for (const auto& x : b.equities) biggest = std::max(biggest, std::fabs(x.investment));
  if (r) biggest = std::max(biggest, mc::largest_amount(*r));
  for (const auto& row : b.trace->rows)
    for (std::size_t c = 0; c < row.size() && c < m.columns.size(); ++c)
      if (m.columns[c].unit == m.currency && std::isfinite(row[c])) biggest = std::max(biggest, std::fabs(row[c]));
  return money_scale(biggest, m.currency);
}

// 180000000 -> "USD 180.0m": a size at a glance, where a table has room for digits.
std::string compact(double v, const std::string& currency) {
  const double a = std::fabs(v);
  if (a >= 1e9) return fmt::format("{} {:.2f}bn", currency, v / 1e9);
  if (a >= 1e6) return fmt::format("{} {:.1f}m", currency, v / 1e6);
  if (a >= 1e3) return fmt::format("{} {:.0f}k", currency, v / 1e3);
  return fmt::format("{} {}", currency, number(v, 0));
}

// One card per tranche: the four numbers an analyst looks at first.
std::string tranche_cards(const mc::RiskReport& r) {
  std::string out = "<div class=\"cards\">\n";
  for (const auto& x : r.tranches) {
    // A note in another currency (`fx`): its size in it.
    const std::string& currency = x.currency.empty() ? r.currency : x.currency;
    out += fmt::format("<div class=\"card\"><h3>{} <span>{}</span></h3><dl>", escape(x.name), escape(compact(x.original, currency)));
    auto kv = [&](const char* k, const std::string& v) { out += fmt::format("<dt>{}</dt><dd>{}</dd>", k, escape(v)); };
    kv("PD", percent(x.pd.p, 1));
    kv("EL", percent(x.el, 1));
    kv("WAL", number(x.summary[mc::MetricKind::TrancheWal].mean, 2) + " y");
    kv("Median IRR", percent(x.summary[mc::MetricKind::TrancheIrr].p50, 1));
    out += "</dl></div>\n";
  }
  return out + "</div>\n";
}

// A chart in a <figure>, its visible caption in HTML so it wraps and selects
// like text; the <svg> carries its own <title> for assistive technology.
std::string figure(const std::string& caption, const std::string& sub, const std::string& svg) {
  return fmt::format("<figure>\n<figcaption>{}<span>{}</span></figcaption>\n{}</figure>\n", escape(caption), escape(sub), svg);
}

std::string unit_words(const ir::Column& col, const std::string& currency) {
  if (col.unit == "Bool") return "condition: share of scenarios in which it holds";
  if (col.unit == "1") return "ratio";
  if (col.unit == currency) return "amount, " + currency;
  return col.written_unit.empty() ? col.unit : col.written_unit;  // as the deal wrote it
}

std::string series_charts(const HtmlInputs& in) {
  const auto& b = *in.base;
  const auto& m = *b.module;
  std::string out = "<div class=\"grid\">\n";
  for (std::size_t j = 0; j < m.series.size(); ++j) {
    const auto col = static_cast<std::size_t>(m.series[j]);
    FanChart c;
    c.id = fmt::format("series-{}", j + 1);
    c.name = m.columns[col].name;
    c.unit = m.columns[col].unit;
    c.written_unit = m.columns[col].written_unit;
    c.per_written = m.columns[col].per_written;
    c.currency = m.currency;
    c.dates = b.schedule->dates;
    c.months_per_period = in.months_per_period;
    for (const auto& row : b.trace->rows) c.base.push_back(row[col]);
    if (in.risk && j < in.risk->series.size()) {
      c.fan = in.risk->series[j].periods;
      c.fan_sample = in.risk->fan_sample;
    }
    out += figure(c.name, unit_words(m.columns[col], m.currency), fan_chart(c));
  }
  return out + "</div>\n";
}

std::string loss_charts(const mc::RiskReport& r, const mc::Simulation& sim) {
  std::string out = "<div class=\"grid\">\n";
  for (std::size_t j = 0; j < r.tranches.size(); ++j) {
    const auto& x = r.tranches[j];
    const std::vector<double>* shares = nullptr;
    for (std::size_t k = 0; k < sim.metrics.size(); ++k)
      if (sim.metrics[k].kind == mc::MetricKind::TrancheLossShare && sim.metrics[k].index == static_cast<int>(j)) shares = &sim.values[k];
    if (!shares) continue;
    out += figure(x.name + ": loss distribution",
                  fmt::format("PD {}, EL {}, over {} scenarios", percent(x.pd.p, 1), percent(x.el, 1), number(static_cast<double>(r.scenarios), 0)),
                  loss_histogram(fmt::format("loss-{}", j + 1), x.name, *shares));
  }
  return out + "</div>\n";
}

std::string section(const char* id, const char* title, const std::string& body) {
  return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n", id, title, body);
}

}  // namespace

std::string html_report(const HtmlInputs& in) {
  const auto& b = *in.base;
  const auto& m = *b.module;
  const auto& s = *b.schedule;
  const mc::RiskReport* r = in.risk;
  const bool mc = r != nullptr;
  const Money money = table_money(b, r);

  std::string head = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Sluice\">\n"
      "<title>{} — {}</title>\n<style>{}</style>\n</head>\n<body>\n<div class=\"page\">\n",
      escape(m.deal_name), mc ? "risk report" : "base case", stylesheet());

  std::string top = fmt::format("<header class=\"masthead\">\n<div class=\"kicker\">{}</div>\n<h1>{}</h1>\n<dl class=\"meta\">\n",
                                mc ? "Monte Carlo risk report" : "Base-case report", escape(m.deal_name));
  top += meta("Currency", m.currency);
  top += meta("Amounts", "in " + money.label);  // every table's one scale, stated once
  top += meta("Start", cal::format_date(s.dates.front()));
  top += meta("Periods", fmt::format("{} {}", s.periods(), b.period));
  top += meta("End", cal::format_date(s.dates.back()));
  top += meta("Day count", b.day_count);
  if (mc) {
    top += meta("Scenarios", number(static_cast<double>(r->scenarios), 0));
    top += meta("Seed", fmt::format("{}", r->seed));
    top += meta("Fan-chart sample", number(static_cast<double>(r->fan_sample), 0) + " scenarios");
  } else {
    top += meta("Scenarios", "base case only");
  }
  if (!in.source.empty()) top += meta("Deal file", in.source, true);
  top += "</dl>\n";
  if (mc && !r->tranches.empty()) top += tranche_cards(*r);
  top += "</header>\n";

  // The sections, then a table of contents that links to those present.
  std::vector<std::pair<const char*, const char*>> toc;
  std::string body;
  auto add = [&](const char* id, const char* title, const std::string& content) {
    toc.emplace_back(id, title);
    body += section(id, title, content);
  };
  if (mc) {
    if (!r->tranches.empty()) {
      std::string notes =
          "<p class=\"notes\"><b>PD</b>: share of scenarios with any loss. <b>EL</b>: mean loss as a share of the original balance "
          "(principal and unpaid interest still owed after the horizon). <b>LGL</b>: mean loss share over the scenarios with a loss. "
          "Percentiles are over all scenarios; <b>se</b> is a standard error.";
      notes += r->has_risk_free ? " <b>Break-even spread</b>: the spread over the deal's risk-free rate at which expected discounted "
                                  "cash flows equal par.</p>\n"
                                : "</p>\n";
      add("tranches", "Tranches", tranche_tables(*r, money) + notes);
      if (in.sim) add("losses", "Loss distributions", "<p class=\"lead\">Each tranche's loss as a share of its original balance, one "
                                                      "bar per bin of scenarios; the grey bar counts the scenarios that lose nothing.</p>\n" +
                                                      loss_charts(*r, *in.sim));
    }
    if (!r->equities.empty()) add("equity", "Equity", equity_table(*r, money));
    if (!mc::requested_metrics(*r).empty()) add("requested", "Requested metrics", requested_table(*r, money));
    if (!r->tests.empty() || !r->triggers.empty() || !r->probabilities.empty()) {
      std::string t = "<div class=\"pair\">\n<div>\n";
      if (!r->tests.empty()) t += "<h3>Tests</h3>\n" + test_table(*r, money);
      t += "</div>\n<div>\n";
      if (!r->triggers.empty()) t += "<h3>Triggers</h3>\n" + event_table(r->triggers, "Trigger", s);
      if (!r->probabilities.empty()) t += "<h3>Probabilities</h3>\n" + event_table(r->probabilities, "Condition", s);
      t += "</div>\n</div>\n";
      add("tests", "Tests and triggers", t);
    }
  }
  // The run's own sections (run_record.cpp): the stresses and the worst
  // scenarios where the command asked for them, and what was run.
  if (in.stresses) add("stresses", "Stresses", stress_table_html(*in.stresses, money));
  if (in.worst && mc) add("worst", "Worst scenarios", worst_html(*in.worst, r->seed, money));
  if (!mc) add("base", "Base case", "<p class=\"lead\">Every random factor on its expected path.</p>\n" + base_metric_tables(b, money));
  if (!m.series.empty()) {
    std::string lead = mc ? fmt::format("<p class=\"lead\">Each series per period: the 5–95% band and median over the first {} scenarios, "
                                        "the mean over all {}, and the base case, in which every random factor follows its expected path.</p>\n",
                                        number(static_cast<double>(r->fan_sample), 0), number(static_cast<double>(r->scenarios), 0))
                          : "<p class=\"lead\">Each series per period in the base case, in which every random factor follows its "
                            "expected path.</p>\n";
    add("series", mc ? "Fan charts" : "Series", lead + series_charts(in));
  }
  if (mc && !r->metrics.empty()) add("metrics", "Metrics at the horizon", metric_table(*r, m, money));
  // Folded in a Monte Carlo report, where it is background; open in a
  // base-case report, where it is the substance.
  const std::string periods = fmt::format("<details id=\"periods\"{}>\n<summary>Period table: {} periods, {} to {}</summary>\n{}</details>\n",
                                          mc ? "" : " open", s.periods(), cal::format_date(s.dates[s.dates.size() > 1 ? 1 : 0]),
                                          cal::format_date(s.dates.back()), period_table(b, money));
  if (mc) add("base", "Base case", "<p class=\"lead\">One path, every random factor on its expected path: a reference, not a forecast.</p>\n" +
                                        base_metric_tables(b, money) + periods);
  else add("cash-flows", "Cash flows", periods);

  if (in.record) add("run", "Run record", run_record_html(*in.record));

  std::string nav = "<nav class=\"toc\">";
  for (const auto& [id, title] : toc) nav += fmt::format("<a href=\"#{}\">{}</a>", id, title);
  nav += "</nav>\n";

  std::string foot = "<footer>Produced by Sluice";
  if (!in.source.empty()) foot += " from <code>" + escape(in.source) + "</code>";
  foot += mc ? fmt::format("; {} scenarios, seed {}, Philox4x32-10 generator: the same seed gives the same numbers on any machine.",
                           number(static_cast<double>(r->scenarios), 0), r->seed)
             : ".";
  foot += " Definitions: docs/output.md in the Sluice sources.</footer>\n";
  // Optional: print the period table even when it is folded away.
  const char* script =
      "<script>addEventListener(\"beforeprint\", () => document.querySelectorAll(\"details\").forEach(d => d.open = true));</script>\n";
  return head + top + nav + "<main>\n" + body + "</main>\n" + foot + "</div>\n" + script + "</body>\n</html>\n";
}

}  // namespace sluice::report
