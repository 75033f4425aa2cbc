// Partial results: what one shard of a Monte Carlo run keeps, written to a
// file (or sent to another MPI rank) and merged with the other shards into
// exactly the Simulation one process would have built. docs/distributed.md
// describes the format, `sluice.part` version 3:
//
//   "SLUICEPT"  u32 version  u32 0x01020304 (byte order)  u64 header bytes
//   header      JSON: identity, the scenarios held, the metrics, the shape
//   payload     little-endian: schedule context, metric values per
//               scenario, exact sums per tranche and series, credit and
//               default sums, fan sample,
//               and for a quoted deal the base case's market basis
//   trailer     u64 checksum of everything before it, "SLUICEND"
//
// A file cut short (a killed shard) or altered fails the length or checksum
// test and is refused; so is a part of another deal, seed or version.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/market.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"

namespace sluice::mc {

inline constexpr std::uint32_t kPartVersion = 3;  // 2: a quoted deal's market basis; 3: each tranche's default sums

// The largest part `sluice merge` reads: 32 GiB, a shard of 100 million
// scenarios (the -n limit) of a deal with 40 metrics. Larger runs split
// into more shards; a file over it (or /dev/zero) is refused before it is read.
inline constexpr std::size_t kMaxPartBytes = std::size_t{32} << 30;

// FNV-1a over 64-bit little-endian words (the tail zero-padded): a fast
// checksum for gigabytes of partial results, not a defence against forgery.
std::uint64_t fnv64(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ull);

// What must be equal for two parts to belong to one run.
struct PartIdentity {
  std::string sluice_version;
  std::string fingerprint;  // the deal's files, --set values and IR, hashed
  std::uint64_t seed = 0, scenarios = 0, fan_sample = 0;
  bool operator==(const PartIdentity&) const = default;
};

struct Part {
  PartIdentity id;
  RiskShape shape;
  Simulation sim;  // scenarios [sim.first, sim.first + sim.count) of id.scenarios
  // A quoted deal's base case, as the market table reads it (analysis/
  // market.hpp): merge has no deal to run it. Absent from an MPI rank's
  // part (rank 0 runs the base case itself) and from an unquoted deal's.
  std::optional<analysis::MarketBasis> market;
};

std::string encode_part(const PartIdentity& id, const RiskShape& shape, const Simulation& sim,
                        const analysis::MarketBasis* market = nullptr);

// The part in `bytes`, or nullopt with the reason in `error` (a sentence
// that names no file: the caller says which). The checksum is no defence
// against a forged part, so every field is checked against the others
// before use: the schedule (at least one period, increasing dates), the
// metrics (exactly those the shape's names imply), the scenario ranges,
// the fan sample, values that cannot be NaN or infinite, and a market
// basis against the schedule and the tranches.
std::optional<Part> decode_part(std::string_view bytes, std::string& error);

// The market table of a whole run: a quoted deal's basis (from its base
// case, or from a part) read against the run's expected discounted flows.
// `sluice run -n` and `sluice merge` both print what this returns.
std::vector<analysis::MarketReading> read_quotes(const RiskShape& shape, const RiskReport& risk, const analysis::MarketBasis& b);

// One whole run from parts that hold every scenario exactly once, given in
// any order; `names` label the parts in messages. Nullopt with the reason
// in `error` when they do not fit together (a market basis too: every
// part has the same one, or none has one).
std::optional<Part> merge_parts(std::vector<Part> parts, const std::vector<std::string>& names, std::string& error);

}  // namespace sluice::mc
