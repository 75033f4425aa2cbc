// Property and metamorphic tests over generated deals (deal_generator.hpp).
// The invariants each run checks catch broken books; these catch a wrong
// but self-consistent number, by running a deal and a transformed twin and
// relating their period tables: in the base case and in random scenarios
// under one seed (the twin draws the same numbers, since its factors are the
// same declarations).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <map>

#include "deal_generator.hpp"
#include "interp/interpreter.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

constexpr std::uint64_t kGeneratorSeed = 7001;
constexpr int kDeals = 30;
constexpr int kScenarios = 6;

// One deal's period tables: the base case, then kScenarios random scenarios,
// each as rows of named columns.
struct Tables {
  std::vector<ir::Column> columns;
  std::vector<std::vector<std::vector<double>>> paths;  // path, period, column
  std::string text, diagnostics;

  int col(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == name) return static_cast<int>(i);
    return -1;
  }
  double at(std::size_t path, std::size_t t, const std::string& name) const { return paths[path][t][static_cast<std::size_t>(col(name))]; }
  std::size_t periods() const { return paths.empty() ? 0 : paths[0].size(); }
};

Tables run(int index, const test::Variant& v, const std::string& tag) {
  Tables out;
  out.text = test::DealGenerator(kGeneratorSeed + static_cast<std::uint64_t>(index)).deal(index, v);
  auto r = test::run_text(fmt::format("property_{}_{}.deal", tag, index), out.text);
  out.diagnostics = r->diagnostics();
  if (!r->c.module) return out;
  const auto& m = *r->c.module;
  out.columns = m.columns;
  if (r->trace.violation) out.diagnostics += fmt::format("base case broke invariant: {}", m.checks.at(r->trace.violation->check).what);
  out.paths.push_back(r->trace.rows);
  exec::Batch b;
  b.seed = 4242;
  b.count = kScenarios;
  interp::make_interpreter(m, r->schedule)->evaluate(b);
  if (b.violation) out.diagnostics += fmt::format("scenario broke invariant: {}", m.checks.at(b.violation->check).what);
  const std::size_t cols = m.columns.size(), periods = r->trace.rows.size();
  for (int s = 0; s < kScenarios; ++s) {
    std::vector<std::vector<double>> rows(periods);
    for (std::size_t t = 0; t < periods; ++t) {
      const double* row = b.rows.data() + (static_cast<std::size_t>(s) * periods + t) * cols;
      rows[t].assign(row, row + cols);
    }
    out.paths.push_back(std::move(rows));
  }
  return out;
}

bool is_money(const ir::Column& c) { return c.unit.rfind("USD", 0) == 0; }

// Same double, bit for bit, NaN equal to NaN.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

// Within the engine's money tolerance.
bool close(double a, double b) { return std::fabs(a - b) <= 1e-6 + 1e-9 * std::max(std::fabs(a), std::fabs(b)); }

}  // namespace

TEST_CASE("Scaling every amount of money by 2^k scales every cash flow by 2^k, bit for bit", "[property]") {
  // A power of two commutes with every rounding in +, -, x, / and min/max,
  // and a ratio of two scaled amounts is unchanged, so the twin's money
  // columns must be the original's times 2^k exactly and every other column
  // (ratios, tests, triggers, rates) the same bits: an absolute threshold
  // hidden in the engine (a "close enough to zero" in dollars) would break it.
  for (int shift : {10, -7}) {
    for (int i = 0; i < kDeals; ++i) {
      auto base = run(i, {}, "scale_base");
      test::Variant v;
      v.money_shift = shift;
      auto scaled = run(i, v, fmt::format("scale_{}", shift + 100));
      INFO(scaled.text);
      INFO(base.diagnostics << scaled.diagnostics);
      REQUIRE(base.diagnostics.empty());
      REQUIRE(scaled.diagnostics.empty());
      REQUIRE(base.columns.size() == scaled.columns.size());
      int mismatches = 0;
      for (std::size_t p = 0; p < base.paths.size(); ++p)
        for (std::size_t t = 0; t < base.periods(); ++t)
          for (std::size_t c = 0; c < base.columns.size(); ++c) {
            double a = base.paths[p][t][c], b = scaled.paths[p][t][c];
            double want = is_money(base.columns[c]) ? std::ldexp(a, shift) : a;
            if (!same(want, b) && mismatches++ < 3)
              FAIL_CHECK(fmt::format("2^{}: path {} period {} `{}`: {} scaled is {}, expected {}", shift, p, t + 1, base.columns[c].name, a, b, want));
          }
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("A senior tranche of zero balance changes nothing", "[property]") {
  // Z is paid first in every branch; owed nothing, it is paid nothing, and
  // every other column keeps its bits.
  for (int i = 0; i < kDeals; ++i) {
    auto base = run(i, {}, "zero_base");
    test::Variant v;
    v.zero_tranche = true;
    auto twin = run(i, v, "zero");
    INFO(twin.text);
    INFO(base.diagnostics << twin.diagnostics);
    REQUIRE(base.diagnostics.empty());
    REQUIRE(twin.diagnostics.empty());
    int mismatches = 0;
    for (std::size_t p = 0; p < base.paths.size(); ++p)
      for (std::size_t t = 0; t < base.periods(); ++t) {
        for (const char* z : {"Z.interest_paid", "Z.principal_paid", "Z.end_balance", "Z.interest_due"}) CHECK(twin.at(p, t, z) == 0.0);
        for (std::size_t c = 0; c < base.columns.size(); ++c) {
          int tc = twin.col(base.columns[c].name);
          REQUIRE(tc >= 0);
          double a = base.paths[p][t][c], b = twin.paths[p][t][static_cast<std::size_t>(tc)];
          if (!same(a, b) && mismatches++ < 3)
            FAIL_CHECK(fmt::format("path {} period {} `{}`: {} without Z, {} with it", p, t + 1, base.columns[c].name, a, b));
        }
      }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("Permuting a pro-rata group permutes nothing but the order of its members", "[property]") {
  // pro_rata(A, B) and pro_rata(B, A) owe and pay each member the same; the
  // only difference is the order in which the two shares leave the cash, so
  // what follows may differ in the last bits, never by more than the money
  // tolerance.
  int groups = 0;
  for (int i = 0; i < kDeals; ++i) {
    test::Variant ab;
    ab.pro_rata = true;
    test::Variant ba = ab;
    ba.reverse_group = true;
    auto one = run(i, ab, "group_ab");
    auto two = run(i, ba, "group_ba");
    INFO(one.text);
    INFO(one.diagnostics << two.diagnostics);
    REQUIRE(one.diagnostics.empty());
    REQUIRE(two.diagnostics.empty());
    if (one.col("B.interest_paid") < 0) continue;  // one tranche: no group
    ++groups;
    REQUIRE(one.columns.size() == two.columns.size());
    int mismatches = 0;
    for (std::size_t p = 0; p < one.paths.size(); ++p)
      for (std::size_t t = 0; t < one.periods(); ++t)
        for (std::size_t c = 0; c < one.columns.size(); ++c) {
          double a = one.paths[p][t][c], b = two.paths[p][t][c];
          if (!(same(a, b) || close(a, b)) && mismatches++ < 3)
            FAIL_CHECK(fmt::format("path {} period {} `{}`: {} as (A, B), {} as (B, A)", p, t + 1, one.columns[c].name, a, b));
        }
    CHECK(mismatches == 0);
  }
  CHECK(groups >= kDeals / 2);
}

TEST_CASE("More collateral cash never leaves the senior tranche owed more", "[property]") {
  // With every rent raised by a quarter, in a waterfall that pays the same
  // steps every period, the senior's balance and its unpaid interest are
  // never higher in any period of any path. Two things are left out because
  // they make the property false, not because Sluice breaks it: triggers
  // (more cash can switch a turbo off, so the senior is repaid more slowly)
  // and a reserve whose target falls with the senior's interest (it releases
  // earlier, then covers less in a later shortfall).
  for (int i = 0; i < kDeals; ++i) {
    test::Variant v;
    v.no_triggers = true;
    v.no_reserve = true;
    auto base = run(i, v, "cash_base");
    v.rent_boost = 1.25;
    auto more = run(i, v, "cash_more");
    INFO(more.text);
    INFO(base.diagnostics << more.diagnostics);
    REQUIRE(base.diagnostics.empty());
    REQUIRE(more.diagnostics.empty());
    int mismatches = 0;
    for (std::size_t p = 0; p < base.paths.size(); ++p)
      for (std::size_t t = 0; t < base.periods(); ++t)
        for (const char* name : {"A.end_balance", "A.interest_unpaid"}) {
          double a = base.at(p, t, name), b = more.at(p, t, name);
          if (b > a + 1e-6 + 1e-9 * std::fabs(a) && mismatches++ < 3)
            FAIL_CHECK(fmt::format("path {} period {} `{}`: {} with more cash, {} without", p, t + 1, name, b, a));
        }
    CHECK(mismatches == 0);
  }
}
