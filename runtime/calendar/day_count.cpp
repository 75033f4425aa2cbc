// Sluice runtime: day-count conventions (see day_count.hpp).
//
// The 30/360 family computes
//     360 * (Y2 - Y1) + 30 * (M2 - M1) + (D2 - D1)
// after adjusting D1 and D2 by each convention's rules; the year fraction is
// that count / 360. The adjustments follow QuantLib 1.29:
//
//   30/360 (the bare name): a date on the last day of its month -> 30
//     (D = 31 always is; so is the last of February, 28 or 29). Whole
//     months between month ends, or between equal days, are 30 days each.
//   Bond Basis (ISMA): D1 = 31 -> 30; then D2 = 31 -> 30 if D1 (adjusted) is 30.
//   Eurobond (30E/360): D1 = 31 -> 30; D2 = 31 -> 30.
//   US (SIA), in this order:
//       D1 = 31 -> 30;
//       D2 = 31 -> 30 if D1 (adjusted) >= 30;
//       if both dates are the last day of February: D2 -> 30;
//       if D1's date is the last day of February: D1 -> 30.
//     The Feb rules come *after* the D2 = 31 rule, so Feb 28 -> Mar 31 counts
//     31 days (D1 = 30, D2 stays 31). Later QuantLib releases moved the Feb
//     rules first (giving 30); the oracle (QuantLib 1.29) has 31/360.
//   ISDA (30E/360 ISDA): D1 = 31 -> 30; D2 = 31 -> 30; D1 on the last day of
//     February -> 30; D2 on the last day of February -> 30 unless D2 is the
//     termination date. With no termination date, D2 always gets the rule.
//
// ACT/ACT ISDA splits the period at year boundaries: the part in each
// calendar year is divided by that year's length (365 or 366).
#include "calendar/day_count.hpp"

#include <array>
#include <string>

namespace sluice::cal {

namespace {

bool is_last_of_february(Date d) { return d.month == 2 && d.day == days_in_month(d.year, 2); }

std::int64_t thirty360(Date a, Date b, int d1, int d2) {
    return 360 * static_cast<std::int64_t>(b.year - a.year) + 30 * (b.month - a.month) + (d2 - d1);
}

// The last day of its month counts as day 30; any other day as itself.
int month_end_day(Date d) { return d.day == days_in_month(d.year, d.month) ? 30 : d.day; }

std::int64_t month_end_days(Date a, Date b) { return thirty360(a, b, month_end_day(a), month_end_day(b)); }

std::int64_t bond_basis_days(Date a, Date b) {
    int d1 = a.day, d2 = b.day;
    if (d1 == 31) d1 = 30;
    if (d2 == 31 && d1 == 30) d2 = 30;
    return thirty360(a, b, d1, d2);
}

std::int64_t european_days(Date a, Date b) {
    int d1 = a.day, d2 = b.day;
    if (d1 == 31) d1 = 30;
    if (d2 == 31) d2 = 30;
    return thirty360(a, b, d1, d2);
}

std::int64_t us_days(Date a, Date b) {
    int d1 = a.day, d2 = b.day;
    if (d1 == 31) d1 = 30;
    if (d2 == 31 && d1 >= 30) d2 = 30;
    const bool a_feb_end = is_last_of_february(a);
    if (a_feb_end && is_last_of_february(b)) d2 = 30;
    if (a_feb_end) d1 = 30;
    return thirty360(a, b, d1, d2);
}

std::int64_t isda_days(Date a, Date b, std::optional<Date> termination) {
    int d1 = a.day, d2 = b.day;
    if (d1 == 31) d1 = 30;
    if (d2 == 31) d2 = 30;
    if (is_last_of_february(a)) d1 = 30;
    const bool b_is_termination = termination.has_value() && *termination == b;
    if (!b_is_termination && is_last_of_february(b)) d2 = 30;
    return thirty360(a, b, d1, d2);
}

double act_act_isda(Date a, Date b) {
    if (a == b) return 0.0;
    if (b < a) return -act_act_isda(b, a);
    const double basis1 = is_leap(a.year) ? 366.0 : 365.0;
    const double basis2 = is_leap(b.year) ? 366.0 : 365.0;
    double sum = static_cast<double>(b.year - a.year - 1);
    sum += days_between(a, Date{a.year + 1, 1, 1}) / basis1;
    sum += days_between(Date{b.year, 1, 1}, b) / basis2;
    return sum;
}

struct NameEntry {
    std::string_view spelling;  // upper case, single blanks
    DayCount convention;
};

constexpr std::array<NameEntry, 10> kNames{{
    {"30/360", DayCount::Thirty360},
    {"30/360 BOND BASIS", DayCount::Thirty360BondBasis},
    {"30E/360", DayCount::Thirty360European},
    {"30/360 US", DayCount::Thirty360US},
    {"30E/360 ISDA", DayCount::Thirty360EuropeanISDA},
    {"ACT/360", DayCount::Act360},
    {"ACT/365F", DayCount::Act365Fixed},
    {"ACT/365 FIXED", DayCount::Act365Fixed},
    {"ACT/ACT ISDA", DayCount::ActActISDA},
    {"ACT/ACT", DayCount::ActActISDA},
}};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Upper-cases ASCII letters, trims blanks and collapses runs of blanks to one space.
std::string normalise(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (char c : s) {
        if (is_blank(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return out;
}

}  // namespace

std::optional<DayCount> parse_day_count(std::string_view s) {
    const std::string key = normalise(s);
    for (const auto& entry : kNames)
        if (entry.spelling == key) return entry.convention;
    return std::nullopt;
}

std::string_view day_count_name(DayCount dc) {
    switch (dc) {
        case DayCount::Thirty360: return "30/360";
        case DayCount::Thirty360BondBasis: return "30/360 Bond Basis";
        case DayCount::Thirty360European: return "30E/360";
        case DayCount::Thirty360US: return "30/360 US";
        case DayCount::Thirty360EuropeanISDA: return "30E/360 ISDA";
        case DayCount::Act360: return "ACT/360";
        case DayCount::Act365Fixed: return "ACT/365F";
        case DayCount::ActActISDA: return "ACT/ACT ISDA";
    }
    return "?";
}

std::int64_t day_count(DayCount dc, Date start, Date end, std::optional<Date> termination) {
    switch (dc) {
        case DayCount::Thirty360: return month_end_days(start, end);
        case DayCount::Thirty360BondBasis: return bond_basis_days(start, end);
        case DayCount::Thirty360European: return european_days(start, end);
        case DayCount::Thirty360US: return us_days(start, end);
        case DayCount::Thirty360EuropeanISDA: return isda_days(start, end, termination);
        case DayCount::Act360:
        case DayCount::Act365Fixed:
        case DayCount::ActActISDA: return to_serial(end) - to_serial(start);
    }
    return to_serial(end) - to_serial(start);
}

double year_fraction(DayCount dc, Date start, Date end, std::optional<Date> termination) {
    switch (dc) {
        case DayCount::Thirty360:
        case DayCount::Thirty360BondBasis:
        case DayCount::Thirty360European:
        case DayCount::Thirty360US:
        case DayCount::Thirty360EuropeanISDA:
            return static_cast<double>(day_count(dc, start, end, termination)) / 360.0;
        case DayCount::Act360: return static_cast<double>(to_serial(end) - to_serial(start)) / 360.0;
        case DayCount::Act365Fixed: return static_cast<double>(to_serial(end) - to_serial(start)) / 365.0;
        case DayCount::ActActISDA: return act_act_isda(start, end);
    }
    return 0.0;
}

}  // namespace sluice::cal
