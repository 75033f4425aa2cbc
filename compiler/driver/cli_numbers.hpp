// Numbers on the command line, read strictly: `-n`, `--seed`, `--threads`,
// `--batch`, `--fan-sample`, `--max-runs`, the i/k of `--shard` and a
// `--vary` range's steps. A whole number is decimal digits, with `_` allowed
// between digits as in a deal (`100_000`), and nothing else: no sign, no
// spaces, no text after it, no value past its range. What does not fit is
// refused (E0704, exit 64), never wrapped or clamped: `--seed -1` used to
// run as seed 18446744073709551615.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sema/analyze.hpp"

namespace sluice::driver {

// The number `text` spells when it is a whole number in [lo, hi]; else
// nullopt and `why` says what is wrong ("it has a sign", "it is larger than
// 1000", "`x` follows the number").
std::optional<std::uint64_t> parse_whole(std::string_view text, std::uint64_t lo, std::uint64_t hi, std::string& why);

// The error for a number an option refused: "--seed `-1` is not a whole
// number from 0 to 18446744073709551615: it has a sign".
std::string whole_number_error(std::string_view option, std::string_view text, std::uint64_t lo, std::uint64_t hi,
                               std::string_view why);

// `--set name=value` each; E0703 for one without `=`, E0705 for a param set
// twice (each printed on stderr; then `ok` is false).
std::vector<sema::ParamOverride> parse_sets(const std::vector<std::string>& raw, bool& ok);

}  // namespace sluice::driver
