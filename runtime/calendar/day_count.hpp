// Sluice runtime: day-count conventions.
//
// The bare name `30/360` is what a structurer writing it on a monthly
// schedule means: a year of twelve 30-day months, so every whole month is
// exactly 30/360 (interest = balance x rate / 12), month ends included.
//
//   Thirty360              a date on the last day of its month counts as
//                          day 30 (the 31st, February's 28th or 29th); then
//                          360 (Y2-Y1) + 30 (M2-M1) + (D2-D1). Day for day
//                          this is QuantLib's 30E/360 ISDA with no
//                          termination date (no February exception).
//
// QuantLib's own 30/360 conventions do not give that on month ends: Bond
// Basis counts Jan 31 -> Feb 28 as 28 days and Feb 28 -> Mar 31 as 33; US
// (SIA, even with its end-of-month rule) counts Jan 31 -> Feb 28 as 28. They
// stay available, exact, under their full names.
//
// Every other convention reproduces QuantLib 1.29's DayCounter::yearFraction
// (and dayCount) for the matching day counter:
//
//   DayCount               QuantLib 1.29
//   Thirty360BondBasis     Thirty360(Thirty360::BondBasis)      (= ISMA)
//   Thirty360European      Thirty360(Thirty360::European)       (= Eurobond basis)
//   Thirty360US            Thirty360(Thirty360::USA)            (SIA)
//   Thirty360EuropeanISDA  Thirty360(Thirty360::ISDA, termination)
//   Act360                 Actual360()
//   Act365Fixed            Actual365Fixed()
//   ActActISDA             ActualActual(ActualActual::ISDA)
//
// The checked-in oracle tests/oracles/daycount/quantlib_day_counts.csv
// pins these down; see day_count.cpp for the exact rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "calendar/date.hpp"

namespace sluice::cal {

enum class DayCount {
    Thirty360,  // `30/360`: month ends count as day 30 (see above)
    Thirty360BondBasis,
    Thirty360European,
    Thirty360US,
    Thirty360EuropeanISDA,
    Act360,
    Act365Fixed,
    ActActISDA,
};
// How many conventions there are: tables with one slot per convention
// (the schedule's accrual row, ir::ContextField) are this long.
inline constexpr int kDayCounts = static_cast<int>(DayCount::ActActISDA) + 1;

// Parses a convention name, ignoring ASCII case, leading/trailing blanks and
// collapsing runs of blanks. Accepted spellings:
//   "30/360"                            -> Thirty360
//   "30/360 Bond Basis"                 -> Thirty360BondBasis
//   "30E/360"                           -> Thirty360European
//   "30/360 US"                         -> Thirty360US
//   "30E/360 ISDA"                      -> Thirty360EuropeanISDA
//   "ACT/360"                           -> Act360
//   "ACT/365F", "ACT/365 Fixed"         -> Act365Fixed
//   "ACT/ACT ISDA", "ACT/ACT"           -> ActActISDA
std::optional<DayCount> parse_day_count(std::string_view);

// Canonical spelling: "30/360", "30/360 Bond Basis", "30E/360", "30/360 US", "30E/360 ISDA",
// "ACT/360", "ACT/365F", "ACT/ACT ISDA". parse_day_count accepts it back.
std::string_view day_count_name(DayCount);

// The convention's day count between two dates (QuantLib's dayCount): the
// adjusted 30/360 day count for the 30/360 family, actual days otherwise.
// `termination` only matters for 30E/360 ISDA.
std::int64_t day_count(DayCount, Date start, Date end,
                       std::optional<Date> termination = std::nullopt);

// Year fraction from start to end (negative when end < start). `termination`
// only matters for 30E/360 ISDA (never for `30/360`): the last day of February counts as day 30
// unless it is the termination date (with no termination date given, it
// always counts as 30, as in QuantLib when no termination date is set).
double year_fraction(DayCount, Date start, Date end,
                     std::optional<Date> termination = std::nullopt);

}  // namespace sluice::cal
