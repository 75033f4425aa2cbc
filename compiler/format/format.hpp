// `sluice fmt`: the canonical layout of a deal file, and the command that
// prints, checks or rewrites files in it. The layout keeps every comment and
// every line break, never touches a literal's spelling, and is checked
// before it is handed out: the formatted text must lex to the same tokens
// and parse to the same syntax tree as the original (see format.cpp).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "base/source.hpp"
#include "diagnostics/diagnostic.hpp"

namespace sluice::format {

struct Formatted {
  std::optional<std::string> text;  // empty when the file does not parse (see diags) or on `internal`
  std::string internal;             // why the self-check refused the result; "" when it passed
};

// Formats the file `file_id` of `sm`. A file that does not parse leaves its
// diagnostics in `diags`.
Formatted format_file(std::uint32_t file_id, const SourceManager& sm, Diagnostics& diags);

struct CommandOptions {
  std::vector<std::string> files;
  bool check = false;  // report files that are not canonical; exit 1 if any
  bool write = false;  // rewrite files that are not canonical, in place
  bool color = false;  // diagnostics in colour
};

// The whole command: returns the exit status (0 ok, 1 --check found a file
// to format, 64 bad usage, 65 a file does not parse, 66 a file is missing,
// 70 the self-check refused, 73 a file cannot be written).
int run_command(const CommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sluice::format
