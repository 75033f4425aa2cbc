// Checks the examples of docs/language.md against the sluice binary.
//
//   check_doc_examples SLUICE_BINARY docs/language.md
//
// Every fenced block whose info string is exactly `deal` must pass
// `sluice check` and `sluice run` (exit 0). Every block marked `deal-error`
// must fail `sluice check` with exit 65 and print the diagnostic code named
// on its first line, written as a comment: `// expect: E0300`. Other blocks
// (```text, ```sh, ...) are not tested. Each block is written to a file of
// its own in a fresh temporary folder; the binary is started with
// posix_spawn (no shell) and its output captured to a file.
//
// Prints one line per failure (with the block's line in the document) and
// `N passed, M failed` at the end; exits 1 when anything failed or when the
// document holds no tested example.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "doc_support.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct Block {
  enum class Kind { Pass, Error } kind = Kind::Pass;
  std::size_t line = 0;  // line of the opening fence, 1-based
  std::string text;
};

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Splits the document into fenced blocks; keeps those marked deal / deal-error.
// A fence is a line starting with ``` (after optional indentation); the
// block ends at the next line that is only ``` (a shorter fence inside a
// longer one is not supported, nor needed).
std::vector<Block> extract(const std::string& doc, std::vector<std::string>& problems) {
  std::vector<Block> out;
  std::istringstream in(doc);
  std::string line;
  std::size_t n = 0;
  bool inside = false;
  std::optional<Block> cur;
  std::size_t open_line = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t = trim(line);
    if (!inside) {
      if (t.rfind("```", 0) == 0) {
        inside = true;
        open_line = n;
        std::string info = trim(t.substr(3));
        // The first word of the info string says the language.
        std::string lang = info.substr(0, info.find_first_of(" \t"));
        if (lang == "deal") cur = Block{Block::Kind::Pass, n, {}};
        else if (lang == "deal-error") cur = Block{Block::Kind::Error, n, {}};
        else cur.reset();
      }
      continue;
    }
    if (t == "```") {
      inside = false;
      if (cur) out.push_back(std::move(*cur));
      cur.reset();
      continue;
    }
    if (cur) cur->text += line + "\n";
  }
  if (inside) problems.push_back("line " + std::to_string(open_line) + ": a fenced block is not closed");
  return out;
}

using docs::Result;
using docs::run;  // no shell, stdout and stderr to a capture file (doc_support.cpp)

std::string indent(const std::string& s) {
  std::string out;
  std::istringstream in(s);
  std::string line;
  int shown = 0;
  while (std::getline(in, line) && shown < 40) {
    out += "    " + line + "\n";
    ++shown;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: check_doc_examples SLUICE_BINARY DOC.md\n";
    return 2;
  }
  const std::string sluice = argv[1];
  const fs::path doc_path = argv[2];
  std::ifstream in(doc_path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << doc_path << "\n";
    return 2;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::vector<std::string> problems;
  std::vector<Block> blocks = extract(ss.str(), problems);

  std::string tmpl = (fs::temp_directory_path() / "sluice-docs-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    std::cerr << "cannot create a temporary folder: " << std::strerror(errno) << "\n";
    return 2;
  }
  const fs::path dir = buf.data();
  const fs::path capture = dir / "output.txt";
  const std::regex expect_re(R"(//\s*expect:\s*(E\d{4}))");

  int passed = 0, failed = 0;
  auto fail = [&](const Block& b, const std::string& why, const std::string& output) {
    ++failed;
    std::cout << doc_path.string() << ":" << b.line << ": FAIL: " << why << "\n";
    if (!output.empty()) std::cout << indent(output);
  };
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    const fs::path file = dir / ("example_" + std::to_string(b.line) + ".deal");
    {
      std::ofstream f(file, std::ios::binary | std::ios::trunc);
      f << b.text;
    }
    if (b.kind == Block::Kind::Pass) {
      Result c = run({sluice, "check", file.string()}, capture);
      if (c.exit != 0) {
        fail(b, "`sluice check` exited " + std::to_string(c.exit) + ", expected 0", c.output);
        continue;
      }
      Result r = run({sluice, "run", file.string(), "--format", "csv"}, capture);
      if (r.exit != 0) {
        fail(b, "`sluice run` exited " + std::to_string(r.exit) + ", expected 0", r.output);
        continue;
      }
      ++passed;
    } else {
      std::string first = b.text.substr(0, b.text.find('\n'));
      std::smatch m;
      if (!std::regex_search(first, m, expect_re)) {
        fail(b, "a deal-error block must start with `// expect: E0000`", "");
        continue;
      }
      const std::string code = m[1].str();
      Result c = run({sluice, "check", file.string()}, capture);
      if (c.exit != 65) {
        fail(b, "`sluice check` exited " + std::to_string(c.exit) + ", expected 65 with " + code, c.output);
        continue;
      }
      if (c.output.find("[" + code + "]") == std::string::npos) {
        fail(b, "`sluice check` did not report " + code, c.output);
        continue;
      }
      ++passed;
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  for (const auto& p : problems) {
    ++failed;
    std::cout << doc_path.string() << ": FAIL: " << p << "\n";
  }
  if (blocks.empty()) {
    ++failed;
    std::cout << doc_path.string() << ": FAIL: no ```deal or ```deal-error example found\n";
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
