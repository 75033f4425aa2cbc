// Sluice runtime: calendar dates.
//
// A `Date` is a plain proleptic-Gregorian year/month/day triple. Serial
// numbers count days since 1970-01-01 (serial 0), negative before it.
// Functions here assume valid dates unless they say otherwise; use
// `is_valid` or `parse_date` to check input from outside.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::cal {

struct Date {
    int year = 1970, month = 1, day = 1;
    auto operator<=>(const Date&) const = default;
};

// Gregorian leap-year rule (1900 is not a leap year, 2000 is).
bool is_leap(int year);

// Number of days in `month` (1..12) of `year`; 0 for a month outside 1..12.
int days_in_month(int year, int month);

// True when month is 1..12 and day is 1..days_in_month(year, month).
bool is_valid(int y, int m, int d);

// True when the date is the last day of its month.
bool is_end_of_month(Date);

// Days since 1970-01-01 (proleptic Gregorian), negative before.
std::int64_t to_serial(Date);

// Inverse of to_serial.
Date from_serial(std::int64_t);

// Parses exactly "YYYY-MM-DD" (four, two and two ASCII digits) and validates
// the date: "2025-02-30", "2025-2-3" and " 2025-02-03" all give nullopt.
std::optional<Date> parse_date(std::string_view);

// "YYYY-MM-DD" with the year zero-padded to four digits (e.g. "2025-03-31").
std::string format_date(Date);

// Moves the date by a whole number of months (negative moves back). The day
// is clamped to the target month's length (Jan 31 + 1 month = Feb 28/29).
// With `end_of_month_rule`, a date that is the last day of its month maps to
// the last day of the target month (Feb 28 2025 + 1 month = Mar 31).
Date add_months(Date, int months, bool end_of_month_rule);

// Moves the date by a number of calendar days.
Date add_days(Date, std::int64_t);

// Calendar days from a to b (b - a).
int days_between(Date a, Date b);

// A period schedule of n_periods + 1 dates: dates[0] = start and
// dates[i] = add_months(start, i * months_per_period, end_of_month_rule),
// always measured from `start`, never chained from the previous date.
// Throws std::invalid_argument when months_per_period <= 0 or n_periods < 0.
std::vector<Date> period_schedule(Date start, int months_per_period, int n_periods,
                                  bool end_of_month_rule);

}  // namespace sluice::cal
