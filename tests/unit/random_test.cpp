// The generator and the statistics under Monte Carlo: known answers and
// identities (no sampling here; montecarlo_test.cpp samples).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <random>

#include "random/random.hpp"
#include "stats/exact_sum.hpp"
#include "stats/summary.hpp"

using namespace sluice;

TEST_CASE("Philox4x32-10 gives the Random123 known answer at counter 0, key 0", "[random]") {
  // Random123's kat_vectors: philox4x32 10 rounds, ctr {0,0,0,0}, key {0,0}.
  auto w = rng::philox(0, 0, 0, 0);
  CHECK(w[0] == 0x6627e8d5u);
  CHECK(w[1] == 0xe169c58du);
  CHECK(w[2] == 0xbc57ac4cu);
  CHECK(w[3] == 0x9b00dbd8u);
}

TEST_CASE("Draws depend on every part of the key and are in (0, 1)", "[random]") {
  double u = rng::uniform(7, 3, 11, 5);
  CHECK(u > 0);
  CHECK(u < 1);
  CHECK(u == rng::uniform(7, 3, 11, 5));
  CHECK(u != rng::uniform(8, 3, 11, 5));
  CHECK(u != rng::uniform(7, 4, 11, 5));
  CHECK(u != rng::uniform(7, 3, 12, 5));
  CHECK(u != rng::uniform(7, 3, 11, 6));
  CHECK(u != rng::uniform(7, 3ull << 32, 11, 5));  // the scenario's high word counts
  // The extremes of the 53-bit grid stay strictly inside (0, 1).
  CHECK(rng::to_unit(0, 0) == 0x1p-54);
  CHECK(rng::to_unit(0xffffffffu, 0xffffffffu) == 1 - 0x1p-54);
  CHECK(rng::stream_key("gpu_rate") != rng::stream_key("gpu_rate.jumps"));
}

TEST_CASE("The inverse normal matches known quantiles (AS241: about 1e-16)", "[random]") {
  CHECK(rng::inverse_normal(0.5) == 0.0);
  CHECK(rng::inverse_normal(0.975) == Approx(1.959963984540054).epsilon(1e-15));
  CHECK(rng::inverse_normal(0.025) == Approx(-1.959963984540054).epsilon(1e-15));
  CHECK(rng::inverse_normal(0.841344746068543) == Approx(1.0).epsilon(1e-13));  // Phi(1)
  CHECK(rng::inverse_normal(1e-10) == Approx(-6.361340902404056).epsilon(1e-14));
  CHECK(rng::inverse_normal(1e-300) == Approx(-37.04709629936120).epsilon(1e-14));  // mpmath, 40 digits
  // Round trip through the CDF in each of the three regions.
  for (double p : {1e-20, 1e-5, 0.01, 0.07, 0.3, 0.6, 0.9, 0.99, 1 - 1e-9})
    CHECK(rng::normal_cdf(rng::inverse_normal(p)) == Approx(p).epsilon(1e-13));
  CHECK(rng::normal_cdf(0) == 0.5);
  CHECK(rng::normal_cdf(-1.959963984540054) == Approx(0.025).epsilon(1e-14));
}

TEST_CASE("Poisson counts invert the CDF", "[random]") {
  // Mean 2: P(0) = 0.1353, P(<=1) = 0.4060, P(<=2) = 0.6767, P(<=5) = 0.9834, P(<=6) = 0.9955.
  CHECK(rng::poisson(2, 0.10) == 0);
  CHECK(rng::poisson(2, 0.20) == 1);
  CHECK(rng::poisson(2, 0.50) == 2);
  CHECK(rng::poisson(2, 0.99) == 6);
  CHECK(rng::poisson(0, 0.99) == 0);
  CHECK(rng::poisson(-1, 0.99) == 0);
  // Large means use the normal approximation: the median is about the mean.
  CHECK(rng::poisson(10000, 0.5) == Approx(10000).margin(1));
}

TEST_CASE("An exact sum does not depend on the order of its addends", "[stats]") {
  stats::ExactSum a;
  for (double x : {1e100, 1.0, -1e100}) a.add(x);
  CHECK(a.value() == 1.0);
  stats::ExactSum tenth;
  for (int i = 0; i < 10; ++i) tenth.add(0.1);
  CHECK(tenth.value() == 1.0);  // the exact total 1.000000000000000055... rounds to 1
  std::mt19937_64 gen(42);
  std::normal_distribution<double> nd(0, 1);
  std::vector<double> v(20000);
  for (double& x : v) x = nd(gen) * std::pow(10.0, static_cast<int>(gen() % 20) - 10);
  v.push_back(5e-324);  // a subnormal
  v.push_back(-1.7e308);
  v.push_back(1.7e308);
  stats::ExactSum forward, backward, halves[2];
  for (double x : v) forward.add(x);
  for (auto it = v.rbegin(); it != v.rend(); ++it) backward.add(*it);
  std::shuffle(v.begin(), v.end(), gen);
  for (std::size_t i = 0; i < v.size(); ++i) halves[i % 2].add(v[i]);
  halves[1].merge(halves[0]);
  CHECK(forward.value() == backward.value());
  CHECK(forward.value() == halves[1].value());
  CHECK(forward.count() == static_cast<std::int64_t>(v.size()));
  stats::ExactSum bad;
  bad.add(1);
  bad.add(NAN);
  CHECK(std::isnan(bad.value()));
  // Read from the bits (ExactSum::add): subnormals, the smallest and the
  // largest double, both signs, infinities and zeros.
  stats::ExactSum edges;
  for (double x : {5e-324, 3 * 5e-324, -2 * 5e-324, 0x1p-1022, -0.0, 0.0}) edges.add(x);
  CHECK(edges.value() == 0x1p-1022 + 2 * 5e-324);
  CHECK(edges.count() == 6);
  stats::ExactSum big;
  for (double x : {1.7976931348623157e308, -1.7976931348623157e308, 0x1p-1074, 1.5}) big.add(x);
  CHECK(big.value() == 1.5);  // the exact total 1.5 + 2^-1074 rounds to 1.5
  stats::ExactSum inf;
  inf.add(-INFINITY);
  CHECK(inf.value() == -INFINITY);
  inf.add(INFINITY);
  CHECK(std::isnan(inf.value()));
}

TEST_CASE("Selected quantiles are the sorted ones", "[stats]") {
  std::mt19937_64 gen(7);
  std::normal_distribution<double> nd(0, 1);
  for (std::size_t n : {1u, 2u, 3u, 5u, 20u, 101u, 1000u, 10007u}) {
    std::vector<double> v(n);
    for (double& x : v) x = gen() % 4 == 0 ? std::round(nd(gen)) : nd(gen);  // ties too
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> selected = v;
    stats::select_quantiles(selected, {0.01, 0.05, 0.5, 0.95, 0.99});
    CHECK(selected.front() == sorted.front());
    CHECK(selected.back() == sorted.back());
    for (double p : {0.01, 0.05, 0.5, 0.95, 0.99}) CHECK(stats::quantile_sorted(selected, p) == stats::quantile_sorted(sorted, p));
    std::sort(selected.begin(), selected.end());
    CHECK(selected == sorted);  // a permutation of the values
  }
}

TEST_CASE("Summaries: exact mean, sample sd, type-7 quantiles, undefined values left out", "[stats]") {
  auto s = stats::summarize({3, 1, NAN, 5, 2, 4, INFINITY});
  CHECK(s.n == 5);
  CHECK(s.undefined == 2);
  CHECK(s.mean == 3);
  CHECK(s.sd == Approx(std::sqrt(2.5)).epsilon(1e-15));
  CHECK(s.se == Approx(std::sqrt(2.5) / std::sqrt(5.0)).epsilon(1e-15));
  CHECK(s.min == 1);
  CHECK(s.max == 5);
  CHECK(s.p50 == 3);
  CHECK(s.p5 == Approx(1.2).epsilon(1e-15));   // h = 4 x 0.05 = 0.2
  CHECK(s.p95 == Approx(4.8).epsilon(1e-15));
  auto empty = stats::summarize({NAN});
  CHECK(empty.n == 0);
  CHECK(std::isnan(empty.mean));
}
