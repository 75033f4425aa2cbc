// sluice: the command line. Each subcommand wires its options and does its
// work in a file of its own (driver/commands.hpp); main only builds the app,
// parses, and hands over to the subcommand that was given.
#include <CLI/CLI.hpp>

#include "driver/commands.hpp"
#include "driver/tier.hpp"
#include "driver/usage_errors.hpp"

using namespace sluice::driver;

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

  // In the order `sluice --help` lists them.
  const Command commands[] = {add_check(app), add_run(app),   add_sweep(app), add_solve(app), add_ir(app),     add_ast(app),
                              add_actus(app), add_merge(app), add_lsp(app),   add_fmt(app),   add_explain(app),
                              add_lock(app),  add_doc(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return report_usage_error(app, e);
  }
  // A Monte Carlo run too short for the tier ends without waiting for its
  // abandoned JIT compile (driver/tier.hpp): its output is written first.
  leave_compiles_to_exit();
  for (const auto& c : commands)
    if (c.cli->parsed()) return leave(c.action(Args{argc, argv}));
  return sluice::kUsage;  // unreachable: CLI11 requires one subcommand
}
