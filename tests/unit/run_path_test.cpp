// One scenario run alone (DealRequest::path, for `deal.path(k)` in Python
// and a CLI --path) is that scenario of a whole Monte Carlo run, and the
// cancellation hook (mc::Options::cancel, Ctrl-C in Python) stops a run
// between batches without a result.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstring>

#include "driver/run_deal.hpp"
#include "interp/interpreter.hpp"

using namespace sluice;

namespace {

const std::string kFlagship = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";

driver::DealRequest path_request(std::uint64_t seed, std::uint64_t k, const std::string& engine) {
  driver::DealRequest r;
  r.file = kFlagship;
  r.engine = engine;
  mc::Options o;
  o.seed = seed;
  r.monte_carlo = o;
  r.path = k;
  return r;
}

// Bit for bit, NaN included (an IRR that does not exist).
bool same_bits(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].size() != b[i].size() || std::memcmp(a[i].data(), b[i].data(), a[i].size() * sizeof(double)) != 0) return false;
  return true;
}

}  // namespace

TEST_CASE("A scenario run alone is the scenario inside a batch, on either engine", "[montecarlo][path]") {
  driver::DealRun whole;
  driver::DealRequest base;
  base.file = kFlagship;
  REQUIRE(driver::run_deal(base, whole) == kOk);
  const ir::Module& m = *whole.compiled.module;
  // Scenarios 0..5 under seed 11, as a Monte Carlo worker evaluates them.
  auto eval = interp::make_interpreter(m, whole.schedule);
  exec::Batch b;
  b.seed = 11;
  b.first = 0;
  b.count = 6;
  eval->evaluate(b);
  const std::size_t T = static_cast<std::size_t>(whole.schedule.periods()), C = m.columns.size();
  for (std::uint64_t k : {0u, 3u, 5u})
    for (const char* engine : {"interp", "jit"}) {
      INFO("scenario " << k << " on " << engine);
      driver::DealRun one;
      REQUIRE(driver::run_deal(path_request(11, k, engine), one) == kOk);
      REQUIRE(one.base);
      REQUIRE_FALSE(one.sim);
      REQUIRE(one.base->rows.size() == T);
      std::vector<std::vector<double>> batch_rows;
      for (std::size_t t = 0; t < T; ++t) {
        auto from = b.rows.begin() + static_cast<std::ptrdiff_t>((k * T + t) * C);
        batch_rows.emplace_back(from, from + static_cast<std::ptrdiff_t>(C));
      }
      CHECK(same_bits(one.base->rows, batch_rows));
    }
  // Not the base case, and another seed is another path.
  driver::DealRun s0, s0b;
  REQUIRE(driver::run_deal(path_request(11, 0, "interp"), s0) == kOk);
  REQUIRE(driver::run_deal(path_request(12, 0, "interp"), s0b) == kOk);
  CHECK_FALSE(same_bits(s0.base->rows, whole.base->rows));
  CHECK_FALSE(same_bits(s0.base->rows, s0b.base->rows));
}

TEST_CASE("A path with its draws and factors recorded keeps every other column, and the factors move", "[montecarlo][path]") {
  for (const char* engine : {"interp", "jit"}) {
    INFO(engine);
    driver::DealRun plain, with;
    REQUIRE(driver::run_deal(path_request(11, 3, engine), plain) == kOk);
    auto r = path_request(11, 3, engine);
    r.factors = true;
    REQUIRE(driver::run_deal(r, with) == kOk);
    const ir::Module& m = *with.compiled.module;
    const std::size_t C = plain.compiled.module->columns.size();
    REQUIRE(plain.compiled.module->factors.empty());
    // The flagship's market: the draw `deflation`, the factors gpu_rate, sofr and btc, after every other column.
    REQUIRE(m.factors.size() == 4);
    CHECK(m.columns[static_cast<std::size_t>(m.factors[0])].name == "deflation");
    CHECK(m.columns[static_cast<std::size_t>(m.factors[1])].name == "gpu_rate");
    CHECK(m.columns[static_cast<std::size_t>(m.factors[2])].name == "sofr");
    CHECK(m.columns[static_cast<std::size_t>(m.factors[3])].name == "btc");
    // A factor the report already records as a series (gpu_rate, btc) keeps that column; the others are new, at the end.
    for (int c : m.factors)
      if (static_cast<std::size_t>(c) < C) CHECK(plain.compiled.module->columns[static_cast<std::size_t>(c)].name == m.columns[static_cast<std::size_t>(c)].name);
    CHECK(m.columns.size() == C + 2);  // deflation and sofr
    std::vector<std::vector<double>> prefix;
    for (const auto& row : with.base->rows) prefix.emplace_back(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(C));
    CHECK(same_bits(prefix, plain.base->rows));
    // A draw is drawn once: the same each period, within its range (drift -20% +- 10%).
    const auto& rows = with.base->rows;
    const auto d = static_cast<std::size_t>(m.factors[0]), g = static_cast<std::size_t>(m.factors[1]);
    CHECK(rows.front()[d] == rows.back()[d]);
    CHECK(rows.front()[d] >= -0.30);
    CHECK(rows.front()[d] <= -0.10);
    // A lognormal factor is positive and moves (a 25% volatility).
    CHECK(rows.front()[g] > 0);
    CHECK(rows.front()[g] != rows.back()[g]);
  }
}

TEST_CASE("The cancellation hook stops a Monte Carlo run between batches", "[montecarlo][cancel]") {
  driver::DealRun base;
  driver::DealRequest req;
  req.file = kFlagship;
  REQUIRE(driver::run_deal(req, base) == kOk);
  const ir::Module& m = *base.compiled.module;
  auto eval = interp::make_interpreter(m, base.schedule);
  mc::Options o;
  o.scenarios = 1'000'000;  // hours on the interpreter: only the hook ends it in time
  o.seed = 3;
  o.threads = 2;
  o.batch = 8;
  std::atomic<int> asked{0};
  o.cancel = [&] { return ++asked >= 2; };
  auto sim = mc::simulate(m, base.schedule, *eval, o);
  CHECK(sim.cancelled);
  CHECK(asked.load() == 2);  // asked until it said stop, then never again

  // Through run_deal: the run is not reported, kCancelled comes back.
  req.engine = "interp";
  req.monte_carlo = o;
  req.monte_carlo->cancel = [] { return true; };
  driver::DealRun stopped;
  CHECK(driver::run_deal(req, stopped) == driver::kCancelled);
  CHECK_FALSE(stopped.sim);

  // A hook that never says stop changes nothing.
  mc::Options small = o;
  small.scenarios = 300;
  small.cancel = [] { return false; };
  auto with = mc::simulate(m, base.schedule, *eval, small);
  small.cancel = nullptr;
  auto without = mc::simulate(m, base.schedule, *eval, small);
  CHECK_FALSE(with.cancelled);
  CHECK(same_bits(with.values, without.values));
}
