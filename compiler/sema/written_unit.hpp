// The unit a deal wrote a value in, where that is not the value's base
// unit: a rate given as `2.10 USD/PH/day` is kept in USD/PH/h (every number
// in the IR is in its dimension's base unit), but the deal's reader thinks
// of it per day. The report's series are shown in the unit found here.
#pragma once
#include <optional>
#include <string>

#include "sema/model.hpp"

namespace sluice::sema {

struct WrittenUnit {
  std::string text;     // "USD/PH/day", as written (a plural time unit in the singular)
  double per_base = 1;  // how many of it one base unit is: 24 for a per-day value kept per hour
};

// The unit of the first number with a unit, of the expression's own
// dimension, that `e` is made of: its literals, and through the names it
// reads, the values of params, lets, draws, factors (`factor r =
// lognormal(start: 2.10 USD/PH/day, ...)`: the start's) and template
// arguments, as the deal declares them (a --set value does not change how
// the deal is read). None where the expression is money or a ratio (the
// tables scale money their own way), where no such number is found, or
// where the unit found is the base unit as the base unit is spelled.
std::optional<WrittenUnit> written_unit(const Model& m, const ast::Expr& e);

}  // namespace sluice::sema
