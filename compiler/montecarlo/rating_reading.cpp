#include "montecarlo/rating_reading.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace sluice::mc {

// The source table, in percent, as published: Moody's average cumulative
// issuer-weighted global default rates by broad letter rating, 1920-2009,
// at 1, 5 and 10 years. From Moody's Special Comment "Corporate Default
// and Recovery Rates, 1920-2009" (February 2010), as reproduced in
// E. Falkenstein, "What's the Difference between AAA and AA+?", Falkenblog,
// August 2011 (http://falkenblog.blogspot.com/2011/08/whats-difference-between-aaa-and-aa.html).
// The study covers corporate bond and loan issuers; it excludes municipal
// and structured-finance (ABS) ratings.
//
// Licence: these are historical facts (observed default frequencies) that
// Moody's published; Sluice cites them with their source as a short
// factual table for an indicative comparison. They are not Moody's
// idealized expected-loss table, which is not reproduced here. Every
// figure below is the source's, to the digit: change none without a
// citable source for the new one.
namespace {

struct Row {
  Grade grade;
  std::array<double, 3> percent;  // at 1, 5 and 10 years
};

constexpr std::array<Row, kTableGrades> kTable{{
    {Grade::Aaa, {0.00, 0.16, 0.85}},
    {Grade::Aa, {0.07, 0.72, 2.22}},
    {Grade::A, {0.09, 1.26, 3.30}},
    {Grade::Baa, {0.29, 3.14, 7.21}},
    {Grade::Ba, {1.36, 9.90, 19.22}},
    {Grade::B, {4.03, 22.42, 36.37}},
    {Grade::CaaC, {14.28, 41.18, 52.80}},
}};

constexpr std::array<std::string_view, kTableGrades + 1> kNames{"Aaa", "Aa", "A", "Baa", "Ba", "B", "Caa-C", "below Caa-C"};

}  // namespace

const std::string_view kRatingSource =
    "Moody's average cumulative issuer-weighted global default rates, 1920-2009 (Moody's Special Comment "
    "\"Corporate Default and Recovery Rates, 1920-2009\", February 2010), as reproduced in E. Falkenstein, "
    "\"What's the Difference between AAA and AA+?\", Falkenblog, August 2011";
const std::string_view kRatingSourceShort = "Moody's average cumulative issuer-weighted global default rates, 1920-2009";

std::string_view grade_name(Grade g) { return kNames[static_cast<std::size_t>(g)]; }

std::optional<Grade> grade_named(std::string_view s) {
  for (const auto& row : kTable)
    if (grade_name(row.grade) == s) return row.grade;
  return std::nullopt;
}

int grade_score(Grade g) { return kTableGrades - static_cast<int>(g); }

std::optional<Grade> grade_of_score(double score) {
  if (!(score >= 0 && score <= kTableGrades) || score != std::floor(score)) return std::nullopt;
  return static_cast<Grade>(kTableGrades - static_cast<int>(score));
}

double cumulative_default_rate(Grade g, double years) {
  const auto& r = kTable[static_cast<std::size_t>(g)].percent;
  const double h = std::clamp(years, kRatingMinYears, kRatingMaxYears);
  // Weights (1 - w, w) rather than a + (b - a) w, so that the ends of each
  // segment give the published figure exactly.
  double pct;
  if (h <= 5) {
    const double w = (h - 1) / 4;
    pct = r[0] * (1 - w) + r[1] * w;
  } else {
    const double w = (h - 5) / 5;
    pct = r[1] * (1 - w) + r[2] * w;
  }
  return pct / 100;
}

std::optional<RatingReading> read_rating(double p, double wal_years) {
  if (!(p >= 0 && p <= 1)) return std::nullopt;
  RatingReading r;
  if (!std::isfinite(wal_years)) {
    // Without a horizon only the two readings that no horizon changes.
    if (p == 0) return r;  // Aaa
    if (p > cumulative_default_rate(Grade::CaaC, kRatingMaxYears)) {
      r.grade = Grade::BelowCaaC;
      return r;
    }
    return std::nullopt;
  }
  const double h = std::clamp(wal_years, kRatingMinYears, kRatingMaxYears);
  r.horizon = h;
  r.clamped = wal_years < kRatingMinYears || wal_years > kRatingMaxYears;
  r.grade = Grade::BelowCaaC;
  for (const auto& row : kTable) {
    const double rate = cumulative_default_rate(row.grade, h);
    if (p <= rate) {
      r.grade = row.grade;
      r.grade_rate = rate;
      break;
    }
  }
  return r;
}

std::string rating_text(const std::optional<RatingReading>& r) {
  if (!r) return "n/a";
  const std::string name(grade_name(r->grade));
  if (!r->horizon) return name;
  if (r->clamped) return fmt::format("{} at {:.0f}y*", name, *r->horizon);
  return fmt::format("{} at {:.2f}y", name, *r->horizon);
}

}  // namespace sluice::mc
