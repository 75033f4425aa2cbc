// Plain-text helpers shared by the base-case and risk reports: numbers with
// thousands separators, percentages, and aligned tables.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace sluice::driver {

// 1234567.5 -> "1,234,568" (decimals 0); NaN -> "n/a"; infinities spelled.
std::string thousands(double v, int decimals = 0);
// 0.0525 -> "5.25%"; none -> "n/a".
std::string pct(std::optional<double> v);

// The first column left-aligned, the rest right-aligned, the head in bold
// when `color`.
struct Table {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
  std::string render(bool color) const;
};

}  // namespace sluice::driver
