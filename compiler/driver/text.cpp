#include "driver/text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace sluice::driver {

std::string thousands(double v, int decimals) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::string s = fmt::format("{:.{}f}", std::fabs(v), decimals);
  std::string whole = s.substr(0, s.find('.')), frac = s.find('.') == std::string::npos ? "" : s.substr(s.find('.'));
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  bool neg = v < 0 && (out.find_first_not_of("0,") != std::string::npos || frac.find_first_not_of(".0") != std::string::npos);
  return (neg ? "-" : "") + out + frac;
}

std::string pct(std::optional<double> v) { return v ? fmt::format("{:.2f}%", *v * 100) : "n/a"; }

std::string Table::render(bool color) const {
  std::vector<std::size_t> w(head.size());
  for (std::size_t i = 0; i < head.size(); ++i) w[i] = head[i].size();
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], r[i].size());
  std::string out;
  auto line = [&](const std::vector<std::string>& r, bool bold) {
    std::string l;
    for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) {
      // First column left-aligned, numbers right-aligned.
      l += i == 0 ? fmt::format("{:<{}}", r[i], w[i]) : fmt::format("  {:>{}}", r[i], w[i]);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += (bold && color ? "\x1b[1m" + l + "\x1b[0m" : l) + "\n";
  };
  line(head, true);
  for (const auto& r : rows) line(r, false);
  return out;
}

}  // namespace sluice::driver
