// An indicative, PD-based reading of a tranche: the best of Moody's broad
// grades whose published average cumulative default rate, at a horizon of
// the tranche's mean WAL, is at least the tranche's P(default) (the default
// table's: the first interest shortfall, or a loss after the horizon).
//
// It is indicative and nothing more (docs/language.md, "The indicative
// rating reading"): the table is of corporate issuers' default rates, not a
// rating agency's idealized expected-loss table for structured finance; it
// reads a probability of default, not an expected loss; and a grade is
// assigned by an agency's committee, not by a formula.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sluice::mc {

// Moody's broad grades, best first, then "below Caa-C" for a P(default)
// above every row of the table at that horizon.
enum class Grade : unsigned char { Aaa, Aa, A, Baa, Ba, B, CaaC, BelowCaaC };
inline constexpr int kTableGrades = 7;  // Aaa .. Caa-C: the table's rows

// "Aaa", "Aa", "A", "Baa", "Ba", "B", "Caa-C", "below Caa-C".
std::string_view grade_name(Grade g);
// A table row by its name, exactly as grade_name spells it; none otherwise
// ("below Caa-C" is no row, and no target a solve can aim at).
std::optional<Grade> grade_named(std::string_view s);
// The grade a solve compares, higher being better: Aaa 7, Aa 6, A 5, Baa 4,
// Ba 3, B 2, Caa-C 1, below Caa-C 0; so `>= Baa` reads "Baa or better".
int grade_score(Grade g);
// The inverse of grade_score; none for a score that is no grade.
std::optional<Grade> grade_of_score(double score);

// The table's horizons, in years: a reading outside them is clamped.
inline constexpr double kRatingMinYears = 1, kRatingMaxYears = 10;

// A row's average cumulative default rate, as a share, at `years` clamped to
// [1, 10]: linear in the horizon between the table's 1, 5 and 10 years (not
// in its logarithm: Aaa's rate at one year is 0). Exactly the published
// figure / 100 at 1, 5 and 10 years. `g` must be a table row (not BelowCaaC).
double cumulative_default_rate(Grade g, double years);

struct RatingReading {
  Grade grade = Grade::Aaa;
  // The horizon read at (the WAL mean clamped to [1, 10] years), and
  // whether it was clamped. None where the tranche has no WAL mean (no
  // principal repaid in any scenario) and the grade is the same at every
  // horizon: a P(default) of 0 (Aaa) or above Caa-C's highest rate.
  std::optional<double> horizon;
  bool clamped = false;
  // The grade's cumulative default rate at the horizon: the bound the
  // P(default) is within. None below Caa-C or without a horizon.
  std::optional<double> grade_rate;
};

// The reading of P(default) `p` at the WAL mean `wal_years` (NaN: none).
// None when p is not a share, or when there is no WAL mean and the grade
// depends on the horizon.
std::optional<RatingReading> read_rating(double p, double wal_years);

// As the tables print it: "Baa at 3.21y", "Aaa at 1y*" (clamped), "Aaa"
// (no horizon), "n/a" (no reading).
std::string rating_text(const std::optional<RatingReading>& r);

// The table's source, for footnotes and the JSON: the publication and
// where its figures were read.
extern const std::string_view kRatingSource;
// The same in a few words, for a table's footnote.
extern const std::string_view kRatingSourceShort;

}  // namespace sluice::mc
