// Where things are, as the protocol counts: LSP positions are (line,
// character) with characters in UTF-16 code units, while the compiler's
// spans are byte offsets into UTF-8 text. A LineMap converts both ways for
// one text; the URI helpers turn file:// URIs into paths and back.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::lsp {

struct Position {
  std::uint32_t line = 0;       // 0-based
  std::uint32_t character = 0;  // 0-based, UTF-16 code units
};

class LineMap {
 public:
  explicit LineMap(std::string_view text);
  // A byte offset (clamped to the text) as a protocol position.
  Position position(std::size_t offset) const;
  // A protocol position as a byte offset: a line past the end is the end of
  // the text, a character past the line's end is the line's end, and a
  // character inside a surrogate pair or a UTF-8 sequence moves past it.
  std::size_t offset(Position p) const;
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;  // byte offset of each line
  std::size_t line_end(std::size_t line) const;  // before "\n" or "\r\n"
};

// The UTF-16 length of a UTF-8 byte range: one unit per character, two for
// characters outside the Basic Multilingual Plane (4-byte sequences).
std::uint32_t utf16_length(std::string_view utf8);

// "file:///home/a/My%20Deal.deal" -> "/home/a/My Deal.deal"; "" when the
// URI is not a file URI.
std::string uri_to_path(std::string_view uri);
// An absolute path as a file URI, percent-encoding what must be.
std::string path_to_uri(std::string_view path);

}  // namespace sluice::lsp
