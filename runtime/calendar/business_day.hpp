// Sluice runtime: business days. A calendar is the weekend plus a list of
// holidays; a convention moves a date that is not a business day.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "calendar/date.hpp"

namespace sluice::cal {

enum class BusinessDay {
  Unadjusted,         // keep the date
  Following,          // the next business day
  ModifiedFollowing,  // the next, unless it is in the next month: then the previous
  Preceding,          // the previous business day
};
// "unadjusted", "following", "modified_following", "preceding".
std::optional<BusinessDay> parse_business_day(std::string_view);
std::string_view business_day_name(BusinessDay);

// 0 = Monday ... 6 = Sunday.
int weekday(Date);

struct HolidayCalendar {
  std::vector<std::int64_t> holidays;  // serial days, sorted, no duplicates
  bool is_business_day(Date d) const;
};
HolidayCalendar make_calendar(std::vector<Date> holidays);

Date adjust(Date d, BusinessDay convention, const HolidayCalendar& calendar);

}  // namespace sluice::cal
