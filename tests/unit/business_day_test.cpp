// Business-day adjustment on a weekend calendar with holidays.
#include <catch2/catch.hpp>

#include "calendar/business_day.hpp"
#include "test_support.hpp"

using namespace sluice::cal;

TEST_CASE("weekdays: 1970-01-01 was a Thursday, 2025-05-31 a Saturday", "[calendar][business_day]") {
  CHECK(weekday(Date{1970, 1, 1}) == 3);
  CHECK(weekday(Date{2025, 5, 31}) == 5);
  CHECK(weekday(Date{2025, 6, 1}) == 6);
  CHECK(weekday(Date{1969, 12, 29}) == 0);
}

TEST_CASE("following, modified following and preceding", "[calendar][business_day]") {
  auto none = make_calendar({});
  // Saturday 2025-05-31: following is Monday June 2; modified following stays
  // in May (Friday the 30th); preceding is the 30th.
  CHECK(adjust(Date{2025, 5, 31}, BusinessDay::Following, none) == Date{2025, 6, 2});
  CHECK(adjust(Date{2025, 5, 31}, BusinessDay::ModifiedFollowing, none) == Date{2025, 5, 30});
  CHECK(adjust(Date{2025, 5, 31}, BusinessDay::Preceding, none) == Date{2025, 5, 30});
  CHECK(adjust(Date{2025, 5, 31}, BusinessDay::Unadjusted, none) == Date{2025, 5, 31});
  // Saturday 2025-03-15 mid-month: modified following is plain following.
  CHECK(adjust(Date{2025, 3, 15}, BusinessDay::ModifiedFollowing, none) == Date{2025, 3, 17});
  // A business day never moves.
  CHECK(adjust(Date{2025, 3, 14}, BusinessDay::Preceding, none) == Date{2025, 3, 14});
  // Sunday 2025-08-31, Monday Sep 1 a holiday (Labor Day): following is Sep 2,
  // which is next month, so modified following goes back to Friday Aug 29.
  auto us = make_calendar({Date{2025, 9, 1}});
  CHECK(adjust(Date{2025, 8, 31}, BusinessDay::Following, us) == Date{2025, 9, 2});
  CHECK(adjust(Date{2025, 8, 31}, BusinessDay::ModifiedFollowing, us) == Date{2025, 8, 29});
  CHECK_FALSE(us.is_business_day(Date{2025, 9, 1}));
  CHECK(parse_business_day("modified_following") == BusinessDay::ModifiedFollowing);
  CHECK_FALSE(parse_business_day("modified"));
}

TEST_CASE("a deal's calendar moves period ends and year fractions follow them", "[calendar][run]") {
  auto r = sluice::test::run_text("calendar.deal", R"(
import std.calendars
deal "cal" {
  currency USD  start 2025-01-31  period monthly  horizon 12 months  day_count ACT/360
  calendar std.calendars.us_federal modified_following
  loan pool { balance 1m USD  rate 6%  amortization bullet }
  tranche N { balance 1m USD  coupon 6%  amortization pass_through }
  equity E
  waterfall { pay N.interest  pay N.principal scheduled  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const auto& d = r->schedule.dates;
  CHECK(d[4] == Date{2025, 5, 30});   // Saturday the 31st
  CHECK(d[7] == Date{2025, 8, 29});   // Sunday the 31st, then Labor Day
  CHECK(d[10] == Date{2025, 11, 28});  // Sunday the 30th; Thanksgiving was the 27th
  // Period 5 runs 2025-05-30 to 2025-06-30: 31 days, so interest is
  // 1,000,000 x 6% x 31/360 = 5,166.67.
  CHECK(r->at("N.interest_paid", 5) == Approx(1e6 * 0.06 * 31 / 360));
}
