// One deal run, for every command that runs deals: `sluice run`, each point
// of `sluice sweep` and each trial of `sluice solve`. It compiles the deal
// with the --set overrides, picks the engine, runs the base case or a Monte
// Carlo (on threads; one shard's slice; or under MPI every rank's slice,
// gathered on rank 0) and hands back what ran. Anything that stops it is on
// stderr as a rendered diagnostic by the time it returns: the deal's own
// errors located in its source, a failed run at the check or division that
// failed.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/distributed.hpp"
#include "driver/mpi_run.hpp"
#include "exec/evaluator.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::driver {

struct DealRequest {
  std::string file;
  std::vector<sema::ParamOverride> sets;
  std::vector<std::string> libs;           // --lib folders, in order
  std::string engine = "auto";             // auto (interpreter for a base case, the tier for Monte Carlo), interp or jit
  std::optional<mc::Options> monte_carlo;  // none: the base case
  std::optional<Shard> shard;              // --shard i/k: only that slice of the scenarios
  const mpi::Session* mpi = nullptr;       // --mpi: this rank's slice; rank 0 gathers the whole run
  bool base_case_too = false;              // a Monte Carlo run also runs the base case (on the interpreter), for the report
  std::string point;                       // a sweep's or solve's point ("advance_A=55%"), named in every error
  std::string stress;                      // a named stress to apply (`--stress NAME`): a base case on its fixed paths
  // Scenario K of the Monte Carlo run under monte_carlo->seed, alone: its
  // period table in DealRun::base, the same numbers it has inside any run
  // (draws are keyed by seed and scenario). Needs monte_carlo, for the seed.
  std::optional<std::uint64_t> path;
  bool factors = false;  // also record each draw and factor every period (the last columns: Module::factors), and a Monte Carlo run summarises them per scenario
  // Called once the deal has compiled, before anything runs (`sluice run`
  // refuses here an output that would overwrite one of the deal's inputs);
  // a nonzero result stops the run with that exit code.
  std::function<int(const pipeline::Compiled&)> before_run;
};

struct DealRun {
  pipeline::Compiled compiled;
  exec::Schedule schedule;
  std::string day_count;               // the deal's day count, by name
  std::optional<exec::Trace> base;   // the base case (with Monte Carlo only under base_case_too), or the `path` scenario
  std::optional<mc::Simulation> sim;   // Monte Carlo: this shard's slice, or (MPI, rank 0) every scenario
  std::optional<mc::RiskShape> shape;  // what aggregating or encoding `sim` needs
  mc::Options options;                 // the Monte Carlo options as run: the deal's months per period, the slice
  std::string engine;                  // the evaluator that ran the scenarios
  std::chrono::steady_clock::time_point started;  // when the Monte Carlo began (after compiling)
  bool worker = false;                 // an MPI rank other than 0: rank 0 holds the results
  // The Monte Carlo evaluator, held to the end of the command: a tier whose
  // compile was cut short waits for it there, after the output is written
  // (`sluice` leaves it to the process instead: driver/tier.hpp, leave).
  std::shared_ptr<exec::Evaluator> evaluator;
};

// A Monte Carlo run that mc::Options::cancel stopped: nothing is reported
// (128 + SIGINT, as a shell reports a Ctrl-C).
inline constexpr int kCancelled = 130;

// kOk with `out` filled (on an MPI worker, with `out.worker` set and nothing
// else to report), or the exit code once the errors are on stderr: 64-66 as
// the compile says, 65 for a run the deal's own numbers broke, 70 for an
// engine that failed or an invariant the engine broke, kCancelled.
int run_deal(const DealRequest& r, DealRun& out);

// A quoted deal's market basis, read off the base case that ran beside its
// scenarios (none for a deal without a quote): what a shard's part carries
// to `sluice merge`.
std::optional<analysis::MarketBasis> market_basis(const DealRun& run);

// A whole Monte Carlo run's risk report as `sluice run -n` prints it: the
// scenarios aggregated and, for a quoted deal, its market table. The Python
// binding's `simulate` reports the same.
mc::RiskReport risk_report(const DealRun& run);

}  // namespace sluice::driver
