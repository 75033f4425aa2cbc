// What a base-case run prints: its summary (analysis/base_report.hpp)
// written as an aligned table, CSV or JSON (schema in docs/output.md).
#pragma once
#include <string>

#include "analysis/base_report.hpp"

namespace sluice::driver {

std::string format_table(const analysis::BaseReport& r, bool color);
std::string format_csv(const analysis::BaseReport& r);
std::string format_json(const analysis::BaseReport& r);

}  // namespace sluice::driver
