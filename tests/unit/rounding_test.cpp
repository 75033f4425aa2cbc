// round, floor, ceil and mod (docs/language.md, "Rounding"): the sign rule
// of mod, the cents a decimal printout shows, halves away from zero, steps
// that change by period, the errors, and the two engines' agreement.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <random>

#include "codegen/jit.hpp"
#include "interp/interpreter.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

std::string deal_with(const std::string& body, const std::string& day_count = "30/360") {
  return fmt::format(
      "deal \"Rounding\" {{\n  currency USD\n  start 2025-01-15\n  period monthly\n  horizon 3 months\n  day_count {}\n"
      "  unit gpu\n  loan pool {{ balance 1m USD  rate 6% }}\n  tranche A {{ balance 1m USD  coupon 5% }}\n  equity E\n{}\n"
      "  waterfall {{ pay A.interest  pay A.principal scheduled  pay E residual }}\n}}\n",
      day_count, body);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("mod has the divisor's sign, as a spreadsheet's MOD", "[rounding]") {
  using ir::spreadsheet_mod;
  CHECK(spreadsheet_mod(7, 3) == 1);
  CHECK(spreadsheet_mod(-7, 3) == 2);
  CHECK(spreadsheet_mod(7, -3) == -2);
  CHECK(spreadsheet_mod(-7, -3) == -1);
  CHECK(spreadsheet_mod(5.5, 2) == 1.5);
  CHECK(spreadsheet_mod(-5.5, 2) == 0.5);
  CHECK(spreadsheet_mod(6, 3) == 0);
  // fmod is exact; the sum that moves the sign is rounded (as Python's %).
  CHECK(spreadsheet_mod(-1e-20, 1) == 1.0);
  CHECK(spreadsheet_mod(0.3, 0.1) == std::fmod(0.3, 0.1));  // 0.09999999999999998: 0.1 and 0.3 are not exact
  CHECK(std::isnan(spreadsheet_mod(1, 0)));
}

TEST_CASE("round to 0.01 is the double nearest the decimal cents, halves away from zero", "[rounding]") {
  // Random amounts; the expectation is computed apart from the formula:
  // x * 100 is exact in long double (53 + 7 bits fit in 64), rounded half
  // away from zero to K, and K / 100 is read back from its decimal text.
  std::mt19937_64 gen(20261206);
  std::uniform_real_distribution<double> amount(-2e6, 2e6);
  std::vector<double> xs = {1.005, 0.125, -0.125, 2.675, 0.5, -0.004, 1234.5650000000001};
  while (xs.size() < 300) xs.push_back(amount(gen));
  std::string body;
  for (std::size_t i = 0; i < xs.size(); ++i) body += fmt::format("  test r{} = round({:.17g} USD, 0.01 USD)\n", i, xs[i]);
  auto r = test::run_text("round_cents.deal", deal_with(body));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  int compared = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const long double exact = static_cast<long double>(xs[i]) * 100.0L;
    // Skip the rare amount whose double product x * 100 (the documented
    // formula) and the exact one fall on either side of a half.
    if (std::fabs(std::fabs(exact - std::trunc(exact)) - 0.5L) < 1e-6L && std::llround(static_cast<double>(exact)) != std::llroundl(exact)) continue;
    const long long k = std::llroundl(exact);
    const double want = std::strtod(fmt::format("{}{}.{:02d}", k < 0 ? "-" : "", std::llabs(k) / 100, std::llabs(k) % 100).c_str(), nullptr);
    const double got = r->at(fmt::format("r{}", i), 1);
    INFO(fmt::format("round({:.17g}, 0.01) = {:.17g}, expected {:.17g}", xs[i], got, want));
    CHECK(same_bits(got, want + 0.0));
    ++compared;
  }
  CHECK(compared >= 295);
  // 1.005 is 1.00499999999999989... in binary: 1.00 (a spreadsheet says 1.01).
  CHECK(r->at("r0", 1) == 1.0);
  CHECK(r->at("r1", 1) == 0.13);
  CHECK(r->at("r2", 1) == -0.13);
  CHECK_FALSE(std::signbit(r->at("r5", 1)));  // -0.004 to the cent is 0, not -0
}

TEST_CASE("floor, ceil and round: directions, steps that multiply, one-argument forms", "[rounding]") {
  auto r = test::run_text("round_forms.deal", deal_with(R"(
  test f1 = floor(-2.5)
  test c1 = ceil(-2.5)
  test r1 = round(-2.5)
  test r2 = round(2.5)
  test r3 = round(2.4999999999999996)
  test f2 = floor(1_234 gpu * 45%, 1 gpu)
  test c2 = ceil(1_234 gpu * 45%, 1 gpu)
  test k1 = ceil(18_450 USD, 1_000 USD)
  test k2 = floor(-18_450 USD, 1_000 USD)
  test q1 = round(7.3, 2.5)
  test q2 = floor(0.29, 0.1)
  test m1 = mod(period_number, 2)
  test m2 = mod(-7 gpu, 3 gpu)
)"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->at("f1", 1) == -3);
  CHECK(r->at("c1", 1) == -2);
  CHECK(r->at("r1", 1) == -3);
  CHECK(r->at("r2", 1) == 3);
  CHECK(r->at("r3", 1) == 2);
  CHECK(r->at("f2", 1) == 555);
  CHECK(r->at("c2", 1) == 556);
  CHECK(r->at("k1", 1) == 19000);
  CHECK(r->at("k2", 1) == -19000);
  CHECK(r->at("q1", 1) == 7.5);  // 7.3 / 2.5 = 2.92 -> 3 steps of 2.5
  // 0.1 = 1/10 exactly as a reciprocal: floor(0.29 * 10) / 10 = 0.2.
  CHECK(r->at("q2", 1) == 0.2);
  CHECK(r->at("m1", 1) == 1);
  CHECK(r->at("m1", 2) == 0);
  CHECK(r->at("m2", 1) == 2);
}

TEST_CASE("a step that changes by period: the same formula, and a located stop when it is not above zero", "[rounding]") {
  // step = 1 / period_number: N is 1, 2, 3 (reciprocal form); step = 2.5 *
  // period_number: never a reciprocal (multiplying form).
  auto r = test::run_text("round_varying.deal", deal_with(R"(
  test a = round(10.37, 1 / period_number)
  test b = ceil(10.37, 2.5 * period_number)
  test c = mod(10.37, 1.5 * period_number)
)"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  REQUIRE_FALSE(r->trace.violation);
  CHECK(r->at("a", 1) == 10.0);
  CHECK(r->at("a", 2) == 10.5);                               // round(20.74) / 2
  CHECK(r->at("a", 3) == std::round(10.37 * 3.0) / 3.0);      // 31 / 3
  CHECK(r->at("b", 1) == 12.5);
  CHECK(r->at("b", 2) == 15.0);
  CHECK(r->at("b", 3) == 15.0);
  CHECK(r->at("c", 1) == std::fmod(10.37, 1.5));
  // Period 3's step is 0: the run stops there, at the step's check.
  auto bad = test::run_text("round_zero_step.deal", deal_with("  test z = round(10.37, 3 - period_number)\n"));
  REQUIRE(bad->c.module);
  REQUIRE(bad->trace.violation);
  CHECK(bad->trace.violation->period == 3);
  CHECK(bad->c.module->checks.at(bad->trace.violation->check).step);
}

TEST_CASE("rounding is refused with a located error: units, zero steps, forms", "[rounding]") {
  struct Case { const char* body; const char* code; };
  const Case cases[] = {
      {"  test t = round(A.balance, 0.01)\n", "E0300"},          // a plain step for money
      {"  test t = floor(5 gpu, 1 USD)\n", "E0300"},
      {"  test t = mod(7 USD, 2 gpu)\n", "E0300"},
      {"  test t = round(A.balance)\n", "E0301"},               // a whole number of what?
      {"  test t = round(A.balance, 0 USD)\n", "E0220"},        // literal zero
      {"  test t = ceil(3.5, -1)\n", "E0220"},
      {"  test t = mod(7, 0)\n", "E0220"},
      {"  param s = 0 USD\n  test t = round(A.balance, s)\n", "E0220"},  // fixed before the run
      {"  test t = round(A.balance, 0.01 USD - 0.01 USD)\n", "E0220"},
      {"  test t = mod(7)\n", "E0208"},
      {"  test t = round(1, 2, 3)\n", "E0208"},
      {"  test t = round(x: 1)\n", "E0208"},
  };
  for (const auto& c : cases) {
    auto r = test::run_text("round_bad.deal", deal_with(c.body));
    const std::string d = r->diagnostics();
    INFO(c.body << d);
    CHECK_FALSE(r->c.module);
    CHECK(d.find(c.code) != std::string::npos);
    CHECK(d.find("round_bad.deal:") != std::string::npos);
  }
}

TEST_CASE("`floor(` is a call; `, floor 1%` is still a coupon's floor", "[rounding][syntax]") {
  auto r = test::run_text("floor_forms.deal", R"(deal "Floors" {
  currency USD
  start 2025-01-15
  horizon 2 months
  loan pool { balance 1m USD  rate 6% }
  tranche A { balance 1m USD  coupon 1%, floor 4% }
  equity E
  test lots = floor (7.9)
  waterfall { pay A.interest  pay A.principal scheduled  pay E residual }
}
)");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->at("lots", 1) == 7);
  CHECK_THAT(r->at("A.interest_due", 1), Catch::Matchers::WithinRel(1e6 * 0.04 / 12, 1e-12));  // max(1%, 4%), a 30/360 month
}

TEST_CASE("the interpreter and the JIT agree bit for bit on rounding, in scenarios too", "[rounding][codegen]") {
  auto r = test::run_text("round_jit.deal", R"(deal "Rounding in scenarios" {
  currency USD
  start 2025-01-31
  horizon 12 months
  market { factor rate = vasicek(start: 4%, mean: 3%, speed: 0.5 per year, vol: 2%) }
  loan pool { balance 1m USD  rate rate + 2% }
  tranche A { balance 900_000 USD  coupon rate + 1% }
  equity E
  fee servicing = round(pool.balance * rate / 12, 0.01 USD) per month
  test a = floor(A.interest_due, 0.01 USD) + ceil(pool.interest, 1_000 USD) + mod(-A.interest_due, 7 USD)
  test b = round(rate * 1000, max(rate, 0.1%)) + mod(rate, -0.7%) + round(rate * 100)
  waterfall { pay servicing  pay A.interest  pay A.principal scheduled  pay E residual }
}
)");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  for (bool random : {false, true}) {
    std::string error;
    auto jit = codegen::make_jit(*r->c.module, r->schedule, random, error);
    INFO(error);
    REQUIRE(jit);
    exec::Batch a, b;
    a.seed = b.seed = 7;
    a.count = b.count = random ? 19 : 1;
    if (random) {
      interp::make_interpreter(*r->c.module, r->schedule)->evaluate(a);
    } else {
      for (const auto& row : r->trace.rows) a.rows.insert(a.rows.end(), row.begin(), row.end());
      a.init = r->trace.init;
    }
    jit->evaluate(b);
    REQUIRE(a.rows.size() == b.rows.size());
    CHECK(std::memcmp(a.rows.data(), b.rows.data(), a.rows.size() * sizeof(double)) == 0);
    CHECK_FALSE(b.violation);
  }
}
