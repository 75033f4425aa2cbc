// A term sheet's dates on top of the period schedule: the periods are the
// pool's collection periods from the cut-off, the notes settle on their own
// date and are paid on a fixed day of the month after each collection
// period; and the basis every time-weighted metric (WAL, durations)
// measures time on.
#pragma once
#include <optional>
#include <string>

#include "interp/interpreter.hpp"

namespace sluice::interp {

struct Timeline {
  std::optional<cal::Date> settlement;  // none: the notes settle at the cut-off
  int payment_day = 0;                  // 1..31; 0: paid at each collection period's end
  cal::DayCount day_count = cal::DayCount::Thirty360BondBasis;  // the notes' accrual
  const cal::HolidayCalendar* calendar = nullptr;               // payment dates move to business days
  cal::BusinessDay rule = cal::BusinessDay::Unadjusted;
};

// Payment date t: `payment_day` of the month after the one holding the
// last day of collection period t (clamped to the month's length), moved
// under the calendar; pay[0] is the settlement date. Each period's
// AccrualFraction becomes the notes' day count from the previous payment
// date to this one.
void apply_timeline(Schedule& s, const Timeline& tl);

struct WalBasis {
  std::string origin = "start";  // start, cutoff or settlement
  std::optional<cal::DayCount> day_count = cal::DayCount::Act365Fixed;  // none: months/12
};

// wal_years[t-1]: the day count's years from the origin to payment date t,
// or (months/12) the months from the start to collection period t's end
// over 12; and the basis in words.
void apply_wal_basis(Schedule& s, const WalBasis& b);

// The default basis in words: "ACT/365F years from start 2025-03-31".
std::string default_wal_basis(cal::Date start);

}  // namespace sluice::interp
