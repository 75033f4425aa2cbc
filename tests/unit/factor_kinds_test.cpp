// Deterministic market factors: `path(CURVE)` and `csv("FILE", column: ...)`.
// Values are checked against numbers derived by hand from the curve points
// and the CSV cells; errors against the rendered diagnostic, down to the
// line and column inside the CSV file.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"

using namespace sluice;
using test::run_text;
using test::write_temp;

namespace {

namespace fs = std::filesystem;

// A deal of `horizon` periods around a market block and some tests. File
// names all start with `factor_kinds_` so they cannot collide with other
// tests' files in the shared temporary folder.
std::string deal(const std::string& market, const std::string& rest, int horizon = 8, const std::string& period = "monthly") {
  return "deal \"factor kinds\" {\n"
         "  currency USD  start 2025-01-31  period " + period + "  horizon " + std::to_string(horizon) + " months  day_count 30/360\n"
         "  curve sofr_curve = table { 0 months: 4.30%, 12 months: 3.90%, 36 months: 3.50% }\n"
         "  market {\n" + market + "\n  }\n" + rest +
         "\n  equity E\n  waterfall { pay E residual }\n}\n";
}

std::string errors_of(const std::string& name, const std::string& text) { return run_text(name, text)->diagnostics(); }

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// The fixture most csv tests read: a `period` column, a quoted header cell
// with spaces around it, a `%` column, a blank line and a CRLF line.
const char* kVector =
    "period, \"cpr\" ,rate\n"
    "1, 6.00%, 2.00\n"
    "\n"
    "2, 7.5%, 1.90\r\n"
    "3,9%,1.75\n";

}  // namespace

TEST_CASE("a path factor is its curve read at the months elapsed at each period's end", "[factors][path]") {
  auto r = run_text("factor_kinds_path.deal",
                    deal("    factor sofr = path(sofr_curve)", "  test s = sofr\n  test s0 = sofr.start", 40));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  // Monthly, so period t ends t months in. The curve falls 0.40% over the
  // first 12 months (0.0004/12 a month), 0.40% over the next 24, then is flat:
  //   t <= 12:       4.30% - 0.40% * t / 12
  //   12 < t <= 36:  3.90% - 0.40% * (t - 12) / 24
  //   t > 36:        3.50%
  for (int t = 1; t <= 40; ++t) {
    double want = t <= 12 ? 0.043 - 0.004 * t / 12.0 : t <= 36 ? 0.039 - 0.004 * (t - 12) / 24.0 : 0.035;
    INFO("period " << t);
    CHECK(r->at("s", t) == Approx(want).epsilon(1e-12));
    CHECK(r->at("s0", t) == Approx(0.043).epsilon(1e-12));  // the curve at 0 months
  }
  // A few points by hand: 6 months is halfway down the first segment, 24
  // months halfway down the second.
  CHECK(r->at("s", 1) == Approx(0.0426666666666667).epsilon(1e-12));
  CHECK(r->at("s", 6) == Approx(0.041).epsilon(1e-12));
  CHECK(r->at("s", 12) == Approx(0.039).epsilon(1e-12));
  CHECK(r->at("s", 24) == Approx(0.037).epsilon(1e-12));
  CHECK(r->at("s", 40) == Approx(0.035).epsilon(1e-12));
}

TEST_CASE("a path factor reads the END of each period, not the period number", "[factors][path]") {
  // Quarterly: period t ends 3t months in, so period 1 reads 3 months
  // (4.30% - 0.10% = 4.20%) and period 4 reads 12 months (3.90%).
  auto r = run_text("factor_kinds_path_q.deal", deal("    factor sofr = path(sofr_curve)", "  test s = sofr", 12, "quarterly"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->at("s", 1) == Approx(0.042).epsilon(1e-12));
  CHECK(r->at("s", 2) == Approx(0.041).epsilon(1e-12));
  CHECK(r->at("s", 4) == Approx(0.039).epsilon(1e-12));
}

TEST_CASE("a path factor has the unit of its curve's values", "[factors][path]") {
  const std::string market = "    factor power = path(power_curve)";
  const std::string curve = "  curve power_curve = table { 0 months: 60 USD/h, 4 months: 80 USD/h }\n";
  auto r = run_text("factor_kinds_path_unit.deal", deal(market, curve + "  test cost = power * 1 h\n  test cost0 = power.start * 1 h"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  // 60 + 20 * t / 4 USD/h, times 1 h; flat at 80 after 4 months.
  CHECK(r->at("cost", 1) == Approx(65));
  CHECK(r->at("cost", 2) == Approx(70));
  CHECK(r->at("cost", 4) == Approx(80));
  CHECK(r->at("cost", 8) == Approx(80));
  CHECK(r->at("cost0", 3) == Approx(60));
  // USD/h is not a ratio: adding a percentage is a unit error.
  auto e = errors_of("factor_kinds_path_unit_bad.deal", deal(market, curve + "  test bad = power + 1%"));
  CHECK(has(e, "error[E0300]"));
  CHECK(has(e, "USD/h"));
}

TEST_CASE("a csv factor is its column times scale, flat after the last row", "[factors][csv]") {
  write_temp("factor_kinds_vec.csv", kVector);
  auto r = run_text("factor_kinds_csv.deal",
                    deal("    factor cpr  = csv(\"factor_kinds_vec.csv\", column: \"cpr\")\n"
                         "    factor gpu  = csv(\"factor_kinds_vec.csv\", column: \"rate\", scale: 2 USD/h)\n"
                         "    factor half = csv(\"factor_kinds_vec.csv\", column: \"rate\", scale: 50%)",
                         "  test c = cpr\n  test c0 = cpr.start\n  test g = gpu * 1 h\n  test g0 = gpu.start * 1 h\n"
                         "  test hf = half\n  test hf0 = half.start",
                         6));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  // cpr: 6.00%, 7.5%, 9% (a trailing % divides by 100), then 9% held.
  const double cpr[] = {0.06, 0.075, 0.09, 0.09, 0.09, 0.09};
  // rate * 2 USD/h * 1 h: 2.00 * 2, 1.90 * 2, 1.75 * 2, then held.
  const double gpu[] = {4.0, 3.8, 3.5, 3.5, 3.5, 3.5};
  // rate * 50%: 1.00, 0.95, 0.875, then held.
  const double half[] = {1.0, 0.95, 0.875, 0.875, 0.875, 0.875};
  for (int t = 1; t <= 6; ++t) {
    INFO("period " << t);
    CHECK(r->at("c", t) == Approx(cpr[t - 1]).epsilon(1e-12));
    CHECK(r->at("g", t) == Approx(gpu[t - 1]).epsilon(1e-12));
    CHECK(r->at("hf", t) == Approx(half[t - 1]).epsilon(1e-12));
    // The start is row 1 times scale, whatever the period.
    CHECK(r->at("c0", t) == Approx(0.06).epsilon(1e-12));
    CHECK(r->at("g0", t) == Approx(4.0).epsilon(1e-12));
    CHECK(r->at("hf0", t) == Approx(1.0).epsilon(1e-12));
  }
  // A `%` cell is divided exactly as the deal's own `7.5%` literal is.
  CHECK(r->at("c", 2) == 7.5 / 100.0);
}

TEST_CASE("a csv factor's unit is its scale's: a plain ratio by default", "[factors][csv]") {
  write_temp("factor_kinds_vec.csv", kVector);
  const std::string market =
      "    factor cpr = csv(\"factor_kinds_vec.csv\", column: \"cpr\")\n"
      "    factor gpu = csv(\"factor_kinds_vec.csv\", column: \"rate\", scale: 1 USD/h)";
  CHECK_FALSE(has(errors_of("factor_kinds_unit_ok.deal", deal(market, "  test a = cpr + 1%\n  test b = gpu + 1 USD/h")), "error"));
  CHECK(has(errors_of("factor_kinds_unit_bad1.deal", deal(market, "  test a = cpr + 1 USD")), "error[E0300]"));
  CHECK(has(errors_of("factor_kinds_unit_bad2.deal", deal(market, "  test b = gpu + 1%")), "error[E0300]"));
}

TEST_CASE("a csv factor is read at compile time, never at run time", "[factors][csv]") {
  auto csv = write_temp("factor_kinds_once.csv", "x\n1.5\n2.5\n");
  auto path = write_temp("factor_kinds_once.deal", deal("    factor f = csv(\"factor_kinds_once.csv\", column: \"x\")", "  test v = f", 3));
  test::Run r;
  pipeline::compile(r.c, path, {}, "ir");
  INFO(r.diagnostics());
  REQUIRE(r.c.module);
  fs::remove(csv);  // the compiled module carries the numbers
  r.schedule = exec::schedule_for(r.c.model->deal);
  r.trace = interp::run_base_case(*r.c.module, r.schedule);
  CHECK(r.at("v", 1) == 1.5);
  CHECK(r.at("v", 2) == 2.5);
  CHECK(r.at("v", 3) == 2.5);
}

TEST_CASE("deterministic factors have no random stream and are the same in every scenario", "[factors][random]") {
  write_temp("factor_kinds_vec.csv", kVector);
  auto r = run_text("factor_kinds_mc.deal",
                    deal("    factor sofr = path(sofr_curve)\n"
                         "    factor cpr  = csv(\"factor_kinds_vec.csv\", column: \"cpr\")\n"
                         "    factor rnd  = vasicek(start: 4.30%, mean: 3.50%, speed: 0.30 per year, vol: 1.00%)",
                         "  test s = sofr\n  test c = cpr\n  test x = rnd", 6));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  // Only the vasicek factor draws.
  REQUIRE(r->c.module->streams.size() == 1);
  CHECK(r->c.module->streams[0].name == "rnd");
  auto scenario = interp::run_scenario(*r->c.module, r->schedule, interp::ScenarioKey{7, 3});
  std::size_t s = 0, c = 0, x = 0;
  const auto& cols = r->c.module->columns;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].name == "s") s = i;
    if (cols[i].name == "c") c = i;
    if (cols[i].name == "x") x = i;
  }
  bool random_moved = false;
  for (int t = 1; t <= 6; ++t) {
    const auto& row = scenario.rows.at(static_cast<std::size_t>(t - 1));
    CHECK(row[s] == r->at("s", t));
    CHECK(row[c] == r->at("c", t));
    random_moved |= row[x] != r->at("x", t);
  }
  CHECK(random_moved);  // the scenario is random: the vasicek factor left its base path
}

TEST_CASE("path: a curve in months, named, and nothing else", "[factors][path][errors]") {
  // A curve read at years is a unit error that names both units.
  auto e = errors_of("factor_kinds_path_years.deal",
                     deal("    factor f = path(yc)", "  curve yc = table { 0 years: 4%, 1 year: 3% }"));
  CHECK(has(e, "error[E0300]: `path` reads its curve at the months elapsed, but `yc` is read at Duration (year)"));
  // Not a curve, or an expression instead of a name.
  e = errors_of("factor_kinds_path_param.deal", deal("    factor f = path(p)", "  param p = 3%"));
  CHECK(has(e, "error[E0208]: `p` is a param, not a curve"));
  e = errors_of("factor_kinds_path_expr.deal", deal("    factor f = path(sofr_curve(3 months))", ""));
  CHECK(has(e, "error[E0208]: `path` reads a curve by its name, not an expression"));
  e = errors_of("factor_kinds_path_two.deal", deal("    factor f = path(sofr_curve, sofr_curve)", ""));
  CHECK(has(e, "error[E0208]"));
  // A deal's own curve called `path` is read like any curve: `path(3 months)`
  // is then a number, not a process.
  e = errors_of("factor_kinds_path_shadow.deal", deal("    factor f = path(3 months)", "  curve path = table { 0 months: 1%, 12 months: 2% }"));
  CHECK(has(e, "error[E0208]: a factor is a process"));
  // No jumps on a deterministic path.
  e = errors_of("factor_kinds_path_jumps.deal", deal("    factor f = path(sofr_curve) jumps poisson(1 per year) size -10%", ""));
  CHECK(has(e, "error[E0208]: a deterministic factor has no jumps"));
}

TEST_CASE("correlate names random factors only", "[factors][errors]") {
  write_temp("factor_kinds_vec.csv", kVector);
  const std::string random = "    factor rnd = vasicek(start: 4.30%, mean: 3.50%, speed: 0.30 per year, vol: 1.00%)\n";
  auto e = errors_of("factor_kinds_corr_path.deal", deal(random + "    factor sofr = path(sofr_curve)\n    correlate rnd, sofr = 0.5", ""));
  CHECK(has(e, "error[E0208]: `sofr` is known before the run: a deterministic factor has no shocks to correlate"));
  e = errors_of("factor_kinds_corr_csv.deal",
                deal(random + "    factor cpr = csv(\"factor_kinds_vec.csv\", column: \"cpr\")\n    correlate cpr, rnd = 0.5", ""));
  CHECK(has(e, "error[E0208]: `cpr` is known before the run: a deterministic factor has no shocks to correlate"));
  // The same block with a second random factor is fine: the check is about the kind.
  e = errors_of("factor_kinds_corr_ok.deal",
                deal(random + "    factor g = lognormal(start: 2 USD/h, drift: 0% per year, vol: 20%)\n    correlate g, rnd = 0.5", ""));
  CHECK_FALSE(has(e, "error"));
}

TEST_CASE("csv: a missing file, and files outside the deal's folder", "[factors][csv][errors]") {
  auto e = errors_of("factor_kinds_missing.deal", deal("    factor f = csv(\"factor_kinds_nope.csv\", column: \"x\")", ""));
  CHECK(has(e, "error[E0600]: cannot find `factor_kinds_nope.csv`"));

  // A real, readable file one folder up: refused for where it is, not
  // because it is missing.
  const auto outside = fs::temp_directory_path() / "factor_kinds_outside.csv";
  std::ofstream(outside) << "x\n1\n";
  REQUIRE(fs::exists(outside));
  e = errors_of("factor_kinds_dotdot.deal", deal("    factor f = csv(\"../factor_kinds_outside.csv\", column: \"x\")", ""));
  CHECK(has(e, "error[E0601]: `../factor_kinds_outside.csv` is outside the deal's folder tree"));
  CHECK_FALSE(has(e, "E0600"));

  // A symlink inside the folder that points outside is resolved first.
  auto dir = fs::path(write_temp("factor_kinds_inside.csv", "x\n1\n2\n")).parent_path();
  const auto link_out = dir / "factor_kinds_link_out.csv", link_in = dir / "factor_kinds_link_in.csv";
  fs::remove(link_out);
  fs::remove(link_in);
  fs::create_symlink(outside, link_out);
  fs::create_symlink(dir / "factor_kinds_inside.csv", link_in);
  e = errors_of("factor_kinds_symlink.deal", deal("    factor f = csv(\"factor_kinds_link_out.csv\", column: \"x\")", ""));
  CHECK(has(e, "error[E0601]: `factor_kinds_link_out.csv` is outside the deal's folder tree"));
  // ... while a symlink that stays inside is followed.
  auto r = run_text("factor_kinds_symlink_in.deal", deal("    factor f = csv(\"factor_kinds_link_in.csv\", column: \"x\")", "  test v = f", 3));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->at("v", 2) == 2);
}

TEST_CASE("csv: a missing column points at the header and suggests the closest", "[factors][csv][errors]") {
  write_temp("factor_kinds_vec.csv", kVector);
  auto e = errors_of("factor_kinds_nocol.deal", deal("    factor f = csv(\"factor_kinds_vec.csv\", column: \"cpx\")", ""));
  CHECK(has(e, "factor_kinds_vec.csv:1:1: error[E0203]: `factor_kinds_vec.csv` has no column `cpx`"));
  CHECK(has(e, "    1 | period, \"cpr\" ,rate"));
  CHECK(has(e, "^ the header"));
  CHECK(has(e, "asked for here"));
  CHECK(has(e, "did you mean `cpr`?"));
  // Nothing close: the hint lists the columns instead.
  e = errors_of("factor_kinds_nocol2.deal", deal("    factor f = csv(\"factor_kinds_vec.csv\", column: \"severity\")", ""));
  CHECK(has(e, "its columns: `period`, `cpr`, `rate`"));
}

TEST_CASE("csv: a cell that is not a number is shown at its line and column in the CSV", "[factors][csv][errors]") {
  write_temp("factor_kinds_bad.csv", "period,cpr\n1,6%\n2, 7%\n3, 7.x%\n");
  auto e = errors_of("factor_kinds_badcell.deal", deal("    factor f = csv(\"factor_kinds_bad.csv\", column: \"cpr\")", ""));
  CHECK(has(e, "factor_kinds_bad.csv:4:4: error[E0105]: `7.x%` is not a number"));
  CHECK(has(e, "    4 | 3, 7.x%\n      |    ^^^^ not a number"));
  // A missing cell and an empty one are errors too, not zeros.
  write_temp("factor_kinds_short.csv", "a,b\n1,2\n3\n4,\n");
  e = errors_of("factor_kinds_short.deal", deal("    factor f = csv(\"factor_kinds_short.csv\", column: \"b\")", ""));
  CHECK(has(e, "factor_kinds_short.csv:3:2: error[E0105]: row 2 has 1 cell, none in the column `b`"));
  CHECK(has(e, "factor_kinds_short.csv:4:3: error[E0105]: row 3 has an empty cell in the column `b`"));
}

TEST_CASE("csv: a period column must count 1, 2, 3, ...", "[factors][csv][errors]") {
  write_temp("factor_kinds_gap.csv", "Period,x\n1,1\n3,2\n");
  auto e = errors_of("factor_kinds_gap.deal", deal("    factor f = csv(\"factor_kinds_gap.csv\", column: \"x\")", ""));
  CHECK(has(e, "factor_kinds_gap.csv:3:1: error[E0205]: this row is period 2, but the `Period` column says 3"));
}

TEST_CASE("csv: the file's size and rows are capped", "[factors][csv][errors]") {
  // 100,000 rows are read; 100,001 are not.
  std::string rows = "x\n";
  for (int i = 0; i < 100'000; ++i) rows += "1\n";
  write_temp("factor_kinds_rows_ok.csv", rows);
  auto e = errors_of("factor_kinds_rows_ok.deal", deal("    factor f = csv(\"factor_kinds_rows_ok.csv\", column: \"x\")", ""));
  CHECK_FALSE(has(e, "error"));
  write_temp("factor_kinds_rows_big.csv", rows + "2\n");
  e = errors_of("factor_kinds_rows_big.deal", deal("    factor f = csv(\"factor_kinds_rows_big.csv\", column: \"x\")", ""));
  CHECK(has(e, "factor_kinds_rows_big.csv:100002:1: error[E0113]: `factor_kinds_rows_big.csv` has 100001 rows; a csv factor reads at most 100000"));
  // Over 4 MiB is refused before it is read.
  std::string big = "x\n" + std::string(4 * 1024 * 1024, ' ') + "\n1\n";
  write_temp("factor_kinds_bytes.csv", big);
  e = errors_of("factor_kinds_bytes.deal", deal("    factor f = csv(\"factor_kinds_bytes.csv\", column: \"x\")", ""));
  CHECK(has(e, "error[E0113]"));
  CHECK(has(e, "a csv factor reads at most 4194304 bytes (4 MiB)"));
}

TEST_CASE("csv: the arguments are a quoted file, column: and an optional numeric scale:", "[factors][csv][errors]") {
  write_temp("factor_kinds_vec.csv", kVector);
  CHECK(has(errors_of("factor_kinds_arg1.deal", deal("    factor f = csv(\"factor_kinds_vec.csv\")", "")), "error[E0208]: `csv` needs the argument `column:`"));
  CHECK(has(errors_of("factor_kinds_arg2.deal", deal("    factor f = csv(\"factor_kinds_vec.csv\", colum: \"cpr\")", "")),
            "did you mean `column:`?"));
  CHECK(has(errors_of("factor_kinds_arg3.deal", deal("    factor f = csv(\"factor_kinds_vec.csv\", column: cpr)", "  param cpr = 1%")),
            "error[E0208]: `column:` is the column's name in the file's header, as a quoted string"));
  CHECK(has(errors_of("factor_kinds_arg4.deal", deal("    factor f = csv(\"factor_kinds_vec.csv\", column: \"cpr\", scale: true)", "")),
            "error[E0208]: `scale:` multiplies each cell, so it is a number, not Bool"));
  CHECK(has(errors_of("factor_kinds_arg5.deal", deal("    factor f = csv(column: \"cpr\")", "")),
            "error[E0208]: `csv` takes the file's name first, as a quoted string"));
  // Outside a factor a csv() or path() call is not a value.
  CHECK(has(errors_of("factor_kinds_let.deal", deal("", "  let x = path(sofr_curve)")), "error[E0214]"));
}
