// `sluice sweep` and `sluice solve`: many runs of one deal over params, each
// through run_deal (driver/point.cpp), a grid printed or a boundary found.
#include <fmt/format.h>

#include <memory>

#include "driver/cli_numbers.hpp"
#include "driver/commands.hpp"
#include "driver/errors.hpp"
#include "driver/solve.hpp"
#include "driver/sweep.hpp"

namespace sluice::driver {

namespace {

struct SweepCommand {
  std::string file, out, engine = "auto";
  std::vector<std::string> sets, varies;
  SweepOptions so;
  mc::Options mc;
  NumberOptions numbers;
  bool use_mpi = false;
  CLI::Option* n = nullptr;
};

// The output, refused before the first point runs when it names the deal
// (by path), and at every point once the deal has compiled when it names a
// file the deal imports or reads.
void guard_output(PointRun& run, const std::string& out, const std::string& file) {
  if (out.empty()) return;
  run.before_run = [out, file](const pipeline::Compiled& c) { return check_outputs({out}, inputs_of(c, file)); };
}

// `--stress NAME` on a sweep or a solve: every point is the stress's
// deterministic run, as `run --stress NAME` is, so it does not go with -n
// (a Monte Carlo point) nor with `all` (a table of runs, not a point).
int check_point_stress(const std::string& stress, bool monte_carlo, const char* command) {
  if (stress.empty()) return kOk;
  if (stress == "all")
    return refuse(kUsage, DiagCode::StressClash, fmt::format("--stress all prints a table of runs; {} runs one stress at every point", command),
                  {fmt::format("give one stress (--stress NAME), or run `sluice run FILE --stress all`")});
  if (monte_carlo)
    return refuse(kUsage, DiagCode::StressClash,
                  fmt::format("a stress runs deterministically: {} --stress NAME runs each point's stressed base case, without -n N", command),
                  {"drop -n N, or drop --stress for a Monte Carlo sweep"});
  return kOk;
}

int sweep_command(SweepCommand& o, Args args) {
  if (int rc = o.numbers.check()) return rc;
  bool sets_ok = true;
  auto overrides = parse_sets(o.sets, sets_ok);
  if (!sets_ok) return kUsage;
  // Under --mpi every rank runs this program; rank 0 alone speaks.
  std::optional<mpi::Session> mpi_session;
  if (o.use_mpi)
    if (int rc = start_mpi(!o.n->empty(), false, args, mpi_session)) return rc;
  SweepOptions& so = o.so;
  so.sets = overrides;
  so.engine = o.engine;
  so.color = o.out.empty() && stdout_color();
  if (int rc = check_point_stress(so.stress, !o.n->empty(), "sweep")) return rc;
  for (const auto& v : o.varies) {
    std::string error;
    auto axis = parse_vary(v, error);
    if (!axis) return refuse(kUsage, DiagCode::BadOptionValue, error);
    so.axes.push_back(*axis);
  }
  if (!o.n->empty()) {
    o.mc.fan_sample = 1;
    so.monte_carlo = o.mc;
  }
  if (mpi_session) {
    so.mpi = &*mpi_session;
    so.color = false;
  }
  if (int rc = check_outputs({o.out}, {o.file})) return rc;
  guard_output(so, o.out, o.file);
  std::string text;
  if (int rc = run_sweep(o.file, so, text)) return rc;
  if (mpi_session && mpi_session->rank() != 0) return kOk;
  return emit(text, o.out);
}

struct SolveCommand {
  std::string file, out, engine = "auto";
  std::vector<std::string> sets;
  SolveOptions so;
  mc::Options mc;
  NumberOptions numbers;
  CLI::Option* n = nullptr;
};

int solve_command(SolveCommand& o) {
  if (int rc = o.numbers.check()) return rc;
  bool sets_ok = true;
  auto overrides = parse_sets(o.sets, sets_ok);
  if (!sets_ok) return kUsage;
  SolveOptions& so = o.so;
  so.sets = overrides;
  so.engine = o.engine;
  so.color = o.out.empty() && stdout_color();
  if (int rc = check_point_stress(so.stress, !o.n->empty(), "solve")) return rc;
  if (!o.n->empty()) {
    o.mc.fan_sample = 1;
    so.monte_carlo = o.mc;
  }
  if (int rc = check_outputs({o.out}, {o.file})) return rc;
  guard_output(so, o.out, o.file);
  std::string text;
  if (int rc = run_solve(o.file, so, text)) return rc;
  return emit(text, o.out);
}

}  // namespace

Command add_sweep(CLI::App& app) {
  auto o = std::make_shared<SweepCommand>();
  auto* sweep = app.add_subcommand("sweep", "Run a grid of points over params: each point's base case, or with -n a Monte Carlo run "
                                            "with the same seed at every point (common random numbers).");
  sweep->add_option("file", o->file, "the deal file")->required();
  sweep->add_option("--vary", o->varies, "a param and its values: NAME=A..B:STEPS or NAME=V1,V2,... (repeatable: a grid)")->required();
  sweep->add_option("--set", o->sets, "hold a param at a value at every point (repeatable)");
  add_lib_option(*sweep, o->so.libs);
  sweep->add_option("--stress", o->so.stress, "run every point under the deal's stress NAME (its deterministic base case; not with -n)");
  sweep->add_option("--format", o->so.format, "table (default), csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  sweep->add_option("--out", o->out, "write the grid to this file instead of stdout");
  o->n = add_monte_carlo_options(*sweep, o->mc, o->engine, "Monte Carlo scenarios per point, the same at every point", o->numbers);
  sweep->add_flag("--mpi", o->use_mpi, "spread each point's scenarios over the ranks of an MPI job; rank 0 prints the grid");
  sweep->footer("Examples:\n  sluice sweep deal.deal --vary deflation=-40%..-20%:5\n"
                "  sluice sweep deal.deal --vary advance_A=50%,55%,60% --vary deflation=-40%..-20%:3 -n 10000 --seed 7 --format csv --out grid.csv");
  return {sweep, [o](Args args) { return sweep_command(*o, args); }};
}

Command add_solve(CLI::App& app) {
  auto o = std::make_shared<SolveCommand>();
  auto* solve = app.add_subcommand("solve", "Find the value of one param at which a target on a metric stops holding, by bisection "
                                             "(each run the base case, or with -n a Monte Carlo run under one seed)");
  solve->add_option("file", o->file, "the deal file")->required();
  solve->add_option("--vary", o->so.vary, "the param and the range to search: NAME=A..B (repeatable, up to 3: solved in order)")->required();
  solve->add_option("--target", o->so.target,
                    "METRIC OP VALUE, such as \"A PD <= 1%\" or \"B loss > 0%\" (a metric `sweep` prints; repeatable, up to 4: all must hold)")
      ->required();
  solve->add_option("--set", o->sets, "hold a param at a value in every run (repeatable)");
  add_lib_option(*solve, o->so.libs);
  solve->add_option("--tol", o->so.tolerance,
                    "stop when the bracket is this narrow, in the range's unit (default: a thousandth of the range; one per --vary, in order)");
  o->numbers.add(*solve, "--max-runs", o->so.max_runs, 2, 1000, "at most this many runs per param, the two ends included (default 60)");
  solve->add_option("--stress", o->so.stress, "run every point under the deal's stress NAME (its deterministic base case; not with -n)");
  solve->add_option("--format", o->so.format, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
  solve->add_option("--out", o->out, "write the result to this file instead of stdout");
  o->n = add_monte_carlo_options(*solve, o->mc, o->engine, "Monte Carlo scenarios per run, the same in every run", o->numbers);
  solve->footer("Examples:\n  sluice solve deal.deal --vary advance_A=40%..80% --target \"A PD <= 1%\" -n 20000 --seed 7\n"
                "  sluice solve deal.deal --vary drift=0%..-40% --target \"B loss > 0%\"\n"
                "  sluice solve deal.deal --vary size_A=100m..300m --vary size_B=10m..100m --target \"A PD < 0.5%\" --target \"B EL < 3%\" -n 10000");
  return {solve, [o](Args) { return solve_command(*o); }};
}

}  // namespace sluice::driver
