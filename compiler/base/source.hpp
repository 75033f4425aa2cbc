// Source files and spans: every AST node and diagnostic points into a file
// registered here by (file id, byte range).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

struct Span {
  std::uint32_t file = 0;
  std::uint32_t begin = 0;  // byte offset, inclusive
  std::uint32_t end = 0;    // byte offset, exclusive
  bool valid() const { return end >= begin && file != kNoFile; }
  static constexpr std::uint32_t kNoFile = 0xffffffffu;
  static Span none() { return Span{kNoFile, 0, 0}; }
  Span to(const Span& other) const { return Span{file, begin, other.end > end ? other.end : end}; }
};

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in characters (UTF-8 code points), as an editor counts them
  std::uint32_t byte = 0;    // 0-based byte offset within the line, for slicing its text
};

struct SourceFile {
  std::string path;     // as the user named it (what diagnostics print)
  std::string real_path;  // canonical path on disk ("" for in-memory)
  std::string text;
  std::vector<std::uint32_t> line_starts;  // byte offset of each line
  LineCol position(std::uint32_t offset) const;
  std::string_view line_text(std::uint32_t line) const;  // without the newline
};

// A UTF-8 byte order mark (EF BB BF), which Excel's "CSV UTF-8" and some
// editors put at the start of a file. It marks the encoding and is no part
// of the text: SourceManager::add drops it, so a deal or CSV file that
// starts with one reads as the same file without it (line 1's columns
// included).
std::string_view without_bom(std::string_view text);

class SourceManager {
 public:
  // Registers a file's text (less a leading byte order mark).
  std::uint32_t add(std::string path, std::string real_path, std::string text);
  const SourceFile& file(std::uint32_t id) const { return files_.at(id); }
  std::size_t size() const { return files_.size(); }
  std::string_view text(const Span& span) const;

 private:
  std::vector<SourceFile> files_;
};

// Reads a whole file; returns false (and leaves out untouched) when it cannot.
// Stops after max_bytes + 1 bytes, so a caller with a size limit sees an
// endless file (/dev/zero) as over it without reading it all.
bool read_file(const std::string& path, std::string& out, std::string& error, std::size_t max_bytes = SIZE_MAX);

}  // namespace sluice
