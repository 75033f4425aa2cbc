// Running one Monte Carlo over several processes or machines: shards that
// each evaluate a slice of the scenarios and write a partial result, and the
// merge that turns the parts into the one-process output, byte for byte
// (docs/distributed.md).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "montecarlo/partial.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::driver {

// `--shard i/k`: the i-th of k slices, i from 0.
struct Shard {
  std::uint64_t index = 0, count = 1;
};
std::optional<Shard> parse_shard(const std::string& spec, std::string& error);

// Shard i of k holds scenarios [i N / k, (i + 1) N / k): every scenario
// once, the slices within one of each other in size.
std::pair<std::uint64_t, std::uint64_t> shard_range(Shard s, std::uint64_t scenarios);

// Who a part belongs to: this sluice's version, a hash of the deal's files,
// --set values and IR, and the options that change results.
mc::PartIdentity part_identity(const pipeline::Compiled& c, const std::vector<sema::ParamOverride>& sets, const mc::Options& o);

// The whole of `bytes` at `path` or nothing (write_outputs in
// output_files.hpp, for one file). Says why on stderr when it fails.
int write_atomically(const std::string& bytes, const std::string& path);

// `sluice merge`: reads the parts, checks they make one run, and prints its
// report as `sluice run` would have (format table, json or csv).
struct MergeOptions {
  std::vector<std::string> parts;
  std::string format = "table", out, scenarios_out;
  bool color = false;
};
int run_merge(const MergeOptions& o);

}  // namespace sluice::driver
