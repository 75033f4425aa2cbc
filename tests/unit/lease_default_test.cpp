// A lessee's default: the cumulative hazard integrated over the schedule
// (any hazard expression), survival exp(-H) in the base case and a drawn
// default time in random scenarios, default absorbing; and the convention
// that a default never pays the lessor more than the contract performing.
// Closed forms are in the comments; docs/language.md, Leases.
#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>

#include "interp/interpreter.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

// 100 units at 2 USD/gpu/h for the whole horizon (market 1 after it), a
// hazard of 300% a year for three periods and 1% after: the analyst's
// "early default or none" lessee.
std::string deal(const std::string& lease_extra, const std::string& hazard = "(if period_number <= 3 then 300% else 1%) per year") {
  return fmt::format(R"(unit gpu
deal "hazard" {{
  currency USD  start 2025-01-31  period monthly  horizon 24 months  day_count ACT/365F
  fleet gpus {{ units 100 gpu  cost 10_000 USD/gpu }}
  lease L on gpus {{
    rent 2 USD/gpu/h for 24 months, then 1 USD/gpu/h
    default hazard {}, recovery 40%
    {}
  }}
  tranche A {{ balance 100_000 USD  coupon 5%  amortization bullet }}
  equity E
  let perf = L.performing
  let rec = L.recovery
  report {{ series perf, rec }}
  waterfall {{ pay A.interest  pay A.principal  pay E residual }}
}}
)",
                     hazard, lease_extra);
}

double yf(const exec::Schedule& s, int t) {
  return s.context[static_cast<std::size_t>(t - 1) * static_cast<std::size_t>(ir::ContextField::kCount) +
                   static_cast<std::size_t>(ir::ContextField::YearFraction)];
}

// The closed form: H_t = sum of h_i x yf_i, h = 3 for periods 1-3, 0.01 after.
double cumulative_hazard(const exec::Schedule& s, int t) {
  double h = 0;
  for (int i = 1; i <= t; ++i) h += (i <= 3 ? 3.0 : 0.01) * yf(s, i);
  return h;
}

}  // namespace

TEST_CASE("the base case's survival integrates a piecewise-constant hazard", "[lease][default]") {
  auto r = test::run_text("hazard_base.deal", deal(""));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE(!r->trace.violation);
  for (int t = 1; t <= 24; ++t) {
    INFO("period " << t);
    CHECK(r->at("perf", t) == Approx(std::exp(-cumulative_hazard(r->schedule, t))).epsilon(1e-14));
    if (t > 1) CHECK(r->at("perf", t) <= r->at("perf", t - 1));
  }
  // After three periods at 300% (ACT/365F: 28 + 31 + 30 = 89 days), about
  // 52% have defaulted, and the 1% a year after changes that little: the
  // old `hazard x years` read 1% x 2 years at the horizon (98% performing).
  CHECK(r->at("perf", 3) == Approx(std::exp(-3.0 * 89 / 365)).epsilon(1e-14));
  CHECK(r->at("perf", 24) < 0.48);
}

TEST_CASE("random default times match the closed form and never come back", "[lease][default][montecarlo]") {
  auto r = test::run_text("hazard_mc.deal", deal(""));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const auto& m = *r->c.module;
  exec::Batch b;
  b.seed = 11;
  b.count = 4000;
  interp::make_interpreter(m, r->schedule)->evaluate(b);
  REQUIRE(!b.violation);
  const std::size_t cols = m.columns.size(), periods = 24;
  std::size_t perf = cols;
  for (std::size_t c = 0; c < cols; ++c)
    if (m.columns[c].name == "perf") perf = c;
  REQUIRE(perf < cols);
  std::vector<double> performing(periods, 0.0);
  int rises = 0;
  for (int s = 0; s < b.count; ++s)
    for (std::size_t t = 0; t < periods; ++t) {
      double v = b.rows[(static_cast<std::size_t>(s) * periods + t) * cols + perf];
      REQUIRE((v == 0.0 || v == 1.0));
      performing[t] += v;
      if (t > 0 && v > b.rows[(static_cast<std::size_t>(s) * periods + t - 1) * cols + perf]) ++rises;
    }
  CHECK(rises == 0);  // default is absorbing in every scenario
  for (int t : {1, 2, 3, 6, 12, 24}) {
    double p = std::exp(-cumulative_hazard(r->schedule, t));
    double se = std::sqrt(p * (1 - p) / b.count);
    double got = performing[static_cast<std::size_t>(t - 1)] / b.count;
    INFO("period " << t << ": " << got << " performing, closed form " << p << " +- " << se);
    CHECK(std::fabs(got - p) <= 3 * se);
  }
}

TEST_CASE("a hazard that follows the market is integrated like any other", "[lease][default]") {
  // h_t = 50% x (2 / rate_t) with rate halving over the horizon: the closed
  // form is the sum of h_t yf_t, rate_t = 2 x (1 - t/48).
  const std::string factor = "(50% * 2 USD/gpu/h / (2 USD/gpu/h * (1 - period_number / 48))) per year";
  auto r = test::run_text("hazard_market.deal", deal("", factor));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  double h = 0;
  for (int t = 1; t <= 24; ++t) {
    h += 0.5 / (1 - t / 48.0) * yf(r->schedule, t);
    CHECK(r->at("perf", t) == Approx(std::exp(-h)).epsilon(1e-13));
  }
}

TEST_CASE("a negative hazard is refused: located when constant, at run time otherwise", "[lease][default]") {
  auto fixed = test::run_text("hazard_negative.deal", deal("", "-2% per year"));
  CHECK(!fixed->c.module);
  CHECK_THAT(fixed->diagnostics(), Catch::Contains("error[E0301]") && Catch::Contains("default hazard of `L` is -2% per year") &&
                                       Catch::Contains("hazard_negative.deal:7:20"));
  auto varying = test::run_text("hazard_negative_later.deal", deal("", "(if period_number <= 5 then 2% else -1%) per year"));
  REQUIRE(varying->c.module);
  REQUIRE(varying->trace.violation);
  CHECK(varying->trace.violation->period == 6);
  const auto& check = varying->c.module->checks.at(varying->trace.violation->check);
  CHECK(check.input);  // the deal's own number: exit 65
  CHECK_THAT(check.what, Catch::Contains("default hazard of `L` is not negative"));
}

TEST_CASE("a recovery arrives its lag later, and only the rent lost inside the horizon counts", "[lease][default]") {
  // Rent 2 above a market of 1: a lessee defaulting in period t loses 1 USD
  // a unit-hour for the rest of the term; 40% of it is recovered, here 3
  // periods after each month it is lost. With no lag the recovery of a
  // period's loss arrives with it.
  auto now = test::run_text("recovery_now.deal", deal("recovery_lag 0 months"));
  auto later = test::run_text("recovery_later.deal", deal("recovery_lag 3 months"));
  REQUIRE(now->c.module);
  REQUIRE(later->c.module);
  for (int t = 1; t <= 24; ++t) {
    INFO("period " << t);
    // lost_t = 100 x hours_t x (1 - p_t) x (2 - 1): the re-leased units earn the market.
    double hours = now->schedule.context[static_cast<std::size_t>(t - 1) * static_cast<std::size_t>(ir::ContextField::kCount) +
                                         static_cast<std::size_t>(ir::ContextField::Hours)];
    double lost = 100 * hours * (1 - now->at("perf", t)) * 1.0;
    CHECK(now->at("rec", t) == Approx(0.4 * lost).epsilon(1e-12));
    if (t <= 3) CHECK(later->at("rec", t) == 0.0);
    else CHECK(later->at("rec", t) == Approx(now->at("rec", t - 3)).epsilon(1e-15));
  }
  // The default lag is 12 months: the first recovery arrives in period 13.
  auto dflt = test::run_text("recovery_default.deal", deal(""));
  REQUIRE(dflt->c.module);
  CHECK(dflt->at("rec", 12) == 0.0);
  CHECK(dflt->at("rec", 13) == Approx(now->at("rec", 1)).epsilon(1e-15));
}

TEST_CASE("in a downtime the defaulted units earn nothing, and never more than the contract", "[lease][default]") {
  // Market (3) above the contract (2): re-leased units earn the contract
  // rent, not the market, so the only cost of a default is the downtime, and
  // the performing contract has collected at least as much by every period.
  auto perf = test::run_text("downtime_none.deal", deal("downtime 2 months", "0% per year"));
  auto hi = test::run_text("downtime_market.deal", [] {
    auto d = deal("downtime 2 months", "(if period_number <= 3 then 300% else 1%) per year");
    return d.replace(d.find("then 1 USD/gpu/h"), 16, "then 3 USD/gpu/h");
  }());
  REQUIRE(perf->c.module);
  REQUIRE(hi->c.module);
  double cash = 0, cash_performing = 0;
  for (int t = 1; t <= 24; ++t) {
    INFO("period " << t);
    double hours = hi->schedule.context[static_cast<std::size_t>(t - 1) * static_cast<std::size_t>(ir::ContextField::kCount) +
                                        static_cast<std::size_t>(ir::ContextField::Hours)];
    double p = hi->at("perf", t), p_before = t > 2 ? hi->at("perf", t - 2) : 1.0;
    // p earn 2, p_before - p are in downtime, 1 - p_before re-leased at min(3, 2).
    CHECK(hi->at("collections", t) - hi->at("rec", t) == Approx(100 * hours * (2 * p + 2 * (1 - p_before))).epsilon(1e-12));
    // Through every period: the recovery of a downtime's lost rent comes a
    // year later (it can lift one period above the performing rent, never
    // the running total).
    cash += hi->at("collections", t);
    cash_performing += perf->at("collections", t);
    CHECK(cash <= cash_performing);
  }
}

TEST_CASE("a recovery above 100% is refused: more than the rent lost would make a default pay", "[lease][default]") {
  auto d = deal("");
  d.replace(d.find("recovery 40%"), 12, "recovery 120%");
  auto r = test::run_text("recovery_above.deal", d);
  CHECK(!r->c.module);
  CHECK_THAT(r->diagnostics(), Catch::Contains("error[E0301]") && Catch::Contains("the recovery of `L` is 120%"));
}
