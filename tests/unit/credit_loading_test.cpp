// Credit loaded on a market factor (`copula BETA on FACTOR`; ir/lower_credit.cpp,
// docs/language.md, Leases and Loans): Vasicek's conditional default
// probability q(Z) = Phi((Phi^-1(q) - sqrt(BETA) Z) / sqrt(1 - BETA)) per
// period, with Z the factor's own shock.
//   - a loading of 0 is today's model: the same IR, the same bits;
//   - a pool's default rate given the shock is q(Z) exactly, so its
//     distribution over scenarios is Vasicek's large-portfolio law
//     P(L <= x) = Phi((sqrt(1 - BETA) Phi^-1(x) - Phi^-1(q)) / sqrt(BETA));
//   - a lessee defaults with probability q(Z) given the shock, and with q
//     unconditionally (E[q(Z)] = q): the loading leaves each marginal PD;
//   - the interpreter and the JIT agree bit for bit.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fmt/format.h>

#include "codegen/jit.hpp"
#include "interp/interpreter.hpp"
#include "ir/ir.hpp"
#include "random/random.hpp"
#include "batch_support.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

constexpr double kVol = 0.6;

// One loan pool and one lessee, both on the lognormal factor `px` (drift 0,
// vol 60%): `loading` is appended to both defaults.
std::string deal(const std::string& loading, int months = 1) {
  return fmt::format(R"(unit gpu
deal "loaded" {{
  currency USD  start 2025-01-31  period monthly  horizon {} months  day_count ACT/365F
  param beta = 30%
  market {{ factor px = lognormal(start: 100 USD, drift: 0% per year, vol: 60% per year) }}
  fleet gpus {{ units 100 gpu  cost 10_000 USD/gpu }}
  lease L on gpus {{
    rent 2 USD/gpu/h
    default hazard 40% per year{}
  }}
  loan P {{ balance 1m USD  rate 0%  amortization bullet  default cdr(50%){} }}
  tranche A {{ balance 100_000 USD  coupon 5%  amortization bullet }}
  equity E
  let price = px
  let dr = P.default_rate
  let perf = L.performing
  report {{ series price, dr, perf }}
  waterfall {{ pay A.interest  pay A.principal  pay E residual }}
}}
)",
                     months, loading, loading);
}

double yf(const exec::Schedule& s, int t) {
  return s.context[static_cast<std::size_t>(t - 1) * static_cast<std::size_t>(ir::ContextField::kCount) +
                   static_cast<std::size_t>(ir::ContextField::YearFraction)];
}

using test::column;

exec::Batch run(const test::Run& r, int count, bool jit = false) { return test::random_batch(r, count, 19, jit); }

double at(const test::Run& r, const exec::Batch& b, int s, int t, const std::string& name) {
  const std::size_t cols = r.c.module->columns.size(), periods = static_cast<std::size_t>(r.schedule.periods());
  return b.rows[(static_cast<std::size_t>(s) * periods + static_cast<std::size_t>(t - 1)) * cols + column(*r.c.module, name)];
}

double vasicek(double q, double beta, double z) {
  return rng::normal_cdf((rng::inverse_normal(q) - std::sqrt(beta) * z) / std::sqrt(1 - beta));
}

}  // namespace

TEST_CASE("a loading of 0 is today's independent default: the same IR and the same bits", "[credit][loading]") {
  auto absent = test::run_text("loading_absent.deal", deal("", 12));
  auto zero = test::run_text("loading_zero.deal", deal(", copula 0% on px", 12));
  INFO(absent->diagnostics() << zero->diagnostics());
  REQUIRE(absent->c.module);
  REQUIRE(zero->c.module);
  CHECK(ir::print(*absent->c.module) == ir::print(*zero->c.module));
  auto a = run(*absent, 300), z = run(*zero, 300);
  REQUIRE(a.rows.size() == z.rows.size());
  CHECK(std::memcmp(a.rows.data(), z.rows.data(), a.rows.size() * sizeof(double)) == 0);
}

TEST_CASE("a loaded pool's default rate follows Vasicek's large-portfolio law", "[credit][loading][montecarlo]") {
  const double beta = 0.3;
  auto r = test::run_text("loading_pool.deal", deal(", copula beta on px"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  // The base case: no shock, no loading: the plain monthly rate 1 - 0.5^(1/12).
  const double q = 1 - std::pow(1 - 0.5, 1.0 / 12);
  CHECK(r->at("dr", 1) == Approx(q).epsilon(1e-14));
  CHECK(r->at("perf", 1) == Approx(std::exp(-0.4 * yf(r->schedule, 1))).epsilon(1e-14));
  const int n = 4000;
  auto b = run(*r, n);
  REQUIRE(!b.violation);
  // Each scenario: the shock Z from the factor's step (drift 0:
  // px = 100 exp(vol sqrt(dt) Z - vol^2 dt / 2)), and the rate is q(Z).
  const double dt = yf(r->schedule, 1);
  std::vector<double> rates;
  double mean = 0;
  for (int s = 0; s < n; ++s) {
    double z = (std::log(at(*r, b, s, 1, "price") / 100) + kVol * kVol * dt / 2) / (kVol * std::sqrt(dt));
    double d = at(*r, b, s, 1, "dr");
    INFO("scenario " << s << ": Z " << z);
    REQUIRE(d == Approx(vasicek(q, beta, z)).epsilon(1e-9));
    rates.push_back(d);
    mean += d / n;
  }
  // E[q(Z)] = q: the loading moves defaults between scenarios, not their mean.
  double var = 0;
  for (double d : rates) var += (d - mean) * (d - mean) / (n - 1);
  CHECK(std::fabs(mean - q) <= 3 * std::sqrt(var / n));
  // The distribution over scenarios against Vasicek's CDF, at quantiles
  // from the 10th to the 95th.
  for (double x : {0.008, 0.015, 0.03, 0.05, 0.09, 0.15}) {
    double F = rng::normal_cdf((std::sqrt(1 - beta) * rng::inverse_normal(x) - rng::inverse_normal(q)) / std::sqrt(beta));
    double got = 0;
    for (double d : rates) got += d <= x ? 1.0 / n : 0.0;
    double se = std::sqrt(F * (1 - F) / n);
    INFO("x = " << x << ": P(L <= x) " << got << ", Vasicek " << F << " +- " << se);
    CHECK(F > 0.05);
    CHECK(F < 0.99);
    CHECK(std::fabs(got - F) <= 3 * se);
  }
}

TEST_CASE("a loaded lessee defaults with q(Z) given the shock and with q overall", "[credit][loading][montecarlo]") {
  for (int percent : {20, 60}) {
    const double beta = percent / 100.0;
    auto r = test::run_text("loading_lease.deal", deal(fmt::format(", copula {}% on px", percent)));
    INFO(r->diagnostics());
    REQUIRE(r->c.module);
    const int n = 8000;
    auto b = run(*r, n);
    REQUIRE(!b.violation);
    const double dt = yf(r->schedule, 1), q = 1 - std::exp(-0.4 * dt);
    double defaults = 0, conditional = 0, variance = 0, bad = 0, bad_expected = 0;
    for (int s = 0; s < n; ++s) {
      double z = (std::log(at(*r, b, s, 1, "price") / 100) + kVol * kVol * dt / 2) / (kVol * std::sqrt(dt));
      double d = 1 - at(*r, b, s, 1, "perf");
      REQUIRE((d == 0.0 || d == 1.0));
      double qz = vasicek(q, beta, z);
      defaults += d;
      conditional += qz;
      variance += qz * (1 - qz);
      if (z < -1) bad += d, bad_expected += qz;
    }
    INFO("beta " << beta << ": " << defaults << " defaults, sum q(Z) " << conditional << ", n q " << n * q);
    // Given the shocks: the defaults are Bernoulli(q(Z_s)).
    CHECK(std::fabs(defaults - conditional) <= 3 * std::sqrt(variance));
    // The marginal PD is q, whatever the loading.
    CHECK(std::fabs(defaults / n - q) <= 3 * std::sqrt(q * (1 - q) / n));
    // And the defaults crowd into the bad shocks (Z < -1: 16% of scenarios).
    CHECK(bad > 0.16 * defaults);
    CHECK(std::fabs(bad - bad_expected) <= 3 * std::sqrt(bad_expected));
  }
}

TEST_CASE("a loaded lessee's PD over a year is the unloaded one", "[credit][loading][montecarlo]") {
  auto r = test::run_text("loading_year.deal", deal(", copula 40% on px", 12));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const int n = 6000;
  auto b = run(*r, n);
  REQUIRE(!b.violation);
  double h = 0;
  for (int t = 1; t <= 12; ++t) h += 0.4 * yf(r->schedule, t);
  double pd = 1 - std::exp(-h), got = 0;
  for (int s = 0; s < n; ++s) got += (1 - at(*r, b, s, 12, "perf")) / n;
  INFO("PD " << got << " against 1 - exp(-H) = " << pd);
  CHECK(std::fabs(got - pd) <= 3 * std::sqrt(pd * (1 - pd) / n));
}

TEST_CASE("the JIT computes a loaded default with the interpreter's bits", "[credit][loading][jit]") {
  auto r = test::run_text("loading_jit.deal", deal(", copula -35% on px", 6));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  auto a = run(*r, 256), j = run(*r, 256, true);
  REQUIRE(a.rows.size() == j.rows.size());
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.rows.size(); ++i) same += std::memcmp(&a.rows[i], &j.rows[i], sizeof(double)) == 0;
  CHECK(same == a.rows.size());
}

TEST_CASE("a loading that is not fixed or not below 100% is refused, located", "[credit][loading]") {
  auto big = test::run_text("loading_big.deal", deal(", copula beta on px"), {sema::ParamOverride{"beta", "100%"}});
  CHECK(!big->c.module);
  CHECK_THAT(big->diagnostics(), Catch::Contains("error[E0231]") && Catch::Contains("strictly between -100% and 100%"));
}
