// The JIT's compile cost stays linear in the program (issue 23): a deal
// with N tests and N triggers and the same deal with 8N are compiled in one
// process, and 8N must not cost more than kMaxRatio times N. The cost of
// one function of the whole period grew quadratically in its triggers (500
// took ~20 s, 1,000 ~70 s); cut into functions of bounded size
// (compiler/codegen/chunks.hpp) it is linear, and the fixed cost of any
// compile keeps the ratio under 8 (about 5 measured).
//
// A timing assertion, which `make test` otherwise leaves to tests/bench: it
// is here only to catch a hang-class regression, compares two compiles in
// the same process on the compiling thread's CPU time (not wall time, so a
// loaded machine slows both alike) and allows 1.5 times the linear ratio
// (measured on a loaded 2-core machine: 5-7.7 now, 19 with the old single
// function, whose 400 triggers took 25 s). Then the large deal's Monte Carlo run must print the same bytes
// under the JIT as under the interpreter, and the period tables of both
// deals must agree bit for bit, the small one's also with every value
// passed between one-instruction functions.
//
//   jit_compile_scaling                  the test (N = 50, 8N = 400)
//   jit_compile_scaling --measure [--budget B] [--lanes L] [--reps R] N|FILE ...
//                                        cold compile times for each N or deal file
//                                        (docs/performance.md), best of R (5); R = 1
//                                        for instruction counts under callgrind
//   jit_compile_scaling --write N FILE   the deal with N tests and triggers
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "codegen/jit.hpp"
#include "exec/schedule.hpp"
#include "interp/interpreter.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "pipeline/pipeline.hpp"

using namespace sluice;

namespace {

constexpr int kSmall = 50, kFactor = 8;
constexpr double kMaxRatio = 12.0;  // 1.5x linear; the old code measured 19

// A floating-rate loan passed through to a note, with n tests on the note's
// leverage and n triggers on them (each with a run and a cure), so the
// period's program grows by about 30 IR instructions per pair.
std::string deal_text(int n) {
  std::string s = R"(deal "many triggers" {
  currency  USD
  start     2025-01-31
  period    monthly
  horizon   60 months
  day_count 30/360
  market {
    factor sofr = vasicek(start: 4.30%, mean: 3.50%, speed: 0.30 per year, vol: 1.00%)
  }
  loan mortgage {
    balance      1_000_000 USD
    rate         sofr + 300bp
    amortization level over 60 months
  }
  tranche note {
    balance      900_000 USD
    coupon       sofr + 100bp
    amortization pass_through
  }
  equity residual_holder
)";
  for (int i = 1; i <= n; ++i) {
    const std::string t = "t" + std::to_string(i);
    s += "  test " + t + " = (note.balance + " + std::to_string(i) + " USD) / (mortgage.balance + 1 USD)\n";
    s += "  trigger g" + std::to_string(i) + " when " + t + " > " + std::to_string(80 + i % 20) + "% for 2 periods, cure when " + t +
         " < 70% for 3 periods\n";
  }
  s += R"(  waterfall {
    pay note.interest
    pay note.principal scheduled
    pay residual_holder residual
  }
}
)";
  return s;
}

struct Deal {
  pipeline::Compiled c;
  exec::Schedule schedule;
};

// The generated deal with n tests and triggers, or (measure) a deal file.
std::unique_ptr<Deal> compile(int n, const std::string& file = "") {
  auto d = std::make_unique<Deal>();
  const auto path = (std::filesystem::temp_directory_path() / ("sluice_jit_scaling_" + std::to_string(n) + ".deal")).string();
  if (file.empty()) pipeline::compile_text(d->c, path, deal_text(n), {}, "ir");
  else pipeline::compile(d->c, file, {}, "ir");
  if (!d->c.module) {
    std::fprintf(stderr, "FAIL: the deal (%s) does not compile\n", file.empty() ? std::to_string(n).c_str() : file.c_str());
    std::exit(1);
  }
  d->schedule = exec::schedule_for(d->c.model->deal);
  return d;
}

double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Timing {
  double cpu = 0, wall = 0;
};

// One cold compile (no object cache) for random scenarios.
Timing time_compile(const Deal& d, const codegen::JitOptions& o = {}) {
  std::string error;
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = thread_seconds();
  auto jit = codegen::make_jit(*d.c.module, d.schedule, true, error, o);
  const double cpu = thread_seconds() - cpu0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  if (!jit) {
    std::fprintf(stderr, "FAIL: the JIT does not compile: %s\n", error.c_str());
    std::exit(1);
  }
  return {cpu, wall};
}

// The best of `reps` compiles: the least disturbed.
Timing best_compile(const Deal& d, int reps, const codegen::JitOptions& o = {}) {
  Timing best{1e300, 1e300};
  for (int i = 0; i < reps; ++i) {
    Timing t = time_compile(d, o);
    best.cpu = std::min(best.cpu, t.cpu);
    best.wall = std::min(best.wall, t.wall);
  }
  return best;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// The risk table `sluice run -n` prints, from an engine.
std::string risk_table(const Deal& d, const exec::Evaluator& e) {
  mc::Options o;
  o.scenarios = 100;
  o.seed = 7;
  o.threads = 1;
  o.batch = 37;  // partial blocks of lanes
  auto sim = mc::simulate(*d.c.module, d.schedule, e, o);
  return mc::format_risk_table(mc::aggregate(*d.c.module, d.schedule, sim), false);
}

// 21 scenarios from scenario 5 (a partial block of lanes): the same bits.
bool same_tables(const Deal& d, const exec::Evaluator& jit) {
  exec::Batch a, b;
  a.seed = b.seed = 11;
  a.first = b.first = 5;
  a.count = b.count = 21;
  interp::make_interpreter(*d.c.module, d.schedule)->evaluate(a);
  jit.evaluate(b);
  return same_bits(a.init, b.init) && same_bits(a.rows, b.rows) && a.violation.has_value() == b.violation.has_value();
}

std::unique_ptr<exec::Evaluator> jit_for(const Deal& d, const codegen::JitOptions& o = {}) {
  std::string error;
  auto jit = codegen::make_jit(*d.c.module, d.schedule, true, error, o);
  if (!jit) {
    std::fprintf(stderr, "FAIL: the JIT does not compile: %s\n", error.c_str());
    std::exit(1);
  }
  return jit;
}

int agreement(const Deal& small, const Deal& large) {
  auto jit = jit_for(large);
  const std::string want = risk_table(large, *interp::make_interpreter(*large.c.module, large.schedule)), got = risk_table(large, *jit);
  if (want != got) {
    std::fprintf(stderr, "FAIL: the JIT's risk table differs from the interpreter's\n--- interp\n%s\n--- jit\n%s\n", want.c_str(),
                 got.c_str());
    return 1;
  }
  if (!same_tables(large, *jit)) {
    std::fprintf(stderr, "FAIL: the JIT's period tables differ from the interpreter's\n");
    return 1;
  }
  codegen::JitOptions tiny;
  tiny.chunk_budget = 1;  // every instruction its own function
  if (!same_tables(small, *jit_for(small, tiny))) {
    std::fprintf(stderr, "FAIL: the JIT's period tables differ from the interpreter's with one-instruction functions\n");
    return 1;
  }
  std::printf("the JIT's risk table (%zu bytes) and period tables equal the interpreter's\n", want.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "--write") {
    std::ofstream(args[2]) << deal_text(std::stoi(args[1]));
    return 0;
  }
  if (!args.empty() && args[0] == "--measure") {
    codegen::JitOptions o;
    std::size_t i = 1;
    int reps = 5;
    for (; i + 1 < args.size() && args[i].rfind("--", 0) == 0; i += 2) {
      if (args[i] == "--budget") o.chunk_budget = std::stoul(args[i + 1]);
      if (args[i] == "--lanes") o.lanes = static_cast<unsigned>(std::stoul(args[i + 1]));
      if (args[i] == "--reps") reps = std::max(1, std::stoi(args[i + 1]));
    }
    std::printf("%-12s %12s %12s %10s %14s\n", "deal", "compile cpu", "compile wall", "IR/period", "evaluate cpu");
    for (; i < args.size(); ++i) {
      const bool file = args[i].find(".deal") != std::string::npos;
      auto d = file ? compile(0, args[i]) : compile(std::stoi(args[i]));
      Timing t = best_compile(*d, reps, o);
      // The compiled kernel's speed: 4,096 scenarios on this thread.
      std::string error;
      auto jit = codegen::make_jit(*d->c.module, d->schedule, true, error, o);
      exec::Batch batch;
      batch.seed = 3;
      batch.count = 4096;
      const double cpu0 = thread_seconds();
      jit->evaluate(batch);
      const double per = (thread_seconds() - cpu0) / (4096.0 * d->schedule.periods()) * 1e9;
      std::printf("%-12s %10.0f ms %10.0f ms %10zu %9.1f ns/sp\n", std::filesystem::path(args[i]).filename().c_str(), t.cpu * 1e3, t.wall * 1e3,
                  d->c.module->step.code.size(), per);
    }
    return 0;
  }
  auto small = compile(kSmall), large = compile(kFactor * kSmall);
  time_compile(*small);  // warm: LLVM's one-time initialization
  const Timing ts = best_compile(*small, 3), tl = best_compile(*large, 2);
  const double ratio = tl.cpu / ts.cpu;
  std::printf("compile, CPU time of the compiling thread: %d triggers %.0f ms, %d triggers %.0f ms: ratio %.2f (linear: at most %d; "
              "allowed: %.0f)\n",
              kSmall, ts.cpu * 1e3, kFactor * kSmall, tl.cpu * 1e3, ratio, kFactor, kMaxRatio);
  if (!(ratio < kMaxRatio)) {
    std::fprintf(stderr, "FAIL: the JIT's compile time grows faster than linearly in the program (ratio %.2f at %dx the triggers)\n", ratio,
                 kFactor);
    return 1;
  }
  return agreement(*small, *large);
}
