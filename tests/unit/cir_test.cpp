// The CIR rate process, cir(start: r0, mean: b, speed: a, vol: sigma):
// dr = a (b - r) dt + sigma sqrt(r) dW, stepped by Euler with full
// truncation (docs/language.md, "The market block"):
//   x(t) = x(t-1) + a (b - x(t-1)+) dt + sigma sqrt(x(t-1)+) sqrt(dt) Z,
//   r(t) = x(t)+.
// Checked against identities derived by hand: with Z = 0 (the base case, or
// sigma = 0 in every scenario) the path is the Euler recurrence
// r(t) = b + (r0 - b)(1 - a dt)^t exactly; the scenarios' mean stays within a
// few standard errors of that recurrence (the truncation is idle where
// 2ab > sigma^2) and near the exact CIR mean b + (r0 - b) e^(-aT); r is never
// negative; and the JIT computes the interpreter's bits.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "codegen/jit.hpp"
#include "montecarlo/simulate.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

// Twelve 30/360 months from the 1st: every year fraction is exactly 1/12.
std::string deal(const std::string& market) {
  return "deal \"CIR\" {\n  currency USD\n  start 2025-01-01\n  period monthly\n  horizon 12 months\n  day_count 30/360\n  market {\n" + market +
         "\n  }\n  tranche A { balance 1 USD  coupon 0% }\n  equity E\n  test r_now = r\n  waterfall { pay E residual }\n  report { metrics r }\n}\n";
}

mc::Simulation simulate(const test::Run& run, exec::Evaluator& eval, std::uint64_t n, std::uint64_t seed) {
  mc::Options o;
  o.scenarios = n;
  o.seed = seed;
  o.threads = 2;
  o.batch = 256;
  o.months_per_period = run.c.model->deal.months_per_period;
  return mc::simulate(*run.c.module, run.schedule, eval, o);
}

const std::vector<double>& metric(const mc::Simulation& sim, const std::string& name) {
  for (std::size_t k = 0; k < sim.metrics.size(); ++k)
    if (sim.metrics[k].name == name) return sim.values[k];
  throw std::runtime_error("no metric " + name);
}

// The Euler recurrence with Z = 0, in the order lowering writes it.
double euler(double r0, double b, double a, int periods) {
  const double dt = 30.0 / 360.0;
  double x = r0;
  for (int t = 0; t < periods; ++t) x = x + a * (b - std::max(x, 0.0)) * dt + 0.0;
  return x;
}

}  // namespace

TEST_CASE("cir: the base case is the Euler recurrence b + (r0 - b)(1 - a dt)^t", "[cir]") {
  auto r = test::run_text("cir_base.deal", deal("    factor r = cir(start: 5%, mean: 3%, speed: 0.6 per year, vol: 10%)"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  for (int t = 1; t <= 12; ++t) {
    INFO("period " << t);
    CHECK(std::fabs(r->at("r_now", t) - euler(0.05, 0.03, 0.6, t)) < 3e-17);  // a few ulps: 5% is parsed, not written 0.05
    CHECK(std::fabs(r->at("r_now", t) - (0.03 + 0.02 * std::pow(0.95, t))) < 1e-15);
  }
  CHECK(std::fabs(r->at("r_now", 12) - 0.04080720175) < 1e-11);  // 0.03 + 0.02 x 0.95^12 = 0.03 + 0.02 x 0.5403600877
}

TEST_CASE("cir: with vol 0 every scenario is the deterministic path, on both engines", "[cir]") {
  auto r = test::run_text("cir_zero.deal", deal("    factor r = cir(start: 2%, mean: 4%, speed: 0.3 per year, vol: 0%)"));
  REQUIRE(r->c.module);
  auto eval = interp::make_interpreter(*r->c.module, r->schedule);
  auto sim = simulate(*r, *eval, 64, 5);
  REQUIRE_FALSE(sim.failure);
  const double base = r->at("r_now", 12);
  CHECK(std::fabs(base - euler(0.02, 0.04, 0.3, 12)) < 3e-17);
  for (double x : metric(sim, "r")) CHECK(x == base);  // sigma 0: the shock is multiplied away
}

TEST_CASE("cir: the scenarios' mean follows the CIR mean; rates stay at or above zero; JIT = interpreter", "[cir]") {
  // r0 = 5%, b = 3%, a = 0.5, sigma = 10%: 2ab = 0.03 > sigma^2 = 0.01
  // (Feller), so x rarely dips below zero and E[x(t)] follows the Euler
  // recurrence: 0.03 + 0.02 (1 - 0.5/12)^12 = 0.0420013 at T = 1. The
  // exact CIR mean is 0.03 + 0.02 e^-0.5 = 0.0421306: the monthly Euler
  // step's bias is 1.29e-4, about one standard error at n = 20,000
  // (Var r(T) = r0 s^2/a (e^-aT - e^-2aT) + b s^2/2a (1 - e^-aT)^2
  // = 2.851e-4, so SE = 1.19e-4).
  auto r = test::run_text("cir_mc.deal", deal("    factor r = cir(start: 5%, mean: 3%, speed: 0.5 per year, vol: 10%)"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  auto eval = interp::make_interpreter(*r->c.module, r->schedule);
  const std::uint64_t n = 20000;
  auto sim = simulate(*r, *eval, n, 3);
  REQUIRE_FALSE(sim.failure);
  const auto& x = metric(sim, "r");
  double s = 0, ss = 0;
  for (double v : x) s += v;
  const double mean = s / static_cast<double>(n);
  for (double v : x) ss += (v - mean) * (v - mean);
  const double var = ss / static_cast<double>(n - 1);
  const double exact_var = 0.05 * 0.01 / 0.5 * (std::exp(-0.5) - std::exp(-1.0)) + 0.03 * 0.01 / 1.0 * std::pow(1 - std::exp(-0.5), 2);
  const double se = std::sqrt(exact_var / static_cast<double>(n));
  const double euler_mean = 0.03 + 0.02 * std::pow(1 - 0.5 / 12, 12), exact_mean = 0.03 + 0.02 * std::exp(-0.5);
  INFO("mean " << mean << ", Euler " << euler_mean << ", exact " << exact_mean << ", se " << se << ", var " << var << " vs " << exact_var);
  CHECK(std::fabs(mean - euler_mean) < 4 * se);
  CHECK(std::fabs(mean - exact_mean) < 4 * se + std::fabs(exact_mean - euler_mean));
  // The variance: without truncation the Euler step's is V(t) = (1 - a dt)^2
  // V(t-1) + sigma^2 dt E[x(t-1)] = 2.9623e-4 at T = 1, 3.9% above the exact
  // CIR variance (the monthly step's bias). The sample variance's standard
  // error is about var sqrt(2 / (n - 1)) = 1%; CIR's skew fattens it a
  // little, so allow 5 of them.
  double euler_var = 0, m = 0.05;
  for (int t = 0; t < 12; ++t) {
    euler_var = std::pow(1 - 0.5 / 12, 2) * euler_var + 0.01 / 12 * m;
    m += 0.5 * (0.03 - m) / 12;
  }
  CHECK(std::fabs(var / euler_var - 1) < 5 * std::sqrt(2.0 / static_cast<double>(n - 1)));
  CHECK(std::fabs(euler_var / exact_var - 1) < 0.04);
  for (double v : x) CHECK(v >= 0);

  // sigma = 40% with 2ab = 0.004 << sigma^2 = 0.16: the truncation is busy;
  // every reported value is still >= 0, and some are exactly 0.
  auto rz = test::run_text("cir_z.deal", deal("    factor r = cir(start: 1%, mean: 1%, speed: 0.2 per year, vol: 40%)"));
  REQUIRE(rz->c.module);
  auto ez = interp::make_interpreter(*rz->c.module, rz->schedule);
  auto simz = simulate(*rz, *ez, 4000, 9);
  REQUIRE_FALSE(simz.failure);
  std::size_t zeros = 0;
  for (double v : metric(simz, "r")) {
    CHECK(v >= 0);
    zeros += v == 0;
  }
  CHECK(zeros > 0);

  // The JIT: the same bits for every scenario.
  std::string error;
  auto jit = codegen::make_jit(*rz->c.module, rz->schedule, true, error);
  INFO(error);
  REQUIRE(jit);
  auto simj = simulate(*rz, *jit, 4000, 9);
  REQUIRE_FALSE(simj.failure);
  const auto& a = metric(simz, "r");
  const auto& b = metric(simj, "r");
  REQUIRE(a.size() == b.size());
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += std::memcmp(&a[i], &b[i], sizeof(double)) == 0;
  CHECK(same == a.size());
}
