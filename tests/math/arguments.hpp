// The arguments tests/math checks each function at: the ranges deals use,
// drawn from a fixed seed (the same sets every run), and the special values
// of C99 Annex F with the result each must give.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace sluice::math::test {

struct Args {
  std::vector<double> x, y;  // y only for pow
};

// n arguments for "exp", "log", "pow", "sqrt", "erfc", "log1p" or "expm1", mixed over the
// function's ranges (arguments.cpp says which and in what shares).
Args arguments(const std::string& function, std::size_t n);

struct Special {
  double x, y, expected;  // y only for pow; expected compared bit for bit (NaN: the canonical NaN)
};
std::vector<Special> specials(const std::string& function);

// The function's scalar form.
double scalar(const std::string& function, double x, double y);

extern const char* const kFunctions[7];

}  // namespace sluice::math::test
