// The HTML report: the tick and bin helpers on hand-worked cases, and the
// page of a Monte Carlo run of the flagship and of a small deal with a
// hostile title: self-contained (no network, no external files), balanced
// markup, every tranche, series chart, histogram and the base-case table
// present, and every string from the deal escaped.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "report/charts.hpp"
#include "report/html_report.hpp"
#include "report/svg.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

struct Page {
  std::unique_ptr<test::Run> run;
  mc::Simulation sim;
  mc::RiskReport risk;
  analysis::BaseReport base;
  std::string html;
};

// Compiles a deal, runs its base case and (n > 0) a Monte Carlo, and
// renders the page as `sluice run --report` does.
std::unique_ptr<Page> render(std::unique_ptr<test::Run> run, std::uint64_t n, std::uint64_t seed) {
  auto p = std::make_unique<Page>();
  p->run = std::move(run);
  INFO(p->run->diagnostics());
  REQUIRE(p->run->c.module);
  const auto& m = *p->run->c.module;
  const auto& deal = p->run->c.model->deal;
  p->base = analysis::summarize(m, p->run->trace, p->run->schedule, "30/360", deal.period_name, deal.months_per_period);
  report::HtmlInputs in;
  in.base = &p->base;
  in.months_per_period = deal.months_per_period;
  in.source = "deal.deal";
  if (n > 0) {
    mc::Options o;
    o.scenarios = n;
    o.seed = seed;
    o.threads = 2;
    o.months_per_period = deal.months_per_period;
    auto eval = interp::make_interpreter(m, p->run->schedule);
    p->sim = mc::simulate(m, p->run->schedule, *eval, o);
    REQUIRE_FALSE(p->sim.failure);
    p->risk = mc::aggregate(m, p->run->schedule, p->sim);
    p->risk.day_count = "30/360";
    p->risk.period = deal.period_name;
    in.risk = &p->risk;
    in.sim = &p->sim;
  }
  p->html = report::html_report(in);
  return p;
}

// Self-contained and balanced: what any page must satisfy.
void check_well_formed(const std::string& html) {
  CHECK(count(html, "<html") == 1);
  CHECK(count(html, "</html>") == 1);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(count(html, "<svg") == count(html, "</svg>"));
  CHECK(count(html, "<table>") == count(html, "</table>"));
  CHECK(count(html, "<figure>") == count(html, "</figure>"));
  CHECK(count(html, "<details") == count(html, "</details>"));
  CHECK(count(html, "<div") == count(html, "</div>"));
  CHECK(count(html, "<section") == count(html, "</section>"));
  // The only URL is the SVG namespace, a name that is never fetched.
  std::string rest = html;
  const std::string xmlns = "xmlns=\"http://www.w3.org/2000/svg\"";
  for (auto at = rest.find(xmlns); at != std::string::npos; at = rest.find(xmlns)) rest.erase(at, xmlns.size());
  CHECK(rest.find("http://") == std::string::npos);
  CHECK(rest.find("https://") == std::string::npos);
  CHECK(rest.find("<script src") == std::string::npos);
  CHECK(rest.find("<link") == std::string::npos);
  CHECK(rest.find("<img") == std::string::npos);
  CHECK(rest.find("@import") == std::string::npos);
  CHECK(count(rest, "url(") == count(rest, "url(#"));  // only in-page references (clip paths)
}

}  // namespace

TEST_CASE("nice ticks fall on 1, 2 or 5 times a power of ten", "[report]") {
  auto t = report::nice_ticks(0, 97);
  CHECK(t.values == std::vector<double>{0, 20, 40, 60, 80, 100});
  CHECK(t.decimals == 0);
  CHECK(t.lo == 0);
  CHECK(t.hi == 100);

  t = report::nice_ticks(0, 1);
  REQUIRE(t.values.size() == 6);
  CHECK(t.values[3] == Approx(0.6));
  CHECK(t.decimals == 1);
  CHECK(report::number(t.values[3], t.decimals) == "0.6");

  t = report::nice_ticks(-3, 7);  // step 2, widened to whole steps
  CHECK(t.values == std::vector<double>{-4, -2, 0, 2, 4, 6, 8});

  t = report::nice_ticks(1.0e6, 1.7e6);  // step 200,000
  CHECK(t.values == std::vector<double>{1.0e6, 1.2e6, 1.4e6, 1.6e6, 1.8e6});

  t = report::nice_ticks(0.52, 3.2);  // 2.68 / 5 = 0.536: step 1
  CHECK(t.values == std::vector<double>{0, 1, 2, 3, 4});
  t = report::nice_ticks(0.52, 1.3);  // 0.78 / 5 = 0.156: step 0.2
  REQUIRE(t.values.size() == 6);  // 0.4, 0.6, ..., 1.4
  CHECK(t.values.front() == Approx(0.4));
  CHECK(t.values.back() == Approx(1.4));
  CHECK(t.decimals == 1);

  // A flat or empty range still gets an axis.
  t = report::nice_ticks(0, 0);
  CHECK(t.lo == 0);
  CHECK(t.hi == 1);
  t = report::nice_ticks(50, 50);
  CHECK(t.lo < 50);
  CHECK(t.hi > 50);
  t = report::nice_ticks(NAN, INFINITY);
  CHECK(t.values.size() >= 2);

  CHECK(report::nice_step(19.4) == 20);
  CHECK(report::nice_step(1000) == 1000);
  CHECK(report::nice_step(0.3) == Approx(0.5));
  CHECK(report::nice_step(0.0917) == Approx(0.1));
}

TEST_CASE("loss shares bin into round widths with no-loss scenarios apart", "[report]") {
  auto b = report::bin_losses({0, 0, 0.05, 0.5, 1.0, NAN});
  CHECK(b.total == 5);
  CHECK(b.none == 2);
  CHECK(b.width == Approx(0.05));
  REQUIRE(b.counts.size() == 20);
  CHECK(b.counts[1] == 1);   // 0.05 opens the second bin
  CHECK(b.counts[10] == 1);  // 0.5
  CHECK(b.counts[19] == 1);  // the max joins the last bin
  // 183% of the original: bins of 10%, 19 of them.
  b = report::bin_losses({1.83, 0.2});
  CHECK(b.width == Approx(0.1));
  CHECK(b.counts.size() == 19);
  // Nobody lost: no bins.
  b = report::bin_losses({0, 0, 1e-9});
  CHECK(b.none == 3);
  CHECK(b.counts.empty());
}

TEST_CASE("a loss histogram whose no-loss bar hides the tail turns logarithmic", "[report]") {
  // 9,990 scenarios without a loss, 10 with: the no-loss bar is 999 times
  // the tallest loss bar, so the axis is in powers of ten, 0.1% to 100%.
  std::vector<double> shares(9990, 0.0);
  for (int i = 0; i < 10; ++i) shares.push_back(0.2);
  const std::string svg = report::loss_histogram("h", "B", shares);
  CHECK(svg.find("(log scale)") != std::string::npos);
  CHECK(svg.find("logarithmic") != std::string::npos);
  CHECK(svg.find(">0.1%<") != std::string::npos);
  CHECK(svg.find(">100%<") != std::string::npos);
  // A loss in half the scenarios keeps the linear axis.
  std::vector<double> even(50, 0.0);
  for (int i = 0; i < 50; ++i) even.push_back(0.1);
  CHECK(report::loss_histogram("h", "B", even).find("log scale") == std::string::npos);
}

TEST_CASE("numbers and text are formatted and escaped for HTML", "[report]") {
  CHECK(report::escape("A <b> & \"C\" 'd'") == "A &lt;b&gt; &amp; &quot;C&quot; &#39;d&#39;");
  CHECK(report::number(1234567.891, 2) == "1,234,567.89");
  CHECK(report::number(-1234.4, 0) == "−1,234");
  CHECK(report::number(-0.001, 2) == "0.00");
  CHECK(report::number(NAN, 2) == "n/a");
  CHECK(report::percent(0.0525) == "5.25%");
  // A small probability keeps two significant digits, never "0.0%".
  CHECK(report::percent(0.0003, 1) == "0.030%");
  CHECK(report::percent(0.000012) == "0.0012%");
  CHECK(report::percent(0.0004, 1) == "0.040%");
  CHECK(report::percent(0.001, 1) == "0.1%");
  CHECK(report::percent(0, 1) == "0.0%");
  CHECK(sluice::percent(0.00003) == "0.0030%");
  CHECK(sluice::percent(0.0525) == "5.25%");
  CHECK(sluice::percent(-0.00001) == "-0.0010%");
  auto ticks = report::date_ticks(cal::period_schedule({2025, 3, 31}, 1, 84, true), 1);
  REQUIRE(ticks.size() == 8);  // yearly over seven years
  CHECK(ticks[0].second == "Mar 2025");
  CHECK(ticks[1].first == 12);
  CHECK(ticks[7].second == "Mar 2032");
}

TEST_CASE("the flagship's Monte Carlo report: every table, chart and the base case", "[report]") {
  auto p = render(test::run_file(std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal"), 200, 7);
  const auto& html = p->html;
  check_well_formed(html);
  CHECK(html.find("<h1>GPU Fleet ABS 2025-1</h1>") != std::string::npos);
  for (const char* s : {"USD", "2025-03-31", "84 monthly", "30/360", "<dd>200</dd>", "<dd>7</dd>"}) {
    INFO(s);
    CHECK(html.find(s) != std::string::npos);
  }
  // The tables.
  REQUIRE(p->risk.tranches.size() == 2);
  for (const auto& t : p->risk.tranches) {
    INFO(t.name);
    CHECK(count(html, "<th scope=\"row\">" + t.name + "</th>") >= 3);  // credit, life, base case
  }
  CHECK(html.find("Break-even spread") != std::string::npos);
  CHECK(html.find("<th scope=\"row\">E</th>") != std::string::npos);
  for (const char* s : {"dscr", "ltv", "cash_trap", "early_amortization", "event_of_default"}) {
    INFO(s);
    CHECK(html.find(std::string("<th scope=\"row\">") + s + "</th>") != std::string::npos);
  }
  // A fan chart per series, each an <svg> titled with the series' name.
  REQUIRE(p->risk.series.size() == 7);  // with the tape's concentration
  for (std::size_t j = 0; j < p->risk.series.size(); ++j) {
    const auto& name = p->risk.series[j].name;
    INFO(name);
    auto at = html.find(fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 560 290\" role=\"img\" "
                                    "aria-labelledby=\"series-{0}-title series-{0}-desc\"",
                                    j + 1));
    REQUIRE(at != std::string::npos);
    auto title = html.find(fmt::format("<title id=\"series-{}-title\">{}: 5th to 95th percentile band", j + 1, name), at);
    CHECK(title != std::string::npos);
    CHECK(title < html.find("</svg>", at));
  }
  for (const char* s : {"dscr", "ltv", "concentration", "A.balance", "B.balance"}) CHECK(html.find(std::string("-title\">") + s + ":") != std::string::npos);
  // A loss histogram per tranche.
  for (std::size_t j = 0; j < p->risk.tranches.size(); ++j) {
    auto title = fmt::format("<title id=\"loss-{}-title\">{}: distribution of the loss", j + 1, p->risk.tranches[j].name);
    CHECK(html.find(title) != std::string::npos);
  }
  CHECK(count(html, "<svg") == p->risk.series.size() + p->risk.tranches.size());
  // The base case: its metrics, and the period table folded in <details>.
  CHECK(html.find("<details id=\"periods\">") != std::string::npos);
  CHECK(html.find("<summary>Period table: 84 periods") != std::string::npos);
  const auto periods = html.substr(html.find("<details id=\"periods\">"));
  CHECK(periods.find("<th scope=\"row\">84</th><td class=\"text\">2032-03-31</td>") != std::string::npos);
  CHECK(periods.find("collections") != std::string::npos);
  CHECK(periods.find("A interest") != std::string::npos);
  // Deterministic: the same inputs, the same bytes.
  auto again = render(test::run_file(std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal"), 200, 7);
  CHECK(again->html == html);
}

TEST_CASE("a hostile deal title is escaped in the Monte Carlo and base-case reports", "[report]") {
  const std::string text = R"(deal "A <b> & C </title><script>alert(1)</script>" {
  currency  USD
  start     2025-01-01
  period    quarterly
  horizon   2 years
  day_count 30/360
  market {
    draw   haircut = uniform(0%, 20%)
    factor rate    = vasicek(start: 5%, mean: 4%, speed: 0.5 per year, vol: 1%)
  }
  loan pool { balance 10m USD  rate rate + 300bp  amortization level over 2 years }
  tranche A { balance 9m USD  coupon rate + 100bp  amortization pass_through }
  equity E
  test coverage = collections * (1 - haircut) / (A.interest_due + 1 USD)
  trigger low when coverage < 3x
  waterfall {
    pay A.interest
    pay A.principal
    pay E residual
  }
  report {
    series    coverage, low
    metrics   rate
  }
}
)";
  for (std::uint64_t n : {0, 64}) {
    INFO("scenarios " << n);
    auto p = render(test::run_text("html_hostile.deal", text), n, 11);
    const auto& html = p->html;
    check_well_formed(html);
    CHECK(html.find("A <b>") == std::string::npos);
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(count(html, "<script") == 1);  // the page's own print helper
    CHECK(html.find("<h1>A &lt;b&gt; &amp; C &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>") != std::string::npos);
    CHECK(html.find("<title>A &lt;b&gt; &amp; C") != std::string::npos);
    CHECK(html.find("-title\">coverage:") != std::string::npos);
    CHECK(html.find("-title\">low:") != std::string::npos);  // a condition: the share of scenarios
    if (n) {
      CHECK(html.find("Monte Carlo risk report") != std::string::npos);
      CHECK(html.find("-title\">A: distribution of the loss") != std::string::npos);
      CHECK(html.find("no scenario lost anything") != std::string::npos);
    } else {
      CHECK(html.find("Base-case report") != std::string::npos);
      CHECK(html.find("<dd>base case only</dd>") != std::string::npos);
      CHECK(html.find("-title\">coverage: base case per period") != std::string::npos);
    }
  }
}

TEST_CASE("a series the deal wrote per day is charted and tabled per day, not per hour", "[report]") {
  // 48 USD/PH/day is kept as 2 USD/PH/h (day = 24 h); the report shows the
  // unit the deal wrote, and the values in it (x 24). A value of another
  // dimension (USD/PH: a week's worth) has no such unit and stays as it is.
  const std::string text = R"(unit PH
deal "Per day" {
  currency  USD
  start     2025-01-31
  period    monthly
  horizon   6 months
  day_count 30/360
  param price = 48 USD/PH/day
  let weekly = price * 7 days
  market {
    factor spot = lognormal(start: 36 USD/PH/day, drift: 0% per year, vol: 20%)
  }
  loan pool { balance 10m USD  rate 8%  amortization level over 6 months }
  tranche A { balance 8m USD  coupon 5%  amortization pass_through }
  equity E
  waterfall {
    pay A.interest
    pay A.principal
    pay E residual
  }
  report {
    series price, spot, weekly
  }
}
)";
  for (std::uint64_t n : {0, 64}) {
    INFO("scenarios " << n);
    auto p = render(test::run_text("per_day.deal", text), n, 3);
    const auto& m = *p->run->c.module;
    REQUIRE(m.series.size() == 3);
    const auto& price = m.columns[static_cast<std::size_t>(m.series[0])];
    const auto& spot = m.columns[static_cast<std::size_t>(m.series[1])];
    const auto& weekly = m.columns[static_cast<std::size_t>(m.series[2])];
    CHECK(price.unit == "USD/PH/h");
    CHECK(price.written_unit == "USD/PH/day");
    CHECK(price.per_written == 24);
    CHECK(spot.written_unit == "USD/PH/day");
    CHECK(weekly.written_unit.empty());
    const auto& html = p->html;
    check_well_formed(html);
    // The axes and captions say per day; nothing says per hour.
    for (int j : {1, 2}) {
      INFO("series " << j);
      const auto at = html.find(fmt::format("aria-labelledby=\"series-{0}-title series-{0}-desc\"", j));
      REQUIRE(at != std::string::npos);
      const auto svg = html.substr(at, html.find("</svg>", at) - at);
      CHECK(svg.find("Vertical axis: USD/PH/day.") != std::string::npos);
      CHECK(svg.find(">USD/PH/day</text>") != std::string::npos);
    }
    CHECK(html.find("<span>USD/PH/day</span>") != std::string::npos);
    CHECK(html.find("USD/PH/h") == std::string::npos);
    // The price's values per day: 48, not 2, on the chart and in the period table.
    const auto at = html.find("aria-labelledby=\"series-1-title series-1-desc\"");
    const auto chart = html.substr(at, html.find("</svg>", at) - at);
    CHECK(chart.find("base case 48.0") != std::string::npos);
    CHECK(chart.find("base case 2.0") == std::string::npos);
    CHECK(html.find("<td>48.00</td>") != std::string::npos);
    // A week at 2 USD/PH/h: 336 USD/PH.
    CHECK(html.find("<td>336.0</td>") != std::string::npos);
  }
}
