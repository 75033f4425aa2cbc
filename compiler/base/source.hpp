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
  std::uint32_t column = 1;  // 1-based, in bytes
};

struct SourceFile {
  std::string path;     // as the user named it (what diagnostics print)
  std::string real_path;  // canonical path on disk ("" for in-memory)
  std::string text;
  std::vector<std::uint32_t> line_starts;  // byte offset of each line
  LineCol position(std::uint32_t offset) const;
  std::string_view line_text(std::uint32_t line) const;  // without the newline
};

class SourceManager {
 public:
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
