// `sluice solve`: the value of one param at which a target on a metric stops
// holding ("the largest advance_A with A PD <= 1%", "the drift at which B
// first loses"), found by bisection between two values of the param at
// which the target differs. Every point is a sweep point (driver/point.hpp):
// its base case, or a Monte Carlo run under the same seed.
#pragma once
#include <string>

#include "driver/point.hpp"

namespace sluice::driver {

struct SolveOptions : PointRun {
  std::vector<sema::ParamOverride> sets;  // fixed --set values
  std::string vary;                       // NAME=A..B
  std::string target;                     // "METRIC OP VALUE", OP one of < <= > >=
  std::string tolerance;                  // in the param's unit text ("0.1%"); default (B - A) / 1000
  int max_runs = 60;
  std::string format = "table";           // table or json
};

// Prints the search and its result to `out`. Exit codes: 0 solved; 1 the
// target holds at both ends or at neither (no boundary bracketed: the ends'
// metrics are printed); 64 a bad --vary, --target or --tol; a point's own
// failure as `run` would exit.
int run_solve(const std::string& file, const SolveOptions& o, std::string& out);

}  // namespace sluice::driver
