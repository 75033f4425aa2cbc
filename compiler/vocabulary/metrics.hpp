// The registry of Monte Carlo metrics (vocabulary/metrics.def) as typed
// rows: the enum every phase names a metric by, and each row's member,
// owner, unit, aggregation, access, cost and doc. Header-only and
// dependency-free, so sema, lowering, montecarlo, analysis and report may
// all include it.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::vocab {

enum class Metric : std::uint8_t {
#define SLUICE_METRIC(Id, member, Owner, Unit, Summary, Access, Cost, Worse, doc) Id,
#include "vocabulary/metrics.def"
};

enum class MetricOwner : std::uint8_t { Tranche, Equity, Test, Condition, Horizon, Factor };
enum class MetricUnit : std::uint8_t { Money, Percent, Years, Period, Own };
enum class MetricSummary : std::uint8_t { Credit, Distribution, Event, Scenario };
enum class MetricAccess : std::uint8_t { Internal, Always, Requested };
enum class MetricCost : std::uint8_t { Plain, Yield };
enum class MetricWorse : std::uint8_t { High, Low, Neither };  // which way a scenario is worse (`--worst`)

struct MetricInfo {
  Metric id;
  std::string_view member;
  MetricOwner owner;
  MetricUnit unit;
  MetricSummary summary;
  MetricAccess access;
  MetricCost cost;
  MetricWorse worse;
  bool record;  // read off the owner's record (else off a column)
  std::string_view doc;
};

inline constexpr std::array kMetrics = {
#define SLUICE_RECORD_METRIC(Id, member, Owner, Unit, Summary, Access, Cost, Worse, field, doc)                        \
  MetricInfo{Metric::Id,           member,           MetricOwner::Owner, MetricUnit::Unit, MetricSummary::Summary, \
             MetricAccess::Access, MetricCost::Cost, MetricWorse::Worse, true,             doc},
#define SLUICE_COLUMN_METRIC(Id, member, Owner, Unit, Summary, Access, Worse, doc)                                      \
  MetricInfo{Metric::Id,           member,            MetricOwner::Owner, MetricUnit::Unit, MetricSummary::Summary, \
             MetricAccess::Access, MetricCost::Plain, MetricWorse::Worse, false,            doc},
#include "vocabulary/metrics.def"
};
inline constexpr std::size_t kMetricCount = kMetrics.size();

// The rows are in enum order (checked here), so a metric's row is its index.
constexpr bool rows_in_order() {
  for (std::size_t i = 0; i < kMetricCount; ++i)
    if (static_cast<std::size_t>(kMetrics[i].id) != i) return false;
  return true;
}
static_assert(rows_in_order());

constexpr const MetricInfo& info(Metric k) { return kMetrics[static_cast<std::size_t>(k)]; }

// The metric `member` of an owner of this kind that a report may name
// (Always or Requested), if any: `wal` of a tranche, `irr` of an equity.
constexpr std::optional<Metric> named_metric(MetricOwner owner, std::string_view member) {
  for (const auto& r : kMetrics)
    if (r.owner == owner && r.access != MetricAccess::Internal && r.member == member) return r.id;
  return std::nullopt;
}

// Whether any owner has a metric `member` that a report may name.
constexpr bool is_named_metric(std::string_view member) {
  for (const auto& r : kMetrics)
    if (r.access != MetricAccess::Internal && r.member == member) return true;
  return false;
}

// A metric's name in a run: the owner's name, a dot and the member
// ("A.wal", "dscr.min", "trap.first"); a report number is named by its text.
inline std::string metric_name(const std::string& owner, Metric k) {
  const auto& r = info(k);
  return r.member.empty() ? owner : owner + "." + std::string(r.member);
}

}  // namespace sluice::vocab
