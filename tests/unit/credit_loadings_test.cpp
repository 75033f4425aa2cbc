// Credit loaded on several market factors (`copula B1 on F1, copula B2 on
// F2`; ir/lower_credit.cpp, docs/language.md, "Credit loaded on the
// market"). The obligor's latent variable is
//   X = w1 Z1 + w2 Z2 + sqrt(1 - V) e,  w_i = s_i sqrt(|B_i|),
//   V = |B1| + |B2| + 2 w1 w2 corr(Z1, Z2),
// so X ~ N(0, 1) with corr(X, Z1) = w1 + w2 corr(Z1, Z2). What is checked:
//   - a pool's default rate in each scenario is q(Z) = Phi((Phi^-1(q) - w1 Z1
//     - w2 Z2) / sqrt(1 - V)), with Z1, Z2 read back from the factors' prices,
//     and over the scenarios it follows Vasicek's law with asset correlation V
//     (w1 Z1 + w2 Z2 is one normal of variance V: the two-factor case reduces
//     to one factor);
//   - a lessee's defaults measure the latent variable itself: P(X < c) = q
//     says Var(X) = 1, and E[1{X < c} Z_i] = -corr(X, Z_i) phi(c) (Stein's
//     lemma) gives its correlation with each factor, within 3 standard errors;
//   - two factors correlated 100% carry the same shock, so loadings of 9% and
//     16% on them are one loading of (0.3 + 0.4)^2 = 49%, scenario by scenario;
//   - a loading of 0 beside another is the other alone, the same IR;
//   - a systematic variance of 100% or more is refused (E0280), measured with
//     the market's correlations (the same loadings pass when the factors are
//     negatively correlated); a factor loaded twice is refused (E0279);
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

constexpr double kVolP = 0.6, kVolQ = 0.4;

// A pool and a lessee, both with `loading` appended to their defaults, on two
// lognormal factors px and qx (drift 0) correlated `rho`.
std::string deal(const std::string& loading, const std::string& rho, const std::string& hazard = "300%") {
  return fmt::format(R"(unit gpu
deal "two loadings" {{
  currency USD  start 2025-01-31  period monthly  horizon 1 months  day_count ACT/365F
  param b1 = 30%
  param b2 = 20%
  param rho = {}
  market {{
    factor px = lognormal(start: 100 USD, drift: 0% per year, vol: 60% per year)
    factor qx = lognormal(start: 50 USD, drift: 0% per year, vol: 40% per year)
    correlate px, qx = rho
  }}
  fleet gpus {{ units 100 gpu  cost 10_000 USD/gpu }}
  lease L on gpus {{
    rent 2 USD/gpu/h
    default hazard {} per year{}
  }}
  loan P {{ balance 1m USD  rate 0%  amortization bullet  default cdr(50%){} }}
  tranche A {{ balance 100_000 USD  coupon 5%  amortization bullet }}
  equity E
  let p = px
  let q = qx
  let dr = P.default_rate
  let perf = L.performing
  report {{ series p, q, dr, perf }}
  waterfall {{ pay A.interest  pay A.principal  pay E residual }}
}}
)",
                     rho, hazard, loading, loading);
}

using test::column;

exec::Batch run(const test::Run& r, int count, bool jit = false) { return test::random_batch(r, count, 23, jit); }

// One period: scenario s's value of a column.
double at(const test::Run& r, const exec::Batch& b, int s, const std::string& name) {
  const std::size_t cols = r.c.module->columns.size(), periods = static_cast<std::size_t>(r.schedule.periods());
  return b.rows[static_cast<std::size_t>(s) * periods * cols + column(*r.c.module, name)];
}

double dt(const test::Run& r) {
  return r.schedule.context[static_cast<std::size_t>(ir::ContextField::YearFraction)];
}

// The factors' standard normal shocks, from their first step
// (drift 0: x = x0 exp(vol sqrt(dt) Z - vol^2 dt / 2)).
std::pair<double, double> shocks(const test::Run& r, const exec::Batch& b, int s) {
  const double t = dt(r);
  double z1 = (std::log(at(r, b, s, "p") / 100) + kVolP * kVolP * t / 2) / (kVolP * std::sqrt(t));
  double z2 = (std::log(at(r, b, s, "q") / 50) + kVolQ * kVolQ * t / 2) / (kVolQ * std::sqrt(t));
  return {z1, z2};
}

double phi(double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); }

}  // namespace

TEST_CASE("two loadings: the pool's rate is q(Z1, Z2) and follows Vasicek with the systematic variance", "[credit][loading][montecarlo]") {
  const double b1 = 0.3, b2 = 0.2, rho = 0.5;
  const double w1 = std::sqrt(b1), w2 = std::sqrt(b2), V = b1 + b2 + 2 * w1 * w2 * rho;  // 0.744949
  auto r = test::run_text("loadings_pool.deal", deal(", copula b1 on px, copula b2 on qx", "50%"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const double q = 1 - std::pow(0.5, 1.0 / 12);
  // The base case is unloaded: the plain monthly rate.
  CHECK(r->at("dr", 1) == Approx(q).epsilon(1e-14));
  const int n = 6000;
  auto b = run(*r, n);
  REQUIRE(!b.violation);
  std::vector<double> rates;
  double mean = 0, corr_z = 0;
  for (int s = 0; s < n; ++s) {
    auto [z1, z2] = shocks(*r, b, s);
    corr_z += z1 * z2 / n;
    double d = at(*r, b, s, "dr");
    double expected = rng::normal_cdf((rng::inverse_normal(q) - w1 * z1 - w2 * z2) / std::sqrt(1 - V));
    INFO("scenario " << s << ": Z " << z1 << ", " << z2);
    REQUIRE(d == Approx(expected).epsilon(1e-9));
    rates.push_back(d);
    mean += d / n;
  }
  // The shocks are correlated as declared (the matrix V is computed with).
  CHECK(std::fabs(corr_z - rho) <= 3 * std::sqrt((1 + rho * rho) / n));
  double var = 0;
  for (double d : rates) var += (d - mean) * (d - mean) / (n - 1);
  CHECK(std::fabs(mean - q) <= 3 * std::sqrt(var / n));
  // w1 Z1 + w2 Z2 is one normal of variance V: Vasicek's one-factor law.
  for (double x : {0.001, 0.004, 0.01, 0.03, 0.08}) {
    double F = rng::normal_cdf((std::sqrt(1 - V) * rng::inverse_normal(x) - rng::inverse_normal(q)) / std::sqrt(V));
    double got = 0;
    for (double d : rates) got += d <= x ? 1.0 / n : 0.0;
    double se = std::sqrt(F * (1 - F) / n);
    INFO("x = " << x << ": P(L <= x) " << got << ", Vasicek at V = " << V << ": " << F << " +- " << se);
    CHECK(F > 0.1);
    CHECK(F < 0.95);
    CHECK(std::fabs(got - F) <= 3 * se);
  }
}

TEST_CASE("two loadings: the lessee's latent variable has variance 1 and the declared correlation with each factor", "[credit][loading][montecarlo]") {
  for (double rho : {0.0, 0.5, -0.4}) {
    const double b1 = 0.3, b2 = 0.2, w1 = std::sqrt(b1), w2 = std::sqrt(b2);
    auto r = test::run_text("loadings_latent.deal", deal(", copula b1 on px, copula b2 on qx", fmt::format("{}%", rho * 100)));
    INFO(r->diagnostics());
    REQUIRE(r->c.module);
    const int n = 20000;
    auto b = run(*r, n);
    REQUIRE(!b.violation);
    const double q = 1 - std::exp(-3.0 * dt(*r)), c = rng::inverse_normal(q);
    double pd = 0, m1 = 0, m2 = 0, s1 = 0, s2 = 0;
    for (int s = 0; s < n; ++s) {
      auto [z1, z2] = shocks(*r, b, s);
      double d = 1 - at(*r, b, s, "perf");
      REQUIRE((d == 0.0 || d == 1.0));
      pd += d / n;
      m1 += d * z1 / n, s1 += d * z1 * z1 / n;
      m2 += d * z2 / n, s2 += d * z2 * z2 / n;
    }
    const double r1 = w1 + w2 * rho, r2 = w2 + w1 * rho;  // corr(X, Z_i)
    const double se1 = std::sqrt((s1 - m1 * m1) / n), se2 = std::sqrt((s2 - m2 * m2) / n);
    INFO("rho " << rho << ": PD " << pd << " (q " << q << "), E[D Z1] " << m1 << " (" << -r1 * phi(c) << " +- " << se1 << "), E[D Z2] " << m2
                << " (" << -r2 * phi(c) << " +- " << se2 << ")");
    // P(X < Phi^-1(q)) = q: X is standard normal.
    CHECK(std::fabs(pd - q) <= 3 * std::sqrt(q * (1 - q) / n));
    // Stein: E[1{X < c} Z_i] = -corr(X, Z_i) phi(c).
    CHECK(std::fabs(m1 + r1 * phi(c)) <= 3 * se1);
    CHECK(std::fabs(m2 + r2 * phi(c)) <= 3 * se2);
  }
}

TEST_CASE("loadings on two factors correlated 100% are one loading on their common shock", "[credit][loading]") {
  // Z_px and Z_qx are the same draw; w = 0.3 + 0.4, one loading of 49%.
  auto two = test::run_text("loadings_same_shock.deal", deal(", copula 9% on px, copula 16% on qx", "100%", "40%"));
  auto one = test::run_text("loadings_one_shock.deal", deal(", copula 49% on px", "100%", "40%"));
  INFO(two->diagnostics() << one->diagnostics());
  REQUIRE(two->c.module);
  REQUIRE(one->c.module);
  auto a = run(*two, 500), o = run(*one, 500);
  double moved = 0;
  for (int s = 0; s < 500; ++s) {
    REQUIRE(at(*two, a, s, "p") == at(*one, o, s, "p"));
    REQUIRE(at(*two, a, s, "dr") == Approx(at(*one, o, s, "dr")).epsilon(1e-12));
    moved += std::fabs(at(*one, o, s, "dr") - at(*one, o, 0, "dr"));
  }
  CHECK(moved > 0);  // the rate does move with the shock
}

TEST_CASE("a loading of 0 beside another is the other alone: the same IR", "[credit][loading]") {
  auto alone = test::run_text("loadings_alone.deal", deal(", copula 30% on px", "50%"));
  auto beside = test::run_text("loadings_beside.deal", deal(", copula 0% on qx, copula 30% on px", "50%"));
  INFO(alone->diagnostics() << beside->diagnostics());
  REQUIRE(alone->c.module);
  REQUIRE(beside->c.module);
  CHECK(ir::print(*alone->c.module) == ir::print(*beside->c.module));
}

TEST_CASE("the systematic variance is measured with the market's correlations, and refused at 100% or more", "[credit][loading]") {
  // 60% and 50%: V = 1.1 - or + 2 sqrt(0.3) rho.
  const std::string big = ", copula 60% on px, copula 50% on qx";
  auto independent = test::run_text("loadings_too_big.deal", deal(big, "0%"));
  CHECK(!independent->c.module);
  CHECK_THAT(independent->diagnostics(), Catch::Contains("error[E0280]") && Catch::Contains("explain 110% of its credit's variance"));
  auto hedged = test::run_text("loadings_hedged.deal", deal(big, "-50%"));  // V = 1.1 - 0.5477 = 0.552
  INFO(hedged->diagnostics());
  CHECK(hedged->c.module);
  auto twice = test::run_text("loadings_twice.deal", deal(", copula 10% on px, copula 20% on px", "0%"));
  CHECK(!twice->c.module);
  CHECK_THAT(twice->diagnostics(), Catch::Contains("error[E0279]") && Catch::Contains("loads on `px` twice"));
}

TEST_CASE("the JIT computes two loadings with the interpreter's bits", "[credit][loading][jit]") {
  auto r = test::run_text("loadings_jit.deal", deal(", copula 25% on px, copula -15% on qx", "35%"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  auto a = run(*r, 512), j = run(*r, 512, true);
  REQUIRE(a.rows.size() == j.rows.size());
  CHECK(std::memcmp(a.rows.data(), j.rows.data(), a.rows.size() * sizeof(double)) == 0);
}
