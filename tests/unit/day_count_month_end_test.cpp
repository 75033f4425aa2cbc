// The bare `30/360`: a date on the last day of its month counts as day 30,
// so every whole month is exactly 30/360 (interest = balance x rate / 12).
// Each expectation below is derived by hand from that rule,
//     days = 360 (Y2 - Y1) + 30 (M2 - M1) + (D2' - D1'),
// D' = 30 on the last day of a month, the day itself otherwise; and the
// QuantLib conventions' month-end behaviour is pinned beside it, so the
// difference the bare name makes is on record.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "calendar/date.hpp"
#include "calendar/day_count.hpp"

using namespace sluice::cal;

namespace {

Date month_end(int year, int month) { return Date{year, month, days_in_month(year, month)}; }

}  // namespace

TEST_CASE("30/360: every month of 2024 and 2025 between month ends is 30 days", "[calendar][daycount]") {
    // Dec 31 2023 -> Jan 31 2024, ..., Nov 30 2025 -> Dec 31 2025: 24 periods,
    // leap February (Jan 31 -> Feb 29 2024) and the March after it included.
    Date prev = month_end(2023, 12);
    int periods = 0;
    for (int year : {2024, 2025})
        for (int month = 1; month <= 12; ++month) {
            const Date end = month_end(year, month);
            INFO(format_date(prev) << " -> " << format_date(end));
            CHECK(day_count(DayCount::Thirty360, prev, end) == 30);
            CHECK(year_fraction(DayCount::Thirty360, prev, end) == 30.0 / 360.0);
            CHECK(year_fraction(DayCount::Thirty360, prev, end) == 1.0 / 12.0);  // the same double
            prev = end;
            ++periods;
        }
    CHECK(periods == 24);
    CHECK(day_count(DayCount::Thirty360, month_end(2023, 12), month_end(2025, 12)) == 720);
}

TEST_CASE("30/360: QuantLib's named 30/360s on the same month ends (why the bare name differs)", "[calendar][daycount]") {
    // By hand, from each convention's rules (day_count.cpp):
    //   Bond Basis: Jan 31 -> Feb 28: D1 30, D2 28 -> 28; Feb 28 -> Mar 31:
    //     D1 28 keeps D2 31 -> 33. Leap year: 29 and 32.
    //   US (QuantLib 1.29): Jan 31 -> Feb 28: 28; Feb 28 -> Mar 31: D2 31
    //     stays (D1 was 28 when the D2 rule ran), D1 -> 30: 31. Leap: 29, 31.
    //   30E/360: Feb 28 -> Mar 31: D2 -> 30, D1 28: 32. Leap: 31.
    struct Row { DayCount dc; int feb25, mar25, feb24, mar24; };
    const Row rows[] = {
        {DayCount::Thirty360, 30, 30, 30, 30},
        {DayCount::Thirty360BondBasis, 28, 33, 29, 32},
        {DayCount::Thirty360US, 28, 31, 29, 31},
        {DayCount::Thirty360European, 28, 32, 29, 31},
        {DayCount::Thirty360EuropeanISDA, 30, 30, 30, 30},
    };
    for (const Row& r : rows) {
        INFO(day_count_name(r.dc));
        CHECK(day_count(r.dc, month_end(2025, 1), month_end(2025, 2)) == r.feb25);
        CHECK(day_count(r.dc, month_end(2025, 2), month_end(2025, 3)) == r.mar25);
        CHECK(day_count(r.dc, month_end(2024, 1), month_end(2024, 2)) == r.feb24);
        CHECK(day_count(r.dc, month_end(2024, 2), month_end(2024, 3)) == r.mar24);
        // Every other month of 2025 is 30 days under each of them.
        for (int month = 4; month <= 12; ++month) CHECK(day_count(r.dc, month_end(2025, month - 1), month_end(2025, month)) == 30);
    }
}

TEST_CASE("30/360: schedules that are not on month ends, stubs, years", "[calendar][daycount]") {
    const auto days = [](Date a, Date b) { return day_count(DayCount::Thirty360, a, b); };
    // The 15th to the 15th: 30 days, February or not.
    CHECK(days(Date{2025, 1, 15}, Date{2025, 2, 15}) == 30);
    CHECK(days(Date{2024, 2, 15}, Date{2024, 3, 15}) == 30);
    // A schedule rolled from the 30th, clamped in February: the 28th (29th)
    // is February's last day, so day 30; every period 30 days.
    CHECK(days(Date{2025, 1, 30}, Date{2025, 2, 28}) == 30);
    CHECK(days(Date{2025, 2, 28}, Date{2025, 3, 30}) == 30);
    CHECK(days(Date{2024, 1, 30}, Date{2024, 2, 29}) == 30);
    CHECK(days(Date{2024, 2, 29}, Date{2024, 3, 30}) == 30);
    // Rolled from the 29th in 2025: Feb 28 is day 30, so 31 then 29 (the
    // pair still sums to 60); in 2024 Feb 29 is day 30: 31 then 29 too.
    CHECK(days(Date{2025, 1, 29}, Date{2025, 2, 28}) == 31);
    CHECK(days(Date{2025, 2, 28}, Date{2025, 3, 29}) == 29);
    CHECK(days(Date{2024, 1, 29}, Date{2024, 2, 29}) == 31);
    CHECK(days(Date{2024, 2, 29}, Date{2024, 3, 29}) == 29);
    // Stubs to a month end: 30 - 15 = 15, February included; Feb 28 2024 is
    // not a month end (2024 is leap): 28 - 15 = 13.
    CHECK(days(Date{2025, 3, 15}, Date{2025, 3, 31}) == 15);
    CHECK(days(Date{2025, 2, 15}, Date{2025, 2, 28}) == 15);
    CHECK(days(Date{2024, 2, 15}, Date{2024, 2, 29}) == 15);
    CHECK(days(Date{2024, 2, 15}, Date{2024, 2, 28}) == 13);
    // A day 30 of a 31-day month is not its end: Jan 30 -> Jan 31 is 0 days
    // (both count as 30), as in every 30/360.
    CHECK(days(Date{2025, 1, 30}, Date{2025, 1, 31}) == 0);
    // Whole years, and backwards.
    CHECK(year_fraction(DayCount::Thirty360, Date{2024, 2, 29}, Date{2025, 2, 28}) == 1.0);
    CHECK(year_fraction(DayCount::Thirty360, Date{2025, 1, 31}, Date{2030, 1, 31}) == 5.0);
    CHECK(days(Date{2025, 3, 31}, Date{2025, 2, 28}) == -30);
    // No termination-date exception: the termination date is ignored.
    CHECK(days(month_end(2025, 1), month_end(2025, 2)) ==
          day_count(DayCount::Thirty360, month_end(2025, 1), month_end(2025, 2), month_end(2025, 2)));
}

TEST_CASE("30/360 equals QuantLib's 30E/360 ISDA without a termination date on every oracle row",
          "[calendar][daycount][oracle]") {
    // The two rules coincide day for day (31 -> 30, last of February -> 30);
    // the oracle's 30E/360 ISDA column pins the bare name down too.
    std::ifstream in(SLUICE_ORACLES_DIR "/daycount/quantlib_day_counts.csv");
    REQUIRE(in);
    std::string line;
    REQUIRE(std::getline(in, line));
    REQUIRE(line.find("30E/360_isda") != std::string::npos);
    int rows = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> cells;
        std::istringstream cs(line);
        for (std::string cell; std::getline(cs, cell, ',');) cells.push_back(cell);
        REQUIRE(cells.size() == 10);
        const auto a = parse_date(cells[0]), b = parse_date(cells[1]);
        REQUIRE(a);
        REQUIRE(b);
        INFO(cells[0] << " -> " << cells[1]);
        CHECK(std::abs(year_fraction(DayCount::Thirty360, *a, *b) - std::stod(cells[6])) <= 1e-12);
        CHECK(day_count(DayCount::Thirty360, *a, *b) == day_count(DayCount::Thirty360EuropeanISDA, *a, *b));
        ++rows;
    }
    CHECK(rows == 16);
}
