// The risk report as an Excel workbook (`sluice run -n N --format xlsx
// --out FILE.xlsx`): one sheet per table of the terminal report, each number
// a number cell with its format (money, percent, ratio, years), written
// through libxlsxwriter (Debian's libxlsxwriter-dev). docs/output.md lists
// the sheets and their columns.
#pragma once
#include <optional>
#include <string>

#include "montecarlo/risk.hpp"

namespace sluice::mc {

// Whether this build links libxlsxwriter (CMake found it at configure time).
bool workbook_available();

// The workbook's bytes, or none with `error` saying why (no libxlsxwriter in
// this build, a temporary file that cannot be written). The same report
// gives the same bytes: the document's creation time is fixed.
std::optional<std::string> format_risk_xlsx(const RiskReport& r, std::string& error);

}  // namespace sluice::mc
