#include "base/text.hpp"

#include "base/printable.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace sluice {

std::string non_finite_text(double v) {
  if (std::isnan(v)) return "n/a";
  return v > 0 ? "inf" : "-inf";
}

std::string full_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : non_finite_text(v); }

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

std::string fixed(double v, int decimals) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : non_finite_text(v); }

std::string significant(double v, int digits) { return std::isfinite(v) ? fmt::format("{:.{}g}", v, digits) : non_finite_text(v); }

std::string thousands(double v, int decimals) {
  if (!std::isfinite(v)) return non_finite_text(v);
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

std::string MoneyScale::operator()(double v) const { return thousands(v / divisor, decimals); }

MoneyScale money_scale(double largest) { return std::fabs(largest) >= 1e7 ? MoneyScale{1000, 0} : MoneyScale{1, 2}; }

std::string percent(double v, int decimals) {
  if (!std::isfinite(v)) return non_finite_text(v);
  const double x = v * 100;
  // A small share that the fixed decimals would round to zero (a PD of
  // 0.003% as "0.00%") keeps two significant digits instead.
  // Below 1e-6 % (one in 10^8, finer than any run estimates) it is a
  // rounding residue, such as an IRR of 1.9e-17: the fixed decimals again.
  if (std::fabs(x) >= 1e-6 && std::fabs(x) < 0.5 * std::pow(10.0, -decimals))
    decimals = static_cast<int>(std::ceil(-std::log10(std::fabs(x)))) + 1;
  return fmt::format("{:.{}f}%", x, decimals);
}

std::string pct(std::optional<double> v) {
  if (!v) return "n/a";
  return percent(*v, 2);
}

std::string printable(std::string_view s) { return printable_text(s); }

std::string printable_lines(std::string_view s) {
  std::string out;
  std::size_t from = 0;
  while (from <= s.size()) {
    auto to = s.find_first_of("\n\t", from);
    if (to == std::string_view::npos) to = s.size();
    out += printable(s.substr(from, to - from));
    if (to < s.size()) out += s[to];
    from = to + 1;
  }
  return out;
}

std::string json_safe(std::string dumped) {
  std::string out;
  out.reserve(dumped.size());
  for (std::size_t i = 0; i < dumped.size(); ++i) {
    auto c = static_cast<unsigned char>(dumped[i]);
    if (c == 0x7f) {
      out += "\\u007f";
    } else if (c == 0xC2 && i + 1 < dumped.size() && static_cast<unsigned char>(dumped[i + 1]) < 0xA0) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(dumped[i + 1]));
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string csv_field(std::string_view s) {
  std::string p = printable(s);
  if (p.find_first_of(",\"") == std::string::npos) return p;
  std::string out = "\"";
  for (char c : p) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Table::render(bool color) const {
  // Escaped before widths are measured: the table stays aligned.
  Table t{{}, {}};
  for (const auto& h : head) t.head.push_back(printable(h));
  for (const auto& r : rows) {
    t.rows.emplace_back();
    for (const auto& c : r) t.rows.back().push_back(printable(c));
  }
  return t.render_plain(color);
}

std::string Table::render_plain(bool color) const {
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

}  // namespace sluice
