// Monte Carlo: each market process against its closed form, the Merton
// check, correlations and the copula, the break-even spread identity, and
// determinism across threads and batch sizes. Tolerances are a few standard
// errors of the estimate, with fixed seeds.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "codegen/jit.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "random/random.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

struct McRun {
  std::unique_ptr<test::Run> run;
  mc::Simulation sim;
  mc::RiskReport risk;
  const std::vector<double>& values(const std::string& metric) const {
    for (std::size_t k = 0; k < sim.metrics.size(); ++k)
      if (sim.metrics[k].name == metric) return sim.values[k];
    throw std::runtime_error("no metric " + metric);
  }
};

McRun monte_carlo(const std::string& name, const std::string& text, std::uint64_t n, std::uint64_t seed, int threads = 2, int batch = 256) {
  McRun r;
  r.run = test::run_text(name, text);
  INFO(r.run->diagnostics());
  REQUIRE(r.run->c.module);
  mc::Options o;
  o.scenarios = n;
  o.seed = seed;
  o.threads = threads;
  o.batch = batch;
  o.months_per_period = r.run->c.model->deal.months_per_period;
  auto eval = interp::make_interpreter(*r.run->c.module, r.run->schedule);
  r.sim = mc::simulate(*r.run->c.module, r.run->schedule, *eval, o);
  REQUIRE_FALSE(r.sim.failure);
  r.risk = mc::aggregate(*r.run->c.module, r.run->schedule, r.sim);
  r.risk.day_count = "30/360";
  r.risk.period = "monthly";
  return r;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}
double variance(const std::vector<double>& v) {
  double m = mean(v), s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / static_cast<double>(v.size() - 1);
}
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// One year of twelve 30/360 months from the 1st: every year fraction is exactly 1/12.
std::string deal(const std::string& body, const std::string& units = "") {
  return units + "deal \"MC\" {\n  currency USD\n  start 2025-01-01\n  period monthly\n  horizon 12 months\n  day_count 30/360\n" + body + "\n}\n";
}

}  // namespace

TEST_CASE("Merton: a zero-coupon note on one lognormal asset loses a Black-Scholes put", "[montecarlo]") {
  // Face F = 90m on 1m shares at 100 USD, drift 5% a year (annual
  // effective), vol 30%, one year. At the horizon the shares are sold at
  // value and the note gets min(F, V). E[loss] = E[(F - V)+] with V
  // lognormal of mean V0 (1 + mu): the undiscounted Black put
  //   F N(-d2) - V0 (1 + mu) N(-d1),  d1 = (ln(V0 (1 + mu) / F) + s^2 / 2) / s,  d2 = d1 - s.
  auto r = monte_carlo("merton.deal", deal(R"(
  market { factor share_price = lognormal(start: 100 USD/share, drift: 5% per year, vol: 30% per year) }
  holding stock { units 1_000_000 share  price share_price }
  tranche A { balance 90m USD  coupon 0%  amortization bullet }
  equity E
  waterfall {
    pay A.principal
    pay E residual
  })", "unit share\n"), 40000, 11);
  const double F = 90e6, forward = 100e6 * 1.05, s = 0.30;
  const double d1 = (std::log(forward / F) + s * s / 2) / s, d2 = d1 - s;
  const double put = F * rng::normal_cdf(-d2) - forward * rng::normal_cdf(-d1);
  const auto& A = r.risk.tranches.at(0);
  const double el = A.el * F, se = A.el_se * F;
  std::printf("Merton: Monte Carlo expected loss %.0f +- %.0f (1 se), Black-Scholes put %.0f, %.2f se apart\n", el, se, put,
              std::fabs(el - put) / se);
  CHECK(std::fabs(el - put) < 3 * se);
  CHECK(A.pd.p == Approx(rng::normal_cdf(-d2)).margin(3 * A.pd.se));  // P(V < F) = N(-d2)
  // Identity: scenarios without a loss lose exactly nothing here, so the
  // expected loss is the probability of a loss times the loss given one.
  REQUIRE(A.lgl);
  CHECK(A.el == Approx(A.pd.p * *A.lgl).epsilon(1e-12));
  // Default: a zero-coupon bullet misses no coupon, so it defaults exactly
  // when it loses, owing F in the last period before its payment, and no
  // interest accrues after that: its LGD is the same both ways, and the
  // expected loss is P(default) x EAD x LGD.
  CHECK(A.defaulted.p == A.pd.p);
  REQUIRE(A.exposure_at_default);
  CHECK(*A.exposure_at_default == Approx(F).epsilon(1e-12));
  REQUIRE(A.lgd);
  REQUIRE(A.lgd_with_interest);
  CHECK(*A.lgd == *A.lgd_with_interest);
  CHECK(A.el_amount == Approx(A.defaulted.p * *A.exposure_at_default * *A.lgd_with_interest).epsilon(1e-12));
}

TEST_CASE("lognormal: the log of the horizon value is normal with the stated drift and vol", "[montecarlo]") {
  // ln(x_T / x_0) ~ N(T ln(1 + mu) - s^2 T / 2, s^2 T) with T = 1.
  auto r = monte_carlo("lognormal.deal", deal(R"(
  market { factor x = lognormal(start: 50 USD, drift: -20% per year, vol: 40% per year) }
  tranche A { balance 1 USD  coupon 0% }
  equity E
  waterfall { pay E residual }
  report { metrics log(x / x.start), x })"), 20000, 5);
  const auto& l = r.values("log(x / x.start)");
  const double n = static_cast<double>(l.size()), mu = std::log(0.8) - 0.08, var = 0.16;
  CHECK(std::fabs(mean(l) - mu) < 4 * std::sqrt(var / n));
  CHECK(std::fabs(variance(l) - var) < 4 * var * std::sqrt(2 / (n - 1)));
  // E[x_T] = x_0 (1 + mu): the convexity term makes the mean the drift.
  const auto& x = r.values("x");
  CHECK(std::fabs(mean(x) - 40) < 4 * std::sqrt(variance(x) / n));
}

TEST_CASE("jumps: Poisson counts with mean and variance lambda T", "[montecarlo]") {
  // vol 0: x_T = x_0 (1 + s)^N, so N = ln(x_T / x_0) / ln(1 + s).
  auto r = monte_carlo("jumps.deal", deal(R"(
  market { factor x = lognormal(start: 1 USD, drift: 0% per year, vol: 0% per year) jumps poisson(2 per year) size -50% }
  tranche A { balance 1 USD  coupon 0% }
  equity E
  waterfall { pay E residual }
  report { metrics log(x / x.start) / log(0.5) })"), 20000, 9);
  const auto& N = r.values("log(x / x.start) / log(0.5)");
  const double n = static_cast<double>(N.size());
  CHECK(std::fabs(mean(N) - 2) < 4 * std::sqrt(2 / n));
  CHECK(std::fabs(variance(N) - 2) < 0.1);  // var of the sample variance of Poisson(2): (2 + 2 x 4) / n
  std::size_t zero = 0;
  for (double k : N) {
    CHECK(std::fabs(k - std::round(k)) < 1e-9);
    zero += std::round(k) == 0;
  }
  const double p0 = std::exp(-2.0);
  CHECK(std::fabs(static_cast<double>(zero) / n - p0) < 4 * std::sqrt(p0 * (1 - p0) / n));
}

TEST_CASE("vasicek: exact transition moments; correlated factors recover their correlation", "[montecarlo]") {
  // x_T ~ N(m + (x0 - m) e^-kT, s^2 (1 - e^-2kT) / 2k); speed 0 is a random walk.
  auto r = monte_carlo("vasicek.deal", deal(R"(
  market {
    factor r  = vasicek(start: 5%, mean: 3%, speed: 0.5 per year, vol: 1%)
    factor w1 = vasicek(start: 0%, mean: 0%, speed: 0 per year, vol: 10%)
    factor w2 = vasicek(start: 0%, mean: 0%, speed: 0 per year, vol: 10%)
    factor w3 = mean_reverting(start: 0%, mean: 0%, speed: 0 per year, vol: 10%)
    correlate w1, w2 = 0.6
    correlate w1, w3 = -0.3
    correlate w2, w3 = 0.2
  }
  tranche A { balance 1 USD  coupon 0% }
  equity E
  waterfall { pay E residual }
  report { metrics r, w1, w2, w3 })"), 20000, 3);
  const auto& x = r.values("r");
  const double n = static_cast<double>(x.size()), k = 0.5;
  const double m = 0.03 + 0.02 * std::exp(-k), var = 1e-4 * (1 - std::exp(-2 * k)) / (2 * k);
  CHECK(std::fabs(mean(x) - m) < 4 * std::sqrt(var / n));
  CHECK(std::fabs(variance(x) - var) < 4 * var * std::sqrt(2 / (n - 1)));
  // Sample correlations: standard error about (1 - rho^2) / sqrt(n).
  auto near = [&](double rho, double est) { return std::fabs(est - rho) < 4 * (1 - rho * rho) / std::sqrt(n); };
  CHECK(near(0.6, correlation(r.values("w1"), r.values("w2"))));
  CHECK(near(-0.3, correlation(r.values("w1"), r.values("w3"))));
  CHECK(near(0.2, correlation(r.values("w2"), r.values("w3"))));
  CHECK(std::fabs(correlation(r.values("r"), r.values("w1"))) < 4 / std::sqrt(n));
}

TEST_CASE("A correlation matrix that is not positive semi-definite is a compile error naming the factors", "[montecarlo]") {
  auto r = test::run_text("not_psd.deal", deal(R"(
  market {
    factor a = vasicek(start: 0%, mean: 0%, speed: 0 per year, vol: 1%)
    factor b = vasicek(start: 0%, mean: 0%, speed: 0 per year, vol: 1%)
    factor c = vasicek(start: 0%, mean: 0%, speed: 0 per year, vol: 1%)
    correlate a, b = 0.9
    correlate b, c = 0.9
    correlate a, c = -0.9
  }
  tranche A { balance 1 USD  coupon 0% }
  equity E
  waterfall { pay E residual })"));
  CHECK_FALSE(r->c.module);
  CHECK_THAT(r->diagnostics(), Catch::Contains("E0216") && Catch::Contains("a, b, c"));
  // Perfect correlation is semi-definite, and allowed.
  auto ok = test::run_text("perfect.deal", deal(R"(
  market {
    factor a = vasicek(start: 0%, mean: 0%, speed: 0 per year, vol: 1%)
    factor b = vasicek(start: 0%, mean: 0%, speed: 0 per year, vol: 1%)
    correlate a, b = 1
  }
  tranche A { balance 1 USD  coupon 0% }
  equity E
  waterfall { pay E residual })"));
  CHECK(ok->c.module);
}

TEST_CASE("Lessee defaults: hazard-rate marginals and the Gaussian copula's joint default probability", "[montecarlo]") {
  // p = 1 - e^-hT; P(both) = integral of phi(m) N((N^-1(p) - sqrt(rho) m) / sqrt(1 - rho))^2 dm.
  auto r = monte_carlo("copula.deal", deal(R"(
  fleet gpus { units 100 gpu  cost 1_000 USD/gpu }
  lease L1 on gpus { units 50 gpu  rent 1 USD/gpu/h  default hazard 30% per year, copula 40% }
  lease L2 on gpus { units 50 gpu  rent 1 USD/gpu/h  default hazard 30% per year, copula 40% }
  tranche A { balance 1 USD  coupon 0% }
  equity E
  waterfall { pay E residual }
  report { metrics L1.performing, L2.performing })", "unit gpu\n"), 30000, 21);
  const double h = 0.3, rho = 0.4, p = 1 - std::exp(-h), c = rng::inverse_normal(p);
  double both = 0;
  const int steps = 4000;
  for (int i = 0; i <= steps; ++i) {
    double m = -10 + 20.0 * i / steps, w = (i == 0 || i == steps) ? 1 : (i % 2 ? 4 : 2);
    double q = rng::normal_cdf((c - std::sqrt(rho) * m) / std::sqrt(1 - rho));
    both += w * std::exp(-m * m / 2) / std::sqrt(2 * M_PI) * q * q;
  }
  both *= 20.0 / steps / 3;
  const auto& a = r.values("L1.performing");
  const auto& b = r.values("L2.performing");
  const double n = static_cast<double>(a.size());
  double d1 = 0, d12 = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    d1 += a[i] == 0;
    d12 += a[i] == 0 && b[i] == 0;
  }
  d1 /= n;
  d12 /= n;
  std::printf("Copula: P(default) %.4f (closed form %.4f), P(both) %.4f (closed form %.4f, independent %.4f)\n", d1, p, d12, both, p * p);
  CHECK(std::fabs(d1 - p) < 4 * std::sqrt(p * (1 - p) / n));
  CHECK(std::fabs(d12 - both) < 4 * std::sqrt(both * (1 - both) / n));
  CHECK(both > p * p + 0.02);  // the copula matters at this sample size
}

TEST_CASE("Break-even spread: a note paying the risk-free rate plus s breaks even at s", "[montecarlo]") {
  // Monthly simple accrual: each period (1 + r/12)(1 + s/12) = 1 + c/12, so
  // s = (c - r) / (1 + r/12) makes the discounted flows exactly par.
  auto r = monte_carlo("breakeven.deal", deal(R"(
  loan pool { balance 200m USD  rate 9%  amortization bullet }
  tranche A { balance 100m USD  coupon 6%  amortization bullet }
  tranche B { balance 50m USD  coupon 4%  amortization bullet }
  equity E
  waterfall {
    pay A.interest
    pay B.interest
    pay A.principal
    pay B.principal
    pay E residual
  }
  report { risk_free 4% })"), 8, 1);
  REQUIRE(r.risk.tranches.at(0).breakeven_spread);
  CHECK(*r.risk.tranches.at(0).breakeven_spread == Approx(0.02 / (1 + 0.04 / 12)).epsilon(1e-10));
  CHECK(*r.risk.tranches.at(1).breakeven_spread == Approx(0.0).margin(1e-12));
  CHECK(r.risk.tranches.at(0).pd.p == 0);
  CHECK(r.risk.tranches.at(0).summary[mc::MetricKind::TrancheWal].mean == Approx(1.0).epsilon(1e-12));  // WAL of a bullet is its term
  // The base case reports the same on its one path: PV on the risk-free
  // path and the spread to par.
  auto base = analysis::summarize(*r.run->c.module, r.run->trace, r.run->schedule, "30/360", "monthly");
  REQUIRE(base.tranches.at(0).spread_to_par);
  CHECK(*base.tranches.at(0).spread_to_par == Approx(0.02 / (1 + 0.04 / 12)).epsilon(1e-10));
  CHECK(*base.tranches.at(1).pv_risk_free == Approx(50e6).epsilon(1e-12));  // a note at the risk-free rate is worth par
  CHECK(*base.tranches.at(1).spread_to_par == Approx(0.0).margin(1e-12));
}

TEST_CASE("The same seed gives the same bytes for any thread count, batch size and engine", "[montecarlo]") {
  const std::string path = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";
  auto base = test::run_file(path);
  REQUIRE(base->c.module);
  std::string first_json, first_csv;
  for (int threads : {1, 2, 4})
    for (int batch : {7, 64}) {
      mc::Options o;
      o.scenarios = 300;
      o.seed = 7;
      o.threads = threads;
      o.batch = batch;
      o.fan_sample = 100;
      auto eval = interp::make_interpreter(*base->c.module, base->schedule);
      auto sim = mc::simulate(*base->c.module, base->schedule, *eval, o);
      REQUIRE_FALSE(sim.failure);
      auto risk = mc::aggregate(*base->c.module, base->schedule, sim);
      std::string json = mc::format_risk_json(risk), csv = mc::format_scenarios_csv(sim);
      if (first_json.empty()) {
        first_json = json;
        first_csv = csv;
      }
      INFO("threads " << threads << ", batch " << batch);
      CHECK(json == first_json);
      CHECK(csv == first_csv);
    }
  // The JIT computes the same bytes as the interpreter.
  {
    mc::Options o;
    o.scenarios = 300;
    o.seed = 7;
    o.threads = 2;
    o.batch = 64;
    o.fan_sample = 100;
    std::string error;
    auto jit = codegen::make_jit(*base->c.module, base->schedule, true, error);
    INFO(error);
    REQUIRE(jit);
    auto sim = mc::simulate(*base->c.module, base->schedule, *jit, o);
    auto risk = mc::aggregate(*base->c.module, base->schedule, sim);
    CHECK(mc::format_risk_json(risk) == first_json);
    CHECK(mc::format_scenarios_csv(sim) == first_csv);
  }
  // A different seed is a different run.
  mc::Options o;
  o.scenarios = 300;
  o.seed = 8;
  auto eval = interp::make_interpreter(*base->c.module, base->schedule);
  CHECK(mc::format_scenarios_csv(mc::simulate(*base->c.module, base->schedule, *eval, o)) != first_csv);
}

TEST_CASE("Huge --batch and --fan-sample are capped in memory, not in results", "[montecarlo]") {
  const std::string path = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";
  auto base = test::run_file(path);
  REQUIRE(base->c.module);
  const auto& m = *base->c.module;
  auto eval = interp::make_interpreter(m, base->schedule);
  mc::Options o;
  o.scenarios = 40;
  o.seed = 5;
  o.threads = 1;
  o.batch = 1 << 20;
  o.fan_sample = 1'000'000;
  auto sim = mc::simulate(m, base->schedule, *eval, o);
  const std::size_t table = static_cast<std::size_t>(base->schedule.periods()) * m.columns.size();
  CHECK(static_cast<std::size_t>(sim.options.batch) == (std::size_t{1} << 24) / table);  // 128 MiB of period tables a thread
  CHECK(sim.fan == 40);                                                                  // never more than the scenarios
  o.batch = 7;
  o.fan_sample = 40;
  auto same = mc::simulate(m, base->schedule, *eval, o);
  CHECK(mc::format_scenarios_csv(sim) == mc::format_scenarios_csv(same));
  CHECK(mc::format_risk_json(mc::aggregate(m, base->schedule, sim)) == mc::format_risk_json(mc::aggregate(m, base->schedule, same)));
}

TEST_CASE("A deal without randomness: every scenario is the base case, so the risk report is the base case", "[montecarlo]") {
  // Fan-chart quantiles and means equal the base case's series period by
  // period; a trigger's P(ever) is 1 and its mean first period is the base
  // case's first breach; each tranche's IRR distribution collapses on the
  // base case's IRR.
  auto r = monte_carlo("no_randomness.deal", deal(R"(
  loan pool { balance 10m USD  rate 7%  amortization level over 12 months }
  tranche A { balance 8m USD  coupon 5%  amortization level over 10 months }
  equity E
  test dscr = collections / (A.interest_due + A.principal_due + 1 USD)
  trigger thin when dscr < 1.30x
  waterfall {
    pay A.interest
    pay A.principal
    pay E residual
  }
  report { series dscr, A.balance })"), 12, 3);
  auto base = analysis::summarize(*r.run->c.module, r.run->trace, r.run->schedule, "30/360", "monthly");
  REQUIRE(base.triggers.at(0).first > 0);
  const auto& trig = r.risk.triggers.at(0);
  CHECK(trig.ever.p == 1);
  REQUIRE(trig.mean_first);
  CHECK(*trig.mean_first == base.triggers.at(0).first);
  for (const auto& f : r.risk.series)
    for (std::size_t t = 0; t < f.periods.size(); ++t) {
      const double v = r.run->at(f.name, static_cast<int>(t + 1));
      INFO(f.name << " period " << t + 1);
      // Once A is repaid (periods 11 and 12) dscr is undefined in the base
      // case and in every scenario: no quantile, no mean, none defined.
      if (std::isnan(v)) {
        CHECK(std::isnan(f.periods[t].p50));
        CHECK(std::isnan(f.periods[t].mean));
        CHECK(f.periods[t].defined == 0);
        continue;
      }
      CHECK(f.periods[t].defined == 1);
      CHECK(f.periods[t].p5 == v);
      CHECK(f.periods[t].p50 == v);
      CHECK(f.periods[t].p95 == v);
      CHECK(f.periods[t].mean == Approx(v).epsilon(1e-15));
    }
  REQUIRE(base.tranches.at(0).irr);
  CHECK(r.risk.tranches.at(0).summary[mc::MetricKind::TrancheIrr].p5 == *base.tranches.at(0).irr);
  CHECK(r.risk.tranches.at(0).summary[mc::MetricKind::TrancheIrr].sd == Approx(0).margin(1e-15));
  CHECK(r.risk.tranches.at(0).pd.p == 0);
}
