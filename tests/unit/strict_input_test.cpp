// Garbage in (issue 23): command-line numbers read strictly, a UTF-8 byte
// order mark dropped, columns counted in characters, and a value that is
// not a finite number spelled one way whatever its sign bit.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "base/source.hpp"
#include "base/text.hpp"
#include "diagnostics/diagnostic.hpp"
#include "driver/cli_numbers.hpp"

using namespace sluice;

TEST_CASE("Command-line whole numbers: no sign, no overflow, nothing after them", "[strict]") {
  std::string why;
  using driver::parse_whole;
  CHECK(parse_whole("0", 0, UINT64_MAX, why) == 0u);
  CHECK(parse_whole("18446744073709551615", 0, UINT64_MAX, why) == UINT64_MAX);
  CHECK(parse_whole("1_000_000", 0, UINT64_MAX, why) == 1'000'000u);
  CHECK(parse_whole("007", 0, UINT64_MAX, why) == 7u);
  CHECK_FALSE(parse_whole("18446744073709551616", 0, UINT64_MAX, why));  // 2^64: it used to wrap to 2^64 - 1
  CHECK(why == "it is larger than 18446744073709551615");
  CHECK_FALSE(parse_whole("-1", 0, UINT64_MAX, why));  // it used to read as 2^64 - 1
  CHECK(why == "it has a sign");
  CHECK_FALSE(parse_whole("+1", 0, UINT64_MAX, why));
  CHECK_FALSE(parse_whole("10x", 0, UINT64_MAX, why));
  CHECK(why == "`x` follows the number");
  CHECK_FALSE(parse_whole("99999999999999999999999x", 0, UINT64_MAX, why));
  CHECK(why == "`x` follows the number");
  for (const char* bad : {"", " 1", "1 ", "1.5", "1e3", "0x10", "_1", "1_", "1__0", "١"}) CHECK_FALSE(parse_whole(bad, 0, UINT64_MAX, why));
  CHECK_FALSE(parse_whole("0", 1, 10, why));
  CHECK(why == "it is smaller than 1");
  CHECK_FALSE(parse_whole("11", 1, 10, why));
  CHECK(parse_whole("10", 1, 10, why) == 10u);
  CHECK(driver::whole_number_error("--seed", "-1\x1b[2J", 0, 9, "it has a sign") == "--seed `-1?[2J` is not a whole number from 0 to 9: it has a sign");
}

TEST_CASE("A leading UTF-8 byte order mark is no part of a source's text", "[strict]") {
  SourceManager sm;
  auto with = sm.add("a.deal", "", "\xEF\xBB\xBF" "deal \"x\" {}\n");
  auto without = sm.add("b.deal", "", "deal \"x\" {}\n");
  CHECK(sm.file(with).text == sm.file(without).text);
  // Only at the start: elsewhere it is text (and U+FEFF is left to the parser).
  auto inside = sm.add("c.deal", "", "x\xEF\xBB\xBF");
  CHECK(sm.file(inside).text == "x\xEF\xBB\xBF");
  CHECK(without_bom("\xEF\xBB") == "\xEF\xBB");
}

TEST_CASE("Columns count characters, as an editor does, and the caret sits under the character", "[strict]") {
  SourceManager sm;
  // "é" is 2 bytes, "€" 3: `x` is byte 11 of line 2 but its 7th character.
  auto id = sm.add("a.deal", "", "first\n\"é€€\" x\n");
  const auto& f = sm.file(id);
  const std::uint32_t x = static_cast<std::uint32_t>(f.text.find('x'));
  auto lc = f.position(x);
  CHECK(lc.line == 2);
  CHECK(lc.column == 7);
  CHECK(lc.byte == 11);
  Diagnostics ds;
  ds.error(DiagCode::UnknownName, Span{id, x, x + 1}, "`x` is not declared");
  CHECK(render(ds.all().front(), sm, false) ==
        "a.deal:2:7: error[E0200]: `x` is not declared\n"
        "    2 | \"é€€\" x\n"
        "      |       ^\n");
}

TEST_CASE("A value that is not finite has one spelling, whatever its sign bit", "[strict]") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), neg_nan = -nan;
  REQUIRE(std::signbit(neg_nan));
  CHECK(non_finite_text(nan) == "n/a");
  CHECK(non_finite_text(neg_nan) == "n/a");  // printf's "%g" says "-nan": the interpreter's 0/0
  CHECK(full_number(neg_nan) == "n/a");
  CHECK(full_number(0.1) == "0.1");
  CHECK(full_number(-HUGE_VAL) == "-inf");
  CHECK(csv_number(neg_nan).empty());
  CHECK(csv_number(nan).empty());
  CHECK(csv_number(HUGE_VAL).empty());
  CHECK(csv_number(2.5) == "2.5");
  CHECK(thousands(neg_nan) == "n/a");
  CHECK(fixed(neg_nan, 3) == "n/a");
  CHECK(significant(neg_nan, 4) == "n/a");
  CHECK(pct(neg_nan) == "n/a");
  CHECK(pct(0.0525) == "5.25%");
}
