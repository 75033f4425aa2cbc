// The registry of constructs, their properties, members and keyword
// options, and the built-in values, read from the .def tables beside this
// header. Sema checks
// declarations against it (sema/check_props.cpp, check_members.cpp) and
// records typed values (sema::Entity::prop); lowering switches on its
// enums; the language server's completion and hover read its words and
// docs; tests/docs checks docs/language.md's tables against it.
// Header-only and dependency-free, so every phase may include it.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "vocabulary/domains.hpp"

namespace sluice::vocab {

enum class Construct : std::uint8_t {
#define SLUICE_CONSTRUCT(Id, word, doc) Id,
#include "vocabulary/constructs.def"
};

// A set of constructs a property or member row belongs to.
using Owners = std::uint32_t;
constexpr Owners bit(Construct c) { return Owners{1} << static_cast<unsigned>(c); }
#define SLUICE_CONSTRUCT(Id, word, doc) inline constexpr Owners k##Id = bit(Construct::Id);
#include "vocabulary/constructs.def"
inline constexpr Owners kPool = kLoan | kReceivables;               // asset pools
inline constexpr Owners kDebt = kTranche | kConvertible | kFacility;  // a balance paying interest and principal
inline constexpr Owners kCharge = kFee | kExpense;                  // due, paid, carried

enum class PropId : std::uint8_t {
#define SLUICE_PROPERTY_WORD(Id, word) Id,
#include "vocabulary/properties.def"
};

// None: `A` itself (a fee's amount, a lease's collections), not a member.
enum class MemberId : std::uint8_t {
  None,
#define SLUICE_MEMBER_WORD(Id, word) Id,
#include "vocabulary/members.def"
};

enum class OptionSet : std::uint8_t {
  None,
#define SLUICE_OPTION_SET(Set, doc) Set,
#include "vocabulary/options.def"
};

// Every keyword option, `Set_Id`; `vocab::Amortization::Level` spells it.
enum class Option : std::uint8_t {
  None,
#define SLUICE_OPTION(Set, Id, word, Domain, doc) Set##_##Id,
#include "vocabulary/options.def"
};
#define SLUICE_OPTION(Set, Id, word, Domain, doc) \
  namespace Set {                         \
  inline constexpr Option Id = Option::Set##_##Id; \
  }
#include "vocabulary/options.def"

// How sema checks a property's value (sema/check_props.cpp).
enum class PropRule : std::uint8_t {
  Money,              // an amount of the deal's currency
  Ratio,              // a plain ratio (`85%`)
  PerYear,            // a rate per year (`3% per year`)
  AnnualRate,         // a ratio or a rate per year
  BoundedAnnualRate,  // the same, then optional `, cap C` and `, floor F`
  Duration,           // months, years or periods, above zero
  Age,                // months or years
  DelayMonths,        // a literal in months, a whole number of periods, up to 120
  Quantity,           // a count (`10_000 gpu`)
  LeasedUnits,        // a count in the fleet's unit
  MoneyPerUnit,       // money per unit of the construct's `units`
  SharePrice,         // money per share
  Underlying,         // in the unit of `conversion_price`
  AgeCurve,           // a curve read at an age in months
  Text,               // a name in quotes
  DayCount,           // a day count in quotes
  ShareOfBalance,     // a ratio above 0% and below 100%
  Keyword,            // one word of its option set
  Amortization,       // a word of the Amortization set with its value
  RateConvention,     // `cpr(R)`: a call named by an option, one argument
  Liquidation,        // `orderly` or `fire_sale(depth: D, discount: P)`
  Rent,               // `R [for TERM][, then MARKET]`
  LeaseDefault,       // `hazard H[, recovery R][, copula RHO]`
  Remarketing,        // a ratio, or money per leased unit
  Ramp,               // `U0, over N months`
  Claims,             // a list of claims (`A.interest, trustee`)
  Condition,          // `when CONDITION [for N periods]`
  Bool,               // a condition (true or false) each period
  DelayedDraw,        // the name of a facility with a `draw_period`
  ExchangeRate,       // the deal's currency per another currency (`USD/EUR`): a note's `fx`
  Put,                // `PRICE on DATE[, PRICE on DATE]`: a convertible's holder put
  Shares,             // a count in the unit convertibles deliver (money / conversion price)
};

// The type of a member's value (sema/check_members.cpp).
enum class MemberType : std::uint8_t {
  Money, Ratio, Rate /* 1/year */, Bool, Months /* a duration in months */,
  OfProperty,   // the type of the construct's property of the same word
  OfUnits,      // the type of the construct's `units` property (a fleet's deliveries)
  LeasedUnits,  // the lease's `units`, else its fleet's
  FactorStart,  // the factor's starting value
  Claim,        // a waterfall claim, not a value
};

// The built-in values (builtins.def).
enum class Builtin : std::uint8_t {
#define SLUICE_BUILTIN(Id, word, Type, at_close, doc) Id,
#include "vocabulary/builtins.def"
};
enum class BuiltinType : std::uint8_t { Money, Ratio, Hours /* a duration in h */, Months /* a duration in months */ };
struct BuiltinInfo {
  Builtin id;
  std::string_view word;
  BuiltinType type;
  bool at_close;
  std::string_view doc;
};
inline constexpr BuiltinInfo kBuiltins[] = {
#define SLUICE_BUILTIN(Id, word, Type, at_close, doc) {Builtin::Id, word, BuiltinType::Type, at_close, doc},
#include "vocabulary/builtins.def"
};
constexpr const BuiltinInfo& info(Builtin b) { return kBuiltins[static_cast<std::size_t>(b)]; }
constexpr std::string_view word(Builtin b) { return info(b).word; }

struct ConstructInfo {
  Construct id;
  std::string_view word, doc;
};
struct PropertyInfo {
  Owners owners;
  PropId id;
  std::string_view word;
  bool required;
  PropRule rule;
  Domain domain;  // the values it may take (vocabulary/domains.hpp)
  OptionSet options;
  std::string_view what, doc;
};
struct MemberInfo {
  Owners owners;
  MemberId id;
  std::string_view word;
  MemberType type;
  std::string_view doc;
};
struct OptionInfo {
  OptionSet set;
  Option id;
  std::string_view word;
  Domain domain;  // what the option's value may take; Any without a value
  std::string_view doc;
};

inline constexpr std::string_view kPropertyWords[] = {
#define SLUICE_PROPERTY_WORD(Id, word) word,
#include "vocabulary/properties.def"
};
inline constexpr std::string_view kMemberWords[] = {
    "",
#define SLUICE_MEMBER_WORD(Id, word) word,
#include "vocabulary/members.def"
};
constexpr std::string_view word(PropId p) { return kPropertyWords[static_cast<std::size_t>(p)]; }
constexpr std::string_view word(MemberId m) { return kMemberWords[static_cast<std::size_t>(m)]; }

inline constexpr ConstructInfo kConstructs[] = {
#define SLUICE_CONSTRUCT(Id, word, doc) {Construct::Id, word, doc},
#include "vocabulary/constructs.def"
};
inline constexpr PropertyInfo kProperties[] = {
#define SLUICE_PROPERTY(Owners, Id, required, Rule, Dom, Options, what, doc) \
  {Owners, PropId::Id, word(PropId::Id), required, PropRule::Rule, Domain::Dom, OptionSet::Options, what, doc},
#include "vocabulary/properties.def"
};
inline constexpr MemberInfo kMembers[] = {
#define SLUICE_MEMBER(Owners, Id, Type, doc) {Owners, MemberId::Id, word(MemberId::Id), MemberType::Type, doc},
#include "vocabulary/members.def"
};
inline constexpr OptionInfo kOptions[] = {
#define SLUICE_OPTION(Set, Id, word, Dom, doc) {OptionSet::Set, Option::Set##_##Id, word, Domain::Dom, doc},
#include "vocabulary/options.def"
};

constexpr std::string_view word(Construct c) { return kConstructs[static_cast<std::size_t>(c)].word; }
constexpr std::string_view word(Option o) {
  for (const auto& x : kOptions)
    if (x.id == o) return x.word;
  return "";
}
constexpr Domain domain(Option o) {
  for (const auto& x : kOptions)
    if (x.id == o) return x.domain;
  return Domain::Any;
}
constexpr bool owns(Owners o, Construct c) { return (o & bit(c)) != 0; }

// A construct's properties and members, in the tables' order.
inline std::vector<const PropertyInfo*> properties_of(Construct c) {
  std::vector<const PropertyInfo*> v;
  for (const auto& p : kProperties)
    if (owns(p.owners, c)) v.push_back(&p);
  return v;
}
inline std::vector<const MemberInfo*> members_of(Construct c) {
  std::vector<const MemberInfo*> v;
  for (const auto& x : kMembers)
    if (owns(x.owners, c)) v.push_back(&x);
  return v;
}
constexpr const PropertyInfo* property(Construct c, PropId id) {
  for (const auto& p : kProperties)
    if (p.id == id && owns(p.owners, c)) return &p;
  return nullptr;
}
constexpr const PropertyInfo* property(Construct c, std::string_view w) {
  for (const auto& p : kProperties)
    if (p.word == w && owns(p.owners, c)) return &p;
  return nullptr;
}
constexpr const MemberInfo* member(Construct c, std::string_view w) {
  for (const auto& x : kMembers)
    if (x.word == w && owns(x.owners, c)) return &x;
  return nullptr;
}
constexpr std::optional<PropId> property_named(std::string_view w) {
  for (std::size_t i = 0; i < std::size(kPropertyWords); ++i)
    if (kPropertyWords[i] == w) return static_cast<PropId>(i);
  return std::nullopt;
}
// Any member word, the lowering's own included (a claim's part, a dump).
constexpr std::optional<MemberId> member_named(std::string_view w) {
  for (std::size_t i = 0; i < std::size(kMemberWords); ++i)
    if (kMemberWords[i] == w) return static_cast<MemberId>(i);
  return std::nullopt;
}
constexpr std::optional<Option> option_named(OptionSet s, std::string_view w) {
  for (const auto& x : kOptions)
    if (x.set == s && x.word == w) return x.id;
  return std::nullopt;
}
inline std::vector<const OptionInfo*> options_of(OptionSet s) {
  std::vector<const OptionInfo*> v;
  for (const auto& x : kOptions)
    if (x.set == s) v.push_back(&x);
  return v;
}

}  // namespace sluice::vocab
