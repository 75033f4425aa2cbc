// The domains of the registry: the values a property, an option's value or
// a built-in call's argument may take (the Domain column of properties.def,
// options.def and functions.def). Every domain is of finite numbers: NaN and
// the infinities lie outside all of them, so `0/0` is never a rate of 0%.
// Lowering checks a value fixed before the run against its domain when it
// compiles the deal (E0304) and a value known only at run time where it is
// computed, each period (E0902); ir/lower_domains.cpp. docs/language.md,
// "Domains", lists them (tests/docs holds that table to this one).
// Header-only and dependency-free.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

namespace sluice::vocab {

enum class Domain : std::uint8_t {
  Any,           // any finite number
  NonNegative,   // 0 or more: a balance, a cost, a volatility, a hazard
  Positive,      // above 0: a duration, a market's depth, a price to divide by
  UnitInterval,  // 0 to 1: a share, a utilization, a recovery, a probability
  Correlation,   // -1 to 1
  Growth,        // above -1: a yearly growth (1 + g) raised to a power
};

// A fee's or an expense's amount (a declaration's value, not a property):
// money owed, 0 or more. A negative fee would be cash paid to the deal.
inline constexpr Domain kChargeDomain = Domain::NonNegative;

struct DomainInfo {
  Domain id;
  std::string_view name;   // as docs/language.md's tables write it
  std::string_view range;  // as messages write it: "0% to 100%"
  double lo, hi;           // the bounds
  bool lo_open;            // lo itself lies outside (Positive, Growth)
};

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr DomainInfo kDomains[] = {
    {Domain::Any, "Any", "a finite number", -kInf, kInf, false},
    {Domain::NonNegative, "NonNegative", "0 or more", 0, kInf, false},
    {Domain::Positive, "Positive", "above 0", 0, kInf, true},
    {Domain::UnitInterval, "UnitInterval", "0% to 100%", 0, 1, false},
    {Domain::Correlation, "Correlation", "-100% to 100%", -1, 1, false},
    {Domain::Growth, "Growth", "above -100%", -1, kInf, true},
};
constexpr const DomainInfo& info(Domain d) { return kDomains[static_cast<std::size_t>(d)]; }
static_assert([] {
  for (std::size_t i = 0; i < std::size(kDomains); ++i)
    if (static_cast<std::size_t>(kDomains[i].id) != i) return false;
  return true;
}());

// Whether x lies in d: NaN and the infinities never do.
inline bool contains(Domain d, double x) {
  const DomainInfo& i = info(d);
  if (!std::isfinite(x)) return false;
  return (i.lo_open ? x > i.lo : x >= i.lo) && x <= i.hi;
}

}  // namespace sluice::vocab
