#include "calendar/business_day.hpp"

#include <algorithm>

namespace sluice::cal {

std::optional<BusinessDay> parse_business_day(std::string_view s) {
  if (s == "unadjusted") return BusinessDay::Unadjusted;
  if (s == "following") return BusinessDay::Following;
  if (s == "modified_following") return BusinessDay::ModifiedFollowing;
  if (s == "preceding") return BusinessDay::Preceding;
  return std::nullopt;
}

std::string_view business_day_name(BusinessDay b) {
  switch (b) {
    case BusinessDay::Unadjusted: return "unadjusted";
    case BusinessDay::Following: return "following";
    case BusinessDay::ModifiedFollowing: return "modified_following";
    case BusinessDay::Preceding: return "preceding";
  }
  return "?";
}

int weekday(Date d) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  std::int64_t w = (to_serial(d) + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

bool HolidayCalendar::is_business_day(Date d) const {
  if (weekday(d) >= 5) return false;
  return !std::binary_search(holidays.begin(), holidays.end(), to_serial(d));
}

HolidayCalendar make_calendar(std::vector<Date> days) {
  HolidayCalendar c;
  for (const auto& d : days) c.holidays.push_back(to_serial(d));
  std::sort(c.holidays.begin(), c.holidays.end());
  c.holidays.erase(std::unique(c.holidays.begin(), c.holidays.end()), c.holidays.end());
  return c;
}

Date adjust(Date d, BusinessDay convention, const HolidayCalendar& cal) {
  if (convention == BusinessDay::Unadjusted || cal.is_business_day(d)) return d;
  auto step = [&](Date x, int dir) {
    do x = add_days(x, dir);
    while (!cal.is_business_day(x));
    return x;
  };
  if (convention == BusinessDay::Preceding) return step(d, -1);
  Date next = step(d, 1);
  if (convention == BusinessDay::ModifiedFollowing && next.month != d.month) return step(d, -1);
  return next;
}

}  // namespace sluice::cal
