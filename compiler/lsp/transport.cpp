#include "lsp/transport.hpp"

#include <cctype>

namespace sluice::lsp {

namespace {

constexpr std::size_t kMaxHeaderLine = 8192;

// One header line without its "\r\n" (or "\n"); false at end of input.
bool read_line(std::istream& in, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  for (;;) {
    int c = in.get();
    if (c == std::char_traits<char>::eof()) return !line.empty();
    if (c == '\n') break;
    if (line.size() >= kMaxHeaderLine) {
      too_long = true;
      return true;
    }
    line += static_cast<char>(c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool iequals_prefix(const std::string& s, const std::string& prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

}  // namespace

ReadResult read_message(std::istream& in, std::string& body) {
  std::string line;
  bool too_long = false, any = false, have_length = false;
  std::size_t length = 0;
  for (;;) {
    if (!read_line(in, line, too_long)) return any ? ReadResult::Broken : ReadResult::End;
    if (too_long) return ReadResult::Broken;
    if (line.empty()) {
      if (!any) continue;  // blank lines between messages are tolerated
      break;
    }
    any = true;
    const std::string key = "content-length:";
    if (!iequals_prefix(line, key)) continue;  // Content-Type and the like
    std::size_t i = key.size();
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == line.size()) return ReadResult::Broken;
    length = 0;
    std::size_t digits = 0;
    for (; i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])); ++i, ++digits) {
      length = length * 10 + static_cast<std::size_t>(line[i] - '0');
      if (length > kMaxMessageBytes) return ReadResult::Broken;
    }
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (digits == 0 || i != line.size()) return ReadResult::Broken;
    have_length = true;
  }
  if (!have_length) return ReadResult::Broken;
  body.assign(length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(length));
  if (static_cast<std::size_t>(in.gcount()) != length) return ReadResult::Broken;
  return ReadResult::Message;
}

void write_message(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace sluice::lsp
