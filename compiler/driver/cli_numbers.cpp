#include "driver/cli_numbers.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

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

}  // namespace sluice::driver
