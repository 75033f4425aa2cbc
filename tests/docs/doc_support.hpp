// What the docs checks share: reading Markdown into lines, code blocks,
// sections and code spans, and running the sluice binary.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace docs {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p);  // empty when it cannot be read
std::vector<std::string> split_lines(const std::string& text);
std::string trim(const std::string& s);
std::string lower(std::string s);

// A fenced block: its info string's first word, the line of its opening
// fence (1-based) and its text (lines joined with '\n', a final '\n').
struct CodeBlock {
  std::string lang;
  std::size_t line = 0;
  std::string text;
};

// A Markdown document split into what is code and what is prose.
struct Doc {
  fs::path path;
  std::string name;                 // as printed in failures: the path relative to the source tree
  std::vector<std::string> lines;   // every line
  std::vector<bool> in_code;        // true for the lines of a fenced block, fences included
  std::vector<CodeBlock> blocks;

  static Doc load(const fs::path& root, const std::string& relative);
  bool ok() const { return !lines.empty(); }

  // The code spans (`...`) of line i, outside fenced blocks.
  std::vector<std::string> spans(std::size_t i) const;
  // Lines [first, last) of the section whose heading contains `words`
  // (case-insensitive), up to the next heading of the same or a higher level.
  bool section(const std::string& words, std::size_t& first, std::size_t& last) const;
  // The prose just above the fenced block whose fence is on `block_line`,
  // back to the previous block or heading: what introduces the block.
  std::string intro(std::size_t block_line) const;
  std::string where(std::size_t line) const { return name + ":" + std::to_string(line); }
};

// GitHub's anchor for a heading's text.
std::string slug(const std::string& heading);

struct Result {
  int exit = -1;        // exit status, or -1 when the process did not exit normally
  std::string output;   // stdout and stderr together
};

// Runs `args` (no shell) in `cwd` (when not empty) with stdout and stderr
// sent to the file `capture`.
Result run(const std::vector<std::string>& args, const fs::path& capture, const fs::path& cwd = {});

}  // namespace docs
