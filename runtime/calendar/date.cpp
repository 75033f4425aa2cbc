// Sluice runtime: calendar dates (see date.hpp).
#include "calendar/date.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace sluice::cal {

namespace {

// Floor division and the matching non-negative remainder, for negative years.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

// Days in 400 Gregorian years: 400 * 365 + 97 leap days.
constexpr std::int64_t kDaysPer400Years = 146097;

// Days from 0001-01-01 to January 1st of `year` (negative for years before 1).
constexpr std::int64_t days_before_year(std::int64_t year) {
    const std::int64_t y = year - 1;
    return 365 * y + floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
}

constexpr std::int64_t kEpochOffset = days_before_year(1970);

// Days in the months before month m (1..12) of a common year.
constexpr int kDaysBeforeMonth[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

int day_of_year(Date d) {  // 1-based
    int doy = kDaysBeforeMonth[d.month] + d.day;
    if (d.month > 2 && is_leap(d.year)) ++doy;
    return doy;
}

bool parse_digits(std::string_view s, int& out) {
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

}  // namespace

bool is_leap(int year) {
    if (year % 4 != 0) return false;
    if (year % 100 != 0) return true;
    return year % 400 == 0;
}

int days_in_month(int year, int month) {
    switch (month) {
        case 1: case 3: case 5: case 7: case 8: case 10: case 12: return 31;
        case 4: case 6: case 9: case 11: return 30;
        case 2: return is_leap(year) ? 29 : 28;
        default: return 0;
    }
}

bool is_valid(int y, int m, int d) {
    if (m < 1 || m > 12) return false;
    return d >= 1 && d <= days_in_month(y, m);
}

bool is_end_of_month(Date d) { return d.day == days_in_month(d.year, d.month); }

std::int64_t to_serial(Date d) {
    return days_before_year(d.year) - kEpochOffset + (day_of_year(d) - 1);
}

Date from_serial(std::int64_t serial) {
    // Days since 0001-01-01.
    const std::int64_t n = serial + kEpochOffset;
    // Whole 400-year cycles give the year exactly up to a small remainder;
    // estimate the year within the cycle, then correct by stepping.
    const std::int64_t cycles = floor_div(n, kDaysPer400Years);
    const std::int64_t rem = floor_mod(n, kDaysPer400Years);
    std::int64_t year = cycles * 400 + 1 + (rem * 400) / kDaysPer400Years;
    while (days_before_year(year + 1) <= n) ++year;
    while (days_before_year(year) > n) --year;

    const int y = static_cast<int>(year);
    int doy = static_cast<int>(n - days_before_year(year));  // 0-based
    int month = 1;
    while (month < 12) {
        const int len = days_in_month(y, month);
        if (doy < len) break;
        doy -= len;
        ++month;
    }
    return Date{y, month, doy + 1};
}

std::optional<Date> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!parse_digits(s.substr(0, 4), y) || !parse_digits(s.substr(5, 2), m) ||
        !parse_digits(s.substr(8, 2), d))
        return std::nullopt;
    if (!is_valid(y, m, d)) return std::nullopt;
    return Date{y, m, d};
}

std::string format_date(Date d) {
    char buf[48];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

Date add_months(Date d, int months, bool end_of_month_rule) {
    const std::int64_t index = static_cast<std::int64_t>(d.year) * 12 + (d.month - 1) + months;
    const int y = static_cast<int>(floor_div(index, 12));
    const int m = static_cast<int>(floor_mod(index, 12)) + 1;
    const int len = days_in_month(y, m);
    const int day = (end_of_month_rule && is_end_of_month(d)) ? len : std::min(d.day, len);
    return Date{y, m, day};
}

Date add_days(Date d, std::int64_t n) { return from_serial(to_serial(d) + n); }

int days_between(Date a, Date b) { return static_cast<int>(to_serial(b) - to_serial(a)); }

std::vector<Date> period_schedule(Date start, int months_per_period, int n_periods,
                                  bool end_of_month_rule) {
    if (months_per_period <= 0)
        throw std::invalid_argument("period_schedule: months_per_period must be positive");
    if (n_periods < 0) throw std::invalid_argument("period_schedule: n_periods must be >= 0");
    std::vector<Date> dates;
    dates.reserve(static_cast<std::size_t>(n_periods) + 1);
    dates.push_back(start);
    for (int i = 1; i <= n_periods; ++i)
        dates.push_back(add_months(start, i * months_per_period, end_of_month_rule));
    return dates;
}

}  // namespace sluice::cal
