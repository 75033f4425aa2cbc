// Checks what the docs claim against the sluice binary and the sources, so
// that the next change to the CLI, the diagnostics, the grammar or the
// report that the docs do not follow fails a test:
//
//   check_doc_claims SLUICE_BINARY SOURCE_DIR
//
// The main docs (README.md, docs/language.md, docs/output.md,
// docs/architecture.md) are checked throughout; the other docs and READMEs
// only where they run sluice (their commands, options and codes). What each
// check holds is in claims.hpp and at each check. Prints one line per
// failure (`FILE:LINE: FAIL: why`) and `N checked, M failed`; exits 1 on
// any failure.
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "claims.hpp"

namespace docs {

const Doc& Context::doc(const std::string& name) const {
  for (const auto& d : docs)
    if (d.name == name) return d;
  std::cerr << "check_doc_claims: " << name << " is not loaded\n";
  std::exit(2);
}

void Context::fail(const std::string& where, const std::string& why) {
  ++failures;
  std::cout << where << ": FAIL: " << why << "\n";
}

Result Context::sluice_run(const std::vector<std::string>& args, const fs::path& cwd) {
  return run(args, tmp / "output.txt", cwd);
}

}  // namespace docs

int main(int argc, char** argv) {
  using namespace docs;
  if (argc != 3) {
    std::cerr << "usage: check_doc_claims SLUICE_BINARY SOURCE_DIR\n";
    return 2;
  }
  Context c;
  c.sluice = fs::absolute(argv[1]).string();
  c.root = fs::absolute(argv[2]);
  // Diagnostics as a terminal without colour shows them, whatever the caller's environment.
  setenv("NO_COLOR", "1", 1);

  for (const char* name : {"README.md", "docs/language.md", "docs/output.md", "docs/architecture.md"}) {
    c.docs.push_back(Doc::load(c.root, name));
    if (!c.docs.back().ok()) {
      std::cerr << "cannot read " << (c.root / name) << "\n";
      return 2;
    }
  }
  std::vector<std::string> others;
  for (const auto& e : fs::directory_iterator(c.root / "docs"))
    if (e.path().extension() == ".md" && !c.root.empty()) others.push_back("docs/" + e.path().filename().string());
  for (const char* dir : {"examples", "editors"})
    for (const auto& e : fs::directory_iterator(c.root / dir))
      if (fs::exists(e.path() / "README.md")) others.push_back(std::string(dir) + "/" + e.path().filename().string() + "/README.md");
  others.push_back("editors/README.md");
  for (const auto& name : others) {
    bool main_doc = false;
    for (const auto& d : c.docs) main_doc = main_doc || d.name == name;
    if (!main_doc) c.other_docs.push_back(Doc::load(c.root, name));
  }

  std::string tmpl = (fs::temp_directory_path() / "sluice-doc-claims-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    std::cerr << "cannot create a temporary folder: " << std::strerror(errno) << "\n";
    return 2;
  }
  c.tmp = buf.data();

  Cli cli;
  if (read_cli(c, cli)) {
    check_commands(c, cli);
    check_options(c, cli);
    check_exit_codes(c, cli);
  }
  check_quoted_outputs(c);
  check_report(c);
  check_codes(c);
  check_keywords(c);
  check_functions(c);
  check_paths(c);
  check_golden_names(c);
  check_symbols(c);
  check_layout(c);
  check_links(c);
  check_registry(c);
  check_domains(c);
  check_metrics(c);

  std::error_code ec;
  fs::remove_all(c.tmp, ec);
  std::cout << c.checks << " checked, " << c.failures << " failed\n";
  return c.failures == 0 && c.checks > 0 ? 0 : 1;
}
