// Shards and merge: partial results written by slices of a run add up to the
// one-process run to the byte, whatever the slicing and the order; a part
// cut short, altered, or from another run is refused, never merged.
#include <catch2/catch.hpp>

#include "driver/distributed.hpp"
#include "montecarlo/partial.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

struct Fixture {
  std::unique_ptr<test::Run> base;
  mc::RiskShape shape;
  mc::PartIdentity id;
  Fixture() {
    // Lowered as a Monte Carlo run lowers it: with the draws' and factors'
    // columns, whose summary (`F.min`, `F.at_TRIGGER`) every part carries.
    base = std::make_unique<test::Run>();
    base->c.record_factors = true;
    pipeline::compile(base->c, std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal", {}, "ir");
    REQUIRE(base->c.module);
    base->schedule = exec::schedule_for(base->c.model->deal);
    base->trace = interp::run_base_case(*base->c.module, base->schedule);
    shape = mc::risk_shape(*base->c.module, base->schedule, "30/360", "monthly");
    id = driver::part_identity(base->c, {}, options(0, UINT64_MAX));
  }
  static mc::Options options(std::uint64_t first, std::uint64_t count) {
    mc::Options o;
    o.scenarios = 200;
    o.seed = 7;
    o.threads = 2;
    o.batch = 16;
    o.fan_sample = 150;  // the fan sample ends inside a shard
    o.first = first;
    o.count = count;
    return o;
  }
  mc::Simulation run(std::uint64_t first, std::uint64_t count) const {
    auto eval = interp::make_interpreter(*base->c.module, base->schedule);
    auto sim = mc::simulate(*base->c.module, base->schedule, *eval, options(first, count));
    REQUIRE_FALSE(sim.failure);
    return sim;
  }
  std::string part(std::uint64_t first, std::uint64_t count) const { return mc::encode_part(id, shape, run(first, count)); }
};

mc::Part decode(const std::string& bytes) {
  std::string why;
  auto p = mc::decode_part(bytes, why);
  INFO(why);
  REQUIRE(p);
  return std::move(*p);
}

std::optional<mc::Part> merge(std::vector<std::string> parts, std::string& why) {
  std::vector<mc::Part> decoded;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    decoded.push_back(decode(parts[i]));
    names.push_back("part-" + std::to_string(i));
  }
  return mc::merge_parts(std::move(decoded), names, why);
}

}  // namespace

TEST_CASE("An exact sum survives its state words: the same bits, and further additions agree", "[distributed]") {
  stats::ExactSum a;
  for (double x : {1e300, -3.5, 1e-300, 0.1, -1e300, 7.25, 4.9e-324}) a.add(x);
  auto b = stats::ExactSum::from_state(a.state());
  CHECK(b.value() == a.value());
  CHECK(b.count() == a.count());
  a.add(0.3);
  b.add(0.3);
  CHECK(b.value() == a.value());
  auto w = a.state();
  CHECK(stats::ExactSum::valid_state(w));
  w[3] = -1;  // a digit below range: not something state() writes
  CHECK_FALSE(stats::ExactSum::valid_state(w));
}

TEST_CASE("Shards of any slicing, merged in any order, give the one-process report and scenarios to the byte", "[distributed]") {
  Fixture f;
  auto whole = f.run(0, UINT64_MAX);
  const std::string want_json = mc::format_risk_json(mc::aggregate(f.shape, whole));
  const std::string want_table = mc::format_risk_table(mc::aggregate(f.shape, whole), false);
  const std::string want_csv = mc::format_scenarios_csv(whole);
  // The market's summary is in every row: the rents' minimum and their value
  // when the early amortization first came on.
  const std::string header = want_csv.substr(0, want_csv.find('\n'));
  CHECK(header.find(",gpu_rate.min,gpu_rate.at_cash_trap,gpu_rate.at_dscr_default,gpu_rate.at_ltv_breach,"
                    "gpu_rate.at_early_amortization,gpu_rate.at_event_of_default,") != std::string::npos);
  for (std::uint64_t k : {1, 2, 3, 7}) {
    std::vector<std::string> parts;
    for (std::uint64_t i = 0; i < k; ++i) {
      auto [first, count] = driver::shard_range({i, k}, 200);
      parts.push_back(f.part(first, count));
    }
    std::reverse(parts.begin(), parts.end());  // order does not matter
    std::string why;
    auto merged = merge(parts, why);
    INFO("k = " << k << ": " << why);
    REQUIRE(merged);
    CHECK(mc::format_risk_json(mc::aggregate(merged->shape, merged->sim)) == want_json);
    CHECK(mc::format_risk_table(mc::aggregate(merged->shape, merged->sim), false) == want_table);
    CHECK(mc::format_scenarios_csv(merged->sim) == want_csv);
  }
  // Unequal slices and an empty one merge too.
  std::string why;
  auto merged = merge({f.part(0, 13), f.part(13, 0), f.part(13, 187)}, why);
  REQUIRE(merged);
  CHECK(mc::format_risk_json(mc::aggregate(merged->shape, merged->sim)) == want_json);
}

TEST_CASE("Shard ranges cover every scenario once and differ in size by at most one", "[distributed]") {
  for (std::uint64_t n : {1, 7, 1000, 100'000'000})
    for (std::uint64_t k : {1, 2, 3, 16, 1000}) {
      std::uint64_t next = 0, lo = UINT64_MAX, hi = 0;
      for (std::uint64_t i = 0; i < k; ++i) {
        auto [first, count] = driver::shard_range({i, k}, n);
        CHECK(first == next);
        next = first + count;
        lo = std::min(lo, count);
        hi = std::max(hi, count);
      }
      CHECK(next == n);
      CHECK(hi - lo <= 1);
    }
  std::string why;
  CHECK(driver::parse_shard("3/4", why));
  for (const char* bad : {"4/4", "1/0", "-1/2", "a/b", "1", "1/2/3", "/2", " 1/2"}) {
    INFO(bad);
    CHECK_FALSE(driver::parse_shard(bad, why));
  }
}

TEST_CASE("Parts that miss, repeat or come from another run are refused with the reason", "[distributed]") {
  Fixture f;
  const std::string a = f.part(0, 100), b = f.part(100, 100);
  std::string why;
  CHECK_FALSE(merge({a}, why));
  CHECK(why.find("no part holds scenarios 100..199") != std::string::npos);
  CHECK_FALSE(merge({b}, why));
  CHECK(why.find("no part holds scenarios 0..99") != std::string::npos);
  CHECK_FALSE(merge({a, b, b}, why));
  CHECK(why.find("also holds") != std::string::npos);
  CHECK_FALSE(merge({a, f.part(50, 150)}, why));
  CHECK(why.find("also holds") != std::string::npos);

  auto other = [&](auto change) {
    mc::PartIdentity id = f.id;
    change(id);
    auto o = Fixture::options(100, 100);
    o.seed = id.seed;
    auto eval = interp::make_interpreter(*f.base->c.module, f.base->schedule);
    return mc::encode_part(id, f.shape, mc::simulate(*f.base->c.module, f.base->schedule, *eval, o));
  };
  CHECK_FALSE(merge({a, other([](auto& id) { id.seed = 8; })}, why));
  CHECK(why.find("seed 7 and seed 8") != std::string::npos);
  CHECK_FALSE(merge({a, other([](auto& id) { id.fingerprint = "0000000000000000"; })}, why));
  CHECK(why.find("deal's files or --set values differ") != std::string::npos);
  CHECK_FALSE(merge({a, other([](auto& id) { id.sluice_version = "0.0.9"; })}, why));
  CHECK(why.find("rerun the shards with one version") != std::string::npos);
  CHECK_FALSE(merge({a, other([](auto& id) { id.scenarios = 300; })}, why));
  // A part whose fan sample is not what its own --fan-sample gives does not
  // add up by itself: it is refused as it is read, before any merge.
  CHECK_FALSE(mc::decode_part(other([](auto& id) { id.fan_sample = 10; }), why));
  CHECK(why.find("its fan sample is not the run's") != std::string::npos);

  // Another --set value is another deal.
  auto changed = test::run_file(std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal", {{"advance_A", "55%"}});
  REQUIRE(changed->c.module);
  CHECK(driver::part_identity(changed->c, {{"advance_A", "55%"}}, Fixture::options(0, 1)).fingerprint != f.id.fingerprint);
  CHECK(driver::part_identity(f.base->c, {}, Fixture::options(0, 1)).fingerprint == f.id.fingerprint);
}

TEST_CASE("A part cut short or altered anywhere is refused, never read", "[distributed]") {
  Fixture f;
  const std::string whole = f.part(0, 40);
  std::string why;
  REQUIRE(mc::decode_part(whole, why));
  // Every cut: what a killed shard would leave if it wrote in place.
  for (std::size_t n = 0; n < whole.size(); n += 1 + n / 64) {
    INFO("cut at " << n);
    CHECK_FALSE(mc::decode_part(std::string_view(whole).substr(0, n), why));
  }
  // A byte flipped anywhere fails the checksum (or the frame).
  for (std::size_t at = 0; at < whole.size(); at += 1 + at / 32) {
    std::string bad = whole;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    INFO("flip at " << at);
    CHECK_FALSE(mc::decode_part(bad, why));
  }
  CHECK_FALSE(mc::decode_part("SLUICEPT", why));
  CHECK_FALSE(mc::decode_part("not a part at all", why));
  CHECK(why.find("not a Sluice partial result") != std::string::npos);
}

TEST_CASE("A quoted deal's parts carry its market basis: merged, the market table is the one-process table; a basis that differs is refused",
          "[distributed][pricing]") {
  Fixture f;  // the flagship: B quoted at SOFR + 450bp
  const auto basis = analysis::market_basis(*f.base->c.module, f.base->trace, f.base->schedule, 1);
  REQUIRE(basis.quoted.size() == 1);
  CHECK(f.shape.tranches[basis.quoted[0].tranche] == "B");
  auto part = [&](std::uint64_t first, std::uint64_t count, const analysis::MarketBasis* b) {
    return mc::encode_part(f.id, f.shape, f.run(first, count), b);
  };
  const std::string a = part(0, 80, &basis), b = part(80, 120, &basis);
  std::string why;
  auto whole = merge({b, a}, why);
  INFO(why);
  REQUIRE(whole);
  REQUIRE(whole->market);
  // The one-process run: its own simulation, the basis from its base case.
  const auto one_sim = f.run(0, UINT64_MAX);
  const auto one = mc::aggregate(f.shape, one_sim);
  const auto merged = mc::aggregate(whole->shape, whole->sim);
  const auto want = analysis::market_json(mc::read_quotes(f.shape, one, basis)).dump();
  CHECK(analysis::market_json(mc::read_quotes(whole->shape, merged, *whole->market)).dump() == want);
  CHECK(want.find("model_spread") != std::string::npos);

  // Every part holds the same basis, or none does.
  auto other = basis;
  other.quoted[0].cash[10] += 1;
  CHECK_FALSE(merge({a, part(80, 120, &other)}, why));
  CHECK(why.find("market quotes or flows differ") != std::string::npos);
  CHECK_FALSE(merge({a, part(80, 120, nullptr)}, why));
  CHECK(why.find("market quotes or flows differ") != std::string::npos);

  // Cut anywhere in the basis, the part is refused.
  for (std::size_t n = a.size() - 16 - 8 * 200; n < a.size(); n += 7) {
    INFO("cut at " << n);
    CHECK_FALSE(mc::decode_part(std::string_view(a).substr(0, n), why));
  }
}
