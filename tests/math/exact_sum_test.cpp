// exact_sum_accuracy N: stats::ExactSum (the Monte Carlo run's sums over
// scenarios) against MPFR. Each of N sets of doubles is summed both ways:
// MPFR at 2,300 bits holds any sum of a few thousand doubles exactly, and
// rounds it once, to nearest; ExactSum must give that double, bit for bit,
// whatever the order of the addends, and the same after its state is
// written and read back (a shard's partial file), and added a run at a
// time (ExactSum::add of an array: from four addends on, its AVX2 form where
// the CPU has AVX2, which the last line names). The sets mix signs,
// magnitudes from subnormals to near the largest double, exact
// cancellations and ties (sums halfway between two doubles). Exits 1 on the
// first difference.
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "stats/exact_sum.hpp"

namespace {

double mpfr_total(const std::vector<double>& v) {
  mpfr_t sum, x;
  mpfr_inits2(2300, sum, x, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_zero(sum, 1);
  for (double d : v) {
    mpfr_set_d(x, d, MPFR_RNDN);             // exact: 2,300 bits hold any double
    mpfr_add(sum, sum, x, MPFR_RNDN);        // exact: the sum needs fewer bits than that
  }
  const double r = mpfr_get_d(sum, MPFR_RNDN);  // the one rounding
  mpfr_clears(sum, x, static_cast<mpfr_ptr>(nullptr));
  return r;
}

bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (a == 0 && b == 0); }

// A set of one of several shapes, chosen by `kind`.
std::vector<double> make_set(std::mt19937_64& gen, int kind) {
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> n_of(1, 400);
  std::vector<double> v(static_cast<std::size_t>(n_of(gen)));
  switch (kind) {
    case 0:  // money-like: one sign mostly, magnitudes within a few decades
      for (double& x : v) x = std::ldexp(unit(gen) + 1.5, static_cast<int>(gen() % 40));
      break;
    case 1:  // both signs, exponents over the whole range
      for (double& x : v) x = std::ldexp(unit(gen), static_cast<int>(gen() % 2090) - 1070);
      break;
    case 2:  // large terms that cancel exactly, leaving small ones
      for (std::size_t i = 0; i + 1 < v.size(); i += 2) {
        v[i] = std::ldexp(unit(gen), static_cast<int>(gen() % 200));
        v[i + 1] = gen() % 2 ? -v[i] : std::ldexp(unit(gen), -static_cast<int>(gen() % 200));
      }
      break;
    default: {  // a tie: 1 + 2^-53 (halfway), nudged by tiny terms or not
      v.assign({1.0, 0x1p-53});
      if (gen() % 2) v.push_back((gen() % 2 ? 1 : -1) * 0x1p-1074);
      if (gen() % 2) v.push_back(0x1p-52);
      break;
    }
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 20000;
  std::mt19937_64 gen(2026);
  for (long k = 0; k < n; ++k) {
    std::vector<double> v = make_set(gen, static_cast<int>(k % 4));
    const double want = mpfr_total(v);
    sluice::stats::ExactSum forward, shuffled;
    for (double x : v) forward.add(x);
    std::shuffle(v.begin(), v.end(), gen);
    for (double x : v) shuffled.add(x);
    const double read_back = sluice::stats::ExactSum::from_state(shuffled.state()).value();
    // Added in runs of 1 to 16 at once (a Monte Carlo block's lanes): the
    // same digits and count as one at a time.
    sluice::stats::ExactSum runs;
    for (std::size_t i = 0; i < v.size();) {
      const std::size_t c = std::min<std::size_t>(v.size() - i, 1 + gen() % 16);
      runs.add(v.data() + i, c);
      i += c;
    }
    if (runs.state() != shuffled.state()) {
      std::printf("set %ld (%zu values): added in runs, the digits or count differ\n", k, v.size());
      return 1;
    }
    for (double got : {forward.value(), shuffled.value(), read_back, runs.value()}) {
      if (!same(got, want)) {
        std::printf("set %ld (%zu values): ExactSum %a, MPFR %a\n", k, v.size(), got, want);
        return 1;
      }
    }
  }
  // Zeros, subnormals, infinities and NaNs (add_rare) among normal
  // numbers, added in runs and one at a time: the same state.
  const double specials[] = {0.0, -0.0, 0x1p-1074, -0x1p-1060, INFINITY, -INFINITY, NAN, 1.5, -2.25, 0x1p100};
  for (long k = 0; k < n / 10; ++k) {
    std::vector<double> v(1 + gen() % 40);
    for (double& x : v) x = gen() % 3 ? std::ldexp(static_cast<double>(gen() % 1000) - 500, static_cast<int>(gen() % 60) - 30) : specials[gen() % 10];
    sluice::stats::ExactSum one, runs;
    for (double x : v) one.add(x);
    for (std::size_t i = 0; i < v.size();) {
      const std::size_t c = std::min<std::size_t>(v.size() - i, 1 + gen() % 16);
      runs.add(v.data() + i, c);
      i += c;
    }
    if (runs.state() != one.state() || !(same(runs.value(), one.value()) || (std::isnan(runs.value()) && std::isnan(one.value())))) {
      std::printf("special set %ld (%zu values): added in runs, not the same sum\n", k, v.size());
      return 1;
    }
  }
  std::printf("%ld sets: every ExactSum total is MPFR's, rounded once (runs added by the %s form)\n", n,
              sluice::stats::ExactSum::vector_runs() ? "AVX2" : "scalar");
  return 0;
}
