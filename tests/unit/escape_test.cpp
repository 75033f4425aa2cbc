// Text from a deal on its way out (issue 23): what a terminal would obey
// becomes `?` in tables, a \u escape in JSON; CSV quotes what needs it.
#include <catch2/catch.hpp>

#include "base/text.hpp"

using namespace sluice;

TEST_CASE("Control bytes in text output are escaped as diagnostics escape them", "[escape]") {
  CHECK(printable("Copula lessees — A") == "Copula lessees — A");  // UTF-8 kept
  CHECK(printable("a\x1b]0;x\x07") == "a?]0;x?");                    // C0
  CHECK(printable("a\x7f" "b") == "a?b");                              // DEL
  CHECK(printable("a\xc2\x9b" "b\xc2\xa0") == "a?b\xc2\xa0");          // C1 CSI one ?, NBSP kept
  CHECK(printable("a\xff\xe2\x80") == "a???");                         // not UTF-8: a ? a byte
  CHECK(printable_lines("x\n\ty\x1b\n") == "x\n\ty?\n");
  Table t{{"name", "v"}, {{"A\x1b[2J", "1"}, {"B", "22"}}};
  // Widths after escaping: the first column 5 wide ("A?[2J"), the second 2 ("22").
  CHECK(t.render(false) == "name    v\nA?[2J   1\nB      22\n");
}

TEST_CASE("JSON and CSV escape what their quoting lets through", "[escape]") {
  CHECK(json_safe("{\"d\": \"a\x7f\xc2\x9b\xc2\xa0\"}") == "{\"d\": \"a\\u007f\\u009b\xc2\xa0\"}");
  CHECK(csv_field("A.loss") == "A.loss");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"\n") == "\"say \"\"hi\"\"?\"");
}
