// The syntax phase: grammar analysis, parsing the design examples, located errors.
#include <catch2/catch.hpp>

#include "syntax/parser.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {
// Parses text; returns the rendered diagnostics ("" when it parsed).
std::string parse_errors(const std::string& text) {
  SourceManager sm;
  Diagnostics d;
  auto id = sm.add("t.deal", "", text);
  auto f = syntax::parse(id, sm, d);
  return f ? "" : render_all(d, sm, false);
}
}  // namespace

TEST_CASE("the grammar has no rule that can loop without consuming input", "[syntax]") {
  CHECK(syntax::analyze_grammar() == 0);
}

TEST_CASE("the design examples parse verbatim", "[syntax]") {
  for (const char* f : {"/tests/unit/design_examples/gpu_lease_abs.deal", "/tests/unit/design_examples/miner_double_leverage.deal"}) {
    std::string text, err;
    REQUIRE(read_file(std::string(SLUICE_SOURCE_DIR) + f, text, err));
    CHECK(parse_errors(text) == "");
  }
}

TEST_CASE("units are known before parsing, so a unit never swallows the next statement", "[syntax]") {
  auto u = syntax::collect_units("unit gpu\n // unit fake\n \"unit str\" currency EUR");
  CHECK(u.names.count("gpu"));
  CHECK(u.names.count("EUR"));
  CHECK(u.names.count("months"));
  CHECK_FALSE(u.names.count("fake"));
  CHECK_FALSE(u.names.count("str"));
  // `300m` then `coupon` on the next line: two properties, not 300m coupons.
  CHECK(parse_errors("deal \"x\" { tranche A {\n balance 300m\n coupon 5%\n } }") == "");
}

TEST_CASE("syntax errors point at the offending token with a code", "[syntax]") {
  auto e = parse_errors("deal \"x\" {\n  let a = 1 +\n}\n");
  CHECK(e.find("t.deal:3:1: error[E0101]") != std::string::npos);
  e = parse_errors("deal \"x\" {\n  tranche A { balance 1 USD\n");
  CHECK(e.find("error[E0102]") != std::string::npos);
  e = parse_errors("deal \"x\" { unit gpu let a = 6_000 gpux }");
  CHECK(e.find("error[E0211]: unknown unit `gpux`") != std::string::npos);
  CHECK(e.find("unit gpux") != std::string::npos);  // the hint
  e = parse_errors("deal \"x\" { let s = \"open\n }");
  CHECK(e.find("error[E0107]") != std::string::npos);
  e = parse_errors("/* never closed");
  CHECK(e.find("error[E0108]") != std::string::npos);
  e = parse_errors("deal \"x\" { let let = 1 }");
  CHECK(e.find("error[E0103]") != std::string::npos);
}

TEST_CASE("hostile input gets a located error, never a crash", "[syntax]") {
  CHECK(parse_errors(std::string(20000, '(')).find("error[E0100]") != std::string::npos);
  CHECK(parse_errors("deal \"x\" { let a = " + std::string(20000, '(') + "1" + std::string(20000, ')') + " }").find("E0109") != std::string::npos);
  CHECK(parse_errors("deal \"x\" { let a = " + std::string(20000, '-') + "1 }").find("E0109") != std::string::npos);
  std::string chain = "deal \"x\" { let a = 1";
  for (int i = 0; i < 5000; ++i) chain += "+1";
  CHECK(parse_errors(chain + " }").find("E0109") != std::string::npos);
  CHECK(parse_errors(std::string("deal\0\x01\xff", 7)).find("E0112") != std::string::npos);
  CHECK(parse_errors("deal \"x\" { let a = 1e400 }").find("E0105") != std::string::npos);
  CHECK(parse_errors("deal \"x\" { let d = 2025-02-30 }").find("E0106") != std::string::npos);
}

TEST_CASE("numbers carry their scale, percent, basis points and units", "[syntax]") {
  SourceManager sm;
  Diagnostics d;
  syntax::UnitContext u = syntax::collect_units("unit gpu");
  auto check = [&](const std::string& text, double v, std::size_t n_units) {
    auto id = sm.add("v", "", text);
    auto e = syntax::parse_expression(id, sm, u, d);
    REQUIRE(e);
    CHECK(e->value == Approx(v).epsilon(1e-15));
    CHECK(e->units.size() == n_units);
  };
  check("1_000_000", 1e6, 0);
  check("2.5bn", 2.5e9, 0);
  check("300m USD", 3e8, 1);
  check("6.5%", 0.065, 0);
  check("225bp", 0.0225, 0);
  check("1.25x", 1.25, 0);
  check("2.10 USD/gpu/h", 2.10, 3);
}
