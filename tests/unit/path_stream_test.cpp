// analysis::PathStream: a Monte Carlo worker keeps one stream for all its
// scenarios, so open() must forget everything of the path before. Each
// scenario's metrics from one reused stream, fed in either order or side
// by side in lanes, must be the bits of a fresh stream's (path_metrics)
// for that scenario alone.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "analysis/path_stream.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

// Every field of a path's metrics, as bits (so NaN equals NaN, and -0 is not 0).
std::vector<std::uint64_t> bits(const analysis::PathMetrics& p) {
  std::vector<std::uint64_t> out;
  auto put = [&](double v) {
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    out.push_back(b);
  };
  auto opt = [&](const std::optional<double>& v) {
    out.push_back(v.has_value());
    put(v.value_or(0));
  };
  for (const auto& x : p.tranches) {
    for (double v : {x.original, x.interest, x.principal, x.loss, x.loss_share, x.opening, x.exposure_at_default, x.loss_ex_interest}) put(v);
    for (const auto* v : {&x.wal, &x.irr, &x.yield, &x.macaulay, &x.modified}) opt(*v);
    out.push_back(static_cast<std::uint64_t>(x.default_period));
    out.push_back(x.coverage.has_value());
    if (x.coverage) {
      put(x.coverage->dscr_min);
      put(x.coverage->dscr_mean);
      out.push_back(static_cast<std::uint64_t>(x.coverage->dscr_min_period));
      opt(x.coverage->llcr);
      opt(x.coverage->plcr);
    }
  }
  for (const auto& x : p.equities) {
    put(x.investment);
    put(x.distributions);
    opt(x.irr);
  }
  for (const auto& x : p.tests) {
    for (double v : {x.min, x.mean, x.max, x.undefined_share}) put(v);
    out.push_back(static_cast<std::uint64_t>(x.min_period));
  }
  for (const auto& x : p.triggers) out.push_back(static_cast<std::uint64_t>(x.first) << 32 | static_cast<std::uint64_t>(x.periods));
  for (const auto& x : p.calls) {
    out.push_back(static_cast<std::uint64_t>(x.period));
    put(x.price);
  }
  return out;
}

void check_reuse(const std::string& deal, analysis::Detail detail, bool vary) {
  test::Run r;
  pipeline::compile(r.c, std::string(SLUICE_SOURCE_DIR) + "/" + deal, {}, "ir");
  REQUIRE(r.c.module);
  const auto& m = *r.c.module;
  r.schedule = exec::schedule_for(r.c.model->deal);
  exec::Batch b;
  b.seed = 7;
  b.first = 0;
  b.count = 60;
  interp::make_interpreter(m, r.schedule)->evaluate(b);
  const int T = r.schedule.periods();
  const std::size_t C = m.columns.size(), IC = m.init_columns.size();
  const auto clock = analysis::path_clock(r.schedule, r.c.model->deal.months_per_period);
  auto view = [&](int i) {
    return analysis::PathView{b.init.data() + static_cast<std::size_t>(i) * IC,
                              b.rows.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(T) * C, C};
  };
  std::vector<std::vector<std::uint64_t>> fresh;
  for (int i = 0; i < b.count; ++i) fresh.push_back(bits(analysis::path_metrics(m, view(i), clock, detail)));
  // Scenarios that differ show a value left over; the same path twice
  // shows a sum that was not reset.
  if (vary) CHECK(fresh.front() != fresh.back());
  analysis::PathStream stream(m, clock, detail);
  auto streamed = [&](int i) {
    const auto path = view(i);
    stream.open(path.init);
    for (int t = 0; t < T; ++t) stream.period(t, path.rows + static_cast<std::size_t>(t) * C);
    return bits(stream.close());
  };
  for (int i = 0; i < b.count; ++i) {
    INFO(deal << ", scenario " << i << " after " << i - 1);
    CHECK(streamed(i) == fresh[static_cast<std::size_t>(i)]);
  }
  for (int i = b.count - 1; i >= 0; --i) {
    INFO(deal << ", scenario " << i << " after " << i + 1);
    CHECK(streamed(i) == fresh[static_cast<std::size_t>(i)]);
  }
  // In lanes, as a Monte Carlo worker feeds a JIT block's staged rows:
  // seven lanes at a stride of eight (the eighth cell of each column a
  // NaN no lane may read), the last block partial; each lane's metrics the
  // bits of its scenario's alone.
  constexpr int kLanes = 7;
  constexpr std::size_t kStride = 8;
  analysis::PathStream lanes(m, clock, detail, kLanes);
  std::vector<double> staged(C * kStride);
  for (int first = 0; first < b.count; first += kLanes) {
    const int n = std::min(kLanes, b.count - first);
    lanes.open(n, IC ? b.init.data() + static_cast<std::size_t>(first) * IC : nullptr, IC);
    for (int t = 0; t < T; ++t) {
      std::fill(staged.begin(), staged.end(), std::nan(""));
      for (int l = 0; l < n; ++l)
        for (std::size_t c = 0; c < C; ++c) staged[c * kStride + static_cast<std::size_t>(l)] = view(first + l).at(t, static_cast<int>(c));
      lanes.period(t, staged.data(), kStride);
    }
    for (int l = 0; l < n; ++l) {
      INFO(deal << ", scenario " << first + l << " in lane " << l);
      CHECK(bits(lanes.close(l)) == fresh[static_cast<std::size_t>(first + l)]);
    }
  }
}

}  // namespace

TEST_CASE("PathStream: a reused stream gives each path a fresh stream's bits", "[stream]") {
  // Defaults, triggers, tests and equity (the flagship); yields and
  // durations (the project finance example, in full detail); the coverage
  // ratios of a sculpted loan; a clean-up call.
  check_reuse("examples/gpu_lease_abs/gpu_lease_abs.deal", analysis::kRiskOnly, true);
  check_reuse("examples/neocloud_project_finance/neocloud_project_finance.deal", analysis::kFull, true);
  check_reuse("tests/golden/stdlib/std_project_finance.deal", analysis::kFull, false);
  check_reuse("tests/golden/debt/ok_sculpted.deal", analysis::kFull, false);
  check_reuse("tests/golden/pools/mc_clean_up_call.deal", analysis::kFull, true);
}
