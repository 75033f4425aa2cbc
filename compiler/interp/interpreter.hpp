// The reference back end: runs the IR's straight-line programs over doubles,
// one period at a time: the base case (every random shock at its mean) or
// one random scenario, whose draws come from the counter-based generator.
#pragma once
#include <cstdint>
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
  // Payment dates (T+1: pay[0] is when the notes settle): the period ends
  // unless the deal has a cut-off (interp/timeline.cpp). Empty in a schedule
  // read back from a partial result, which needs only `dates`.
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

// Shared with every back end, so they agree to the bit: a curve table read
// at x (linear between points, flat outside), and the invariant tolerance
// (a <= b within 1e-6 + 1e-9 relative; NaN never holds).
double curve_at(const ir::CurveTable& c, double x);
bool within_tolerance(double a, double b);


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

// Which random scenario to run: draws are keyed by (seed, scenario, stream,
// period), with period 0 for the draws made before period 1.
struct ScenarioKey {
  std::uint64_t seed = 0, scenario = 0;
};

// Runs one path into flat buffers: `init_out` gets the init columns,
// `rows_out` periods x columns (row-major). No key: the base case. Reuses its
// scratch registers, so one Machine per thread.
class Machine {
 public:
  Machine(const ir::Module& m, const Schedule& s) : m_(m), s_(s) {}
  void run(const ScenarioKey* key, double* init_out, double* rows_out, std::optional<Violation>& violation);

 private:
  const ir::Module& m_;
  const Schedule& s_;
  std::vector<double> regs_, state_, next_;
};

Trace run_base_case(const ir::Module& m, const Schedule& s);
Trace run_scenario(const ir::Module& m, const Schedule& s, ScenarioKey key);

}  // namespace sluice::interp
