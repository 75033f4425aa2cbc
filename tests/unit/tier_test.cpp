// The tier in a library (the Python module, or sweep and solve before
// `sluice` ends): a run that ends before its compile waits for it when its
// evaluator goes, so no thread outlives the run and none piles up over
// runs. (`sluice` leaves such a compile to the process at exit instead:
// tests/montecarlo/tier_exit.sh.)
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <thread>

#include "driver/run_deal.hpp"
#include "driver/tier.hpp"

using namespace sluice;

namespace {

// The threads of this process (Linux: one entry each in /proc/self/task).
std::size_t threads_now() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// SLUICE_TIER_STALL set for one scope: the compile runs to its end whatever
// the run, then holds until the tier lets it go, so every run ends with its
// compile in flight, however fast the machine.
struct Stall {
  Stall() { ::setenv("SLUICE_TIER_STALL", "1", 1); }
  ~Stall() { ::unsetenv("SLUICE_TIER_STALL"); }
};

}  // namespace

TEST_CASE("A library's tier waits for its abandoned compile when it goes", "[montecarlo][tier]") {
  Stall stall;
  driver::DealRequest r;
  r.file = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";
  mc::Options o;
  o.scenarios = 64;
  o.seed = 7;
  o.threads = 1;
  o.batch = 16;  // four batches on one thread: the tier compiles
  r.monte_carlo = o;
  const std::size_t before = threads_now();
  for (int i = 0; i < 3; ++i) {
    INFO("run " << i);
    {
      driver::DealRun run;
      REQUIRE(driver::run_deal(r, run) == kOk);
      CHECK(std::string(run.engine) == "interp");
      // The run is over (its workers joined); its compile is still held.
      CHECK(threads_now() == before + 1);
    }
    CHECK(threads_now() == before);
  }
}

TEST_CASE("While the JIT compiles, the tier interprets on all but one core", "[montecarlo][tier]") {
  // More workers than cores, each batch a few milliseconds of
  // interpreting and the compile a hundred or more: without the cap every
  // worker would interpret at once. The compile keeps a core; workers past
  // the cap wait for it, and the output is the same bytes either way.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  driver::DealRequest r;
  r.file = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";
  mc::Options o;
  o.scenarios = 4000;
  o.seed = 7;
  o.threads = cores + 2;
  o.batch = 8;
  r.monte_carlo = o;
  driver::DealRun run;
  REQUIRE(driver::run_deal(r, run) == kOk);
  auto* tier = dynamic_cast<driver::Tier*>(run.evaluator.get());
  REQUIRE(tier != nullptr);
  const std::string log = tier->summary();
  INFO(log);
  std::smatch at_once;
  REQUIRE(std::regex_search(log, at_once, std::regex("at most ([0-9]+) of ([0-9]+) batches interpreted at once")));
  const int most = std::stoi(at_once[1]), cap = std::stoi(at_once[2]);
  CHECK(cap == std::max(1, cores - 1));
  CHECK(most >= 1);
  CHECK(most <= cap);
}
