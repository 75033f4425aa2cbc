// Price, yield, spread and z-spread (runtime/metrics/pricing.hpp) against
// hand-derivable identities and the LibreOffice loan oracle
// (tests/oracles/spreadsheet/level_loan.csv: the 60 level payments of a
// 1,000,000 loan at 7.50%; loan_xirr.csv: NPV at 6% nominal monthly
// = 36474.1274109988 over the 1,000,000 lent).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "metrics/cash_flow_metrics.hpp"
#include "metrics/pricing.hpp"

using namespace sluice;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// The level payment of the spreadsheet oracle, read from level_loan.csv.
std::vector<double> oracle_payments() {
  std::ifstream in(SLUICE_ORACLES_DIR "/spreadsheet/level_loan.csv");
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  std::vector<double> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto a = line.find(','), b = line.find(',', a + 1);
    out.push_back(std::stod(line.substr(a + 1, b - a - 1)));
  }
  return out;
}

std::vector<double> periods(std::size_t n) {
  std::vector<double> t;
  for (std::size_t i = 1; i <= n; ++i) t.push_back(static_cast<double>(i));
  return t;
}

// A bullet of 100 at coupon c, paid monthly for n months (30/360: 1/12 a period).
std::vector<double> bullet(double c, std::size_t n) {
  std::vector<double> f(n, 100 * c / 12);
  f.back() += 100;
  return f;
}

}  // namespace

TEST_CASE("pricing: a bullet bought at par at its coupon yields its coupon", "[pricing]") {
  const auto f = bullet(0.06, 24);
  const auto t = periods(24);
  auto y = metrics::yield_from_price(t, f, 100, 12);
  REQUIRE(y);
  CHECK_THAT(*y, WithinAbs(0.06, 1e-10));
  // Below par it yields more, and the price at that yield is the price.
  auto y2 = metrics::yield_from_price(t, f, 98.5, 12);
  REQUIRE(y2);
  CHECK(*y2 > 0.06);
  CHECK_THAT(metrics::price_at_yield(t, f, *y2, 12), WithinRel(98.5, 1e-10));
  CHECK_FALSE(metrics::yield_from_price(t, f, 0, 12));
}

TEST_CASE("pricing: yield from price matches the spreadsheet loan oracle", "[pricing][oracle]") {
  const auto pay = oracle_payments();
  REQUIRE(pay.size() == 60);
  const auto t = periods(60);
  // At the amount lent the yield is the loan's 7.50% (IRR 0.625% a month).
  auto at_par = metrics::yield_from_price(t, pay, 1'000'000, 12);
  REQUIRE(at_par);
  CHECK_THAT(*at_par, WithinRel(0.075, 1e-9));
  // LibreOffice: NPV(6%/12, payments) = 1,000,000 + 36474.1274109988, so
  // that price yields 6% nominal monthly.
  auto at_6 = metrics::yield_from_price(t, pay, 1'036'474.1274109988, 12);
  REQUIRE(at_6);
  CHECK_THAT(*at_6, WithinRel(0.06, 1e-9));
}

TEST_CASE("pricing: z-spread over a flat curve is the yield less the curve rate", "[pricing]") {
  // Same compounding (monthly) and clock (Y_t = t/12): (1 + (z + s)/12)^-t
  // is the yield's discount factor when z + s = y.
  const auto f = bullet(0.06, 36);
  const auto t = periods(36);
  std::vector<double> years, flat(36, 0.04);
  for (double x : t) years.push_back(x / 12);
  auto z = metrics::zspread(f, years, flat, 12, 100);
  REQUIRE(z);
  CHECK_THAT(*z, WithinAbs(0.02, 1e-11));
  // The oracle loan at 1,036,474.13 yields 6%: 2% over a flat 4% curve.
  const auto pay = oracle_payments();
  std::vector<double> y60, flat60(60, 0.04);
  for (double x : periods(60)) y60.push_back(x / 12);
  auto z2 = metrics::zspread(pay, y60, flat60, 12, 1'036'474.1274109988);
  REQUIRE(z2);
  CHECK_THAT(*z2, WithinAbs(0.02, 1e-10));
  // A sloped curve: the price at the solved spread is the price.
  std::vector<double> sloped;
  for (double x : years) sloped.push_back(0.03 + 0.01 * x / 3);
  auto z3 = metrics::zspread(f, years, sloped, 12, 97);
  REQUIRE(z3);
  CHECK_THAT(metrics::pv_at_zspread(f, years, sloped, 12, *z3), WithinRel(97.0, 1e-11));
  // ... also where f Y_t is not a whole number (a year fraction summed
  // period by period, as a deal's schedule sums it): the bisection's lowest
  // spread keeps every base above zero, not only the highest rate's.
  std::vector<double> summed;
  double y = 0;
  for (std::size_t i = 0; i < f.size(); ++i) summed.push_back(y += 30.0 / 360.0 + 1e-9);
  auto z4 = metrics::zspread(f, summed, sloped, 12, 97);
  REQUIRE(z4);
  CHECK_THAT(metrics::pv_at_zspread(f, summed, sloped, 12, *z4), WithinRel(97.0, 1e-11));
  // Negative flows or a price no spread reaches have no z-spread.
  auto neg = f;
  neg[0] = -1;
  CHECK_FALSE(metrics::zspread(neg, years, flat, 12, 100));
  CHECK_FALSE(metrics::zspread(f, years, flat, 12, 0));
}

TEST_CASE("pricing: spread over a risk-free path, and the price at a spread", "[pricing]") {
  // A note paying r + c on a flat r breaks even at c / (1 + r d) per period
  // (docs/output.md): (1 + r d)(1 + s d) = 1 + (r + c) d.
  const double r = 0.04, c = 0.025, d = 1.0 / 12;
  const std::size_t n = 24;
  std::vector<double> a, yf(n, d);
  double disc = 1;
  for (std::size_t i = 0; i < n; ++i) {
    disc /= 1 + r * d;
    a.push_back(((i + 1 == n ? 100 : 0) + 100 * (r + c) * d) * disc);
  }
  auto s = metrics::spread_to_price(a, yf, 100);
  REQUIRE(s);
  CHECK_THAT(*s, WithinAbs(c / (1 + r * d), 1e-12));
  CHECK_THAT(metrics::pv_at_spread(a, yf, *s), WithinRel(100.0, 1e-12));
  // A market price below par: the spread rises, and pricing at it returns the price.
  auto s2 = metrics::spread_to_price(a, yf, 98.5);
  REQUIRE(s2);
  CHECK(*s2 > *s);
  CHECK_THAT(metrics::pv_at_spread(a, yf, *s2), WithinRel(98.5, 1e-12));
}
