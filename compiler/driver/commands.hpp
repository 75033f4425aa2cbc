// The subcommands of `sluice`. Each adds itself to the CLI11 app (its
// options, help and examples) and returns what to do once the command line
// has parsed; main.cpp only dispatches. Data goes to stdout (or --out),
// diagnostics and narration to stderr; exit codes follow sysexits
// (diagnostics/exit.hpp).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/mpi_run.hpp"
#include "driver/output_files.hpp"
#include "montecarlo/simulate.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::driver {

// main's argc and argv: `--mpi` hands them to MPI_Init.
struct Args {
  int& argc;
  char**& argv;
};

struct Command {
  CLI::App* cli = nullptr;
  std::function<int(Args)> action;  // run once `cli` was the subcommand parsed
};

Command add_check(CLI::App& app);  // cmd_inspect.cpp: check, ir, ast
Command add_ir(CLI::App& app);
Command add_ast(CLI::App& app);
Command add_run(CLI::App& app);    // cmd_run.cpp
Command add_sweep(CLI::App& app);  // cmd_grid.cpp: sweep, solve
Command add_solve(CLI::App& app);
Command add_actus(CLI::App& app);  // cmd_tools.cpp: actus, merge, lsp, fmt, explain
Command add_merge(CLI::App& app);
Command add_lsp(CLI::App& app);
Command add_fmt(CLI::App& app);
Command add_explain(CLI::App& app);
Command add_lock(CLI::App& app);  // cmd_library.cpp: lock, doc
Command add_doc(CLI::App& app);

// What the commands share (cmd_common.cpp).

// The whole-number options of one command (cli_numbers.hpp), bound as text
// and read strictly once the command line has parsed, so that `--seed -1`
// or `-n 1e9` is refused through the diagnostics renderer (E0704, exit 64)
// rather than wrapped by CLI11's conversion or printed in its own format.
class NumberOptions {
 public:
  // Adds `flags` to `cmd`; check() stores the value given into `target`.
  template <class T>
  CLI::Option* add(CLI::App& cmd, const std::string& flags, T& target, std::uint64_t lo, std::uint64_t hi, const std::string& help) {
    return add_text(cmd, flags, lo, hi, help, [&target](std::uint64_t v) { target = static_cast<T>(v); });
  }
  // kOk once every option given parsed; else the first bad one refused (kUsage).
  int check() const;

 private:
  struct Entry {
    CLI::Option* option;
    std::string name;  // as errors name it: the first of the flags (`-n`)
    std::shared_ptr<std::string> text;
    std::uint64_t lo, hi;
    std::function<void(std::uint64_t)> store;
  };
  CLI::Option* add_text(CLI::App& cmd, const std::string& flags, std::uint64_t lo, std::uint64_t hi, const std::string& help,
                        std::function<void(std::uint64_t)> store);
  std::vector<Entry> entries_;
};

// `--lib DIR` (repeatable): a library folder searched for `import desk.gpu`
// after the deal's folder and before $SLUICE_PATH's (sema/imports.hpp).
void add_lib_option(CLI::App& cmd, std::vector<std::string>& libs);


// Every file a compiled deal read (the deal, its imports, the CSV files of
// its csv factors), for check_outputs: no output may name one of them.
std::vector<std::string> inputs_of(const pipeline::Compiled& c, const std::string& file);

// Writes to --out (only once everything succeeded) or stdout, with the
// command's other files: all of them land, or none changes (output_files.hpp).
int emit(const std::string& text, const std::string& out, std::vector<OutputFile> also = {});

// The options every command that runs scenarios takes: -n, --seed,
// --threads, --batch, --engine and --check. Returns -n, whose presence means Monte Carlo.
CLI::Option* add_monte_carlo_options(CLI::App& cmd, mc::Options& o, std::string& engine, const std::string& what_n, NumberOptions& numbers);

// `--mpi`: refuses it where it cannot apply (no MPI in this build, no -n,
// a --shard beside it), else joins the MPI job. Every rank runs the command;
// rank 0 alone speaks, so the others' stderr is silenced.
int start_mpi(bool monte_carlo, bool shard_given, Args args, std::optional<mpi::Session>& session);

}  // namespace sluice::driver
