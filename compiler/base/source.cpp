#include "base/source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace sluice {

LineCol SourceFile::position(std::uint32_t offset) const {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  std::uint32_t line = static_cast<std::uint32_t>(it - line_starts.begin());
  if (line == 0) line = 1;
  const std::uint32_t begin = line_starts[line - 1];
  const std::uint32_t end = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  // Characters, not bytes: every byte but a UTF-8 continuation byte starts one.
  std::uint32_t chars = 0;
  for (std::uint32_t i = begin; i < end; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
  if (offset > end) chars += offset - end;  // past the end (an empty span at EOF): one column a byte
  return LineCol{line, chars + 1, offset - begin};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  std::uint32_t b = line_starts[line - 1];
  std::uint32_t e = line < line_starts.size() ? line_starts[line] : static_cast<std::uint32_t>(text.size());
  std::string_view v(text.data() + b, e - b);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

std::string_view without_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

std::uint32_t SourceManager::add(std::string path, std::string real_path, std::string text) {
  SourceFile f;
  f.path = std::move(path);
  f.real_path = std::move(real_path);
  if (without_bom(text).size() != text.size()) text.erase(0, 3);
  f.text = std::move(text);
  f.line_starts.push_back(0);
  for (std::uint32_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

std::string_view SourceManager::text(const Span& span) const {
  if (!span.valid() || span.file >= files_.size()) return {};
  const auto& t = files_[span.file].text;
  if (span.end > t.size()) return {};
  return std::string_view(t).substr(span.begin, span.end - span.begin);
}

bool read_file(const std::string& path, std::string& out, std::string& error, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::string text;
  char buf[1 << 16];
  while (in && text.size() <= max_bytes) {
    const std::size_t left = max_bytes - text.size();  // one more than this is enough
    in.read(buf, static_cast<std::streamsize>(left < sizeof buf ? left + 1 : sizeof buf));
    text.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    error = "read failed";
    return false;
  }
  out = std::move(text);
  return true;
}

}  // namespace sluice
