// The built-in functions and processes of functions.def as typed ids: one
// enum of every call (FunctionId) and one per place a call may stand
// (Function, Draw, Process, Clause), so that lowering switches exhaustively
// over the calls of one place and a row without its lowering is a compile
// error (-Werror=switch), never a silent fallback.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "vocabulary/domains.hpp"

namespace sluice::vocab {

enum class Shape { Variadic, Unary, PlainUnary, Rounding, Prev, Pair, Options, Named, Path, Csv, Intensity, Trailing };
enum class Result { First, Start, Construct, ByChecker };
enum class Place { Expression, Draw, Factor, Jumps, Liquidate };
enum class Motion { Stochastic, Deterministic };
enum class Need { Required, Optional };
enum class Rule { Any, SameAsStart, PerYear, Vol, Ratio, ByConstruct };

enum class FunctionId {
#define SLUICE_FUNCTION(id, ...) id,
#define SLUICE_DRAW(id, ...) id,
#define SLUICE_PROCESS(id, ...) id,
#define SLUICE_CLAUSE(id, ...) id,
#include "vocabulary/functions.def"
};

// The calls of each place, as enums of their own for lowering's switches.
enum class Function {
#define SLUICE_FUNCTION(id, ...) id,
#include "vocabulary/functions.def"
};
enum class Draw {
#define SLUICE_DRAW(id, ...) id,
#include "vocabulary/functions.def"
};
enum class Process {
#define SLUICE_PROCESS(id, ...) id,
#include "vocabulary/functions.def"
};
enum class Clause {
#define SLUICE_CLAUSE(id, ...) id,
#include "vocabulary/functions.def"
};

// The named arguments of params.def as ids.
enum class ParamId {
#define SLUICE_PARAM_NAME(id, name) id,
#include "vocabulary/params.def"
};
inline constexpr std::string_view kParamNames[] = {
#define SLUICE_PARAM_NAME(id, name) name,
#include "vocabulary/params.def"
};
inline constexpr std::string_view name(ParamId p) { return kParamNames[static_cast<std::size_t>(p)]; }
inline constexpr std::optional<ParamId> param_id(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kParamNames); ++i)
    if (kParamNames[i] == name) return static_cast<ParamId>(i);
  return std::nullopt;
}

struct Param {
  FunctionId of;
  std::string_view name;
  Need need;
  Rule rule;
  Domain domain;          // the values it may take (vocabulary/domains.hpp)
  std::string_view what;  // what a wrong argument must be, for the message
  std::string_view doc;
};

// Which of the four enums a row's call belongs to.
enum class Group { Function, Draw, Process, Clause };

struct FunctionInfo {
  FunctionId id;
  std::string_view name;
  Group group;
  Place place;
  Shape shape;
  Result result;
  Motion motion;  // Factor rows only
  bool jumps;     // Factor rows only: takes `jumps poisson(...) size S`
  std::string_view usage;
  std::string_view doc;
};

inline constexpr FunctionInfo kFunctions[] = {
#define SLUICE_FUNCTION(id, name, shape, result, usage, doc) \
  {FunctionId::id, name, Group::Function, Place::Expression, Shape::shape, Result::result, Motion::Deterministic, false, usage, doc},
#define SLUICE_DRAW(id, name, shape, result, usage, doc) \
  {FunctionId::id, name, Group::Draw, Place::Draw, Shape::shape, Result::result, Motion::Stochastic, false, usage, doc},
#define SLUICE_PROCESS(id, name, shape, result, motion, jumps, usage, doc) \
  {FunctionId::id, name, Group::Process, Place::Factor, Shape::shape, Result::result, Motion::motion, jumps, usage, doc},
#define SLUICE_CLAUSE(id, name, shape, result, place, usage, doc) \
  {FunctionId::id, name, Group::Clause, Place::place, Shape::shape, Result::result, Motion::Deterministic, false, usage, doc},
#include "vocabulary/functions.def"
};

inline constexpr Param kParams[] = {
#define SLUICE_PARAM(id, name, need, rule, domain, what, doc) {FunctionId::id, name, Need::need, Rule::rule, Domain::domain, what, doc},
#include "vocabulary/functions.def"
};

// The argument of a Shape Intensity call (`poisson(0.5 per year)`): an
// arrival rate, 0 or more.
inline constexpr Domain kIntensityDomain = Domain::NonNegative;
// The size S of a lognormal factor's jumps (`jumps poisson(...) size S`):
// each jump multiplies the factor by 1 + S, so S lies above -100% (at -100%
// one jump would leave the factor at zero for ever, and its log undefined).
inline constexpr Domain kJumpSizeDomain = Domain::Growth;
// The standard deviation of `normal(m, s)`: 0 or more (a negative one is a
// sign slip, not a distribution).
inline constexpr Domain kNormalSdDomain = Domain::NonNegative;

// Every SLUICE_PARAM row names a parameter of params.def.
static_assert([] {
  for (const auto& p : kParams)
    if (!param_id(p.name)) return false;
  return true;
}());

// Every call, in the order of functions.def.
inline constexpr std::span<const FunctionInfo> functions() { return kFunctions; }

inline constexpr const FunctionInfo& info(FunctionId id) { return kFunctions[static_cast<std::size_t>(id)]; }
static_assert([] {
  for (std::size_t i = 0; i < std::size(kFunctions); ++i)
    if (static_cast<std::size_t>(kFunctions[i].id) != i) return false;
  return true;
}());

// The built-in called `name`, if there is one (a deal's own name shadows it:
// sema asks only when the name is not declared).
inline constexpr std::optional<FunctionId> lookup(std::string_view name) {
  for (const auto& f : kFunctions)
    if (f.name == name) return f.id;
  return std::nullopt;
}

// The named parameters of a Named call, in order (Required ones first).
inline std::span<const Param> params(FunctionId id) {
  std::size_t b = 0;
  while (b < std::size(kParams) && kParams[b].of != id) ++b;
  std::size_t e = b;
  while (e < std::size(kParams) && kParams[e].of == id) ++e;
  return std::span<const Param>(kParams + b, e - b);
}

// The same call as the id of its group's enum, where it is in that group.
namespace detail {
template <typename E>
constexpr std::optional<E> narrow(FunctionId id, Group group) {
  std::size_t k = 0;
  for (const auto& f : kFunctions) {
    if (f.group != group) continue;
    if (f.id == id) return static_cast<E>(k);
    ++k;
  }
  return std::nullopt;
}
template <typename E>
constexpr const FunctionInfo& widen(E e, Group group) {
  std::size_t k = 0;
  for (const auto& f : kFunctions) {
    if (f.group != group) continue;
    if (k == static_cast<std::size_t>(e)) return f;
    ++k;
  }
  return kFunctions[0];  // unreachable: every enumerator is a row
}
}  // namespace detail
inline constexpr const FunctionInfo& info(Function f) { return detail::widen(f, Group::Function); }
inline constexpr const FunctionInfo& info(Draw d) { return detail::widen(d, Group::Draw); }
inline constexpr const FunctionInfo& info(Process p) { return detail::widen(p, Group::Process); }
inline constexpr const FunctionInfo& info(Clause c) { return detail::widen(c, Group::Clause); }
inline constexpr std::optional<Function> as_function(FunctionId id) { return detail::narrow<Function>(id, Group::Function); }
inline constexpr std::optional<Draw> as_draw(FunctionId id) { return detail::narrow<Draw>(id, Group::Draw); }
inline constexpr std::optional<Process> as_process(FunctionId id) { return detail::narrow<Process>(id, Group::Process); }
inline constexpr std::optional<Clause> as_clause(FunctionId id) { return detail::narrow<Clause>(id, Group::Clause); }

}  // namespace sluice::vocab
