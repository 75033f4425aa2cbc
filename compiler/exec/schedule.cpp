#include "exec/schedule.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "ir/ir.hpp"
#include "sema/model.hpp"

namespace sluice::exec {

using ir::ContextField;

Schedule make_schedule(cal::Date start, int months_per_period, int periods, cal::DayCount dc,
                       const cal::HolidayCalendar* calendar, cal::BusinessDay rule, std::optional<cal::Date> first_end) {
  Schedule s;
  double stub_months = months_per_period;
  if (first_end) {
    s.dates = {start};
    for (const auto& d : cal::period_schedule(*first_end, months_per_period, periods - 1, true)) s.dates.push_back(d);
    const cal::Date regular = cal::add_months(*first_end, -months_per_period, cal::is_end_of_month(*first_end));
    stub_months = months_per_period * static_cast<double>(cal::days_between(start, *first_end)) / cal::days_between(regular, *first_end);
  } else {
    s.dates = cal::period_schedule(start, months_per_period, periods, true);
  }
  if (calendar)
    for (std::size_t i = 1; i < s.dates.size(); ++i) s.dates[i] = cal::adjust(s.dates[i], rule, *calendar);
  const auto n = static_cast<std::size_t>(ContextField::kCount);
  s.context.assign(static_cast<std::size_t>(periods) * n, 0.0);
  double years = 0;
  for (int t = 1; t <= periods; ++t) {
    double* c = &s.context[static_cast<std::size_t>(t - 1) * n];
    const cal::Date a = s.dates[static_cast<std::size_t>(t - 1)], b = s.dates[static_cast<std::size_t>(t)];
    double yf = cal::year_fraction(dc, a, b);
    years += yf;
    c[static_cast<std::size_t>(ContextField::PeriodNumber)] = t;
    c[static_cast<std::size_t>(ContextField::YearFraction)] = yf;
    c[static_cast<std::size_t>(ContextField::Hours)] = 24.0 * cal::days_between(a, b);
    // Months run from the stub's end in whole periods (no stub: the stub is
    // a whole period).
    c[static_cast<std::size_t>(ContextField::Months)] = t == 1 ? stub_months : months_per_period;
    c[static_cast<std::size_t>(ContextField::MonthsAtStart)] = t == 1 ? 0 : stub_months + (t - 2) * months_per_period;
    c[static_cast<std::size_t>(ContextField::MonthsAtEnd)] = stub_months + (t - 1) * months_per_period;
    c[static_cast<std::size_t>(ContextField::YearsAtEnd)] = years;
    c[static_cast<std::size_t>(ContextField::IsLast)] = t == periods ? 1 : 0;
    c[static_cast<std::size_t>(ContextField::AccrualFraction)] = yf;  // notes accrue over the period itself
    for (int k = 0; k < cal::kDayCounts; ++k)  // ... or on their own day count
      c[static_cast<std::size_t>(ContextField::AccrualByDayCount) + static_cast<std::size_t>(k)] = cal::year_fraction(static_cast<cal::DayCount>(k), a, b);
  }
  // Without a cut-off the notes are paid on the period ends, and the WAL is
  // measured in ACT/365F years from the start (apply_timeline and
  // apply_wal_basis move both).
  s.pay = s.dates;
  for (int t = 1; t <= periods; ++t) s.wal_years.push_back(cal::year_fraction(cal::DayCount::Act365Fixed, s.dates[0], s.dates[static_cast<std::size_t>(t)]));
  s.wal_basis = default_wal_basis(s.dates[0]);
  return s;
}

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
    for (int k = 0; k < cal::kDayCounts; ++k) c[static_cast<std::size_t>(ContextField::AccrualByDayCount) + static_cast<std::size_t>(k)] = cal::year_fraction(static_cast<cal::DayCount>(k), a, b);
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

Schedule schedule_for(const sema::DealSettings& d) {
  std::optional<cal::HolidayCalendar> cal;
  if (!d.calendar.empty()) cal = cal::make_calendar(d.holidays);
  // With a cut-off the collection periods stay whole calendar periods and
  // the calendar moves the payment dates instead.
  const bool adjust_ends = cal && !d.has_cutoff;
  auto s = make_schedule(d.start, d.months_per_period, d.periods, d.day_count, adjust_ends ? &*cal : nullptr,
                         adjust_ends ? d.business_day : cal::BusinessDay::Unadjusted, d.first_payment);
  if (d.has_cutoff) apply_timeline(s, Timeline{d.settlement, d.payment_day, d.day_count, cal ? &*cal : nullptr, d.business_day});
  // Without a cut-off and a `wal` line, make_schedule's basis stands.
  if (d.has_cutoff || d.wal_origin != "start" || d.wal_day_count != cal::DayCount::Act365Fixed)
    apply_wal_basis(s, WalBasis{d.wal_origin == "start" && d.has_cutoff ? "cutoff" : d.wal_origin, d.wal_day_count});
  return s;
}

}  // namespace sluice::exec
