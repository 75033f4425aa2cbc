#include "base/printable.hpp"

namespace sluice {

std::string printable_text(std::string_view s, std::size_t tab_width) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\t' && tab_width > 0) {
      out.append(tab_width, ' ');
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    const bool c1 = ok && n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;
    if (ok && !c1) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += '?';
      i += c1 ? 2 : 1;
    }
  }
  return out;
}

}  // namespace sluice
