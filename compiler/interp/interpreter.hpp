// The reference back end: runs the IR's straight-line programs over doubles,
// one period at a time, for the base case (every random shock at its mean).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "calendar/business_day.hpp"
#include "calendar/date.hpp"
#include "calendar/day_count.hpp"
#include "ir/ir.hpp"

namespace sluice::interp {

// The calendar facts the Context instruction reads, per period.
struct Schedule {
  std::vector<cal::Date> dates;  // T+1: dates[0] is the start
  std::vector<double> context;   // T x ContextField::kCount, row-major
  int periods() const { return static_cast<int>(dates.size()) - 1; }
};
// Period ends roll from `start` by whole periods (end-of-month rule), then
// move to business days under `rule` when a calendar is given; year
// fractions and hours are taken between the adjusted dates.
Schedule make_schedule(cal::Date start, int months_per_period, int periods, cal::DayCount dc,
                       const cal::HolidayCalendar* calendar = nullptr, cal::BusinessDay rule = cal::BusinessDay::Unadjusted);

struct Violation {
  int period = 0;
  std::size_t check = 0;
  double a = 0, b = 0;
};

struct Trace {
  std::vector<double> init;                 // init columns
  std::vector<std::vector<double>> rows;    // rows[t-1][column]
  std::optional<Violation> violation;       // the first broken invariant, if any
};

Trace run_base_case(const ir::Module& m, const Schedule& s);

}  // namespace sluice::interp
