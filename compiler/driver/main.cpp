// sluice: the command line. Data goes to stdout (or --out), diagnostics and
// narration to stderr; exit codes follow sysexits (see pipeline.hpp).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <optional>
#include <tuple>
#include <unistd.h>

#include "actus/actus.hpp"
#include "driver/distributed.hpp"
#include "driver/engine.hpp"
#include "driver/mpi_run.hpp"
#include "driver/output_files.hpp"
#include "driver/pipeline.hpp"
#include "driver/solve.hpp"
#include "driver/sweep.hpp"
#include "driver/report.hpp"
#include "driver/text.hpp"
#include "format/format.hpp"
#include "interp/evaluator.hpp"
#include "interp/interpreter.hpp"
#include "lsp/server.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "report/html_report.hpp"
#include "syntax/parser.hpp"

using namespace sluice;
using namespace sluice::driver;

namespace {

bool stderr_color() { return !std::getenv("NO_COLOR") && isatty(fileno(stderr)); }
bool stdout_color() { return !std::getenv("NO_COLOR") && isatty(fileno(stdout)); }

int report_diags(const Compiled& c) {
  std::cerr << render_all(c.diags, c.sources, stderr_color());
  return c.exit;
}

std::vector<sema::ParamOverride> parse_sets(const std::vector<std::string>& raw, bool& ok) {
  std::vector<sema::ParamOverride> out;
  ok = true;
  for (const auto& s : raw) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << fmt::format("error[E0703]: --set `{}` is not of the form name=value\n  hint: for example --set advance_A=55%\n", s);
      ok = false;
      continue;
    }
    out.push_back({s.substr(0, eq), s.substr(eq + 1)});
  }
  return out;
}

// Writes to --out (only once everything succeeded) or stdout, with the
// command's other files: all of them land, or none changes (output_files.hpp).
int emit(const std::string& text, const std::string& out, std::vector<OutputFile> also = {}) {
  if (!out.empty()) also.push_back({out, text});
  if (int rc = write_outputs(also)) return rc;
  if (out.empty()) std::cout << text;
  return kOk;
}

// Every file the deal read: no output may name one of them.
std::vector<std::string> inputs_of(const Compiled& c, const std::string& file) {
  std::vector<std::string> in{file};
  for (std::uint32_t i = 0; i < c.sources.size(); ++i)
    if (!c.sources.file(i).real_path.empty()) in.push_back(c.sources.file(i).real_path);
  return in;
}

// The options every command that runs scenarios takes: -n, --seed,
// --threads, --batch, --engine and --check. Returns -n, whose presence means Monte Carlo.
CLI::Option* add_monte_carlo_options(CLI::App& cmd, mc::Options& o, std::string& engine, const std::string& what_n) {
  auto* n = cmd.add_option("-n,--scenarios", o.scenarios, what_n)->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  cmd.add_option("--seed", o.seed, "the generator's seed (default 1): the same seed gives the same bits on any machine");
  cmd.add_option("--threads", o.threads, "worker threads (default: every hardware thread)")->check(CLI::Range(1, 1024));
  cmd.add_option("--batch", o.batch, "scenarios per evaluator call (default 256); results do not depend on it")->check(CLI::Range(1, 1 << 20));
  cmd.add_option("--engine", engine, "auto (default: the interpreter for a base case, the JIT for Monte Carlo), interp or jit")
      ->check(CLI::IsMember({"auto", "interp", "jit"}));
  cmd.add_flag("--check", o.audit,
               "audit every scenario's period table: each tranche's balance rolls forward, carried interest, no negative account or "
               "distribution (the base case is always audited)");
  return n;
}

// A run that stopped: a broken invariant (an engine bug, or the deal's own
// numbers when the check says so) or money that is not finite. `where`
// names the scenario of a Monte Carlo run.
int report_failure(const Compiled& c, const interp::Schedule& schedule, const std::string& where, int period, bool invariant,
                   std::size_t check, int column, double a, double b) {
  Diagnostic d;
  std::string when = fmt::format("{}period {} ({})", where, period, cal::format_date(schedule.dates[static_cast<std::size_t>(period)]));
  if (!invariant) {
    d.code = DiagCode::NonFinite;
    d.message = fmt::format("{}: `{}` is {}, not an amount of money", when, c.module->columns[static_cast<std::size_t>(column)].name,
                            std::isnan(a) ? "NaN" : "infinite");
    d.hints.push_back("look for a division by a value that can be zero in what feeds it");
    std::cerr << render(d, c.sources, stderr_color());
    return kBadDeal;
  }
  const auto& info = c.module->checks.at(check);
  if (info.finite) {
    d.code = DiagCode::NonFinite;
    d.message = fmt::format("{}: `{}` is {}, not an amount of money", when, info.what, std::isnan(a) ? "NaN" : "infinite");
    d.labels.push_back(Label{info.span, "this division", true});
    d.hints.push_back("guard the division, e.g. `if D > 0 then X / D else 0 USD`, or give the divisor a floor with max(...)");
    std::cerr << render(d, c.sources, stderr_color());
    return kBadDeal;
  }
  if (info.step) {
    d.code = DiagCode::BadStep;
    d.message = fmt::format("{}: {}", when, info.what);
    d.labels.push_back(Label{info.span, "in this period", true});
    d.hints.push_back("a rounding step must stay above zero, and a divisor away from zero: bound it, such as max(step, 0.01 USD)");
    std::cerr << render(d, c.sources, stderr_color());
    return kBadDeal;
  }
  d.code = DiagCode::InvariantViolated;
  d.message = fmt::format("{}: invariant broken: {} ({} against {})", when, info.what, a, b);
  d.labels.push_back(Label{info.span, "", true});
  if (info.input) {
    d.hints.push_back("the deal's own numbers break this rule: check the values declared here");
    std::cerr << render(d, c.sources, stderr_color());
    return kBadDeal;
  }
  d.hints.push_back("this is a bug in Sluice or a deal the engine cannot settle; please report it with the deal file");
  std::cerr << render(d, c.sources, stderr_color());
  return kSoftware;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Sluice: structured-finance deals as code. Parse, check and run a deal file."};
  app.require_subcommand(1);
  app.footer(R"(Examples:
  sluice check examples/gpu_lease_abs/gpu_lease_abs.deal
  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal
  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal --set advance_A=55% --format csv --out base.csv
  sluice ir examples/level_loan/level_loan.deal
  sluice explain E0300

Exit codes: 0 ok, 64 bad usage, 65 bad deal, 66 missing file, 70 a run broke an invariant, 73 cannot write output.)");

  std::string file, format = "table", out, code;
  std::vector<std::string> sets;

  auto* check = app.add_subcommand("check", "Parse and check a deal: names, units, kinds, cycles. Prints nothing when it is clean.");
  check->add_option("file", file, "the deal file")->required();
  check->add_option("--set", sets, "override a param, such as --set advance_A=55% (repeatable)");
  check->footer("Example: sluice check examples/gpu_lease_abs/gpu_lease_abs.deal --set advance_A=55%");

  mc::Options mc_opts;
  std::string scenarios_out;
  auto* run = app.add_subcommand("run", "Run a deal: its base case (every random factor on its expected path), or with -n a Monte Carlo of N scenarios.");
  run->add_option("file", file, "the deal file")->required();
  run->add_option("--set", sets, "override a param, such as --set advance_A=55% (repeatable)");
  run->add_option("--format", format, "table (default), csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  run->add_option("--out", out, "write the output to this file instead of stdout");
  std::string engine = "auto";
  auto* n_opt = add_monte_carlo_options(*run, mc_opts, engine, "run N random scenarios (Monte Carlo) instead of the base case");
  run->add_option("--fan-sample", mc_opts.fan_sample, "scenarios whose series give the fan-chart quantiles (default 10000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000}));
  run->add_option("--scenarios-out", scenarios_out, "write each scenario's metrics to this CSV file");
  std::string report_path;
  run->add_option("--report", report_path,
                  "also write a self-contained HTML report (tables, fan charts, loss histograms, the base case) to this file");
  std::string shard_spec;
  run->add_option("--shard", shard_spec, "run only shard i of k (i from 0) and write a partial result to --out for `sluice merge`");
  bool use_mpi = false;
  run->add_flag("--mpi", use_mpi, "spread the scenarios over the ranks of an MPI job (mpirun -np K sluice run ... --mpi); rank 0 prints");
  run->footer("Examples:\n  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal --format json --out base.json\n"
              "  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal -n 100000 --seed 7\n"
              "  sluice run examples/gpu_lease_abs/gpu_lease_abs.deal -n 10000 --seed 7 --report risk.html");

  std::vector<std::string> varies;
  auto* sweep = app.add_subcommand("sweep", "Run a grid of points over params: each point's base case, or with -n a Monte Carlo run "
                                            "with the same seed at every point (common random numbers).");
  sweep->add_option("file", file, "the deal file")->required();
  sweep->add_option("--vary", varies, "a param and its values: NAME=A..B:STEPS or NAME=V1,V2,... (repeatable: a grid)")->required();
  sweep->add_option("--set", sets, "hold a param at a value at every point (repeatable)");
  sweep->add_option("--format", format, "table (default), csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  sweep->add_option("--out", out, "write the grid to this file instead of stdout");
  // run and sweep are never both parsed, so they share the Monte Carlo options.
  auto* sweep_n = add_monte_carlo_options(*sweep, mc_opts, engine, "Monte Carlo scenarios per point, the same at every point");
  sweep->add_flag("--mpi", use_mpi, "spread each point's scenarios over the ranks of an MPI job; rank 0 prints the grid");
  sweep->footer("Examples:\n  sluice sweep deal.deal --vary deflation=-40%..-20%:5\n"
                "  sluice sweep deal.deal --vary advance_A=50%,55%,60% --vary deflation=-40%..-20%:3 -n 10000 --seed 7 --format csv --out grid.csv");

  SolveOptions solve_opts;
  std::string solve_vary;
  auto* solve = app.add_subcommand("solve", "Find the value of one param at which a target on a metric stops holding, by bisection "
                                             "(each run the base case, or with -n a Monte Carlo run under one seed)");
  solve->add_option("file", file, "the deal file")->required();
  solve->add_option("--vary", solve_vary, "the param and the range to search: NAME=A..B")->required();
  solve->add_option("--target", solve_opts.target, "METRIC OP VALUE, such as \"A PD <= 1%\" or \"B loss > 0%\" (a metric `sweep` prints)")
      ->required();
  solve->add_option("--set", sets, "hold a param at a value in every run (repeatable)");
  solve->add_option("--tol", solve_opts.tolerance, "stop when the bracket is this narrow, in the range's unit (default: a thousandth of the range)");
  solve->add_option("--max-runs", solve_opts.max_runs, "at most this many runs, the two ends included (default 60)")->check(CLI::Range(2, 1000));
  solve->add_option("--format", format, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
  solve->add_option("--out", out, "write the result to this file instead of stdout");
  auto* solve_n = add_monte_carlo_options(*solve, mc_opts, engine, "Monte Carlo scenarios per run, the same in every run");
  solve->footer("Examples:\n  sluice solve deal.deal --vary advance_A=40%..80% --target \"A PD <= 1%\" -n 20000 --seed 7\n"
                "  sluice solve deal.deal --vary drift=0%..-40% --target \"B loss > 0%\"");

  auto* irc = app.add_subcommand("ir", "Print the IR: the deal as a per-period state machine.");
  irc->add_option("file", file, "the deal file")->required();
  irc->add_option("--set", sets, "override a param");
  irc->footer("Example: sluice ir examples/level_loan/level_loan.deal");

  auto* astc = app.add_subcommand("ast", "Print the syntax tree of a deal file.");
  astc->add_option("file", file, "the deal file")->required();
  astc->footer("Example: sluice ast examples/gpu_lease_abs/gpu_lease_abs.deal");

  std::string actus_file;
  auto* actus_cmd = app.add_subcommand("actus", "Run an ACTUS test-bed file (PAM, ANN, LAM, NAM) and compare every event.");
  actus_cmd->add_option("file", actus_file, "an actus-tests-*.json file")->required();
  actus_cmd->footer("Example: sluice actus tests/oracles/actus/actus-tests-pam.json\n"
                    "Prints one line per failing case with its first difference, then `N passed, M failed`; exits 1 on any failure.");

  MergeOptions merge_opts;
  auto* merge = app.add_subcommand("merge", "Merge the partial results of a sharded Monte Carlo run (`sluice run --shard i/k`) "
                                            "and print what the one-process run prints.");
  merge->add_option("parts", merge_opts.parts, "the partial-result files, in any order")->required();
  merge->add_option("--format", merge_opts.format, "table (default), csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  merge->add_option("--out", merge_opts.out, "write the output to this file instead of stdout");
  merge->add_option("--scenarios-out", merge_opts.scenarios_out, "write each scenario's metrics to this CSV file");
  merge->footer("Example:\n  sluice run deal.deal -n 1000000 --seed 7 --shard 0/2 --out part-0.bin\n"
                "  sluice run deal.deal -n 1000000 --seed 7 --shard 1/2 --out part-1.bin\n"
                "  sluice merge part-*.bin --format json");

  auto* lsp_cmd = app.add_subcommand("lsp", "Run the language server: LSP (JSON-RPC) over stdin and stdout, for editors.");
  lsp_cmd->footer("Editors start it themselves; see editors/*/README.md.");

  sluice::format::CommandOptions fmt_opts;
  auto* fmt_cmd = app.add_subcommand("fmt", "Print a deal file in the canonical layout, or check or rewrite files in it.");
  fmt_cmd->add_option("files", fmt_opts.files, "deal files (one without --check or --write)")->required();
  fmt_cmd->add_flag("--check", fmt_opts.check, "print nothing if every file is canonical, else name each one and exit 1");
  fmt_cmd->add_flag("-w,--write", fmt_opts.write, "rewrite each file that is not canonical, in place");
  fmt_cmd->footer("Examples:\n  sluice fmt examples/level_loan/level_loan.deal\n  sluice fmt --check examples/*/*.deal");

  auto* explain = app.add_subcommand("explain", "Say what a diagnostic code means.");
  explain->add_option("code", code, "such as E0300")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }

  if (lsp_cmd->parsed()) return lsp::serve(std::cin, std::cout);
  if (fmt_cmd->parsed()) {
    fmt_opts.color = stderr_color();
    return sluice::format::run_command(fmt_opts, std::cout, std::cerr);
  }

  if (actus_cmd->parsed()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(actus_file, ec)) {
      std::cerr << fmt::format("error[E0800]: cannot read `{}`: no such file\n", actus_file);
      return kNoInput;
    }
    try {
      auto results = actus::run_file(actus_file);
      int failed = 0;
      for (const auto& r : results)
        if (!r.pass) {
          std::cout << "FAIL " << r.first_difference << "\n";
          ++failed;
        }
      std::cout << actus::summary_line(results) << "\n";
      return failed ? 1 : kOk;
    } catch (const std::exception& e) {
      std::cerr << fmt::format("error: `{}` is not an ACTUS test-bed file: {}\n", actus_file, e.what());
      return kBadDeal;
    }
  }

  if (merge->parsed()) {
    merge_opts.color = merge_opts.out.empty() && stdout_color();
    return run_merge(merge_opts);
  }

  if (explain->parsed()) {
    std::string digits;
    for (char ch : code)
      if (std::isdigit(static_cast<unsigned char>(ch))) digits += ch;
    int n = digits.empty() ? -1 : std::atoi(digits.c_str());
#define DIAG(num, name, summary)                                  \
  if (n == num) {                                                 \
    std::cout << fmt::format("E{:04d}: {}\n", num, summary);     \
    return kOk;                                                   \
  }
#include "diagnostics/codes.def"
#undef DIAG
    std::cerr << fmt::format("error: there is no diagnostic `{}`\n", code);
    return kUsage;
  }

  bool sets_ok = true;
  auto overrides = parse_sets(sets, sets_ok);
  if (!sets_ok) return kUsage;

  // Under --mpi every rank runs this program; rank 0 alone speaks.
  std::optional<mpi::Session> mpi_session;
  if ((run->parsed() || sweep->parsed()) && use_mpi) {
    const bool monte_carlo = run->parsed() ? !n_opt->empty() : !sweep_n->empty();
    const char* clash = !mpi::available() ? "this sluice was built without MPI (install libopenmpi-dev and rebuild); "
                                            "`--shard i/k` and `sluice merge` do the same by hand"
                        : !monte_carlo    ? "--mpi spreads Monte Carlo scenarios over the ranks: give -n N"
                        : !shard_spec.empty() ? "--mpi chooses each rank's shard itself: drop --shard"
                                          : nullptr;
    if (clash) {
      std::cerr << "error[E0703]: " << clash << "\n";
      return kUsage;
    }
    mpi_session.emplace(argc, argv);
    if (mpi_session->rank() != 0) std::cerr.rdbuf(nullptr);
  }

  if (sweep->parsed()) {
    SweepOptions so;
    so.sets = overrides;
    so.format = format;
    so.engine = engine;
    so.color = out.empty() && stdout_color();
    for (const auto& v : varies) {
      std::string error;
      auto axis = parse_vary(v, error);
      if (!axis) {
        std::cerr << "error[E0703]: " << error << "\n";
        return kUsage;
      }
      so.axes.push_back(*axis);
    }
    if (!sweep_n->empty()) {
      mc_opts.fan_sample = 1;
      so.monte_carlo = mc_opts;
    }
    if (mpi_session) {
      so.mpi = &*mpi_session;
      so.color = false;
    }
    if (int rc = check_outputs({out}, {file})) return rc;
    std::string text;
    if (int rc = run_sweep(file, so, text)) return rc;
    if (mpi_session && mpi_session->rank() != 0) return kOk;
    return emit(text, out);
  }

  if (solve->parsed()) {
    solve_opts.sets = overrides;
    solve_opts.vary = solve_vary;
    solve_opts.format = format;
    solve_opts.engine = engine;
    solve_opts.color = out.empty() && stdout_color();
    if (!solve_n->empty()) {
      mc_opts.fan_sample = 1;
      solve_opts.monte_carlo = mc_opts;
    }
    if (int rc = check_outputs({out}, {file})) return rc;
    std::string text;
    if (int rc = run_solve(file, solve_opts, text)) return rc;
    return emit(text, out);
  }

  // A shard writes a partial result and nothing else: the report is merge's.
  std::optional<Shard> shard;
  if (run->parsed() && !shard_spec.empty()) {
    std::string why;
    shard = parse_shard(shard_spec, why);
    const char* clash = n_opt->empty()                ? "--shard splits a Monte Carlo run: give -n N"
                        : out.empty()                 ? "--shard writes a partial result: give --out FILE"
                        : !report_path.empty()        ? "--report belongs to `sluice merge`, which sees every scenario; drop it here"
                        : !scenarios_out.empty()      ? "--scenarios-out belongs to `sluice merge`, which sees every scenario; drop it here"
                        : run->count("--format") != 0 ? "--format belongs to `sluice merge`; a shard always writes a partial result"
                                                      : nullptr;
    if (!shard || clash) {
      std::cerr << "error[E0703]: " << (shard ? std::string(clash) : why) << "\n";
      return kUsage;
    }
  }
  if (mpi_session) shard = Shard{static_cast<std::uint64_t>(mpi_session->rank()), static_cast<std::uint64_t>(mpi_session->size())};

  Compiled c;
  auto missing = [&] {
    std::cerr << fmt::format("error[E0800]: cannot read `{}`: no such file\n", file);
    return kNoInput;
  };

  if (astc->parsed()) {
    compile(c, file, {}, "parse");
    if (c.exit == kNoInput && !c.diags.has_errors()) return missing();
    if (c.exit) return report_diags(c);
    return emit(printable_lines(ast::dump(c.program.files[0], c.sources)), "");
  }
  compile(c, file, overrides, "ir");
  if (c.exit == kNoInput && !c.diags.has_errors()) return missing();
  if (c.exit) return report_diags(c);
  if (check->parsed()) return kOk;
  if (irc->parsed()) return emit(printable_lines(ir::print(*c.module)), "");

  const auto& deal = c.model->deal;
  auto schedule = schedule_for(deal);
  const std::string day_count(cal::day_count_name(deal.day_count));
  if (!report_path.empty() && (report_path == out || report_path == scenarios_out)) {
    std::cerr << "error[E0800]: --report names the same file as --out or --scenarios-out\n";
    return kUsage;
  }
  if (!scenarios_out.empty() && scenarios_out == out) {
    std::cerr << "error[E0800]: --out and --scenarios-out name the same file\n";
    return kUsage;
  }
  if (int rc = check_outputs({out, scenarios_out, report_path}, inputs_of(c, file))) return rc;
  // A base case that broke an invariant or produced money that is not
  // finite (a division by zero upstream) is a deal error.
  auto base_failure = [&](const interp::Trace& trace) {
    if (trace.violation) {
      const auto& v = *trace.violation;
      return report_failure(c, schedule, "", v.period, true, v.check, -1, v.a, v.b);
    }
    for (std::size_t t = 0; t < trace.rows.size(); ++t)
      for (std::size_t col = 0; col < c.module->columns.size(); ++col) {
        double v = trace.rows[t][col];
        if (c.module->columns[col].unit == c.module->currency && !std::isfinite(v))
          return report_failure(c, schedule, "", static_cast<int>(t + 1), false, 0, static_cast<int>(col), v, 0);
      }
    return static_cast<int>(kOk);
  };
  auto html = [&](const analysis::BaseReport& base, const mc::RiskReport* risk, const mc::Simulation* sim) {
    report::HtmlInputs in;
    in.base = &base;
    in.risk = risk;
    in.sim = sim;
    in.months_per_period = deal.months_per_period;
    in.source = file;
    return report::html_report(in);
  };
  if (!n_opt->empty()) {
    mc_opts.months_per_period = deal.months_per_period;
    mc_opts.progress = isatty(fileno(stderr)) != 0 && !mpi_session;
    if (shard) std::tie(mc_opts.first, mc_opts.count) = shard_range(*shard, mc_opts.scenarios);
    auto started = std::chrono::steady_clock::now();
    auto evaluator = make_engine(*c.module, schedule, engine == "interp" ? "interp" : "jit", true);
    if (!evaluator) return kSoftware;
    auto sim = mc::simulate(*c.module, schedule, *evaluator, mc_opts);
    auto shape = mc::risk_shape(*c.module, schedule, day_count, deal.period_name);
    if (mpi_session) {
      // From here on rank 0 holds the whole run, exactly as one process would.
      auto all = mpi::gather(*mpi_session, part_identity(c, overrides, mc_opts), shape, sim);
      if (!all) return kOk;
      if (!all->error.empty()) {
        std::cerr << "error: the ranks' partial results do not fit together: " << all->error << "\n";
        return kSoftware;
      }
      shard.reset();
      if (all->failure) sim.failure = all->failure;
      else sim = std::move(all->whole->sim);
    }
    if (sim.failure) {
      const auto& f = *sim.failure;
      return report_failure(c, schedule, fmt::format("scenario {} (seed {}), ", f.scenario, mc_opts.seed), f.period, f.invariant,
                            f.check, f.column, f.a, f.b);
    }
    if (shard) {
      if (int rc = write_atomically(mc::encode_part(part_identity(c, overrides, mc_opts), shape, sim), out)) return rc;
      if (isatty(fileno(stderr)))
        std::cerr << fmt::format("shard {}/{}: {} scenarios from scenario {} of {}, written to {}\n", shard->index, shard->count,
                                 sim.count, sim.first, mc_opts.scenarios, out);
      return kOk;
    }
    auto risk = mc::aggregate(shape, sim);
    // Under mpirun stdout is a pipe or pty of the launcher's: never colour.
    std::string text = mc::format_risk(risk, format, out.empty() && stdout_color() && !mpi_session);
    std::vector<OutputFile> files;
    if (!scenarios_out.empty()) files.push_back({scenarios_out, mc::format_scenarios_csv(sim)});
    if (!report_path.empty()) {
      // The report shows the base case beside the distribution.
      auto trace = interp::run_base_case(*c.module, schedule);
      if (int rc = base_failure(trace)) return rc;
      auto base = analysis::summarize(*c.module, trace, schedule, day_count, deal.period_name, deal.months_per_period);
      files.push_back({report_path, html(base, &risk, &sim)});
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (isatty(fileno(stderr)))
      std::cerr << fmt::format("{} scenarios in {:.2f} s ({} engine)\n", thousands(static_cast<double>(mc_opts.scenarios)), secs,
                               evaluator->name());
    return emit(text, out, std::move(files));
  }

  // The base case: the interpreter unless --engine jit.
  interp::Trace trace;
  if (engine == "jit") {
    auto jit = make_engine(*c.module, schedule, "jit", false);
    if (!jit) return kSoftware;
    trace = base_case_with(*jit, *c.module, schedule);
  } else {
    trace = interp::run_base_case(*c.module, schedule);
  }
  if (int rc = base_failure(trace)) return rc;
  auto rep = analysis::summarize(*c.module, trace, schedule, day_count, deal.period_name, deal.months_per_period);
  std::string text = format == "csv" ? format_csv(rep) : format == "json" ? format_json(rep) : format_table(rep, out.empty() && stdout_color());
  std::vector<OutputFile> files;
  if (!report_path.empty()) files.push_back({report_path, html(rep, nullptr, nullptr)});
  return emit(text, out, std::move(files));
}
