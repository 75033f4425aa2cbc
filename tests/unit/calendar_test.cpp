// Unit tests for runtime/calendar: dates, schedules and day counts.
//
// The day-count test reads the QuantLib 1.29 oracle at run time from
// SLUICE_ORACLES_DIR "/daycount/quantlib_day_counts.csv".
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "calendar/date.hpp"
#include "calendar/day_count.hpp"

#ifndef SLUICE_ORACLES_DIR
#error "SLUICE_ORACLES_DIR must be defined (path to tests/oracles)"
#endif

using namespace sluice::cal;

namespace Catch {
template <>
struct StringMaker<sluice::cal::Date> {
    static std::string convert(const sluice::cal::Date& d) { return sluice::cal::format_date(d); }
};
}  // namespace Catch

namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
}

Date must_parse(const std::string& s) {
    auto d = parse_date(s);
    INFO("date: " << s);
    REQUIRE(d.has_value());
    return *d;
}

Date ymd(int y, int m, int d) { return Date{y, m, d}; }

}  // namespace

TEST_CASE("calendar: QuantLib 1.29 day-count oracle", "[calendar][daycount][oracle]") {
    const std::string path = SLUICE_ORACLES_DIR "/daycount/quantlib_day_counts.csv";
    std::ifstream in(path);
    INFO("oracle file: " << path);
    REQUIRE(in.good());

    std::string line;
    REQUIRE(std::getline(in, line));
    const auto header = split_csv_line(line);
    REQUIRE(header.size() == 10);
    REQUIRE(header[0] == "start");
    REQUIRE(header[1] == "end");
    REQUIRE(header[2] == "days");

    const std::map<std::string, DayCount> columns{
        {"30/360_bond_basis", DayCount::Thirty360BondBasis},
        {"30E/360", DayCount::Thirty360European},
        {"30/360_us_sia", DayCount::Thirty360US},
        {"30E/360_isda", DayCount::Thirty360EuropeanISDA},
        {"act/360", DayCount::Act360},
        {"act/365f", DayCount::Act365Fixed},
        {"act/act_isda", DayCount::ActActISDA},
    };
    std::vector<DayCount> conventions;
    for (std::size_t c = 3; c < header.size(); ++c) {
        INFO("column " << header[c]);
        auto it = columns.find(header[c]);
        REQUIRE(it != columns.end());
        conventions.push_back(it->second);
    }

    int rows = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto cells = split_csv_line(line);
        REQUIRE(cells.size() == header.size());
        const Date start = must_parse(cells[0]);
        const Date end = must_parse(cells[1]);
        ++rows;
        INFO(cells[0] << " -> " << cells[1]);
        CHECK(days_between(start, end) == std::stoi(cells[2]));
        for (std::size_t c = 0; c < conventions.size(); ++c) {
            const double expected = std::stod(cells[c + 3]);
            const double got = year_fraction(conventions[c], start, end);
            INFO(day_count_name(conventions[c]) << ": expected " << cells[c + 3] << ", got " << got);
            CHECK(std::abs(got - expected) <= 1e-12);
        }
    }
    CHECK(rows == 16);
}

TEST_CASE("calendar: 30/360 details settled against QuantLib 1.29", "[calendar][daycount]") {
    // 30/360 US (1.29 order): Feb 28 -> Mar 31 keeps D2 = 31 (D1 -> 30 after the D2 rule).
    CHECK(day_count(DayCount::Thirty360US, ymd(2025, 2, 28), ymd(2025, 3, 31)) == 31);
    // ... both ends on the last of February: D2 -> 30 as well.
    CHECK(day_count(DayCount::Thirty360US, ymd(2024, 2, 29), ymd(2025, 2, 28)) == 360);
    // Bond basis does not touch February.
    CHECK(day_count(DayCount::Thirty360BondBasis, ymd(2025, 2, 28), ymd(2025, 3, 31)) == 33);
    CHECK(day_count(DayCount::Thirty360BondBasis, ymd(2025, 1, 30), ymd(2025, 3, 31)) == 60);
    CHECK(day_count(DayCount::Thirty360BondBasis, ymd(2025, 1, 29), ymd(2025, 3, 31)) == 62);
    CHECK(day_count(DayCount::Thirty360European, ymd(2025, 1, 29), ymd(2025, 3, 31)) == 61);

    // 30E/360 ISDA: the last of February is 30 unless it is the termination date.
    const Date jan31{2025, 1, 31}, feb28{2025, 2, 28};
    CHECK(day_count(DayCount::Thirty360EuropeanISDA, jan31, feb28) == 30);
    CHECK(day_count(DayCount::Thirty360EuropeanISDA, jan31, feb28, feb28) == 28);
    CHECK(day_count(DayCount::Thirty360EuropeanISDA, jan31, feb28, ymd(2030, 1, 31)) == 30);
    CHECK(year_fraction(DayCount::Thirty360EuropeanISDA, jan31, feb28, feb28) == 28.0 / 360.0);
    // The termination date only matters for 30E/360 ISDA.
    CHECK(year_fraction(DayCount::Thirty360US, jan31, feb28, feb28) ==
          year_fraction(DayCount::Thirty360US, jan31, feb28));

    // Bullets over whole years are exact.
    for (DayCount dc : {DayCount::Thirty360BondBasis, DayCount::Thirty360European, DayCount::Thirty360US,
                        DayCount::Thirty360EuropeanISDA})
        CHECK(year_fraction(dc, ymd(2025, 1, 31), ymd(2030, 1, 31)) == 5.0);
}

TEST_CASE("calendar: ACT conventions, sign and multi-year ACT/ACT ISDA", "[calendar][daycount]") {
    const Date a{2020, 7, 1}, b{2023, 7, 1};
    const double expected = 2.0 + 184.0 / 366.0 + 181.0 / 365.0;  // rest of 2020, 2021, 2022, part of 2023
    CHECK_THAT(year_fraction(DayCount::ActActISDA, a, b), Catch::Matchers::WithinAbs(expected, 1e-15));
    CHECK(year_fraction(DayCount::ActActISDA, b, a) == -year_fraction(DayCount::ActActISDA, a, b));
    CHECK(year_fraction(DayCount::ActActISDA, a, a) == 0.0);
    CHECK(year_fraction(DayCount::Act360, a, b) == 1095.0 / 360.0);
    CHECK(year_fraction(DayCount::Act365Fixed, a, b) == 1095.0 / 365.0);
    CHECK(year_fraction(DayCount::Act365Fixed, b, a) == -1095.0 / 365.0);
    CHECK(year_fraction(DayCount::Thirty360US, b, a) == -3.0);
    CHECK(day_count(DayCount::ActActISDA, a, b) == 1095);
}

TEST_CASE("calendar: day-count names parse and print", "[calendar][daycount]") {
    const DayCount all[] = {DayCount::Thirty360,          DayCount::Thirty360BondBasis, DayCount::Thirty360European,
                            DayCount::Thirty360US,        DayCount::Thirty360EuropeanISDA,
                            DayCount::Act360,             DayCount::Act365Fixed,
                            DayCount::ActActISDA};
    for (DayCount dc : all) {
        INFO(day_count_name(dc));
        CHECK(parse_day_count(day_count_name(dc)) == dc);
    }
    CHECK(day_count_name(DayCount::Thirty360) == "30/360");
    CHECK(day_count_name(DayCount::Thirty360BondBasis) == "30/360 Bond Basis");
    CHECK(day_count_name(DayCount::Thirty360European) == "30E/360");
    CHECK(day_count_name(DayCount::Thirty360US) == "30/360 US");
    CHECK(day_count_name(DayCount::Thirty360EuropeanISDA) == "30E/360 ISDA");
    CHECK(day_count_name(DayCount::Act360) == "ACT/360");
    CHECK(day_count_name(DayCount::Act365Fixed) == "ACT/365F");
    CHECK(day_count_name(DayCount::ActActISDA) == "ACT/ACT ISDA");

    CHECK(parse_day_count("30/360") == DayCount::Thirty360);
    CHECK(parse_day_count(" 30/360 ") == DayCount::Thirty360);
    CHECK(parse_day_count("30/360 Bond Basis") == DayCount::Thirty360BondBasis);
    CHECK(parse_day_count("  30/360   bond\tbasis ") == DayCount::Thirty360BondBasis);
    CHECK(parse_day_count("30e/360") == DayCount::Thirty360European);
    CHECK(parse_day_count("30/360 us") == DayCount::Thirty360US);
    CHECK(parse_day_count("30E/360  Isda") == DayCount::Thirty360EuropeanISDA);
    CHECK(parse_day_count("act/360") == DayCount::Act360);
    CHECK(parse_day_count("Act/365f") == DayCount::Act365Fixed);
    CHECK(parse_day_count("ACT/365 Fixed") == DayCount::Act365Fixed);
    CHECK(parse_day_count("act/act") == DayCount::ActActISDA);
    CHECK(parse_day_count("Act/Act ISDA") == DayCount::ActActISDA);

    CHECK_FALSE(parse_day_count(""));
    CHECK_FALSE(parse_day_count("30/365"));
    CHECK_FALSE(parse_day_count("ACT/ACT ISMA"));
    CHECK_FALSE(parse_day_count("ACT /360"));
    CHECK_FALSE(parse_day_count("ACT/365"));
}

TEST_CASE("calendar: leap years and month lengths", "[calendar][date]") {
    CHECK_FALSE(is_leap(1900));
    CHECK(is_leap(2000));
    CHECK(is_leap(2024));
    CHECK_FALSE(is_leap(2025));
    CHECK_FALSE(is_leap(2100));
    CHECK(is_leap(2400));
    CHECK(is_leap(0));
    CHECK(is_leap(-4));
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(days_in_month(2025, 4) == 30);
    CHECK(days_in_month(2025, 12) == 31);
    CHECK(days_in_month(2025, 13) == 0);

    CHECK(is_valid(2024, 2, 29));
    CHECK_FALSE(is_valid(2025, 2, 29));
    CHECK_FALSE(is_valid(1900, 2, 29));
    CHECK_FALSE(is_valid(2025, 4, 31));
    CHECK_FALSE(is_valid(2025, 0, 1));
    CHECK_FALSE(is_valid(2025, 13, 1));
    CHECK_FALSE(is_valid(2025, 1, 0));

    CHECK(is_end_of_month(ymd(2025, 2, 28)));
    CHECK_FALSE(is_end_of_month(ymd(2024, 2, 28)));
    CHECK(is_end_of_month(ymd(2024, 2, 29)));
    CHECK(is_end_of_month(ymd(2025, 4, 30)));
    CHECK_FALSE(is_end_of_month(ymd(2025, 5, 30)));
}

TEST_CASE("calendar: parse and format", "[calendar][date]") {
    for (const char* s : {"2025-03-31", "2024-02-29", "2000-02-29", "1970-01-01", "1969-12-31", "0001-01-01",
                          "9999-12-31", "2025-01-01"}) {
        INFO(s);
        auto d = parse_date(s);
        REQUIRE(d.has_value());
        CHECK(format_date(*d) == s);
    }
    CHECK(parse_date("2025-03-31") == ymd(2025, 3, 31));
    CHECK(format_date(ymd(2025, 3, 1)) == "2025-03-01");
    CHECK(format_date(ymd(5, 1, 2)) == "0005-01-02");

    for (const char* s : {"2025-02-30", "2025-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31",
                          "2025-01-00", "2025-2-03", "20250203", "2025/02/03", " 2025-02-03", "2025-02-03 ",
                          "", "abcd-ef-gh", "2025-02-3x", "+025-02-03", "2025-02-031"}) {
        INFO("'" << s << "'");
        CHECK_FALSE(parse_date(s).has_value());
    }
}

TEST_CASE("calendar: serial numbers", "[calendar][date]") {
    CHECK(to_serial(ymd(1970, 1, 1)) == 0);
    CHECK(to_serial(ymd(1969, 12, 31)) == -1);
    CHECK(to_serial(ymd(1970, 3, 1)) == 59);
    CHECK(to_serial(ymd(2000, 1, 1)) == 10957);
    CHECK(to_serial(ymd(2000, 3, 1)) == 11017);
    CHECK(to_serial(ymd(1900, 3, 1)) == -25508);
    CHECK(to_serial(ymd(1, 1, 1)) == -719162);
    // Spreadsheet serials are 25569 more (1900 date system, after 1900-03-01).
    CHECK(to_serial(ymd(2025, 2, 28)) + 25569 == 45716);
    CHECK(from_serial(0) == ymd(1970, 1, 1));
    CHECK(from_serial(-1) == ymd(1969, 12, 31));
    CHECK(from_serial(20119) == ymd(2025, 1, 31));

    // Walk day by day from -1199-01-01 (three 400-year cycles of 146097 days
    // before 0001-01-01, astronomical year numbering) to 9999-12-31, about
    // 4.1 million days, and check every step.
    const std::int64_t first = -719162 - 3 * 146097, last = 2932896;
    Date d = ymd(-1199, 1, 1);
    int failures = 0;
    for (std::int64_t s = first; s <= last; ++s) {
        const bool ok = is_valid(d.year, d.month, d.day) && to_serial(d) == s && from_serial(s) == d;
        if (!ok && ++failures <= 5) FAIL_CHECK("serial " << s << " date " << format_date(d));
        // the next calendar day, computed without serials
        Date next = d;
        if (++next.day > days_in_month(next.year, next.month)) {
            next.day = 1;
            if (++next.month > 12) {
                next.month = 1;
                ++next.year;
            }
        }
        d = next;
    }
    CHECK(failures == 0);
    CHECK(d == ymd(10000, 1, 1));
    CHECK(from_serial(last) == ymd(9999, 12, 31));

    // Far away and before year 1 (proleptic Gregorian, astronomical years).
    for (std::int64_t s : {std::int64_t{-3000000}, std::int64_t{-719163}, std::int64_t{-719162},
                           std::int64_t{3000000}, std::int64_t{50000000}, std::int64_t{-50000000}}) {
        INFO(s);
        CHECK(to_serial(from_serial(s)) == s);
    }
    CHECK(from_serial(-719163) == ymd(0, 12, 31));
}

TEST_CASE("calendar: add_days and days_between", "[calendar][date]") {
    CHECK(add_days(ymd(2024, 2, 28), 1) == ymd(2024, 2, 29));
    CHECK(add_days(ymd(2024, 2, 28), 2) == ymd(2024, 3, 1));
    CHECK(add_days(ymd(2025, 2, 28), 1) == ymd(2025, 3, 1));
    CHECK(add_days(ymd(2025, 1, 1), -1) == ymd(2024, 12, 31));
    CHECK(add_days(ymd(2025, 1, 31), 365) == ymd(2026, 1, 31));
    CHECK(days_between(ymd(2024, 1, 1), ymd(2025, 1, 1)) == 366);
    CHECK(days_between(ymd(2025, 1, 1), ymd(2024, 1, 1)) == -366);
    CHECK(days_between(ymd(1900, 1, 1), ymd(2000, 1, 1)) == 36524);
    CHECK(days_between(ymd(2000, 1, 1), ymd(2100, 1, 1)) == 36525);
}

TEST_CASE("calendar: add_months with and without the end-of-month rule", "[calendar][date]") {
    CHECK(add_months(ymd(2025, 1, 31), 1, false) == ymd(2025, 2, 28));
    CHECK(add_months(ymd(2025, 1, 31), 1, true) == ymd(2025, 2, 28));
    CHECK(add_months(ymd(2024, 1, 31), 1, false) == ymd(2024, 2, 29));
    CHECK(add_months(ymd(2025, 2, 28), 1, true) == ymd(2025, 3, 31));
    CHECK(add_months(ymd(2025, 2, 28), 1, false) == ymd(2025, 3, 28));
    CHECK(add_months(ymd(2025, 4, 30), 1, true) == ymd(2025, 5, 31));
    CHECK(add_months(ymd(2025, 4, 30), 1, false) == ymd(2025, 5, 30));
    CHECK(add_months(ymd(2025, 4, 29), 1, true) == ymd(2025, 5, 29));  // not month end: no rule
    CHECK(add_months(ymd(2024, 2, 29), 12, false) == ymd(2025, 2, 28));
    CHECK(add_months(ymd(2023, 2, 28), 12, true) == ymd(2024, 2, 29));
    CHECK(add_months(ymd(2023, 2, 28), 12, false) == ymd(2024, 2, 28));
    CHECK(add_months(ymd(2025, 1, 15), 0, true) == ymd(2025, 1, 15));
    CHECK(add_months(ymd(2025, 11, 30), 3, true) == ymd(2026, 2, 28));
    CHECK(add_months(ymd(2025, 3, 31), -1, false) == ymd(2025, 2, 28));
    CHECK(add_months(ymd(2025, 2, 28), -1, true) == ymd(2025, 1, 31));
    CHECK(add_months(ymd(2025, 2, 28), -1, false) == ymd(2025, 1, 28));
    CHECK(add_months(ymd(2025, 1, 15), -1, false) == ymd(2024, 12, 15));
    CHECK(add_months(ymd(2025, 1, 15), -13, false) == ymd(2023, 12, 15));
    CHECK(add_months(ymd(2025, 1, 15), 25, false) == ymd(2027, 2, 15));
    CHECK(add_months(ymd(1, 1, 31), -1, true) == ymd(0, 12, 31));
}

TEST_CASE("calendar: period schedules", "[calendar][schedule]") {
    SECTION("monthly from 2025-01-31 with the end-of-month rule") {
        const auto s = period_schedule(ymd(2025, 1, 31), 1, 11, true);
        const std::vector<Date> expected{ymd(2025, 1, 31), ymd(2025, 2, 28),  ymd(2025, 3, 31),  ymd(2025, 4, 30),
                                         ymd(2025, 5, 31), ymd(2025, 6, 30),  ymd(2025, 7, 31),  ymd(2025, 8, 31),
                                         ymd(2025, 9, 30), ymd(2025, 10, 31), ymd(2025, 11, 30), ymd(2025, 12, 31)};
        CHECK(s == expected);
        // A start on the 31st clamps to the month end anyway: the same without the rule.
        CHECK(period_schedule(ymd(2025, 1, 31), 1, 11, false) == expected);
    }
    SECTION("dates come from the start, never chained") {
        const auto eom = period_schedule(ymd(2025, 2, 28), 1, 3, true);
        CHECK(eom == std::vector<Date>{ymd(2025, 2, 28), ymd(2025, 3, 31), ymd(2025, 4, 30), ymd(2025, 5, 31)});
        const auto plain = period_schedule(ymd(2025, 2, 28), 1, 3, false);
        CHECK(plain == std::vector<Date>{ymd(2025, 2, 28), ymd(2025, 3, 28), ymd(2025, 4, 28), ymd(2025, 5, 28)});
        // Chaining add_months from Jan 31 would give Feb 28 -> Mar 28; the schedule gives Mar 31.
        CHECK(period_schedule(ymd(2025, 1, 31), 1, 2, false)[2] == ymd(2025, 3, 31));
    }
    SECTION("quarterly") {
        CHECK(period_schedule(ymd(2025, 1, 31), 3, 4, true) ==
              std::vector<Date>{ymd(2025, 1, 31), ymd(2025, 4, 30), ymd(2025, 7, 31), ymd(2025, 10, 31),
                                ymd(2026, 1, 31)});
        CHECK(period_schedule(ymd(2024, 11, 30), 3, 4, true) ==
              std::vector<Date>{ymd(2024, 11, 30), ymd(2025, 2, 28), ymd(2025, 5, 31), ymd(2025, 8, 31),
                                ymd(2025, 11, 30)});
        CHECK(period_schedule(ymd(2024, 11, 30), 3, 4, false) ==
              std::vector<Date>{ymd(2024, 11, 30), ymd(2025, 2, 28), ymd(2025, 5, 30), ymd(2025, 8, 30),
                                ymd(2025, 11, 30)});
    }
    SECTION("sizes and bad arguments") {
        CHECK(period_schedule(ymd(2025, 1, 31), 1, 0, true) == std::vector<Date>{ymd(2025, 1, 31)});
        CHECK(period_schedule(ymd(2025, 1, 31), 1, 60, true).size() == 61);
        CHECK(period_schedule(ymd(2025, 1, 31), 1, 60, true).back() == ymd(2030, 1, 31));
        CHECK_THROWS_AS(period_schedule(ymd(2025, 1, 31), 0, 4, true), std::invalid_argument);
        CHECK_THROWS_AS(period_schedule(ymd(2025, 1, 31), 1, -1, true), std::invalid_argument);
    }
}
