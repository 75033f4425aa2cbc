#include "interp/timeline.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace sluice::interp {

using ir::ContextField;

void apply_timeline(Schedule& s, const Timeline& tl) {
  const int T = s.periods();
  s.pay.assign(s.dates.size(), s.dates[0]);
  s.pay[0] = tl.settlement.value_or(s.dates[0]);
  for (int t = 1; t <= T; ++t) {
    cal::Date d = s.dates[static_cast<std::size_t>(t)];
    if (tl.payment_day > 0) {
      // The collection period's last day is the day before its end date.
      const cal::Date last = cal::add_days(d, -1);
      const cal::Date next = cal::add_months(cal::Date{last.year, last.month, 1}, 1, false);
      d = cal::Date{next.year, next.month, std::min(tl.payment_day, cal::days_in_month(next.year, next.month))};
    }
    if (tl.calendar) d = cal::adjust(d, tl.rule, *tl.calendar);
    s.pay[static_cast<std::size_t>(t)] = d;
  }
  const auto n = static_cast<std::size_t>(ContextField::kCount);
  for (int t = 1; t <= T; ++t) {
    const cal::Date a = s.pay[static_cast<std::size_t>(t - 1)], b = s.pay[static_cast<std::size_t>(t)];
    double* c = &s.context[static_cast<std::size_t>(t - 1) * n];
    c[static_cast<std::size_t>(ContextField::AccrualFraction)] = cal::year_fraction(tl.day_count, a, b);
    for (int k = 0; k < 7; ++k) c[static_cast<std::size_t>(ContextField::AccrualByDayCount) + static_cast<std::size_t>(k)] = cal::year_fraction(static_cast<cal::DayCount>(k), a, b);
  }
}

std::string default_wal_basis(cal::Date start) { return fmt::format("ACT/365F years from start {}", cal::format_date(start)); }

void apply_wal_basis(Schedule& s, const WalBasis& b) {
  const int T = s.periods();
  const cal::Date origin = b.origin == "settlement" ? s.pay_date(0) : s.dates[0];
  const auto n = static_cast<std::size_t>(ContextField::kCount);
  s.wal_years.assign(static_cast<std::size_t>(T), 0.0);
  for (int t = 1; t <= T; ++t) {
    auto& y = s.wal_years[static_cast<std::size_t>(t - 1)];
    if (b.day_count) y = cal::year_fraction(*b.day_count, origin, s.pay_date(t));
    else y = s.context[static_cast<std::size_t>(t - 1) * n + static_cast<std::size_t>(ContextField::MonthsAtEnd)] / 12.0;
  }
  s.wal_basis = b.day_count ? fmt::format("{} years from {} {}", cal::day_count_name(*b.day_count), b.origin, cal::format_date(origin))
                            : fmt::format("months/12 from {} {}", b.origin, cal::format_date(origin));
}

}  // namespace sluice::interp
