// The commands beside running deals: `sluice actus` (the ACTUS test bed),
// `merge` (a sharded run's parts), `lsp` (the language server), `fmt` (the
// formatter) and `explain` (what a diagnostic code means).
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "actus/actus.hpp"
#include "base/text.hpp"
#include "driver/cli_numbers.hpp"
#include "driver/commands.hpp"
#include "driver/distributed.hpp"
#include "driver/errors.hpp"
#include "format/format.hpp"
#include "lsp/server.hpp"

namespace sluice::driver {

namespace {

int run_actus(const std::string& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return refuse(kNoInput, DiagCode::CannotRead, fmt::format("cannot read `{}`: no such file", file));
  try {
    auto results = actus::run_file(file);
    int failed = 0;
    for (const auto& r : results)
      if (!r.pass) {
        std::cout << "FAIL " << r.first_difference << "\n";
        ++failed;
      }
    std::cout << actus::summary_line(results) << "\n";
    return failed ? 1 : kOk;
  } catch (const std::exception& e) {
    return refuse_uncoded(kBadDeal, fmt::format("`{}` is not an ACTUS test-bed file: {}", file, e.what()));
  }
}

// `E0300`, `e0300`, `0300` or `300`; nothing else (`x3y0z0` used to read as 300).
int explain(const std::string& code) {
  std::string_view digits(code);
  if (!digits.empty() && (digits[0] == 'E' || digits[0] == 'e')) digits.remove_prefix(1);
  std::string why;
  auto parsed = digits.size() <= 4 ? parse_whole(digits, 0, 9999, why) : std::nullopt;
  int n = parsed ? static_cast<int>(*parsed) : -1;
#define DIAG(num, name, summary)                              \
  if (n == num) {                                             \
    std::cout << fmt::format("E{:04d}: {}\n", num, summary); \
    return kOk;                                               \
  }
#include "diagnostics/codes.def"
#undef DIAG
  return refuse_uncoded(kUsage, fmt::format("there is no diagnostic `{}`", printable(code)));
}

}  // namespace

Command add_actus(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto* actus_cmd = app.add_subcommand("actus", "Run an ACTUS test-bed file (PAM, ANN, LAM, NAM) and compare every event.");
  actus_cmd->add_option("file", *file, "an actus-tests-*.json file")->required();
  actus_cmd->footer("Example: sluice actus tests/oracles/actus/actus-tests-pam.json\n"
                    "Prints one line per failing case with its first difference, then `N passed, M failed`; exits 1 on any failure.");
  return {actus_cmd, [file](Args) { return run_actus(*file); }};
}

Command add_merge(CLI::App& app) {
  auto o = std::make_shared<MergeOptions>();
  auto* merge = app.add_subcommand("merge", "Merge the partial results of a sharded Monte Carlo run (`sluice run --shard i/k`) "
                                            "and print what the one-process run prints.");
  merge->add_option("parts", o->parts, "the partial-result files, in any order")->required();
  merge->add_option("--format", o->format, "table (default), csv or json; with --out, xlsx (a workbook)")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
  merge->add_option("--out", o->out, "write the output to this file instead of stdout");
  merge->add_option("--scenarios-out", o->scenarios_out, "write each scenario's metrics to this CSV file");
  merge->footer("Example:\n  sluice run deal.deal -n 1000000 --seed 7 --shard 0/2 --out part-0.bin\n"
                "  sluice run deal.deal -n 1000000 --seed 7 --shard 1/2 --out part-1.bin\n"
                "  sluice merge part-*.bin --format json");
  return {merge, [o](Args) {
            o->color = o->out.empty() && stdout_color();
            return run_merge(*o);
          }};
}

Command add_lsp(CLI::App& app) {
  auto libs = std::make_shared<std::vector<std::string>>();
  auto* lsp_cmd = app.add_subcommand("lsp", "Run the language server: LSP (JSON-RPC) over stdin and stdout, for editors.");
  add_lib_option(*lsp_cmd, *libs);
  // Language clients (vscode-languageclient's stdio transport, Neovim's) pass
  // --stdio; stdio is the only transport, so the flag is accepted and changes nothing.
  lsp_cmd->add_flag("--stdio")->description("talk over stdin and stdout (the only transport; accepted for language clients)");
  lsp_cmd->footer("Editors start it themselves; see editors/*/README.md.");
  return {lsp_cmd, [libs](Args) { return lsp::serve(std::cin, std::cout, *libs); }};
}

Command add_fmt(CLI::App& app) {
  auto o = std::make_shared<sluice::format::CommandOptions>();
  auto* fmt_cmd = app.add_subcommand("fmt", "Print a deal file in the canonical layout, or check or rewrite files in it.");
  fmt_cmd->add_option("files", o->files, "deal files (one without --check or --write)")->required();
  fmt_cmd->add_flag("--check", o->check, "print nothing if every file is canonical, else name each one and exit 1");
  fmt_cmd->add_flag("-w,--write", o->write, "rewrite each file that is not canonical, in place");
  fmt_cmd->footer("Examples:\n  sluice fmt examples/level_loan/level_loan.deal\n  sluice fmt --check examples/*/*.deal");
  return {fmt_cmd, [o](Args) {
            o->color = stderr_color();
            return sluice::format::run_command(*o, std::cout, std::cerr);
          }};
}

Command add_explain(CLI::App& app) {
  auto code = std::make_shared<std::string>();
  auto* explain_cmd = app.add_subcommand("explain", "Say what a diagnostic code means.");
  explain_cmd->add_option("code", *code, "such as E0300")->required();
  return {explain_cmd, [code](Args) { return explain(*code); }};
}

}  // namespace sluice::driver
