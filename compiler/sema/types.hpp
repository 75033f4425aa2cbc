// Value kinds and physical dimensions. Units are checked here and erased
// before the IR: every number in the IR is in the base unit of its dimension
// (hours for h/day, months, years, the deal currency, declared count units).
#pragma once
#include <map>
#include <optional>
#include <string>

namespace sluice::sema {

enum class Kind { Number, Bool, Date, Curve, String, Entity, Error };

// Exponents of base dimensions: {"USD":1, "gpu":-1, "h":-1}.
using Dim = std::map<std::string, int>;

struct Type {
  Kind kind = Kind::Error;
  Dim dim;
  static Type number(Dim d = {}) { return Type{Kind::Number, std::move(d)}; }
  static Type boolean() { return Type{Kind::Bool, {}}; }
  static Type error() { return Type{Kind::Error, {}}; }
  bool is_error() const { return kind == Kind::Error; }
  bool is_number() const { return kind == Kind::Number; }
  bool operator==(const Type& o) const { return kind == o.kind && dim == o.dim; }
};

Dim dim_mul(const Dim& a, const Dim& b, int sign = 1);
std::string dim_text(const Dim& d);  // "USD/gpu/h", "1" for dimensionless
// A human name: "Money (USD)", "Ratio", "Rate (1/year)", "Quantity (gpu)",
// "Flow (USD/h)", "Duration (months)", "Bool", "Date", "Curve".
std::string type_text(const Type& t, const std::string& currency);
// Members that are metrics of a whole run (A.loss, A.irr), not per-period
// values: those of vocabulary/metrics.def that a report may name.
bool is_metric_member(const std::string& m);

// Built-in units: scale to the base unit and the base dimension.
struct UnitInfo {
  double scale = 1;
  std::string base;
};
std::optional<UnitInfo> builtin_unit(const std::string& name);
bool is_time_base(const std::string& base);  // h, month, year, period

// The time base of a flow (money per one time base), or "" if not a flow.
std::string flow_time_base(const Dim& d, const std::string& currency);
// The same as an enum, for lowering (None: not a flow).
enum class TimeBase { None, Hour, Month, Year, Period };
TimeBase flow_base(const Dim& d, const std::string& currency);
// The time base a duration counts in (`3 years`: Year, `4 periods`:
// Period, `36 months`: Month, `10 h`: Hour), None for no time unit; what
// lowering converts a duration to months by.
TimeBase duration_base(const Dim& d);
bool is_money(const Dim& d, const std::string& currency);
// An amount of the deal's currency, or an amount per unit or per time
// (the currency to a positive power).
bool money_valued(const Type& t, const std::string& currency);
inline bool is_ratio(const Dim& d) { return d.empty(); }

}  // namespace sluice::sema
