// The calendar a deal runs on, built once and read by every back end (the
// interpreter's Context instruction, the JIT's context table) and by every
// consumer of a run (metrics, reports, Monte Carlo, partial results): the
// period ends, each period's calendar facts, the term sheet's payment dates
// on top of the period grid, and the basis every time-weighted metric (WAL,
// durations) measures time on. It lives below both engines so that neither
// owns the dates the other must agree with.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "calendar/business_day.hpp"
#include "calendar/date.hpp"
#include "calendar/day_count.hpp"

namespace sluice::sema {
struct DealSettings;
}

namespace sluice::exec {

// The calendar facts the Context instruction reads, per period.
struct Schedule {
  std::vector<cal::Date> dates;  // T+1: dates[0] is the start
  std::vector<double> context;   // T x ContextField::kCount, row-major
  // Payment dates (T+1: pay[0] is when the notes settle): the period ends
  // unless the deal has a cut-off (apply_timeline below). Empty in a
  // schedule read back from a partial result, which needs only `dates`.
  std::vector<cal::Date> pay;
  // When each period's payment falls on the deal's WAL basis (years), and
  // the basis in words ("ACT/365F years from the start, 2025-03-31").
  std::vector<double> wal_years;
  std::string wal_basis;
  int periods() const { return static_cast<int>(dates.size()) - 1; }
  cal::Date pay_date(int t) const { return pay.empty() ? dates[static_cast<std::size_t>(t)] : pay[static_cast<std::size_t>(t)]; }
};

// Period ends roll from `start` by whole periods (end-of-month rule), then
// move to business days under `rule` when a calendar is given; year
// fractions and hours are taken between the adjusted dates. With
// `first_end`, period 1 is a stub from `start` to it and later periods roll
// from it; the stub counts as the share of a regular period its days are of
// the regular period that would end on `first_end`.
Schedule make_schedule(cal::Date start, int months_per_period, int periods, cal::DayCount dc,
                       const cal::HolidayCalendar* calendar = nullptr, cal::BusinessDay rule = cal::BusinessDay::Unadjusted,
                       std::optional<cal::Date> first_end = std::nullopt);

// A term sheet's dates on top of the period schedule: the periods are the
// pool's collection periods from the cut-off, the notes settle on their own
// date and are paid on a fixed day of the month after each collection period.
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

// The deal's schedule from its checked settings: the period grid (with its
// business-day calendar if it names one), then its term sheet's timeline and
// WAL basis when it states them.
Schedule schedule_for(const sema::DealSettings& deal);

}  // namespace sluice::exec
