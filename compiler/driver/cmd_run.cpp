// `sluice run`: a deal's base case, or with -n a Monte Carlo run (on threads,
// one --shard of it, or spread over the ranks of an MPI job), printed as a
// table, CSV or JSON, with a per-scenario CSV and an HTML report beside it.
#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <unistd.h>

#include "base/text.hpp"
#include "analysis/market.hpp"
#include "driver/cli_numbers.hpp"
#include "driver/commands.hpp"
#include "driver/errors.hpp"
#include "driver/report.hpp"
#include "driver/run_deal.hpp"
#include "driver/stress_run.hpp"
#include "montecarlo/risk_workbook.hpp"
#include "montecarlo/worst.hpp"
#include "report/html_report.hpp"

namespace sluice::driver {

namespace {

struct RunOptions {
  std::string file, format = "table", out, scenarios_out, report_path, shard_spec, engine = "auto";
  std::string path, worst, top;  // --path K, --worst METRIC, --top M (parsed strictly below)
  std::string stress;            // --stress NAME or all
  std::vector<std::string> sets, libs;
  mc::Options mc;
  NumberOptions numbers;
  bool use_mpi = false;
  CLI::Option* n = nullptr;  // given: Monte Carlo
  CLI::App* cli = nullptr;
};

// --shard i/k, refused where it cannot apply: a shard writes a partial
// result and nothing else (the report is merge's).
int parse_shard_option(const RunOptions& o, std::optional<Shard>& shard) {
  std::string why;
  shard = parse_shard(o.shard_spec, why);
  const char* clash = o.n->empty()                   ? "--shard splits a Monte Carlo run: give -n N"
                      : o.out.empty()                ? "--shard writes a partial result: give --out FILE"
                      : !o.report_path.empty()       ? "--report belongs to `sluice merge`, which sees every scenario; drop it here"
                      : !o.scenarios_out.empty()     ? "--scenarios-out belongs to `sluice merge`, which sees every scenario; drop it here"
                      : o.cli->count("--format") != 0 ? "--format belongs to `sluice merge`; a shard always writes a partial result"
                                                     : nullptr;
  if (!shard) return refuse(kUsage, DiagCode::BadOptionValue, why);
  if (clash) return refuse(kUsage, DiagCode::OptionClash, clash);
  return kOk;
}

// The outputs, refused once the deal has compiled (so its own errors come
// first) and before anything runs.
int check_run_outputs(const RunOptions& o, const pipeline::Compiled& c) {
  if (!o.report_path.empty() && (o.report_path == o.out || o.report_path == o.scenarios_out))
    return refuse(kUsage, DiagCode::OutputIsInput, "--report names the same file as --out or --scenarios-out");
  if (!o.scenarios_out.empty() && o.scenarios_out == o.out)
    return refuse(kUsage, DiagCode::OutputIsInput, "--out and --scenarios-out name the same file");
  return check_outputs({o.out, o.scenarios_out, o.report_path}, inputs_of(c, o.file));
}

std::string html(const DealRun& run, const std::string& file, const analysis::BaseReport& base, const mc::RiskReport* risk, const mc::Simulation* sim,
                 const report::RunRecord& record, const mc::WorstList* worst = nullptr) {
  report::HtmlInputs in;
  in.record = &record;
  in.worst = worst;
  in.base = &base;
  in.risk = risk;
  in.sim = sim;
  in.months_per_period = run.compiled.model->deal.months_per_period;
  in.source = file;
  return report::html_report(in);
}

// A whole number, read as every command-line number is (cli_numbers.hpp):
// --path K, --top M. Their own errors (E0710) say what range applies.
std::optional<std::uint64_t> whole_number(const std::string& s) {
  std::string why;
  return parse_whole(s, 0, UINT64_MAX, why);
}

// --path K and --worst METRIC [--top M], refused before anything compiles
// where they cannot apply; K and M are parsed into `path` and `top`.
int check_drill_options(const RunOptions& o, std::optional<std::uint64_t>& path, std::uint64_t& top) {
  const bool drill = !o.path.empty() || !o.worst.empty();
  const char* clash = !drill && !o.top.empty()                  ? "--top M says how many scenarios --worst lists: give --worst METRIC"
                      : drill && o.n->empty()                  ? "--path and --worst read a Monte Carlo run: give -n N (and --seed S)"
                      : !o.path.empty() && !o.worst.empty()    ? "--worst lists scenarios and --path replays one: give one of them"
                      : drill && !o.shard_spec.empty()         ? "--path and --worst need the whole run, not a --shard of it"
                      : drill && o.use_mpi                     ? "--path and --worst run in one process: drop --mpi"
                      : !o.path.empty() && !o.scenarios_out.empty() ? "--path replays one scenario; --scenarios-out belongs to the whole run"
                      : !o.path.empty() && !o.report_path.empty()   ? "--path replays one scenario; --report belongs to the whole run"
                                                                    : nullptr;
  if (clash) return refuse(kUsage, DiagCode::DrillClash, clash);
  if (!o.path.empty()) {
    path = whole_number(o.path);
    if (!path || *path >= o.mc.scenarios)
      return refuse(kUsage, DiagCode::BadScenarioChoice,
                    fmt::format("--path `{}` is not a scenario of this run: scenarios are numbered 0 to {}", printable(o.path), o.mc.scenarios - 1),
                    {"the ids `--worst METRIC` and --scenarios-out print are the K to give"});
  }
  if (!o.top.empty()) {
    auto m = whole_number(o.top);
    if (!m || *m == 0)
      return refuse(kUsage, DiagCode::BadScenarioChoice, fmt::format("--top `{}` is not a number of scenarios (1 or more)", printable(o.top)),
                    {"for example --worst B.loss --top 20"});
    top = *m;
  }
  return kOk;
}

// --format xlsx: the Monte Carlo risk report as a workbook, to a file.
int check_workbook_options(const RunOptions& o) {
  if (o.format != "xlsx") return kOk;
  const char* why = o.n->empty() ? "--format xlsx writes the Monte Carlo risk report: give -n N (the base case prints as table, csv or json)"
                    : !o.worst.empty() || !o.path.empty()
                        ? "--format xlsx writes the whole run's risk report; --worst and --path print as table, csv or json"
                    : o.out.empty() ? "--format xlsx writes a workbook, not text: give --out FILE.xlsx"
                                    : nullptr;
  if (why) return refuse(kUsage, DiagCode::WorkbookNeedsFile, why);
  if (!mc::workbook_available())
    return refuse(kUsage, DiagCode::WorkbookUnavailable, "this sluice was built without libxlsxwriter, so it cannot write --format xlsx",
                  {"install Debian's libxlsxwriter-dev (`make` does) and configure the build again; --format csv has the same numbers"});
  return kOk;
}

// --worst METRIC, once the deal has compiled: a per-scenario metric of its
// plan (the per-scenario CSV's columns) with a direction in the registry.
int check_worst_metric(const RunOptions& o, const pipeline::Compiled& c) {
  if (o.worst.empty()) return kOk;
  const auto plan = mc::metric_plan(*c.module);
  std::string ranked;
  for (const auto& m : plan)
    if (vocab::info(m.kind).worse != vocab::MetricWorse::Neither) ranked += (ranked.empty() ? "" : ", ") + m.name;
  const mc::Metric* m = mc::find_metric(plan, o.worst);
  if (!m)
    return refuse(kUsage, DiagCode::BadWorstMetric, fmt::format("--worst `{}` is no per-scenario metric of this deal", printable(o.worst)),
                  {"metrics that rank scenarios here: " + ranked});
  if (vocab::info(m->kind).worse == vocab::MetricWorse::Neither)
    return refuse(kUsage, DiagCode::BadWorstMetric,
                  fmt::format("--worst `{}`: this metric has no worse direction (a test's minimum is bad for a coverage test, good for an LTV)",
                              printable(o.worst)),
                  {"metrics that rank scenarios here: " + ranked});
  return kOk;
}

// The command that replays one of the run's scenarios, less `--path K`
// (on any engine: a scenario's path is the same on both).
std::string replay_command(const RunOptions& o) {
  std::string cmd = fmt::format("sluice run {} -n {} --seed {}", o.file, o.mc.scenarios, o.mc.seed);
  for (const auto& s : o.sets) cmd += " --set " + (s.find(' ') == std::string::npos ? s : "\"" + s + "\"");
  return cmd;
}

// The command line as typed, for the report's record: an argument with a
// blank or a quote in it is shown in double quotes.
std::string command_line(Args args) {
  std::string cmd;
  for (int i = 0; i < args.argc; ++i) {
    std::string a = args.argv[i];
    if (i == 0) a = "sluice";
    if (a.find_first_of(" \t\"'") != std::string::npos) {
      std::string q = "\"";
      for (char ch : a) q += ch == '"' ? std::string("\\\"") : std::string(1, ch);
      a = q + "\"";
    }
    cmd += (cmd.empty() ? "" : " ") + a;
  }
  return cmd;
}

// --stress NAME|all, refused where it cannot apply: a stress is a
// deterministic run, so the Monte Carlo drill-down and a run spread over
// shards or ranks do not fit it; -n goes only with `all`, whose table sets
// the distribution beside the stresses.
int check_stress_options(const RunOptions& o) {
  if (o.stress.empty()) return kOk;
  const bool all = o.stress == "all";
  const char* clash = !o.path.empty() || !o.worst.empty() ? "--stress runs fixed paths; --path and --worst drill into a Monte Carlo run: give one of them"
                      : !o.shard_spec.empty() || o.use_mpi ? "--stress runs in one process: drop --shard and --mpi"
                      : !all && !o.n->empty()              ? "a stress runs deterministically: -n N goes with --stress all (the Monte Carlo run beside the stresses) or with no --stress"
                      : !o.scenarios_out.empty()           ? "--scenarios-out writes a Monte Carlo run's scenarios: run it without --stress"
                                                           : nullptr;
  if (clash) return refuse(kUsage, DiagCode::StressClash, clash);
  return kOk;
}

analysis::BaseReport summarize_base(const DealRun& run) {
  const auto& deal = run.compiled.model->deal;
  return analysis::summarize(*run.compiled.module, *run.base, run.schedule, run.day_count, deal.period_name, deal.months_per_period);
}


int run_command(RunOptions& o, Args args) {
  if (int rc = o.numbers.check()) return rc;
  bool sets_ok = true;
  auto overrides = parse_sets(o.sets, sets_ok);
  if (!sets_ok) return kUsage;
  const bool monte_carlo = !o.n->empty();
  // Under --mpi every rank runs this program; rank 0 alone speaks.
  std::optional<mpi::Session> mpi_session;
  if (o.use_mpi)
    if (int rc = start_mpi(monte_carlo, !o.shard_spec.empty(), args, mpi_session)) return rc;
  std::optional<Shard> shard;
  if (!o.shard_spec.empty())
    if (int rc = parse_shard_option(o, shard)) return rc;
  if (int rc = check_stress_options(o)) return rc;
  std::optional<std::uint64_t> path;
  std::uint64_t top = 10;
  if (int rc = check_drill_options(o, path, top)) return rc;
  if (int rc = check_workbook_options(o)) return rc;
  if (o.stress == "all") {
    StressRequest sr;
    sr.file = o.file;
    sr.format = o.format;
    sr.out = o.out;
    sr.report_path = o.report_path;
    sr.engine = o.engine;
    sr.command = command_line(args);
    sr.sets = overrides;
    sr.set_texts = o.sets;
    sr.libs = o.libs;
    if (monte_carlo) {
      o.mc.progress = isatty(fileno(stderr)) != 0;
      sr.monte_carlo = o.mc;
    }
    sr.before_run = [&](const pipeline::Compiled& c) { return check_run_outputs(o, c); };
    return run_stresses(sr);
  }

  DealRequest req;
  req.file = o.file;
  req.sets = overrides;
  req.libs = o.libs;
  req.engine = o.engine;
  if (monte_carlo) {
    o.mc.progress = isatty(fileno(stderr)) != 0 && !mpi_session;
    req.monte_carlo = o.mc;
  }
  req.shard = shard;
  req.mpi = mpi_session ? &*mpi_session : nullptr;
  req.base_case_too = !o.report_path.empty();  // the report shows the base case beside the distribution
  req.path = path;
  // The draws and factors are recorded where an output reads them: a path
  // prints them, and each scenario's summary of them (F.min, F.at_TRIGGER)
  // goes to --scenarios-out, here or after a merge of shards. Other runs
  // neither store the columns nor summarise them per scenario.
  req.factors = path.has_value() || !o.scenarios_out.empty() || shard.has_value();
  req.stress = o.stress;
  req.before_run = [&](const pipeline::Compiled& c) {
    if (int rc = check_worst_metric(o, c)) return rc;
    return check_run_outputs(o, c);
  };
  DealRun run;
  int rc = run_deal(req, run);
  if (run.worker) return kOk;  // rank 0 reports, for every rank
  if (rc) return rc;

  std::vector<OutputFile> files;
  const auto record = run_record(run, o.file, command_line(args), o.sets, overrides, o.stress);
  if (!run.sim) {
    auto rep = summarize_base(run);
    rep.stress = o.stress;
    const PathOf of{path.value_or(0), o.mc.seed, o.mc.scenarios};
    const PathOf* p = path ? &of : nullptr;
    std::string text = o.format == "csv"    ? format_csv(rep)
                       : o.format == "json" ? format_json(rep, p)
                                            : format_table(rep, o.out.empty() && stdout_color(), p);
    if (!o.report_path.empty()) files.push_back({o.report_path, html(run, o.file, rep, nullptr, nullptr, record)});
    return emit(text, o.out, std::move(files));
  }
  const mc::Simulation& sim = *run.sim;
  if (shard) {
    // A quoted deal's part carries what the market table reads of its base case.
    const auto basis = market_basis(run);
    const auto part = mc::encode_part(part_identity(run.compiled, overrides, run.options), *run.shape, sim, basis ? &*basis : nullptr);
    if (int wrc = write_atomically(part, o.out)) return wrc;
    if (isatty(fileno(stderr)))
      std::cerr << fmt::format("shard {}/{}: {} scenarios from scenario {} of {}, written to {}\n", shard->index, shard->count, sim.count,
                               sim.first, run.options.scenarios, o.out);
    return kOk;
  }
  auto risk = risk_report(run);
  // Under mpirun stdout is a pipe or pty of the launcher's: never colour.
  std::string text;
  if (o.format == "xlsx") {
    std::string why;
    auto workbook = mc::format_risk_xlsx(risk, why);
    if (!workbook) return refuse(kCantCreate, DiagCode::CannotRead, why);
    text = std::move(*workbook);
  } else {
    text = mc::format_risk(risk, o.format, o.out.empty() && stdout_color() && !mpi_session);
  }
  std::optional<mc::WorstList> worst;
  if (!o.worst.empty()) {  // the list instead of the report: the tail, and how to replay it
    worst = mc::worst_scenarios(sim, *mc::find_metric(sim.metrics, o.worst), top);
    text = mc::format_worst(*worst, o.format, replay_command(o), o.mc.seed, o.mc.scenarios, o.out.empty() && stdout_color());
  }
  if (!o.scenarios_out.empty()) files.push_back({o.scenarios_out, mc::format_scenarios_csv(sim)});
  if (!o.report_path.empty()) files.push_back({o.report_path, html(run, o.file, summarize_base(run), &risk, &sim, record, worst ? &*worst : nullptr)});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - run.started).count();
  if (isatty(fileno(stderr)))
    std::cerr << fmt::format("{} scenarios in {:.2f} s ({} engine)\n", thousands(static_cast<double>(run.options.scenarios)), secs, run.engine);
  return emit(text, o.out, std::move(files));
}

}  // namespace

Command add_run(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* run = app.add_subcommand("run", "Run a deal: its base case (every random factor on its expected path), or with -n a Monte Carlo of N scenarios.");
  o->cli = run;
  run->add_option("file", o->file, "the deal file")->required();
  run->add_option("--set", o->sets, "override a param, such as --set advance_A=55% (repeatable)");
  add_lib_option(*run, o->libs);
  run->add_option("--format", o->format, "table (default), csv or json; with -n and --out, xlsx (a workbook)")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
  run->add_option("--out", o->out, "write the output to this file instead of stdout");
  o->n = add_monte_carlo_options(*run, o->mc, o->engine, "run N random scenarios (Monte Carlo) instead of the base case", o->numbers);
  o->numbers.add(*run, "--fan-sample", o->mc.fan_sample, 1, 1'000'000, "scenarios whose series give the fan-chart quantiles (default 10000)");
  run->add_option("--scenarios-out", o->scenarios_out, "write each scenario's metrics to this CSV file");
  run->add_option("--report", o->report_path,
                  "also write a self-contained HTML report (tables, fan charts, loss histograms, the base case) to this file");
  run->add_option("--path", o->path,
                  "with -n N and --seed S: print scenario K alone (0 to N-1): its period tables and its draws' and factors' values");
  run->add_option("--worst", o->worst, "with -n N: list the scenarios worst by this per-scenario metric (B.loss, A.irr) instead of the report");
  run->add_option("--top", o->top, "how many scenarios --worst lists (default 10)");
  run->add_option("--stress", o->stress,
                  "run the deal's stress NAME (a base case on the paths it fixes), or `all`: every stress beside the base case (and with -n N the Monte Carlo run)");
  run->add_option("--shard", o->shard_spec, "run only shard i of k (i from 0) and write a partial result to --out for `sluice merge`");
  run->add_flag("--mpi", o->use_mpi, "spread the scenarios over the ranks of an MPI job (mpirun -np K sluice run ... --mpi); rank 0 prints");
  run->footer("Examples:\n  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal --format json --out base.json\n"
              "  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal -n 100000 --seed 7\n"
              "  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal -n 10000 --seed 7 --report risk.html\n"
              "  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal -n 10000 --seed 7 --worst B.loss --top 5\n"
              "  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal -n 10000 --seed 7 --path 42\n"
              "  sluice run examples/level_loan/level_loan.deal --stress all");
  return {run, [o](Args args) { return run_command(*o, args); }};
}

}  // namespace sluice::driver
