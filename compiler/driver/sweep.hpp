// `sluice sweep`: a grid of runs over params, each point the base case or a
// Monte Carlo run with the same seed (common random numbers), so differences
// between points are the params' doing, not sampling noise.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "driver/point.hpp"

namespace sluice::driver {

// One `--vary` axis: `name=A..B:STEPS` (STEPS evenly spaced values from A to
// B, which share their unit text: `-40%..-20%:5`, `1_000 gpu..5_000 gpu:3`)
// or `name=V1,V2,...` (a list of values as --set would take them).
struct VaryAxis {
  std::string name;
  std::vector<std::string> values;  // source text of each value
};
std::optional<VaryAxis> parse_vary(const std::string& spec, std::string& error);

struct SweepOptions : PointRun {
  std::vector<sema::ParamOverride> sets;  // fixed --set values
  std::vector<VaryAxis> axes;
  std::string format = "table";            // table, csv or json
};

// At most this many points in one sweep.
constexpr std::uint64_t kMaxSweepPoints = 100'000;

// Refuses (on stderr, returning kUsage) a param varied twice or both varied
// and set (E0705), and a grid of more than kMaxSweepPoints (E0706); kOk
// otherwise. run_sweep calls it first.
int check_axes(const std::vector<VaryAxis>& axes, const std::vector<sema::ParamOverride>& sets);

// Runs every point of the grid (the first axis varies slowest). Returns the
// exit code; prints diagnostics to stderr and the grid to `out`.
int run_sweep(const std::string& file, const SweepOptions& o, std::string& out);

}  // namespace sluice::driver
