// `sluice check`, `sluice ir` and `sluice ast`: the deal compiled up to a
// phase, and that phase's result printed (or, for check, only its errors).
#include <memory>

#include "base/text.hpp"
#include "driver/cli_numbers.hpp"
#include "driver/commands.hpp"
#include "driver/errors.hpp"
#include "ir/ir.hpp"
#include "syntax/ast.hpp"

namespace sluice::driver {

namespace {

struct InspectOptions {
  std::string file;
  std::vector<std::string> sets, libs;
};

// Compiles the deal through `last` with the --set values; kOk or the exit
// code once the errors are on stderr.
int compile_for(const InspectOptions& o, pipeline::Compiled& c, const std::string& last) {
  bool sets_ok = true;
  auto overrides = parse_sets(o.sets, sets_ok);
  if (!sets_ok) return kUsage;
  c.libs = o.libs;
  pipeline::compile(c, o.file, overrides, last);
  return c.exit ? report_compile(c, o.file) : report_warnings(c);
}

}  // namespace

Command add_check(CLI::App& app) {
  auto o = std::make_shared<InspectOptions>();
  auto* check = app.add_subcommand("check", "Parse and check a deal: names, units, kinds, cycles. Prints nothing when it is clean.");
  check->add_option("file", o->file, "the deal file")->required();
  check->add_option("--set", o->sets, "override a param, such as --set advance_A=55% (repeatable)");
  add_lib_option(*check, o->libs);
  check->footer("Example: sluice check examples/gpu_lease_abs/gpu_lease_abs.deal --set advance_A=55%");
  return {check, [o](Args) {
            pipeline::Compiled c;
            return compile_for(*o, c, "ir");
          }};
}

Command add_ir(CLI::App& app) {
  auto o = std::make_shared<InspectOptions>();
  auto* irc = app.add_subcommand("ir", "Print the IR: the deal as a per-period state machine.");
  irc->add_option("file", o->file, "the deal file")->required();
  irc->add_option("--set", o->sets, "override a param");
  add_lib_option(*irc, o->libs);
  irc->footer("Example: sluice ir examples/level_loan/level_loan.deal");
  return {irc, [o](Args) {
            pipeline::Compiled c;
            if (int rc = compile_for(*o, c, "ir")) return rc;
            return emit(printable_lines(ir::print(*c.module)), "");
          }};
}

Command add_ast(CLI::App& app) {
  auto o = std::make_shared<InspectOptions>();
  auto* astc = app.add_subcommand("ast", "Print the syntax tree of a deal file.");
  astc->add_option("file", o->file, "the deal file")->required();
  add_lib_option(*astc, o->libs);
  astc->footer("Example: sluice ast examples/gpu_lease_abs/gpu_lease_abs.deal");
  return {astc, [o](Args) {
            pipeline::Compiled c;
            if (int rc = compile_for(*o, c, "parse")) return rc;
            return emit(printable_lines(ast::dump(c.program.files[0], c.sources)), "");
          }};
}

}  // namespace sluice::driver
