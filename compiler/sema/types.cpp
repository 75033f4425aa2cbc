#include "sema/types.hpp"

#include <fmt/format.h>

#include "syntax/parser.hpp"

namespace sluice::sema {

Dim dim_mul(const Dim& a, const Dim& b, int sign) {
  Dim r = a;
  for (const auto& [k, v] : b) {
    int& e = r[k];
    e += sign * v;
    if (e == 0) r.erase(k);
  }
  return r;
}

std::string dim_text(const Dim& d) {
  if (d.empty()) return "1";
  std::string num, den;
  auto part = [](const std::string& k, int v) { return std::abs(v) == 1 ? k : fmt::format("{}^{}", k, std::abs(v)); };
  // Money first, then the rest; denominators after `/`.
  for (const auto& [k, v] : d)
    if (v > 0) num += (num.empty() ? "" : "*") + part(k, v);
  for (const auto& [k, v] : d)
    if (v < 0) den += "/" + part(k, v);
  if (num.empty()) num = "1";
  return num + den;
}

std::optional<UnitInfo> builtin_unit(const std::string& n) {
  if (n == "h" || n == "hour" || n == "hours") return UnitInfo{1, "h"};
  if (n == "day" || n == "days") return UnitInfo{24, "h"};
  if (n == "month" || n == "months") return UnitInfo{1, "month"};
  if (n == "year" || n == "years") return UnitInfo{1, "year"};
  if (n == "period" || n == "periods") return UnitInfo{1, "period"};
  return std::nullopt;
}

bool is_time_base(const std::string& b) { return b == "h" || b == "month" || b == "year" || b == "period"; }

bool is_money(const Dim& d, const std::string& cur) { return d.size() == 1 && d.begin()->first == cur && d.begin()->second == 1; }

std::string flow_time_base(const Dim& d, const std::string& cur) {
  if (d.size() != 2) return "";
  auto c = d.find(cur);
  if (c == d.end() || c->second != 1) return "";
  for (const auto& [k, v] : d)
    if (k != cur && is_time_base(k) && v == -1) return k;
  return "";
}

TimeBase flow_base(const Dim& d, const std::string& cur) {
  const std::string b = flow_time_base(d, cur);
  if (b == "h") return TimeBase::Hour;
  if (b == "month") return TimeBase::Month;
  if (b == "year") return TimeBase::Year;
  if (b == "period") return TimeBase::Period;
  return TimeBase::None;
}

TimeBase duration_base(const Dim& d) {
  if (d.count("year")) return TimeBase::Year;
  if (d.count("period")) return TimeBase::Period;
  if (d.count("month")) return TimeBase::Month;
  if (d.count("h")) return TimeBase::Hour;
  return TimeBase::None;
}

bool money_valued(const Type& t, const std::string& cur) {
  auto it = t.dim.find(cur);
  return t.is_number() && it != t.dim.end() && it->second > 0;
}

std::string type_text(const Type& t, const std::string& cur) {
  switch (t.kind) {
    case Kind::Bool: return "Bool";
    case Kind::Date: return "Date";
    case Kind::Curve: return "Curve";
    case Kind::String: return "Text";
    case Kind::Entity: return "a declaration";
    case Kind::Error: return "?";
    case Kind::Number: break;
  }
  const Dim& d = t.dim;
  if (d.empty()) return "Ratio";
  if (is_money(d, cur)) return fmt::format("Money ({})", cur);
  if (d.size() == 1 && d.begin()->second == 1 && syntax::is_currency_code(d.begin()->first)) return fmt::format("Money ({})", d.begin()->first);
  if (!flow_time_base(d, cur).empty()) return fmt::format("Flow ({})", dim_text(d));
  if (d.size() == 1 && is_time_base(d.begin()->first)) {
    if (d.begin()->second == 1) return fmt::format("Duration ({})", d.begin()->first);
    if (d.begin()->second == -1) return fmt::format("Rate (1/{})", d.begin()->first);
  }
  if (d.count(cur)) return fmt::format("Money per unit ({})", dim_text(d));
  return fmt::format("Quantity ({})", dim_text(d));
}

}  // namespace sluice::sema
