// The indicative rating reading (montecarlo/rating_reading.hpp): the
// published table at its own horizons, the linear interpolation between
// them, the clamps at 1 and 10 years, and the grade boundaries, exactly.
#include <catch2/catch.hpp>
#include <cmath>

#include "montecarlo/rating_reading.hpp"

using namespace sluice::mc;

namespace {
constexpr Grade kRows[] = {Grade::Aaa, Grade::Aa, Grade::A, Grade::Baa, Grade::Ba, Grade::B, Grade::CaaC};
}

TEST_CASE("rating table: the published figures at 1, 5 and 10 years, to the bit", "[rating]") {
  // Moody's average cumulative issuer-weighted global default rates,
  // 1920-2009, in percent (the source's digits).
  const double published[7][3] = {{0.00, 0.16, 0.85},  {0.07, 0.72, 2.22},  {0.09, 1.26, 3.30},   {0.29, 3.14, 7.21},
                                   {1.36, 9.90, 19.22}, {4.03, 22.42, 36.37}, {14.28, 41.18, 52.80}};
  for (int g = 0; g < 7; ++g) {
    CHECK(cumulative_default_rate(kRows[g], 1) == published[g][0] / 100);
    CHECK(cumulative_default_rate(kRows[g], 5) == published[g][1] / 100);
    CHECK(cumulative_default_rate(kRows[g], 10) == published[g][2] / 100);
  }
}

TEST_CASE("rating table: linear in the horizon between its points", "[rating]") {
  // Baa at 3 years: halfway from 0.29% to 3.14%, 1.715%.
  CHECK(cumulative_default_rate(Grade::Baa, 3) == Approx(0.01715).epsilon(1e-14));
  // Ba at 7.5 years: halfway from 9.90% to 19.22%, 14.56%.
  CHECK(cumulative_default_rate(Grade::Ba, 7.5) == Approx(0.1456).epsilon(1e-14));
  // A at 2 years: a quarter of the way from 0.09% to 1.26%, 0.3825%.
  CHECK(cumulative_default_rate(Grade::A, 2) == Approx(0.003825).epsilon(1e-13));
  // Aaa is 0 at one year, so a log interpolation could not start there: linear gives 0.04% at 2 years.
  CHECK(cumulative_default_rate(Grade::Aaa, 2) == Approx(0.0004).epsilon(1e-13));
  // At every horizon the rates rise grade by grade, so "the best grade whose rate is at least P" is well defined.
  for (double h = 1; h <= 10; h += 0.25)
    for (int g = 0; g + 1 < 7; ++g) CHECK(cumulative_default_rate(kRows[g], h) < cumulative_default_rate(kRows[g + 1], h));
}

TEST_CASE("rating table: horizons outside 1 to 10 years are clamped, and say so", "[rating]") {
  for (Grade g : kRows) {
    CHECK(cumulative_default_rate(g, 0.25) == cumulative_default_rate(g, 1));
    CHECK(cumulative_default_rate(g, 30) == cumulative_default_rate(g, 10));
  }
  auto short_one = read_rating(0.001, 0.4);
  REQUIRE(short_one);
  CHECK(*short_one->horizon == 1);
  CHECK(short_one->clamped);
  CHECK(short_one->grade == Grade::Baa);  // 0.1% at 1 year: above A's 0.09%, within Baa's 0.29%
  auto long_one = read_rating(0.05, 12.5);
  REQUIRE(long_one);
  CHECK(*long_one->horizon == 10);
  CHECK(long_one->clamped);
  CHECK(long_one->grade == Grade::Baa);  // 5% at 10 years: above A's 3.30%, within Baa's 7.21%
  CHECK_FALSE(read_rating(0.05, 1)->clamped);
  CHECK_FALSE(read_rating(0.05, 10)->clamped);
}

TEST_CASE("rating reading: the grade boundaries are inclusive, exactly", "[rating]") {
  for (double h : {1.0, 2.5, 5.0, 7.0, 10.0})
    for (int g = 0; g < 7; ++g) {
      const double rate = cumulative_default_rate(kRows[g], h);
      auto at = read_rating(rate, h);
      REQUIRE(at);
      // A P(default) equal to the rate of grade g reads g, unless a better
      // grade's rate is the same (Aaa's 0 at one year reads Aaa).
      CHECK(at->grade == (rate == 0 ? Grade::Aaa : kRows[g]));
      CHECK(*at->grade_rate == rate);
      auto above = read_rating(std::nextafter(rate, 1.0), h);
      REQUIRE(above);
      CHECK(above->grade == (g + 1 < 7 ? kRows[g + 1] : Grade::BelowCaaC));
    }
  // P(default) 0 is Aaa at every horizon, even at one year where Aaa's rate is 0.
  for (double h : {0.5, 1.0, 4.0, 10.0, 40.0}) CHECK(read_rating(0, h)->grade == Grade::Aaa);
  // Anything above 0 at one year is worse than Aaa.
  CHECK(read_rating(1e-12, 1)->grade == Grade::Aa);
  // Every default: below Caa-C, with no bound.
  auto all = read_rating(1, 3);
  CHECK(all->grade == Grade::BelowCaaC);
  CHECK_FALSE(all->grade_rate);
}

TEST_CASE("rating reading: without a WAL only the horizon-free readings, and none for what is no share", "[rating]") {
  auto none = read_rating(0, std::nan(""));
  REQUIRE(none);
  CHECK(none->grade == Grade::Aaa);
  CHECK_FALSE(none->horizon);
  CHECK_FALSE(none->grade_rate);
  // Above Caa-C's 52.80% at ten years, its highest: below Caa-C at any horizon.
  CHECK(read_rating(0.5281, std::nan(""))->grade == Grade::BelowCaaC);
  CHECK_FALSE(read_rating(cumulative_default_rate(Grade::CaaC, 10), std::nan("")));
  CHECK_FALSE(read_rating(0.02, std::nan("")));
  CHECK_FALSE(read_rating(std::nan(""), 3));
  CHECK_FALSE(read_rating(-0.1, 3));
}

TEST_CASE("rating grades: names, scores and text", "[rating]") {
  const char* names[] = {"Aaa", "Aa", "A", "Baa", "Ba", "B", "Caa-C"};
  for (int g = 0; g < 7; ++g) {
    CHECK(grade_name(kRows[g]) == names[g]);
    CHECK(grade_named(names[g]) == kRows[g]);
    CHECK(grade_score(kRows[g]) == 7 - g);
    CHECK(grade_of_score(7 - g) == kRows[g]);
  }
  CHECK(grade_name(Grade::BelowCaaC) == "below Caa-C");
  CHECK(grade_score(Grade::BelowCaaC) == 0);
  CHECK(grade_of_score(0) == Grade::BelowCaaC);
  CHECK_FALSE(grade_named("below Caa-C"));
  CHECK_FALSE(grade_named("baa"));
  CHECK_FALSE(grade_named("BBB"));
  CHECK_FALSE(grade_of_score(8));
  CHECK_FALSE(grade_of_score(4.5));
  CHECK_FALSE(grade_of_score(std::nan("")));
  CHECK(rating_text(read_rating(0.02, 3)) == "Ba at 3.00y");  // Baa 1.715% < 2% <= Ba 5.63%
  CHECK(rating_text(read_rating(0.0008, 0.5)) == "A at 1y*");  // Aa 0.07% < 0.08% <= A 0.09%, at 1 year
  CHECK(rating_text(read_rating(0, std::nan(""))) == "Aaa");
  CHECK(rating_text(std::nullopt) == "n/a");
}
