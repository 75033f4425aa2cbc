// Differential test of the two back ends: the generator of valid deals
// (deal_generator.hpp) drives the interpreter and the JIT; their period
// tables must agree bit for bit, in the base case and in random scenarios.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <fmt/format.h>

#include "batch_support.hpp"
#include "codegen/jit.hpp"
#include "interp/interpreter.hpp"
#include "deal_generator.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

// Same doubles, bit for bit (NaN payloads included).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

}  // namespace

TEST_CASE("Interpreter and JIT agree bit for bit on generated deals", "[codegen][differential]") {
  test::DealGenerator g(20261125);
  int compiled = 0;
  // Scenario-periods in which a convertible converted and a revolver drew:
  // the corpus must exercise both, or the agreement says nothing of them.
  int conversions = 0, draws = 0;
  const auto count_positive = [](const ir::Module& m, const std::vector<double>& rows, const char* column) {
    int n = 0;
    for (std::size_t c = 0; c < m.columns.size(); ++c)
      if (m.columns[c].name == column)
        for (std::size_t k = c; k < rows.size(); k += m.columns.size()) n += rows[k] > 0;
    return n;
  };
  for (int i = 0; i < 40; ++i) {
    std::string text = g.deal(i);
    auto r = test::run_text(fmt::format("generated_{}.deal", i), text);
    INFO(text);
    INFO(r->diagnostics());
    REQUIRE(r->c.module);  // the generator only writes valid deals
    ++compiled;
    const auto& m = *r->c.module;
    for (bool random : {false, true}) {
      std::string error;
      auto jit = codegen::make_jit(m, r->schedule, random, error);
      INFO(error);
      REQUIRE(jit);
      exec::Batch a, b;
      a.seed = b.seed = 99;
      a.count = b.count = random ? 16 : 1;
      if (random) {
        interp::make_interpreter(m, r->schedule)->evaluate(a);
      } else {
        auto trace = interp::run_base_case(m, r->schedule);
        a.init = trace.init;
        for (const auto& row : trace.rows) a.rows.insert(a.rows.end(), row.begin(), row.end());
      }
      jit->evaluate(b);
      INFO((random ? "random scenarios" : "base case"));
      CHECK(same_bits(a.init, b.init));
      CHECK(same_bits(a.rows, b.rows));
      CHECK(a.violation.has_value() == b.violation.has_value());
      // A valid deal never breaks the engine's own books (this caught
      // negative floating coupons, now floored at zero).
      CHECK_FALSE(a.violation.has_value());
      conversions += count_positive(m, a.rows, "V.converted_balance");
      draws += count_positive(m, a.rows, "R.draws");
      // Streamed (what Monte Carlo reads: exec::RowSink), each engine hands
      // over the rows it writes to its tables.
      if (random) {
        CHECK(test::same_bits(a, test::run_batch(*jit, *r, 16, 99, true)));
        CHECK(test::same_bits(a, test::run_batch(*interp::make_interpreter(m, r->schedule), *r, 16, 99, true)));
      }
      // One lane per call, and an odd lane count whose last block of the 16
      // scenarios is partial: the same bytes.
      if (random && i % 4 == 0)
        for (unsigned lanes : {1u, 3u}) {
          codegen::JitOptions o;
          o.lanes = lanes;
          auto narrow = codegen::make_jit(m, r->schedule, true, error, o);
          REQUIRE(narrow);
          exec::Batch c;
          c.seed = 99;
          c.count = 16;
          narrow->evaluate(c);
          INFO("lanes " << lanes);
          CHECK(same_bits(a.rows, c.rows));
          CHECK(same_bits(a.init, c.init));
          CHECK(test::same_bits(a, test::run_batch(*narrow, *r, 16, 99, true)));
        }
      // Programs cut into small functions (codegen/chunks.hpp), at one
      // instruction each every value crosses between them: the same bytes.
      if (random && i % 8 == 1)
        for (std::size_t budget : {std::size_t{1}, std::size_t{60}}) {
          codegen::JitOptions o;
          o.chunk_budget = budget;
          auto cut = codegen::make_jit(m, r->schedule, random, error, o);
          REQUIRE(cut);
          exec::Batch c;
          c.seed = 99;
          c.count = 16;
          cut->evaluate(c);
          INFO("chunk budget " << budget);
          CHECK(same_bits(a.rows, c.rows));
          CHECK(same_bits(a.init, c.init));
          CHECK(a.violation.has_value() == c.violation.has_value());
        }
    }
  }
  CHECK(compiled == 40);
  INFO("scenario-periods with a conversion: " << conversions << "; with a revolver draw: " << draws);
  CHECK(conversions > 0);
  CHECK(draws > 0);
}

TEST_CASE("The JIT's object cache: a miss stores, a hit computes the same bytes, a damaged entry is recompiled", "[codegen]") {
  const std::string path = std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal";
  auto r = test::run_file(path);
  REQUIRE(r->c.module);
  auto dir = std::filesystem::temp_directory_path() / "sluice_jit_cache_test";
  std::filesystem::remove_all(dir);
  auto run = [&](bool& hit) {
    std::string error;
    codegen::JitOptions o;
    o.cache_dir = dir.string();
    o.cache_hit = &hit;
    auto jit = codegen::make_jit(*r->c.module, r->schedule, true, error, o);
    INFO(error);
    REQUIRE(jit);
    exec::Batch b;
    b.seed = 3;
    b.count = 8;
    jit->evaluate(b);
    return b.rows;
  };
  bool hit = true;
  auto first = run(hit);
  CHECK_FALSE(hit);
  std::vector<std::filesystem::path> entries;
  for (const auto& e : std::filesystem::directory_iterator(dir)) entries.push_back(e.path());
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].extension() == ".o");
  auto second = run(hit);
  CHECK(hit);
  CHECK(same_bits(first, second));
  std::ofstream(entries[0], std::ios::trunc) << "not an object file";
  auto third = run(hit);
  CHECK_FALSE(hit);
  CHECK(same_bits(first, third));
  // The base case is another object.
  std::string error;
  codegen::JitOptions o;
  o.cache_dir = dir.string();
  CHECK(codegen::make_jit(*r->c.module, r->schedule, false, error, o));
  std::size_t count = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) count += e.path().extension() == ".o";
  CHECK(count == 2);
  std::filesystem::remove_all(dir);
}
