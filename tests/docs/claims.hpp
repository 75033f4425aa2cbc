// The checks of check_doc_claims: what the docs say about the command line,
// the diagnostics, the grammar, the files and the HTML report, against the
// binary and the sources. Each check prints `FILE:LINE: FAIL: why` for every
// claim that does not hold.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "doc_support.hpp"

namespace docs {

struct Context {
  fs::path root;        // the source tree
  std::string sluice;   // the binary
  fs::path tmp;         // a scratch folder of this run
  std::vector<Doc> docs;  // README.md, docs/language.md, docs/output.md, docs/architecture.md
  std::vector<Doc> other_docs;  // the other docs and READMEs: checked only where they run sluice
  int failures = 0;
  int checks = 0;

  const Doc& doc(const std::string& name) const;
  void fail(const std::string& where, const std::string& why);
  Result sluice_run(const std::vector<std::string>& args, const fs::path& cwd = {});
};

// The CLI as `sluice --help` and `sluice COMMAND --help` print it.
struct Cli {
  std::vector<std::string> commands;
  std::map<std::string, std::set<std::string>> options;  // per command: `--long` and `-s` forms
  std::set<std::string> all_options;
  std::map<std::string, std::vector<std::vector<std::string>>> option_lines;  // per command: the names of each option line
  std::set<int> exit_codes;  // from the help's footer
};
bool read_cli(Context& c, Cli& cli);

void check_commands(Context& c, const Cli& cli);
void check_options(Context& c, const Cli& cli);
void check_exit_codes(Context& c, const Cli& cli);
void check_quoted_outputs(Context& c);
void check_report(Context& c);

void check_codes(Context& c);
void check_keywords(Context& c);
void check_functions(Context& c);  // claims_functions.cpp: against compiler/vocabulary/functions.def
void check_paths(Context& c);
void check_golden_names(Context& c);
void check_symbols(Context& c);
void check_layout(Context& c);
void check_links(Context& c);
void check_registry(Context& c);  // claims_registry.cpp: property and member tables
void check_metrics(Context& c);  // claims_metrics.cpp: against vocabulary/metrics.def
void check_domains(Context& c);  // claims_domains.cpp: the Domain column of the registry

}  // namespace docs
