#include "driver/cli_numbers.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "base/text.hpp"
#include "driver/errors.hpp"

namespace sluice::driver {

namespace {
bool digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::optional<std::uint64_t> parse_whole(std::string_view text, std::uint64_t lo, std::uint64_t hi, std::string& why) {
  if (text.empty()) {
    why = "it is empty";
    return std::nullopt;
  }
  if (text[0] == '-' || text[0] == '+') {
    why = "it has a sign";
    return std::nullopt;
  }
  std::uint64_t v = 0;
  bool overflow = false;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    // `_` only between two digits, as a deal's `100_000`.
    if (c == '_' && i > 0 && digit(text[i - 1]) && i + 1 < text.size() && digit(text[i + 1])) continue;
    if (!digit(c)) break;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) overflow = true;  // keeps reading: text after an overflow is reported as text
    else v = v * 10 + d;
  }
  if (i == 0) {
    why = "it is not a number";
    return std::nullopt;
  }
  if (i < text.size()) {
    why = fmt::format("`{}` follows the number", text.substr(i));
    return std::nullopt;
  }
  if (overflow || v > hi) {
    why = fmt::format("it is larger than {}", hi);
    return std::nullopt;
  }
  if (v < lo) {
    why = fmt::format("it is smaller than {}", lo);
    return std::nullopt;
  }
  return v;
}

std::string whole_number_error(std::string_view option, std::string_view text, std::uint64_t lo, std::uint64_t hi, std::string_view why) {
  // The text is the user's and may hold control bytes: shown printable, as a deal's text is.
  return fmt::format("{} `{}` is not a whole number from {} to {}: {}", option, printable(text), lo, hi, printable(why));
}

std::vector<sema::ParamOverride> parse_sets(const std::vector<std::string>& raw, bool& ok) {
  std::vector<sema::ParamOverride> out;
  ok = true;
  for (const auto& s : raw) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      refuse(kUsage, DiagCode::BadSetSyntax, fmt::format("--set `{}` is not of the form name=value", s), {"for example --set advance_A=55%"});
      ok = false;
      continue;
    }
    sema::ParamOverride set{s.substr(0, eq), s.substr(eq + 1)};
    // A second --set of one param used to win silently over the first.
    const bool twice = std::any_of(out.begin(), out.end(), [&](const sema::ParamOverride& o) { return o.name == set.name; });
    if (twice) {
      refuse(kUsage, DiagCode::RepeatedParam, fmt::format("--set gives `{}` twice", printable(set.name)), {"give each param one --set"});
      ok = false;
      continue;
    }
    out.push_back(std::move(set));
  }
  return out;
}

}  // namespace sluice::driver
