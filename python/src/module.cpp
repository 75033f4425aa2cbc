// sluice._core: the engine behind the `sluice` package. Every run goes
// through the entry points the CLI uses (driver::run_deal, run_sweep,
// run_solve) and is written by the CLI's own formatters, so a result's JSON
// is byte for byte what `sluice run|sweep|solve --format json` prints; the
// numbers the package adds beside it (period tables, per-scenario metrics)
// are the arrays those formatters read. The package (sluice/__init__.py)
// turns these dicts into objects, DataFrames and exceptions.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "deal_info.hpp"
#include "driver/report.hpp"
#include "driver/run_deal.hpp"
#include "driver/solve.hpp"
#include "driver/sweep.hpp"
#include "engine_call.hpp"
#include "montecarlo/risk.hpp"

namespace py = pybind11;

namespace sluice::python {

namespace {

using Sets = std::vector<std::pair<std::string, std::string>>;

py::dict failure(const CallResult& r) {
  raise_if_interrupted();
  py::dict out;
  out["exit"] = r.exit;
  out["errors"] = r.errors;
  return out;
}

// The Monte Carlo options the CLI's -n, --seed, --threads, --batch, --check
// and --fan-sample set, with Ctrl-C asked between batches.
mc::Options mc_options(std::uint64_t n, std::uint64_t seed, int threads, int batch, bool check, std::uint64_t fan_sample) {
  if (n < 1 || n > 100'000'000) throw py::value_error("n must be from 1 to 100,000,000 scenarios");
  if (threads < 0 || threads > 1024) throw py::value_error("threads must be from 0 (every hardware thread) to 1024");
  if (batch < 1 || batch > (1 << 20)) throw py::value_error("batch must be from 1 to 1,048,576");
  if (fan_sample < 1 || fan_sample > 1'000'000) throw py::value_error("fan_sample must be from 1 to 1,000,000");
  mc::Options o;
  o.scenarios = n;
  o.seed = seed;
  o.threads = threads;
  o.batch = batch;
  o.audit = check;
  o.fan_sample = fan_sample;
  o.cancel = python_cancel();
  return o;
}

void check_engine(const std::string& engine) {
  if (engine != "auto" && engine != "interp" && engine != "jit") throw py::value_error("engine must be \"auto\", \"interp\" or \"jit\"");
}

// stress= of run, sweep and solve: the CLI's `--stress NAME`, refused where
// the CLI refuses it (cmd_grid.cpp's check_point_stress, cmd_run.cpp's
// check_stress_options): a stress is one deterministic run, so neither
// `all` (a table of runs) nor beside n (a Monte Carlo point). A name the
// deal does not declare is the deal's error (sluice.DealError), as there.
void check_stress(const std::string& stress, bool monte_carlo, const char* call) {
  if (stress.empty()) return;
  if (stress == "all")
    throw py::value_error(std::string("stress=\"all\" is a table of runs; ") + call + " runs one stress (stress=\"NAME\")");
  if (monte_carlo)
    throw py::value_error(std::string("a stress runs deterministically: ") + call + "(stress=...) runs the stressed base case, without n");
}

// A path's period table (rows[t][column]) as a (periods, columns) array,
// its summary as `sluice run --format json` and `--format table` print it.
py::dict path_result(const driver::DealRun& run, const std::string& stress) {
  const auto& deal = run.compiled.model->deal;
  const ir::Module& m = *run.compiled.module;
  auto rep = analysis::summarize(m, *run.base, run.schedule, run.day_count, deal.period_name, deal.months_per_period);
  rep.stress = stress;  // a base case on the stress's fixed paths, as `sluice run --stress NAME` says
  py::dict out;
  out["exit"] = 0;
  out["engine"] = run.engine;
  out["json"] = driver::format_json(rep);
  out["table"] = driver::format_table(rep, false);
  const auto T = run.base->rows.size(), C = m.columns.size();
  py::array_t<double> rows({T, C});
  auto w = rows.mutable_unchecked<2>();
  for (std::size_t t = 0; t < T; ++t)
    for (std::size_t c = 0; c < C; ++c) w(t, c) = run.base->rows[t][c];
  out["rows"] = rows;
  out["init"] = py::array_t<double>(run.base->init.size(), run.base->init.data());
  return out;
}

py::dict run_path(const std::string& file, const Sets& sets, const std::string& engine, std::optional<std::uint64_t> seed,
                  std::optional<std::uint64_t> scenario, const std::string& stress) {
  check_engine(engine);
  check_stress(stress, scenario.has_value(), "run");
  driver::DealRequest req;
  req.file = file;
  req.sets = overrides(sets);
  req.engine = engine;
  req.stress = stress;
  if (scenario) {
    mc::Options o;
    o.seed = seed.value_or(1);
    req.monte_carlo = o;
    req.path = scenario;
  }
  driver::DealRun run;
  CallResult r = call_engine([&] { return driver::run_deal(req, run); });
  if (r.exit) return failure(r);
  return path_result(run, stress);
}

// A Monte Carlo run: the risk report as the CLI writes it, and each
// scenario's metrics as arrays over the run's own buffers (no copy: the
// arrays keep the simulation alive).
py::dict simulate(const std::string& file, const Sets& sets, const std::string& engine, std::uint64_t n, std::uint64_t seed, int threads,
                  int batch, bool check, std::uint64_t fan_sample) {
  check_engine(engine);
  driver::DealRequest req;
  req.file = file;
  req.sets = overrides(sets);
  req.engine = engine;
  req.monte_carlo = mc_options(n, seed, threads, batch, check, fan_sample);
  driver::DealRun run;
  CallResult r = call_engine([&] { return driver::run_deal(req, run); });
  if (r.exit) return failure(r);
  auto risk = driver::risk_report(run);  // a quoted deal's market table included, as the CLI prints it
  py::dict out;
  out["exit"] = 0;
  out["engine"] = run.engine;
  out["json"] = mc::format_risk(risk, "json", false);
  out["table"] = mc::format_risk(risk, "table", false);
  auto* sim = new mc::Simulation(std::move(*run.sim));
  py::capsule owner(sim, [](void* p) { delete static_cast<mc::Simulation*>(p); });
  py::list names, values;
  for (std::size_t k = 0; k < sim->metrics.size(); ++k) {
    names.append(sim->metrics[k].name);
    values.append(py::array_t<double>({sim->values[k].size()}, {sizeof(double)}, sim->values[k].data(), owner));
  }
  out["metric_names"] = names;
  out["metric_values"] = values;
  // The fan-chart sample: [series][period][scenario] of the first `fan` scenarios.
  const std::size_t S = run.compiled.module->series.size(), T = static_cast<std::size_t>(run.schedule.periods()), F = sim->fan_held();
  py::list series;
  for (int col : run.compiled.module->series) series.append(run.compiled.module->columns[static_cast<std::size_t>(col)].name);
  out["series_names"] = series;
  out["series_sample"] = py::array_t<double>({S, T, F}, {T * F * sizeof(double), F * sizeof(double), sizeof(double)}, sim->fan_values.data(), owner);
  return out;
}

py::dict sweep(const std::string& file, const Sets& sets, const std::vector<std::string>& varies, const std::string& engine,
               std::optional<std::uint64_t> n, std::uint64_t seed, int threads, int batch, bool check, const std::string& stress) {
  check_engine(engine);
  check_stress(stress, n.has_value(), "sweep");
  driver::SweepOptions so;
  so.sets = overrides(sets);
  so.engine = engine;
  so.stress = stress;
  so.format = "json";
  for (const auto& v : varies) {
    std::string error;
    auto axis = driver::parse_vary(v, error);
    if (!axis) throw py::value_error(error);
    so.axes.push_back(*axis);
  }
  if (n) so.monte_carlo = mc_options(*n, seed, threads, batch, check, 1);  // as `sluice sweep`: no fan chart
  std::string text;
  CallResult r = call_engine([&] { return driver::run_sweep(file, so, text); });
  if (r.exit) return failure(r);
  py::dict out;
  out["exit"] = 0;
  out["json"] = text;
  return out;
}

py::dict solve(const std::string& file, const Sets& sets, const std::string& vary, const std::string& target, const std::string& tolerance,
               int max_runs, const std::string& engine, std::optional<std::uint64_t> n, std::uint64_t seed, int threads, int batch, bool check,
               const std::string& stress) {
  check_engine(engine);
  check_stress(stress, n.has_value(), "solve");
  if (max_runs < 2 || max_runs > 1000) throw py::value_error("max_runs must be from 2 to 1000");
  driver::SolveOptions so;
  so.sets = overrides(sets);
  so.engine = engine;
  so.stress = stress;
  so.format = "json";
  so.vary = {vary};  // the package solves one param to one target (the CLI takes several)
  so.target = {target};
  if (!tolerance.empty()) so.tolerance = {tolerance};
  so.max_runs = max_runs;
  if (n) so.monte_carlo = mc_options(*n, seed, threads, batch, check, 1);
  std::string text;
  CallResult r = call_engine([&] { return driver::run_solve(file, so, text); });
  // Exit 1 (no boundary between the ends) too: the package raises it as NoBoundary.
  if (r.exit) return failure(r);
  py::dict out;
  out["exit"] = 0;
  out["json"] = text;
  return out;
}

}  // namespace

}  // namespace sluice::python

PYBIND11_MODULE(_core, m) {
  using namespace sluice::python;
  using py::arg;
  m.doc() = "The Sluice engine; use the `sluice` package, which wraps it.";
  m.def("load", &load_deal, arg("path"), arg("sets"));
  m.def("run", &run_path, arg("path"), arg("sets"), arg("engine"), arg("seed") = py::none(), arg("scenario") = py::none(),
        arg("stress") = std::string());
  m.def("simulate", &simulate, arg("path"), arg("sets"), arg("engine"), arg("n"), arg("seed"), arg("threads"), arg("batch"), arg("check"),
        arg("fan_sample"));
  m.def("sweep", &sweep, arg("path"), arg("sets"), arg("varies"), arg("engine"), arg("n"), arg("seed"), arg("threads"), arg("batch"),
        arg("check"), arg("stress") = std::string());
  m.def("solve", &solve, arg("path"), arg("sets"), arg("vary"), arg("target"), arg("tolerance"), arg("max_runs"), arg("engine"), arg("n"),
        arg("seed"), arg("threads"), arg("batch"), arg("check"), arg("stress") = std::string());
  m.attr("CANCELLED") = sluice::driver::kCancelled;
}
