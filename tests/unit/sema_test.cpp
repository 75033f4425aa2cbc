// Sema: units, kinds and cycles, reported at the right place.
#include <catch2/catch.hpp>

#include "sema/imports.hpp"
#include "test_support.hpp"

using sluice::test::run_text;

namespace {
const char* kHead = "deal \"t\" {\n  currency USD  start 2025-01-31  period monthly  horizon 12 months  day_count 30/360\n  unit gpu\n";
std::string errors(const std::string& body) {
  auto r = run_text("sema.deal", std::string(kHead) + body + "\n  equity E\n  waterfall { pay E residual }\n}\n");
  return r->diagnostics();
}
}  // namespace

TEST_CASE("adding money to GPUs names both units and points at both operands", "[sema][units]") {
  auto e = errors("  param p = 5 USD\n  param q = 3 gpu\n  let x = p + q");
  CHECK(e.find("sema.deal:6:11: error[E0300]: `+` needs the same unit on both sides: USD and gpu") != std::string::npos);
  CHECK(e.find("^ USD") != std::string::npos);
  CHECK(e.find("- gpu") != std::string::npos);
}

TEST_CASE("flows are money per time; a bare amount is not a flow", "[sema][units]") {
  CHECK(errors("  fee f = 120_000 USD").find("E0302") != std::string::npos);
  CHECK(errors("  fee f = 120_000 USD per year").find("error") == std::string::npos);
  CHECK(errors("  let x = 1 month + 1 day").find("E0303") != std::string::npos);
}

TEST_CASE("a value that depends on itself prints the cycle", "[sema][cycles]") {
  auto e = errors("  let a = b + 1 USD\n  let b = c\n  let c = a");
  CHECK(e.find("error[E0500]") != std::string::npos);
  CHECK(e.find("a -> b -> c -> a") != std::string::npos);
  // prev() breaks the loop.
  CHECK(errors("  let a = prev(a, 0 USD) + 1 USD").find("error") == std::string::npos);
  CHECK(errors("  let a = prev(a) + 1 USD").find("prev(a, 0 USD)") != std::string::npos);
}

TEST_CASE("names and members get did-you-mean hints", "[sema][names]") {
  CHECK(errors("  param fleet_size = 3 gpu\n  let x = fleet_sise").find("did you mean `fleet_size`?") != std::string::npos);
  auto e = errors("  tranche A { balance 1m USD  coupon 5% }\n  let x = A.balanse");
  CHECK(e.find("E0201") != std::string::npos);
  CHECK(e.find("did you mean `A.balance`?") != std::string::npos);
  e = errors("  tranche A { balance 1m USD  coupon 5% }\n  let x = A.interest");
  CHECK(e.find("A.interest_due") != std::string::npos);
}

TEST_CASE("kinds: conditions must be conditions, declarations are not values", "[sema][kinds]") {
  CHECK(errors("  trigger t when 5 USD").find("E0400") != std::string::npos);
  CHECK(errors("  fleet g { units 1 gpu  cost 1 USD/gpu }\n  let x = g * 2").find("did you mean `g.value`?") != std::string::npos);
}

TEST_CASE("imports stay inside the deal's folder and the standard library", "[sema][imports]") {
  auto r = run_text("imp.deal", "import \"/etc/passwd\"\n" + std::string(kHead) + "  equity E\n  waterfall { pay E residual }\n}\n");
  CHECK(r->diagnostics().find("E0601") != std::string::npos);
  r = run_text("imp2.deal", "import std.gppu\n" + std::string(kHead) + "  equity E\n  waterfall { pay E residual }\n}\n");
  CHECK(r->diagnostics().find("did you mean `std.gpu`?") != std::string::npos);
}

TEST_CASE("a library that imports the deal's own file back is an import cycle", "[sema][imports]") {
  // The deal's file is loaded first; the import back to it used to find it
  // loaded and report E0603 (it declares a deal) instead of the cycle.
  // (The golden modules/fail_import_cycle holds a cycle between two
  // libraries; this one cannot be a golden: format/roundtrip formats a copy
  // of each deal beside it, and the library imports the original back.)
  using sluice::test::write_temp;
  write_temp("cycle_back.deal", "import \"cycle_main.deal\"\nunit gpu\n");
  const std::string deal_text = "import \"cycle_back.deal\"\n" + std::string(kHead) + "  equity E\n  waterfall { pay E residual }\n}\n";
  auto r = sluice::test::run_file(write_temp("cycle_main.deal", deal_text));
  const auto d = r->diagnostics();
  CHECK(d.find("cycle_back.deal:1:8: error[E0602]: `") != std::string::npos);
  CHECK(d.find("cycle_main.deal` imports itself through this import") != std::string::npos);
  CHECK(d.find("E0603") == std::string::npos);
}

TEST_CASE("templates instantiate with parameters bound at the use site", "[sema][templates]") {
  auto r = run_text("tpl.deal", R"(
template note(size: Money = 1m USD, rate: Ratio = 5%) {
  tranche t { balance size  coupon rate  amortization bullet }
  fee agent = 12_000 USD per year
}
deal "t" {
  currency USD  start 2025-01-01  period monthly  horizon 12 months  day_count 30/360
  loan pool { balance 2m USD  rate 6%  amortization bullet }
  use note as senior { size 2m USD }
  equity E
  waterfall { pay senior.agent  pay senior.interest  pay senior.principal scheduled  pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  // 2,000,000 * 5% / 12 = 8,333.33 a month.
  CHECK(r->at("senior.t.interest_paid", 1) == Approx(2e6 * 0.05 / 12));
  // The instance's own fee is a claim the deal's waterfall can pay: 12,000 / 12.
  CHECK(r->at("senior.agent.paid", 1) == Approx(1000.0));
}

TEST_CASE("a property naming its own member is a cycle, not a crash", "[sema]") {
  // Found by the Monte Carlo tests: `price price` inside a holding recursed
  // until the stack overflowed.
  auto r = run_text("selfprop.deal", "unit share\n" + std::string(kHead) +
                                         "  market { factor price = lognormal(start: 1 USD/share, drift: 0% per year, vol: 10% per year) }\n"
                                         "  holding h { units 10 share  price price }\n  equity E\n  waterfall { pay E residual }\n}\n");
  CHECK_FALSE(r->c.module);
  CHECK(r->diagnostics().find("E0500") != std::string::npos);
  CHECK(r->diagnostics().find("`h.price` is defined in terms of itself") != std::string::npos);
}

TEST_CASE("several standard-library imports, with and without an alias", "[sema][imports]") {
  // Found by the editor tests: a reference into the scope table dangled
  // while it grew, and every std import but the last was lost.
  const std::string body = "  calendar std.calendars.us_federal\n  loan pool { balance 1m USD  rate 5%  amortization bullet }\n"
                           "  test book = std.gpu.h100_book(12 months)\n  equity E\n  waterfall { pay E residual }\n}\n";
  auto r = run_text("two_std.deal", "import std.gpu\nimport std.calendars\n" + std::string(kHead) + body);
  INFO(r->diagnostics());
  CHECK(r->c.module);
  r = run_text("std_alias.deal", "import std.gpu\nimport std.calendars as cal\n" + std::string(kHead) +
                                     "  calendar cal.us_federal\n  test book = std.gpu.h100_book(12 months)\n  equity E\n  waterfall { pay E residual }\n}\n");
  INFO(r->diagnostics());
  CHECK(r->c.module);
}

TEST_CASE("comments after a setting are not part of its value", "[syntax]") {
  // Found by the editor tests: only one trailing line comment was trimmed.
  auto r = run_text("setting_comments.deal", R"(deal "Comments" {
  currency USD   // the money
                 // more about the money
  start 2025-01-31 /* a block comment */
  horizon 12 months
  day_count 30/360 /* one */ // two
  loan pool { balance 1m USD  rate 5%  amortization bullet }
  equity E
  waterfall { pay E residual }
})");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  CHECK(r->c.model->deal.currency == "USD");
}

TEST_CASE("import confinement fails closed when a root folder does not exist", "[sema][imports]") {
  // canonical() of a missing folder is empty; an empty root used to be a
  // prefix of every path, so a missing standard library let any file in.
  CHECK_FALSE(sluice::sema::inside_folder("", "/etc/passwd"));
  CHECK_FALSE(sluice::sema::inside_folder("/srv/deals", ""));
  CHECK(sluice::sema::inside_folder("/srv/deals", "/srv/deals/lib/terms.deal"));
  CHECK_FALSE(sluice::sema::inside_folder("/srv/deals", "/srv/deals-other/x.deal"));
  CHECK_FALSE(sluice::sema::inside_folder("/srv/deals/", "/srv/dealsx/y.deal"));
}
