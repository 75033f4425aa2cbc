// `sluice solve`: the value of a param at which targets on metrics stop
// holding ("the largest advance_A with A PD <= 1%", "the drift at which B
// first loses"), found by bisection between two values of the param at
// which the targets differ. Every point is a sweep point (driver/point.hpp):
// its base case, or a Monte Carlo run under the same seed.
//
// Several targets must all hold. Several params (up to three) are solved
// one after the other, in the order of their --vary (lexicographic: the
// first is pushed as far as the targets allow, then the second given the
// first, ...): while param k is searched, the params before it sit at their
// solutions and the params after it at the first end of their ranges.
#pragma once
#include <string>

#include "driver/point.hpp"

namespace sluice::driver {

struct SolveOptions : PointRun {
  std::vector<sema::ParamOverride> sets;  // fixed --set values
  std::vector<std::string> vary;          // NAME=A..B, one per param, in the order solved
  std::vector<std::string> target;        // "METRIC OP VALUE", OP one of < <= > >=; all must hold
  std::vector<std::string> tolerance;     // per --vary, in its unit ("0.1%"); default (B - A) / 1000
  int max_runs = 60;                      // per param
  std::string format = "table";           // table or json
};

// Prints the search and its result to `out`. Exit codes: 0 solved; 1 the
// targets hold at both ends or at neither of a param's range (no boundary
// bracketed: the ends' metrics are printed); 64 a bad --vary, --target or
// --tol; a point's own failure as `run` would exit.
int run_solve(const std::string& file, const SolveOptions& o, std::string& out);

}  // namespace sluice::driver
