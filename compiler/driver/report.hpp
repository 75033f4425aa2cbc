// What a base-case run prints: its summary (analysis/base_report.hpp)
// written as an aligned table, CSV or JSON (schema in docs/output.md).
#pragma once
#include <cstdint>
#include <string>

#include "analysis/base_report.hpp"

namespace sluice::driver {

// One scenario of a Monte Carlo run printed alone (`sluice run --path K`):
// which one, and of which run. Its draws and factors are the module's
// `factors` columns.
struct PathOf {
  std::uint64_t scenario = 0, seed = 0, scenarios = 0;
};

std::string format_table(const analysis::BaseReport& r, bool color, const PathOf* path = nullptr);
std::string format_csv(const analysis::BaseReport& r);
std::string format_json(const analysis::BaseReport& r, const PathOf* path = nullptr);

}  // namespace sluice::driver
