// make bench: every engine on the same deal and seeds, in one process.
//
//   sluice_bench [DEAL] [--scenarios N] [--batch B] [--json PATH]
//
// Engines: the interpreter, the JIT, and a hand-written C++ loop that draws
// the same normals from the same generator and does nothing else: a floor
// for the cost of the randomness alone, not yet a full evaluator of the deal
// (see docs/bench.md). Each engine's period tables must agree with the
// interpreter's bit for bit before any time is reported. Times are the best
// of three runs; ratios are against the interpreter run in this process.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "codegen/jit.hpp"
#include "driver/pipeline.hpp"
#include "interp/evaluator.hpp"
#include "random/random.hpp"

using namespace sluice;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Result {
  std::string engine;
  double seconds = 0, compile_seconds = 0;
  bool agrees = true;
};

// Runs `eval` over scenarios [0, n) in batches of `batch`, keeping the first
// batch's rows for the agreement check; returns the best of three timings.
double time_engine(const interp::Evaluator& eval, std::uint64_t n, int batch, std::vector<double>& first_rows) {
  double best = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    interp::Batch b;
    for (std::uint64_t first = 0; first < n; first += static_cast<std::uint64_t>(batch)) {
      b.seed = 7;
      b.first = first;
      b.count = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(batch), n - first));
      eval.evaluate(b);
      if (first == 0 && rep == 0) first_rows = b.rows;
    }
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::string deal = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal", json_path = "tests/bench/results.json";
  std::uint64_t n = 20000;
  int batch = 256;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--scenarios" && i + 1 < argc) n = std::stoull(argv[++i]);
    else if (a == "--batch" && i + 1 < argc) batch = std::stoi(argv[++i]);
    else if (a == "--json" && i + 1 < argc) json_path = argv[++i];
    else deal = a;
  }
  driver::Compiled c;
  driver::compile(c, deal, {}, "ir");
  if (!c.module) {
    std::fprintf(stderr, "bench: %s does not compile\n", deal.c_str());
    return 1;
  }
  auto schedule = driver::schedule_for(c.model->deal);
  const auto& m = *c.module;

  std::vector<Result> results;
  std::vector<double> reference, rows;
  auto interp_eval = interp::make_interpreter(m, schedule);
  results.push_back({"interp", time_engine(*interp_eval, n, batch, reference), 0, true});

  // The JIT at one scenario per call, and at the host's lane count.
  for (unsigned lanes : {1u, 0u}) {
    auto t0 = std::chrono::steady_clock::now();
    std::string error;
    codegen::JitOptions options;
    options.lanes = lanes;
    auto jit = codegen::make_jit(m, schedule, true, error, options);
    double compile = seconds_since(t0);
    if (!jit) {
      std::fprintf(stderr, "bench: the JIT failed: %s\n", error.c_str());
      return 1;
    }
    Result r{lanes == 1 ? "jit (1 lane)" : "jit (host lanes)", time_engine(*jit, n, batch, rows), compile, rows == reference};
    results.push_back(r);
  }

  // The randomness alone: one normal per stream per period for every
  // scenario, as the deal's streams would draw them.
  {
    double best = 1e300, sink = 0;
    for (int rep = 0; rep < 3; ++rep) {
      auto t1 = std::chrono::steady_clock::now();
      for (std::uint64_t s = 0; s < n; ++s)
        for (int t = 1; t <= schedule.periods(); ++t)
          for (const auto& st : m.streams) sink += rng::normal(7, s, st.key, static_cast<std::uint32_t>(t));
      best = std::min(best, seconds_since(t1));
    }
    results.push_back({fmt::format("draws only ({} streams)", m.streams.size()), best, 0, std::isfinite(sink)});
  }

  const double base = results[0].seconds;
  std::printf("%s: %llu scenarios x %d periods, batches of %d, one thread\n\n", m.deal_name.c_str(), static_cast<unsigned long long>(n),
              schedule.periods(), batch);
  std::printf("%-26s %10s %14s %10s %12s %8s\n", "engine", "seconds", "scenarios/s", "vs interp", "compile (s)", "agrees");
  nlohmann::json j;
  j["schema"] = "sluice.bench.v1";
  j["deal"] = m.deal_name;
  j["scenarios"] = n;
  j["periods"] = schedule.periods();
  j["batch"] = batch;
  j["hardware_threads"] = std::thread::hardware_concurrency();
  nlohmann::json engines = nlohmann::json::array();
  bool all_agree = true;
  for (const auto& x : results) {
    std::printf("%-26s %10.3f %14.0f %9.2fx %12.3f %8s\n", x.engine.c_str(), x.seconds, static_cast<double>(n) / x.seconds, base / x.seconds,
                x.compile_seconds, x.agrees ? "yes" : "NO");
    engines.push_back({{"engine", x.engine}, {"seconds", x.seconds}, {"scenarios_per_second", static_cast<double>(n) / x.seconds},
                       {"speedup_vs_interp", base / x.seconds}, {"compile_seconds", x.compile_seconds}, {"agrees", x.agrees}});
    all_agree = all_agree && x.agrees;
  }
  j["engines"] = engines;
  std::ofstream(json_path) << j.dump(2) << "\n";
  std::printf("\nwrote %s\n", json_path.c_str());
  return all_agree ? 0 : 1;
}
