// check_coverage: every diagnostic code of compiler/diagnostics/codes.def is
// produced by a test, and every IR op of compiler/ir/ops.def is exercised by
// one, so a code or an op added without a test fails `ctest`.
//
//   check_coverage SOURCE_ROOT [--list]
//
// What counts, suite by suite (each is a place where a test states what
// sluice must print, and the test fails if sluice does not):
//   golden  tests/golden/**/*.deal: a code in the expected block (`[E0602]`);
//           an op in the expected stdout of a golden whose RUN line is `ir`
//           (`  %3 = Curve %6 curve0`).
//   docs    docs/language.md: the `// expect: E....` line of a ```deal-error
//           block (tests/docs checks that `sluice check` fails with it).
//   unit    tests/unit/*.cpp, *.hpp: a code inside a string literal on a line
//           that is not a comment (`CHECK(has(e, "error[E0113]"))`, a table
//           of {source, "E0220"}); an op written `Op::Name` in code.
//   script  tests/**/*.sh, *.js, CMakeLists.txt outside golden/ and
//           coverage/: a code on a line that is not a comment
//           (`expect 73 E0800 ...`, `grep -q 'error\[E0810\]'`).
// tests/coverage/allowed.txt lists what cannot be produced from outside,
// each with its reason; an entry that is covered after all, or that names
// nothing in the .def files, fails too, so the list stays true.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string trim_left(const std::string& s) {
  std::size_t i = s.find_first_not_of(" \t");
  return i == std::string::npos ? "" : s.substr(i);
}

// Entries of an X-macro table: the first argument of each `MACRO(...)` line.
std::vector<std::string> def_entries(const fs::path& file, const std::string& macro) {
  std::vector<std::string> out;
  const std::regex entry("^" + macro + R"(\(\s*([A-Za-z0-9_]+)\s*,)");
  for (const auto& l : lines_of(read(file))) {
    std::smatch m;
    if (std::regex_search(l, m, entry)) out.push_back(m[1]);
  }
  return out;
}

std::string code_name(const std::string& number) {  // 602 -> E0602
  std::string digits = number;
  while (digits.size() < 4) digits = "0" + digits;
  return "E" + digits;
}

// Where each code or op was seen: suite -> files.
using Evidence = std::map<std::string, std::map<std::string, std::set<std::string>>>;

void note(Evidence& ev, const std::string& what, const std::string& suite, const fs::path& file, const fs::path& root) {
  ev[what][suite].insert(fs::relative(file, root).string());
}

const std::regex kCode(R"(E\d{4})");

void codes_in(const std::string& text, Evidence& ev, const std::string& suite, const fs::path& file, const fs::path& root) {
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kCode); it != std::sregex_iterator(); ++it)
    note(ev, it->str(), suite, file, root);
}

void scan_goldens(const fs::path& root, Evidence& codes, Evidence& ops) {
  static const std::regex bracketed(R"(\[(E\d{4})\])");
  static const std::regex instruction(R"(^//   %\d+ = ([A-Za-z]+)\b)");
  for (const auto& e : fs::recursive_directory_iterator(root / "tests/golden")) {
    if (!e.is_regular_file() || e.path().extension() != ".deal") continue;
    if (e.path().string().find("/inputs/") != std::string::npos) continue;
    const auto lines = lines_of(read(e.path()));
    const bool ir = !lines.empty() && std::regex_search(lines[0], std::regex(R"(^// RUN:\s*ir(\s|$))"));
    bool in_block = false;
    for (const auto& l : lines) {
      if (l.rfind("// ---- expected: ", 0) == 0) in_block = true;
      if (!in_block) continue;
      for (auto it = std::sregex_iterator(l.begin(), l.end(), bracketed); it != std::sregex_iterator(); ++it)
        note(codes, (*it)[1], "golden", e.path(), root);
      std::smatch m;
      if (ir && std::regex_search(l, m, instruction)) note(ops, m[1], "golden", e.path(), root);
    }
  }
}

void scan_docs(const fs::path& root, Evidence& codes) {
  const fs::path file = root / "docs/language.md";
  static const std::regex expect(R"(^// expect: (E\d{4})\s*$)");
  bool in_error_block = false;
  for (const auto& l : lines_of(read(file))) {
    if (l.rfind("```", 0) == 0) {
      in_error_block = !in_error_block && l == "```deal-error";
      continue;
    }
    std::smatch m;
    if (in_error_block && std::regex_search(l, m, expect)) note(codes, m[1], "docs", file, root);
  }
}

void scan_unit(const fs::path& root, Evidence& codes, Evidence& ops) {
  static const std::regex literal(R"("(?:[^"\\]|\\.)*")");
  static const std::regex op(R"(\bOp::([A-Za-z]+)\b)");
  for (const auto& e : fs::recursive_directory_iterator(root / "tests/unit")) {
    if (!e.is_regular_file() || (e.path().extension() != ".cpp" && e.path().extension() != ".hpp")) continue;
    for (const auto& l : lines_of(read(e.path()))) {
      if (trim_left(l).rfind("//", 0) == 0) continue;
      for (auto it = std::sregex_iterator(l.begin(), l.end(), literal); it != std::sregex_iterator(); ++it)
        codes_in(it->str(), codes, "unit", e.path(), root);
      std::string code = l.substr(0, l.find("//"));
      for (auto it = std::sregex_iterator(code.begin(), code.end(), op); it != std::sregex_iterator(); ++it)
        note(ops, (*it)[1], "unit", e.path(), root);
    }
  }
}

void scan_scripts(const fs::path& root, Evidence& codes) {
  for (const auto& e : fs::recursive_directory_iterator(root / "tests")) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), root).string();
    if (rel.rfind("tests/golden/", 0) == 0 || rel.rfind("tests/coverage/", 0) == 0) continue;
    const std::string ext = e.path().extension().string();
    const std::string name = e.path().filename().string();
    std::string comment;
    if (ext == ".sh" || name == "CMakeLists.txt") comment = "#";
    else if (ext == ".js") comment = "//";
    else continue;
    for (const auto& l : lines_of(read(e.path())))
      if (trim_left(l).rfind(comment, 0) != 0) codes_in(l, codes, "script", e.path(), root);
  }
}

struct Allowed {
  std::string what, why;
  int line;
};

std::vector<Allowed> read_allowed(const fs::path& file, int& errors) {
  std::vector<Allowed> out;
  int n = 0;
  for (const auto& raw : lines_of(read(file))) {
    ++n;
    std::string l = trim_left(raw);
    if (l.empty() || l[0] == '#') continue;
    std::istringstream in(l);
    Allowed a{"", "", n};
    in >> a.what;
    std::getline(in, a.why);
    a.why = trim_left(a.why);
    if (a.why.empty()) {
      std::cout << "FAIL " << file.filename().string() << ":" << n << ": `" << a.what << "` needs its reason on its line\n";
      ++errors;
    }
    out.push_back(a);
  }
  return out;
}

std::string where(const std::map<std::string, std::set<std::string>>& by_suite) {
  std::string out;
  for (const auto& [suite, files] : by_suite) {
    out += (out.empty() ? "" : "; ") + suite + ": " + *files.begin();
    if (files.size() > 1) out += " (+" + std::to_string(files.size() - 1) + ")";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::string(argv[2]) != "--list")) {
    std::cerr << "usage: check_coverage SOURCE_ROOT [--list]\n";
    return 2;
  }
  const fs::path root = fs::canonical(argv[1]);
  const bool list = argc == 3;
  std::vector<std::string> codes;
  for (const auto& number : def_entries(root / "compiler/diagnostics/codes.def", "DIAG")) codes.push_back(code_name(number));
  const std::vector<std::string> ops = def_entries(root / "compiler/ir/ops.def", "OP");
  if (codes.empty() || ops.empty()) {
    std::cout << "FAIL: read no entries from codes.def or ops.def (has their format changed?)\n";
    return 1;
  }

  Evidence code_ev, op_ev;
  scan_goldens(root, code_ev, op_ev);
  scan_docs(root, code_ev);
  scan_unit(root, code_ev, op_ev);
  scan_scripts(root, code_ev);

  int errors = 0;
  const fs::path allowed_file = root / "tests/coverage/allowed.txt";
  std::map<std::string, Allowed> allowed;
  for (const auto& a : read_allowed(allowed_file, errors)) allowed[a.what] = a;

  auto check = [&](const std::vector<std::string>& names, const Evidence& ev, const std::string& kind,
                   const std::string& how) {
    std::set<std::string> known(names.begin(), names.end());
    for (const auto& n : names) {
      auto it = ev.find(n);
      const bool covered = it != ev.end();
      const bool excused = allowed.count(n) > 0;
      if (list) std::cout << kind << " " << n << ": " << (covered ? where(it->second) : excused ? "allowed: " + allowed[n].why : "NONE") << "\n";
      if (!covered && !excused) {
        std::cout << "FAIL " << kind << " " << n << " is exercised by no test; " << how << "\n";
        ++errors;
      } else if (covered && excused) {
        std::cout << "FAIL allowed.txt:" << allowed[n].line << ": " << n << " is allowed untested, but " << where(it->second)
                  << " covers it: remove the entry\n";
        ++errors;
      }
    }
    return known;
  };
  auto known_codes = check(codes, code_ev, "code", "add a golden fail_ test that produces it (tests/golden/README.md), or a unit test that asserts it");
  auto known_ops = check(ops, op_ev, "op", "make a golden `ir` test print it (tests/golden/ir/), or name it in a unit test (Op::Name)");

  // A test that states a code codes.def does not have tests nothing.
  for (const auto& [code, by_suite] : code_ev)
    if (!known_codes.count(code)) {
      std::cout << "FAIL code " << code << " is not in codes.def but " << where(by_suite) << " states it\n";
      ++errors;
    }
  for (const auto& [op, by_suite] : op_ev)
    if (!known_ops.count(op)) {
      std::cout << "FAIL op " << op << " is not in ops.def but " << where(by_suite) << " names it\n";
      ++errors;
    }
  for (const auto& [what, a] : allowed)
    if (!known_codes.count(what) && !known_ops.count(what)) {
      std::cout << "FAIL allowed.txt:" << a.line << ": `" << what << "` is neither a code of codes.def nor an op of ops.def\n";
      ++errors;
    }

  if (errors) {
    std::cout << errors << " problem(s)\n";
    return 1;
  }
  std::cout << "ok: " << codes.size() << " codes and " << ops.size() << " ops, each exercised by a test ("
            << allowed.size() << " allowed untested)\n";
  return 0;
}
