// Differential test of the two back ends: a generator of valid deals
// (random factors, collateral, tranche stacks, triggers, reserve accounts
// and waterfall shapes) drives the interpreter and the JIT; their period
// tables must agree bit for bit, in the base case and in random scenarios.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <fmt/format.h>
#include <random>

#include "codegen/jit.hpp"
#include "interp/evaluator.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

struct DealGenerator {
  std::mt19937_64 gen;
  explicit DealGenerator(std::uint64_t seed) : gen(seed) {}
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); }
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(gen); }
  bool coin(double p = 0.5) { return real(0, 1) < p; }
  std::string pct(double lo, double hi) { return fmt::format("{:.2f}%", real(lo, hi)); }

  std::string deal(int index) {
    std::string d = "unit gpu\n";
    const char* periods[] = {"monthly", "quarterly"};
    const char* counts[] = {"30/360", "ACT/360", "ACT/365F", "30E/360 ISDA"};
    d += fmt::format("deal \"Generated {}\" {{\n  currency USD\n  start 2025-0{}-{}\n  period {}\n  horizon {} months\n  day_count {}\n", index,
                     pick(1, 9), coin() ? "01" : "28", periods[pick(0, 1)], 12 * pick(1, 5), counts[pick(0, 3)]);
    // Market: one to three factors, sometimes correlated.
    std::vector<std::string> factors;
    d += "  market {\n    draw stress = uniform(-10%, 10%)\n";
    d += fmt::format("    factor rate = vasicek(start: {}, mean: {}, speed: {} per year, vol: {})\n", pct(2, 6), pct(2, 5), fmt::format("{:.2f}", real(0, 1)),
                     pct(0.1, 2));
    factors.push_back("rate");
    d += fmt::format("    factor gpu_rate = lognormal(start: {:.2f} USD/gpu/h, drift: {} per year, vol: {} per year)", real(1, 3), pct(-40, 5), pct(5, 60));
    if (coin()) d += fmt::format(" jumps poisson({:.2f} per year) size {}", real(0.1, 2), pct(-30, -5));
    d += "\n";
    factors.push_back("gpu_rate");
    if (coin()) {
      d += fmt::format("    factor power = mean_reverting(start: 60 USD/h, mean: 70 USD/h, speed: 1 per year, vol: {}, min: 20 USD/h, max: 120 USD/h)\n",
                       pct(5, 40));
      factors.push_back("power");
    }
    if (coin()) d += fmt::format("    correlate rate, gpu_rate = {:.2f}\n", real(-0.6, 0.6));
    d += "  }\n";
    // Collateral: a fleet on lease and/or a loan pool.
    int units = 100 * pick(5, 50);
    bool fleet = coin(0.7);
    double size = 0;
    if (fleet) {
      d += fmt::format("  fleet gpus {{ units {} gpu  cost {} USD/gpu  value units * gpu_rate * 8_000 h }}\n", units, 1000 * pick(15, 35));
      d += fmt::format("  lease anchor on gpus {{ units {} gpu  rent {:.2f} USD/gpu/h for {} months, then gpu_rate  utilization {}", units / 2,
                       real(1.5, 2.5), 6 * pick(2, 8), pct(70, 100));
      if (coin()) d += fmt::format("  default hazard {} per year, recovery {}{}", pct(1, 15), pct(0, 60), coin() ? fmt::format(", copula {}", pct(0, 60)) : "");
      d += " }\n";
      d += fmt::format("  lease spot on gpus {{ units {} gpu  rent gpu_rate  utilization {} }}\n", units / 2, pct(40, 90));
      d += fmt::format("  expense hosting = {:.2f} USD/gpu/h * gpus.units\n", real(0.1, 0.6));
      size += units * 20000.0;
    }
    if (!fleet || coin()) {
      const char* amort[] = {"level over 36 months", "bullet", "linear over 24 months"};
      d += fmt::format("  loan pool {{ balance {}m USD  rate rate + {}  amortization {} }}\n", pick(5, 50), pct(1, 6), amort[pick(0, 2)]);
      size += 20e6;
    }
    // Tranches: a stack of one to four.
    int n = pick(1, 4);
    std::vector<std::string> names = {"A", "B", "C", "D"};
    for (int i = 0; i < n; ++i) {
      std::string coupon = coin() ? fmt::format("rate + {}bp", 50 * pick(1, 12)) : pct(3, 14);
      const char* amort[] = {"level over 36 months", "bullet", "linear over 48 months", "pass_through"};
      d += fmt::format("  tranche {} {{ balance {:.0f} USD  coupon {}  amortization {}{} }}\n", names[static_cast<std::size_t>(i)],
                       size * real(0.05, 0.3), coupon, amort[pick(0, 3)], coin(0.3) ? "  shortfall capitalize" : "");
    }
    d += "  equity E\n";
    bool reserve = coin();
    if (reserve) d += "  account reserve { initial 500k USD  target 2 * A.interest_due  covers A.interest  release excess }\n";
    d += "  test dscr = collections / (A.interest_due + A.principal_due + 1 USD)\n";
    int triggers = pick(0, 3);
    std::vector<std::string> trig;
    for (int i = 0; i < triggers; ++i) {
      trig.push_back(fmt::format("t{}", i));
      d += fmt::format("  trigger t{} when dscr < {:.2f}x{}\n", i, real(0.8, 1.6), coin(0.3) ? fmt::format(" for {} periods", pick(1, 3)) : "");
    }
    // Waterfall: interest in order, then principal under the triggers.
    d += "  waterfall {\n";
    for (int i = 0; i < n; ++i) d += fmt::format("    pay {}.interest\n", names[static_cast<std::size_t>(i)]);
    if (reserve) d += "    fill reserve to target\n";
    if (!trig.empty()) {
      d += fmt::format("    if {} {{\n", trig[0]);
      for (int i = 0; i < n; ++i) d += fmt::format("      pay {}.principal in full\n", names[static_cast<std::size_t>(i)]);
      d += "    } else {\n";
      for (int i = 0; i < n; ++i) d += fmt::format("      pay {}.principal scheduled\n", names[static_cast<std::size_t>(i)]);
      d += "    }\n";
    } else {
      for (int i = 0; i < n; ++i) d += fmt::format("    pay {}.principal\n", names[static_cast<std::size_t>(i)]);
    }
    d += "    pay E residual\n  }\n";
    d += "  report { series dscr, gpu_rate  metrics rate }\n}\n";
    return d;
  }
};

// Same doubles, bit for bit (NaN payloads included).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

}  // namespace

TEST_CASE("Interpreter and JIT agree bit for bit on generated deals", "[codegen][differential]") {
  DealGenerator g(20261125);
  int compiled = 0;
  for (int i = 0; i < 40; ++i) {
    std::string text = g.deal(i);
    auto r = test::run_text(fmt::format("generated_{}.deal", i), text);
    INFO(text);
    INFO(r->diagnostics());
    REQUIRE(r->c.module);  // the generator only writes valid deals
    ++compiled;
    const auto& m = *r->c.module;
    for (bool random : {false, true}) {
      std::string error;
      auto jit = codegen::make_jit(m, r->schedule, random, error);
      INFO(error);
      REQUIRE(jit);
      interp::Batch a, b;
      a.seed = b.seed = 99;
      a.count = b.count = random ? 16 : 1;
      if (random) {
        interp::make_interpreter(m, r->schedule)->evaluate(a);
      } else {
        auto trace = interp::run_base_case(m, r->schedule);
        a.init = trace.init;
        for (const auto& row : trace.rows) a.rows.insert(a.rows.end(), row.begin(), row.end());
      }
      jit->evaluate(b);
      INFO((random ? "random scenarios" : "base case"));
      CHECK(same_bits(a.init, b.init));
      CHECK(same_bits(a.rows, b.rows));
      CHECK(a.violation.has_value() == b.violation.has_value());
      // One lane per call, and an odd lane count whose last block of the 16
      // scenarios is partial: the same bytes.
      if (random && i % 4 == 0)
        for (unsigned lanes : {1u, 3u}) {
          codegen::JitOptions o;
          o.lanes = lanes;
          auto narrow = codegen::make_jit(m, r->schedule, true, error, o);
          REQUIRE(narrow);
          interp::Batch c;
          c.seed = 99;
          c.count = 16;
          narrow->evaluate(c);
          INFO("lanes " << lanes);
          CHECK(same_bits(a.rows, c.rows));
          CHECK(same_bits(a.init, c.init));
        }
    }
  }
  CHECK(compiled == 40);
}

TEST_CASE("The JIT's object cache: a miss stores, a hit computes the same bytes, a damaged entry is recompiled", "[codegen]") {
  const std::string path = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";
  auto r = test::run_file(path);
  REQUIRE(r->c.module);
  auto dir = std::filesystem::temp_directory_path() / "sluice_jit_cache_test";
  std::filesystem::remove_all(dir);
  auto run = [&](bool& hit) {
    std::string error;
    codegen::JitOptions o;
    o.cache_dir = dir.string();
    o.cache_hit = &hit;
    auto jit = codegen::make_jit(*r->c.module, r->schedule, true, error, o);
    INFO(error);
    REQUIRE(jit);
    interp::Batch b;
    b.seed = 3;
    b.count = 8;
    jit->evaluate(b);
    return b.rows;
  };
  bool hit = true;
  auto first = run(hit);
  CHECK_FALSE(hit);
  std::vector<std::filesystem::path> entries;
  for (const auto& e : std::filesystem::directory_iterator(dir)) entries.push_back(e.path());
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].extension() == ".o");
  auto second = run(hit);
  CHECK(hit);
  CHECK(same_bits(first, second));
  std::ofstream(entries[0], std::ios::trunc) << "not an object file";
  auto third = run(hit);
  CHECK_FALSE(hit);
  CHECK(same_bits(first, third));
  // The base case is another object.
  std::string error;
  codegen::JitOptions o;
  o.cache_dir = dir.string();
  CHECK(codegen::make_jit(*r->c.module, r->schedule, false, error, o));
  std::size_t count = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) count += e.path().extension() == ".o";
  CHECK(count == 2);
  std::filesystem::remove_all(dir);
}
