// The typed IR: a per-period state machine. Units are erased (every number
// is in its dimension's base unit); control flow is erased too (waterfall
// branches are masks, `if` is Select), so a program is a straight line of
// instructions over doubles that either back end evaluates per scenario.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "base/source.hpp"
#include "calendar/day_count.hpp"
#include "vocabulary/domains.hpp"
#include "vocabulary/metrics.hpp"

namespace sluice::ir {

enum class Op : std::uint8_t {
#define OP(name, arity, doc) name,
#include "ir/ops.def"
#undef OP
};
const char* op_name(Op op);
int op_arity(Op op);

// The Mod op: a mod b with b's sign, as a spreadsheet's MOD (and Python's
// float %): r = fmod(a, b), exact; then r + b when r is not zero and its
// sign is not b's (that sum is rounded: mod(-1e-20, 1) is 1). One
// definition for the interpreter, the JIT's bridge and constant folding.
inline double spreadsheet_mod(double a, double b) {
  double r = std::fmod(a, b);
  if (r != 0 && (r < 0) != (b < 0)) r += b;
  return r;
}

struct Instr {
  Op op = Op::Const;
  std::int32_t a = -1, b = -1, c = -1;
  std::uint32_t aux = 0;
  double imm = 0;
};

// What the Context instruction reads. Months and years count from the start.
enum class ContextField : std::uint32_t {
  PeriodNumber,     // t = 1..T
  YearFraction,     // this period under the deal's day count
  Hours,            // actual hours in the period
  Months,           // calendar months in the period
  MonthsAtStart,    // months from the deal start to the period's start
  MonthsAtEnd,      // ... to the period's end
  YearsAtEnd,       // sum of year fractions through this period
  IsLast,           // 1 in the horizon period
  AccrualFraction,  // the notes' year fraction: previous payment date (settlement) to this one
  // ... on each day count, in cal::DayCount's order, for a note with its own
  // `day_count` (AccrualByDayCount + static_cast<int>(dc)).
  AccrualByDayCount,
  kCount = AccrualByDayCount + cal::kDayCounts  // one slot per convention: ACT/ACT ISDA, the last, too
};
const char* context_name(ContextField f);

struct Program {
  std::vector<Instr> code;  // register i is the result of code[i]
};

struct StateSlot {
  std::string name;
};

// What an output column is, for tables and metrics.
enum class Role : std::uint8_t {
  Collections, Expenses, Available, FeePaid, InterestDue, InterestPaid, PrincipalPaid, Balance, EndBalance,
  InterestShortfall, AccountBalance, Distribution, Test, Trigger, Series, Liquidation, Retained, Original,
  Converted,  // a convertible's balance retired in shares this period
  Drawn,      // drawn on a facility this period
  Contributed,  // put in by equity this period (capex no draw funded)
  Received,     // paid to the deal by a hedge's counterparty this period (available funds)
  ReportValue  // a report metric or the risk-free rate: recorded, not shown in the period tables
};

struct Column {
  std::string name;    // "A.interest_paid", "dscr"
  std::string owner;   // "A" for tranche columns, "" otherwise
  Role role = Role::Series;
  std::string unit;    // "USD", "1", "Bool"
  // A report series the deal wrote in another unit than its base one (a
  // rate given in `USD/PH/day`, kept in USD/PH/h): that unit as written
  // (sema/written_unit.hpp), and how many of it one base unit is (24). The
  // tables and charts show the series in it; CSV and JSON keep the base
  // unit. Empty: the base unit.
  std::string written_unit;
  double per_written = 1;
};

struct CurveTable {
  std::string name;
  std::vector<double> x, y;
};

struct CheckInfo {
  std::string what;  // "cash is conserved"
  Span span;
  bool input = false;  // broken by the deal's inputs (a negative balance), not by the engine
  bool finite = false; // a division of money is a finite amount (E0901 at the division; `what` is its text)
  bool step = false;   // a rounding step is above zero, a mod's divisor not zero (E0220; `what` says which)
  // A value known only at run time lies in its domain (ir/lower_domains.cpp,
  // E0902 at the expression): `what` names the value, a CheckRange's b (its
  // violation's a, exec::range_violation). Held exactly, without the money
  // tolerance: a utilization of 100.00001% is outside [0, 1].
  bool domain = false;
  vocab::Domain range = vocab::Domain::Any;
  bool ratio = false;  // a plain ratio: the message shows it in percent
  bool capex = false;  // facilities drew more for capex than it cost (E0904 at `funds`)
  // A note's exchange rate (`fx F`) is a positive, finite number (E0906 at
  // `fx`): held exactly by a CheckRange, like a domain; `what` names the
  // note, the rate is the violation's a.
  bool fx = false;
};

enum class Stream : std::uint8_t { Normal, Uniform, Poisson };
struct RandomStream {
  std::string name;       // "gpu_rate", "gpu_rate.jumps", "deflation"
  std::uint32_t key = 0;  // the generator's stream word (rng::stream_key of the name)
};

// A tranche, as the report and metrics need it.
struct TrancheInfo {
  std::string name;
  int col_interest_paid = -1, col_principal_paid = -1, col_end_balance = -1, col_original = -1;
  int col_interest_due = -1;
  int col_interest_unpaid = -1;  // interest owed and not paid, carried to the next period
  bool capitalizes = false;      // `shortfall capitalize`: unpaid interest joins the balance
  // Coverage: the cash flow available for debt service the tranche is
  // measured against (its `cfads`, or collections less expenses when it is
  // sculpted) and its coupon times the year fraction, per period.
  int col_cfads = -1, col_period_rate = -1, col_principal_due = -1;
  // `sculpted dscr X`: the balance to be outstanding at the end of each
  // period, a curve over the period number the driver fills from the base
  // case before anything runs (pipeline/sculpt.cpp); -1 when not sculpted.
  int sculpt_curve = -1;
  double sculpt_dscr = 0;
  // A convertible: the balance retired in shares and the shares' value, per
  // period; a facility: its draws. -1 for a plain tranche.
  int col_converted = -1, col_conversion_value = -1, col_drawn = -1;
  // A convertible with a holder put: the cash paid for put notes above the
  // par it retired (principal paid counts the par), -1 without a put.
  int col_put_premium = -1;
  // The audit's rules for this tranche (indices into Module::checks).
  std::size_t rolls_forward = 0, carries = 0;
  // Its market quote, fixed before the run (`price 98.5%`: a share of the
  // original balance; `spread 450bp`: over the report's risk_free), and the
  // column of the zero rate its z-spread is over (`zero_curve`), -1 if none.
  enum class Quote : std::uint8_t { None, Price, Spread };
  Quote quote = Quote::None;
  // The currency its money is in (`fx F`: balance, interest, principal and
  // the metrics read from them), "" for the deal's.
  std::string currency;
  double quote_value = 0;
  int col_zero_rate = -1;
};

// What the holders of a tranche receive in one period: interest and
// principal paid, plus the value of shares delivered on conversion and any
// put premium, less what a facility's lenders newly advance. For lanes
// 0 .. n-1 into out[l], from a row laid out by lane (`cells(column)`
// points at the column's cell of lane 0, lane l's l cells on): each lane
// the same additions in the same order, one pass over the lanes an addend,
// which the compiler keeps in vector registers.
template <class Cells>
void holder_cash(const TrancheInfo& t, Cells cells, std::size_t n, double* out) {
  const double *in = cells(t.col_interest_paid), *pr = cells(t.col_principal_paid);
  for (std::size_t l = 0; l < n; ++l) out[l] = in[l] + pr[l];
  const auto add = [&](int col, double sign) {
    if (col < 0) return;
    const double* x = cells(col);
    if (sign > 0)
      for (std::size_t l = 0; l < n; ++l) out[l] += x[l];
    else
      for (std::size_t l = 0; l < n; ++l) out[l] -= x[l];
  };
  add(t.col_conversion_value, 1);
  add(t.col_put_premium, 1);
  add(t.col_drawn, -1);
}
// The same for one path's period row (column c at row[c]).
inline double holder_cash(const TrancheInfo& t, const double* row) {
  double v = 0;
  holder_cash(t, [row](int c) { return row + c; }, 1, &v);
  return v;
}
// The balance retired other than by principal paid (conversion, less draws).
template <class At>
double balance_other_change(const TrancheInfo& t, At at) {
  double v = 0;
  if (t.col_converted >= 0) v -= at(t.col_converted);
  if (t.col_drawn >= 0) v += at(t.col_drawn);
  return v;
}
struct EquityInfo {
  std::string name;
  int col_distribution = -1;
  int col_investment = -1;  // init column: what equity put in on day 0
  int col_contribution = -1;  // what it puts in each period (capex no facility drew for); -1 when nothing is delivered after the close
};
struct TriggerInfo {
  std::string name;
  int col = -1;
};
// A pool's clean-up call: exercised (1 in that period) and the price paid.
struct CallInfo {
  std::string name;  // the pool
  int col_called = -1, col_price = -1;
};
struct TestInfo {
  std::string name;
  int col = -1;
};
// An obligor that can default (a lease with `default`, a loan with
// `default`), recorded for the risk report's losses by obligor and by group
// when lowered with record_obligors (ir/lower_obligors.cpp).
struct ObligorInfo {
  std::string name;   // "lessees.neo1", or a hand-written lease's name
  std::string group;  // "tape.group" for a tape row with a group, else ""
  bool loan = false;
  // A lease: 1 - performing each period (read at the horizon: 1 once it has
  //   defaulted) and the rent lost less recoveries received, per period.
  // A loan: the balance defaulting each period (summed, over col_exposure
  //   read in period 1: the share of its balance that defaulted) and the
  //   losses realized each period.
  int col_default = -1, col_loss = -1, col_exposure = -1;
};

struct Module {
  std::string deal_name;
  std::string currency;
  // The other currencies notes are in (`fx`): their columns are money too.
  std::vector<std::string> note_currencies;
  bool money_unit(const std::string& unit) const {
    if (unit == currency) return true;
    for (const auto& c : note_currencies)
      if (unit == c) return true;
    return false;
  }
  Program init;  // once per scenario, before period 1: draws and opening state
  Program step;  // once per period
  std::vector<StateSlot> state;
  std::vector<Column> columns;       // written by `step` each period
  std::vector<Column> init_columns;  // written once by `init`
  std::vector<CurveTable> curves;
  std::vector<CheckInfo> checks;
  std::vector<RandomStream> streams;
  std::vector<TrancheInfo> tranches;
  std::vector<EquityInfo> equities;
  std::vector<TriggerInfo> triggers;
  std::vector<TestInfo> tests;
  std::vector<CallInfo> calls;  // clean-up calls, in declaration order
  std::vector<int> series;  // columns named in `report { series ... }`
  std::vector<int> factors;  // the draws' and factors' columns, only when lowered with record_factors
  std::vector<ObligorInfo> obligors;  // only when lowered with record_obligors
  std::vector<std::pair<std::string, vocab::Metric>> metrics;  // run metrics a report names: (owner, registry row)
  std::vector<std::pair<std::string, int>> horizon_metrics;  // report metrics that are numbers: (text, column)
  int risk_free = -1;                                        // column of the report's risk_free rate, if any
  std::vector<std::string> probabilities;                     // trigger / condition columns by name
  // Columns the audit requires to stay at or above zero: (column, check).
  std::vector<std::pair<int, std::size_t>> audit_not_negative;
};

// How a domain message shows a value (ir/lower_domains.cpp): NaN and the
// infinities by name, a plain ratio in percent, an amount by its sign.
std::string shown(bool ratio, double x);

// Merges repeated pure instructions and drops dead ones (ir/optimize.cpp).
void optimize(Program& p);

// `sluice ir`: one line per instruction, with names.
std::string print(const Module& m);

}  // namespace sluice::ir
