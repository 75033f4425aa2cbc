#include "montecarlo/partial.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <numeric>

#include "montecarlo/partial_market.hpp"

namespace sluice::mc {

namespace {

using json = nlohmann::json;
constexpr std::string_view kMagic = "SLUICEPT", kEnd = "SLUICEND";
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::size_t kContext = static_cast<std::size_t>(ir::ContextField::kCount);
using SumState = std::array<std::int64_t, stats::ExactSum::kStateWords>;

static_assert(std::endian::native == std::endian::little, "partial results are written little-endian");

template <class T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
void put_all(std::string& out, const std::vector<T>& v) {
  if (v.empty()) return;
  out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

// Reads fixed-size values off the front of a byte range, refusing to run
// past its end.
class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  template <class T>
  bool get(T& v) {
    if (b_.size() < sizeof v) return false;
    std::memcpy(&v, b_.data(), sizeof v);
    b_.remove_prefix(sizeof v);
    return true;
  }
  template <class T>
  bool get_all(std::vector<T>& v, std::uint64_t n) {
    if (n > b_.size() / sizeof(T)) return false;
    v.resize(static_cast<std::size_t>(n));
    if (n == 0) return true;  // an empty vector's data() may be null: no memcpy
    std::memcpy(v.data(), b_.data(), static_cast<std::size_t>(n) * sizeof(T));
    b_.remove_prefix(static_cast<std::size_t>(n) * sizeof(T));
    return true;
  }
  bool take(std::string_view& s, std::uint64_t n) {
    if (n > b_.size()) return false;
    s = b_.substr(0, static_cast<std::size_t>(n));
    b_.remove_prefix(static_cast<std::size_t>(n));
    return true;
  }
  std::size_t left() const { return b_.size(); }

 private:
  std::string_view b_;
};

json shape_json(const RiskShape& s) {
  json series = json::array();
  for (const auto& x : s.series) {
    series.push_back({{"name", x.name}, {"unit", x.unit}});
    // Only where the deal wrote the series in another unit: other parts stay as they were.
    if (!x.written_unit.empty()) series.back()["written_unit"] = x.written_unit, series.back()["per_written"] = x.per_written;
  }
  json dates = json::array();
  for (auto d : s.schedule.dates) dates.push_back(cal::to_serial(d));
  json requested = json::array();
  for (const auto& [owner, kind] : s.requested) requested.push_back({{"owner", owner}, {"kind", static_cast<int>(kind)}});
  json j = {{"deal", s.deal},         {"currency", s.currency},   {"day_count", s.day_count},
            {"period", s.period},     {"risk_free", s.has_risk_free}, {"dates", dates},
            {"tranches", s.tranches}, {"equities", s.equities},   {"tests", s.tests},
            {"triggers", s.triggers}, {"probabilities", s.probabilities}, {"horizon_metrics", s.horizon_metrics},
            {"series", series},       {"wal_basis", s.schedule.wal_basis}, {"requested", requested}};
  if (!s.note_currencies.empty()) j["note_currencies"] = s.note_currencies;  // only where a note has `fx`: older parts stay as they were
  j["test_units"] = s.test_units;
  j["horizon_units"] = s.horizon_units;
  return j;
}

// Losses by obligor: in the shape only when the deal has obligors, so a
// part of any other deal is what it always was.
void put_obligors(json& shape, const RiskShape& s) {
  if (s.obligors.empty()) return;
  json obligors = json::array();
  for (std::size_t j = 0; j < s.obligors.size(); ++j)
    obligors.push_back({{"name", s.obligors[j]}, {"group", s.obligor_group[j]}, {"loan", static_cast<bool>(s.obligor_loan[j])}});
  shape["obligors"] = obligors;
  shape["groups"] = s.groups;
}
void get_obligors(const json& j, RiskShape& s) {
  for (const auto& x : j.value("obligors", json::array())) {
    s.obligors.push_back(x.at("name").get<std::string>());
    s.obligor_group.push_back(x.at("group").get<int>());
    s.obligor_loan.push_back(x.at("loan").get<bool>());
  }
  s.groups = j.value("groups", std::vector<std::string>{});
}

// The market's draws and factors (each scenario's summary of them): in the
// shape only when the deal has some, so a part of any other deal is what
// it always was.
void put_factors(json& shape, const RiskShape& s) {
  if (!s.factors.empty()) shape["factors"] = s.factors;
}
void get_factors(const json& j, RiskShape& s) { s.factors = j.value("factors", std::vector<std::string>{}); }

void put_credit(std::string& out, const std::vector<CreditSums>& sums) {
  for (const auto& x : sums)
    for (const auto* e : {&x.defaults, &x.loss, &x.loss_sq}) {
      SumState w = e->state();
      out.append(reinterpret_cast<const char*>(w.data()), sizeof w);
    }
}
bool get_credit(Reader& r, std::vector<CreditSums>& sums, std::size_t rows) {
  if (rows > r.left() / (3 * sizeof(SumState))) return false;
  sums.assign(rows, {});
  for (auto& x : sums)
    for (auto* e : {&x.defaults, &x.loss, &x.loss_sq}) {
      SumState w;
      if (!r.get(w) || !stats::ExactSum::valid_state(w)) return false;
      *e = stats::ExactSum::from_state(w);
    }
  return true;
}

// Each tranche's default sums (DefaultSums), in their order.
void put_defaults(std::string& out, const std::vector<DefaultSums>& sums) {
  for (const auto& x : sums)
    for (const auto* e : {&x.defaults, &x.period, &x.exposure, &x.loss, &x.loss_ex_interest}) {
      SumState w = e->state();
      out.append(reinterpret_cast<const char*>(w.data()), sizeof w);
    }
}
bool get_defaults(Reader& r, std::vector<DefaultSums>& sums, std::size_t rows) {
  if (rows > r.left() / (5 * sizeof(SumState))) return false;
  sums.assign(rows, {});
  for (auto& x : sums)
    for (auto* e : {&x.defaults, &x.period, &x.exposure, &x.loss, &x.loss_ex_interest}) {
      SumState w;
      if (!r.get(w) || !stats::ExactSum::valid_state(w)) return false;
      *e = stats::ExactSum::from_state(w);
    }
  return true;
}

RiskShape shape_from(const json& j) {
  RiskShape s;
  s.deal = j.at("deal").get<std::string>();
  s.currency = j.at("currency").get<std::string>();
  if (j.contains("note_currencies")) s.note_currencies = j.at("note_currencies").get<std::map<std::string, std::string>>();
  s.day_count = j.at("day_count").get<std::string>();
  s.period = j.at("period").get<std::string>();
  s.has_risk_free = j.at("risk_free").get<bool>();
  for (const auto& d : j.at("dates")) {
    auto serial = d.get<std::int64_t>();
    if (serial < -1'000'000 || serial > 3'000'000) throw std::out_of_range("a date is out of range");
    s.schedule.dates.push_back(cal::from_serial(serial));
  }
  s.tranches = j.at("tranches").get<std::vector<std::string>>();
  s.equities = j.at("equities").get<std::vector<std::string>>();
  s.tests = j.at("tests").get<std::vector<std::string>>();
  s.triggers = j.at("triggers").get<std::vector<std::string>>();
  s.probabilities = j.at("probabilities").get<std::vector<std::string>>();
  s.horizon_metrics = j.at("horizon_metrics").get<std::vector<std::string>>();
  s.schedule.wal_basis = j.value("wal_basis", std::string());
  for (const auto& x : j.at("series"))
    s.series.push_back({x.at("name").get<std::string>(), x.at("unit").get<std::string>(), x.value("written_unit", std::string()), x.value("per_written", 1.0)});
  s.test_units = j.value("test_units", std::vector<std::string>());
  s.horizon_units = j.value("horizon_units", std::vector<std::string>());
  get_obligors(j, s);
  get_factors(j, s);
  for (const auto& x : j.value("requested", json::array())) {
    int kind = x.at("kind").get<int>();
    if (kind < 0 || kind >= static_cast<int>(vocab::kMetricCount)) throw std::out_of_range("metric kind");
    s.requested.emplace_back(x.at("owner").get<std::string>(), static_cast<MetricKind>(kind));
  }
  return s;
}

void put_sums(std::string& out, const std::vector<std::vector<stats::ExactSum>>& sums) {
  for (const auto& row : sums)
    for (const auto& x : row) {
      SumState w = x.state();
      out.append(reinterpret_cast<const char*>(w.data()), sizeof w);
    }
}

bool get_sums(Reader& r, std::vector<std::vector<stats::ExactSum>>& sums, std::size_t rows, std::size_t periods) {
  sums.assign(rows, std::vector<stats::ExactSum>(periods));
  for (auto& row : sums)
    for (auto& x : row) {
      SumState w;
      if (!r.get(w) || !stats::ExactSum::valid_state(w)) return false;
      x = stats::ExactSum::from_state(w);
    }
  return true;
}

// n * m, or nullopt past 2^62 (no part is that large; a damaged header might say so).
std::optional<std::uint64_t> times(std::uint64_t n, std::uint64_t m) {
  if (m != 0 && n > (std::uint64_t{1} << 62) / m) return std::nullopt;
  return n * m;
}


// Text that came from a deal's identifiers and keywords: no control bytes.
bool clean(const std::string& s) {
  if (s.size() > 4096) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}
bool clean_name(const std::string& s) { return !s.empty() && clean(s); }

// The header against itself: what a part written by `run --shard` satisfies.
std::string header_fault(const Part& p, std::uint64_t periods) {
  const auto& s = p.shape;
  const auto& sim = p.sim;
  if (p.id.scenarios < 1 || p.id.scenarios > 100'000'000) return "its -n is outside 1..100,000,000";
  if (p.id.fan_sample < 1 || p.id.fan_sample > 1'000'000) return "its --fan-sample is outside 1..1,000,000";
  if (sim.first > p.id.scenarios || sim.count > p.id.scenarios - sim.first) return "its scenarios lie outside the run";
  if (periods < 1 || periods > 100'000 || s.schedule.dates.size() != periods + 1) return "its periods do not match its dates";
  for (std::size_t t = 1; t < s.schedule.dates.size(); ++t)
    if (!(s.schedule.dates[t - 1] < s.schedule.dates[t])) return "its dates do not increase";
  std::vector<const std::vector<std::string>*> lists{&s.tranches, &s.equities, &s.tests, &s.triggers, &s.probabilities, &s.horizon_metrics, &s.factors};
  for (const auto* l : lists) {
    if (l->size() > 100'000) return "it names too many tranches, tests or metrics";
    std::vector<std::string> sorted = *l;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return "it names one thing twice";
    for (const auto& n : *l)
      if (!clean_name(n)) return "a name in it is empty or holds control characters";
  }
  if (s.series.size() > 100'000) return "it has too many series";
  for (const auto& x : s.series) {
    if (!clean_name(x.name) || !clean(x.unit) || !clean(x.written_unit)) return "a series name in it is empty or holds control characters";
    if (!(x.per_written > 0) || !std::isfinite(x.per_written)) return "a series' unit as written is not a positive number of its base unit";
  }
  if (!s.test_units.empty() && s.test_units.size() != s.tests.size()) return "its tests' units do not match its tests";
  if (!s.horizon_units.empty() && s.horizon_units.size() != s.horizon_metrics.size()) return "its horizon metrics' units do not match its metrics";
  for (const auto* l : {&s.test_units, &s.horizon_units})
    for (const auto& u : *l)
      if (!clean(u)) return "a test's or metric's unit holds control characters";
  for (const auto* x : {&s.currency, &s.day_count, &s.period})
    if (!clean(*x)) return "its currency, day count or period name holds control characters";
  for (const auto& [note, currency] : s.note_currencies)
    if (!clean(note) || !clean(currency)) return "a note's currency holds control characters";
  if (s.deal.size() > 4096) return "its deal name is too long";
  // Losses by obligor: names as a deal's, each group named once and by at
  // least one obligor, every obligor's group one of them.
  if (s.obligors.size() > 1'000'000 || s.groups.size() > s.obligors.size() || s.obligor_group.size() != s.obligors.size() ||
      s.obligor_loan.size() != s.obligors.size())
    return "its obligors do not add up";
  for (const auto* l : {&s.obligors, &s.groups}) {
    std::vector<std::string> sorted = *l;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return "it names one obligor or group twice";
    for (const auto& n : *l)
      if (!clean_name(n)) return "an obligor's or group's name in it is empty or holds control characters";
  }
  std::vector<bool> named(s.groups.size(), false);
  for (int g : s.obligor_group) {
    if (g < -1 || g >= static_cast<int>(s.groups.size())) return "an obligor's group is not one of its groups";
    if (g >= 0) named[static_cast<std::size_t>(g)] = true;
  }
  if (std::find(named.begin(), named.end(), false) != named.end()) return "a group in it has no obligor";
  for (const auto& [owner, kind] : s.requested) {
    const auto& r = vocab::info(kind);
    const auto& owners = r.owner == vocab::MetricOwner::Tranche ? s.tranches : r.owner == vocab::MetricOwner::Equity ? s.equities : s.tests;
    if (r.access != vocab::MetricAccess::Requested || std::find(owners.begin(), owners.end(), owner) == owners.end())
      return "it asks for a metric its deal cannot have";
  }
  // Each factor has one metric per trigger: a damaged header must not make
  // the plan below too large to hold.
  if (s.factors.size() * (s.triggers.size() + 1) > 1'000'000) return "it names too many factors and triggers";
  // The metrics a deal of this shape has: the one plan (a condition's or
  // report number's column is not in a part: -1 there).
  auto want = metric_plan(s, nullptr);
  if (want.size() != sim.metrics.size()) return "its metrics are not those of its deal";
  for (std::size_t k = 0; k < want.size(); ++k) {
    const auto& a = want[k];
    const auto& b = sim.metrics[k];
    if (a.name != b.name || a.kind != b.kind || (a.index >= 0 ? a.index != b.index : b.index < 0))
      return "its metrics are not those of its deal";
  }
  // The fan sample simulate() keeps: at most 2^25 cells per scenario's series.
  const std::uint64_t cells = std::max<std::uint64_t>(1, periods * s.series.size());
  const std::uint64_t fan_cap = std::max<std::uint64_t>(1, (std::uint64_t{1} << 25) / cells);
  if (sim.fan != std::min({p.id.scenarios, p.id.fan_sample, fan_cap})) return "its fan sample is not the run's";
  return "";
}

// The values against the header: what simulate() can produce.
std::string value_fault(const Part& p) {
  const auto& sim = p.sim;
  const double T = static_cast<double>(p.shape.schedule.periods());
  for (double v : p.shape.schedule.context)
    if (!std::isfinite(v)) return "its schedule holds a value that is not finite";
  for (std::size_t k = 0; k < sim.metrics.size(); ++k) {
    const auto& name = sim.metrics[k].name;
    for (double v : sim.values[k]) {
      switch (vocab::info(sim.metrics[k].kind).unit) {
        case vocab::MetricUnit::Money:  // always exists
          if (!std::isfinite(v)) return fmt::format("`{}` holds a value that is not finite", name);
          break;
        case vocab::MetricUnit::Percent:  // NaN where it does not exist
        case vocab::MetricUnit::Years:
          if (std::isinf(v)) return fmt::format("`{}` holds an infinite value", name);
          break;
        case vocab::MetricUnit::Period:
          if (!(v >= 0 && v <= T && v == std::floor(v))) return fmt::format("`{}` holds a period outside the schedule", name);
          break;
        case vocab::MetricUnit::Own: break;  // tests and report numbers are the deal's own numbers
      }
    }
  }
  // Each credit sum adds one value per scenario held: a lease's defaults are
  // 0 or 1 each, a loan's a share in [0, 1]; losses are finite.
  auto credit = [&](const std::vector<CreditSums>& sums, bool group) -> std::string {
    for (std::size_t j = 0; j < sums.size(); ++j) {
      const auto& x = sums[j];
      const auto n = static_cast<std::int64_t>(sim.count);
      if (x.defaults.count() != n || x.loss.count() != n || x.loss_sq.count() != n) return "its credit sums do not count its scenarios";
      const double d = x.defaults.value(), most = static_cast<double>(sim.count) * (group ? static_cast<double>(p.shape.obligors.size()) : 1.0);
      // (A loan's share of its balance may pass 1 by a rounding.)
      if (!(d >= 0 && d <= most * (1 + 1e-9))) return "its defaults are outside 0 and its scenarios";
      if (!std::isfinite(x.loss.value()) || !(x.loss_sq.value() >= 0) || !std::isfinite(x.loss_sq.value())) return "its credit losses are not finite";
    }
    return "";
  };
  if (auto f = credit(sim.obligor_sums, false); !f.empty()) return f;
  if (auto f = credit(sim.group_sums, true); !f.empty()) return f;
  // Each tranche's default sums add one value per scenario: a default 0 or
  // 1, its period in 1..T, exposures and losses finite and not negative,
  // the loss without post-default interest at most the loss with it; and
  // all but the count 0 where no scenario defaulted.
  for (const auto& x : sim.default_sums) {
    for (const auto* e : {&x.defaults, &x.period, &x.exposure, &x.loss, &x.loss_ex_interest})
      if (e->count() != static_cast<std::int64_t>(sim.count)) return "its default sums do not count its scenarios";
    const double k = x.defaults.value(), period = x.period.value();
    if (!(k >= 0 && k <= static_cast<double>(sim.count) && k == std::floor(k))) return "its tranche defaults are not a count of its scenarios";
    if (!(period >= k && period <= k * T && period == std::floor(period))) return "its default periods are outside the schedule";
    for (const auto* e : {&x.exposure, &x.loss, &x.loss_ex_interest})
      if (!(e->value() >= 0) || !std::isfinite(e->value()) || (k == 0 && e->value() != 0)) return "its exposures or losses at default are not finite and not negative";
    if (!(x.loss_ex_interest.value() <= x.loss.value())) return "its loss given default without interest exceeds the loss with it";
  }
  return "";
}

}  // namespace

std::uint64_t fnv64(std::string_view bytes, std::uint64_t h) {
  constexpr std::uint64_t prime = 0x100000001b3ull;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ w) * prime;
  }
  if (i < bytes.size()) {
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data() + i, bytes.size() - i);
    h = (h ^ w) * prime;
  }
  return h;
}

std::string encode_part(const PartIdentity& id, const RiskShape& shape, const Simulation& sim, const analysis::MarketBasis* market) {
  json metrics = json::array();
  for (const auto& m : sim.metrics) metrics.push_back({{"name", m.name}, {"kind", static_cast<int>(m.kind)}, {"index", m.index}});
  json header = {{"format", "sluice.part"},       {"version", kPartVersion},    {"sluice", id.sluice_version},
                 {"fingerprint", id.fingerprint}, {"seed", id.seed},            {"scenarios", id.scenarios},
                 {"fan_sample", id.fan_sample},   {"fan", sim.fan},             {"first", sim.first},
                 {"count", sim.count},            {"periods", shape.schedule.periods()}, {"metrics", metrics},
                 {"shape", shape_json(shape)}};
  if (market) header["market"] = market_header(*market);
  put_obligors(header["shape"], shape);
  put_factors(header["shape"], shape);
  std::string h = header.dump();
  std::string out(kMagic);
  put(out, kPartVersion);
  put(out, kByteOrder);
  put(out, static_cast<std::uint64_t>(h.size()));
  out += h;
  put_all(out, shape.schedule.context);
  for (const auto& v : sim.values) put_all(out, v);
  put_sums(out, sim.discounted_flows);
  put_sums(out, sim.series_sums);
  put_credit(out, sim.obligor_sums);
  put_credit(out, sim.group_sums);
  put_defaults(out, sim.default_sums);
  put_all(out, sim.fan_values);
  if (market) put_market(out, *market);
  put(out, fnv64(out));
  out += kEnd;
  return out;
}

std::optional<Part> decode_part(std::string_view bytes, std::string& error) {
  // The frame first: magic, version, byte order, then length and checksum.
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    error = "it is not a Sluice partial result (written by `sluice run --shard`)";
    return std::nullopt;
  }
  Reader r(bytes.substr(kMagic.size()));
  std::uint32_t version = 0, order = 0;
  std::uint64_t header_size = 0;
  if (!r.get(version) || !r.get(order) || !r.get(header_size)) {
    error = "it is cut short: the shard that wrote it did not finish";
    return std::nullopt;
  }
  if (version != kPartVersion) {
    error = fmt::format("it is in partial-result format {}; this sluice reads format {}", version, kPartVersion);
    return std::nullopt;
  }
  if (order != kByteOrder) {
    error = "it was written on a machine of another byte order";
    return std::nullopt;
  }
  const std::size_t trailer = sizeof(std::uint64_t) + kEnd.size();
  if (bytes.size() < kMagic.size() + 16 + trailer || bytes.substr(bytes.size() - kEnd.size()) != kEnd) {
    error = "it is cut short: the shard that wrote it did not finish";
    return std::nullopt;
  }
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + bytes.size() - trailer, sizeof stored);
  if (fnv64(bytes.substr(0, bytes.size() - trailer)) != stored) {
    error = "it is damaged: its checksum does not match its contents";
    return std::nullopt;
  }
  Reader body(bytes.substr(0, bytes.size() - trailer).substr(kMagic.size() + 16));
  std::string_view header_text;
  if (!body.take(header_text, header_size)) {
    error = "it is damaged: its header is longer than the file";
    return std::nullopt;
  }
  Part p;
  std::uint64_t periods = 0;
  try {
    json h = json::parse(header_text);
    if (h.at("format").get<std::string>() != "sluice.part") throw std::invalid_argument("format");
    p.id.sluice_version = h.at("sluice").get<std::string>();
    p.id.fingerprint = h.at("fingerprint").get<std::string>();
    p.id.seed = h.at("seed").get<std::uint64_t>();
    p.id.scenarios = h.at("scenarios").get<std::uint64_t>();
    p.id.fan_sample = h.at("fan_sample").get<std::uint64_t>();
    p.sim.fan = h.at("fan").get<std::uint64_t>();
    p.sim.first = h.at("first").get<std::uint64_t>();
    p.sim.count = h.at("count").get<std::uint64_t>();
    periods = h.at("periods").get<std::uint64_t>();
    for (const auto& m : h.at("metrics")) {
      int kind = m.at("kind").get<int>();
      if (kind < 0 || kind >= static_cast<int>(vocab::kMetricCount)) throw std::out_of_range("metric kind");
      p.sim.metrics.push_back({m.at("name").get<std::string>(), static_cast<MetricKind>(kind), m.at("index").get<int>()});
    }
    p.shape = shape_from(h.at("shape"));
    if (h.contains("market")) p.market = market_from_header(h.at("market"));
  } catch (const std::exception&) {
    error = "it is damaged: its header is not a partial-result header";
    return std::nullopt;
  }
  auto& sim = p.sim;
  sim.options.scenarios = p.id.scenarios;
  sim.options.seed = p.id.seed;
  sim.options.fan_sample = p.id.fan_sample;
  sim.options.first = sim.first;
  sim.options.count = sim.count;
  if (auto fault = header_fault(p, periods); !fault.empty()) {
    error = "it is damaged: its header does not add up: " + fault;
    return std::nullopt;
  }
  const auto T = static_cast<std::size_t>(periods);
  auto context = times(periods, kContext);
  auto fan_cells = times(periods, p.shape.series.size());
  if (!context || !fan_cells || !(fan_cells = times(*fan_cells, sim.fan_held())) || !body.get_all(p.shape.schedule.context, *context)) {
    error = "it is cut short: the shard that wrote it did not finish";
    return std::nullopt;
  }
  sim.values.resize(sim.metrics.size());
  bool ok = true;
  for (auto& v : sim.values) ok = ok && body.get_all(v, sim.count);
  ok = ok && get_sums(body, sim.discounted_flows, p.shape.tranches.size(), T) && get_sums(body, sim.series_sums, p.shape.series.size(), T) &&
       get_credit(body, sim.obligor_sums, p.shape.obligors.size()) && get_credit(body, sim.group_sums, p.shape.groups.size()) &&
       get_defaults(body, sim.default_sums, p.shape.tranches.size()) &&
       body.get_all(sim.fan_values, *fan_cells);
  if (ok && p.market) {
    std::string_view rest;
    ok = body.take(rest, body.left()) && get_market(rest, *p.market, periods) && rest.empty();
  }
  ok = ok && body.left() == 0;
  if (!ok) {
    error = "it is damaged: its contents do not match its header";
    return std::nullopt;
  }
  if (auto fault = value_fault(p); !fault.empty()) {
    error = "it is damaged: " + fault;
    return std::nullopt;
  }
  if (auto fault = p.market ? market_fault(*p.market, p.shape) : ""; !fault.empty()) {
    error = "it is damaged: " + fault;
    return std::nullopt;
  }
  return p;
}

std::optional<Part> merge_parts(std::vector<Part> parts, const std::vector<std::string>& names, std::string& error) {
  if (parts.empty()) {
    error = "no partial results to merge";
    return std::nullopt;
  }
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return parts[a].sim.first < parts[b].sim.first; });
  const Part& lead = parts[order.front()];
  const std::string& lead_name = names[order.front()];
  std::uint64_t next = 0;
  for (std::size_t k : order) {
    const Part& p = parts[k];
    const std::string& name = names[k];
    auto differs = [&](const std::string& what) {
      error = fmt::format("`{}` and `{}` come from different runs: {}", lead_name, name, what);
      return std::nullopt;
    };
    if (p.id.sluice_version != lead.id.sluice_version)
      return differs(fmt::format("written by sluice {} and {}; rerun the shards with one version", lead.id.sluice_version, p.id.sluice_version));
    if (p.id.fingerprint != lead.id.fingerprint) return differs("the deal's files or --set values differ");
    if (p.id.seed != lead.id.seed) return differs(fmt::format("seed {} and seed {}", lead.id.seed, p.id.seed));
    if (p.id.scenarios != lead.id.scenarios) return differs(fmt::format("-n {} and -n {}", lead.id.scenarios, p.id.scenarios));
    if (p.id.fan_sample != lead.id.fan_sample)
      return differs(fmt::format("--fan-sample {} and {}", lead.id.fan_sample, p.id.fan_sample));
    std::vector<std::string> a, b;
    for (const auto& m : lead.sim.metrics) a.push_back(m.name);
    for (const auto& m : p.sim.metrics) b.push_back(m.name);
    if (a != b || p.sim.fan != lead.sim.fan || p.shape.series.size() != lead.shape.series.size() ||
        p.shape.tranches.size() != lead.shape.tranches.size() || p.shape.schedule.dates != lead.shape.schedule.dates ||
        p.shape.obligors != lead.shape.obligors || p.shape.obligor_group != lead.shape.obligor_group ||
        p.shape.obligor_loan != lead.shape.obligor_loan || p.shape.groups != lead.shape.groups)
      return differs("their deals have different shapes");
    if (p.market.has_value() != lead.market.has_value() || (p.market && !same_market(*p.market, *lead.market)))
      return differs("their base cases' market quotes or flows differ");
    if (p.sim.first > next) {
      error = fmt::format("no part holds scenarios {}..{}: a shard is missing", next, p.sim.first - 1);
      return std::nullopt;
    }
    if (p.sim.first < next) {
      error = fmt::format("`{}` holds scenarios from {}, which an earlier part also holds: each shard may be merged once", name, p.sim.first);
      return std::nullopt;
    }
    next = p.sim.first + p.sim.count;
  }
  if (next != lead.id.scenarios) {
    error = fmt::format("no part holds scenarios {}..{}: a shard is missing", next, lead.id.scenarios - 1);
    return std::nullopt;
  }

  Part whole;
  whole.id = lead.id;
  whole.shape = lead.shape;
  whole.market = lead.market;
  Simulation& sim = whole.sim;
  sim.options = lead.sim.options;
  sim.options.first = 0;
  sim.options.count = UINT64_MAX;
  sim.first = 0;
  sim.count = lead.id.scenarios;
  sim.metrics = lead.sim.metrics;
  sim.fan = lead.sim.fan;
  const std::size_t T = static_cast<std::size_t>(whole.shape.schedule.periods());
  sim.values.assign(sim.metrics.size(), {});
  for (auto& v : sim.values) v.reserve(static_cast<std::size_t>(sim.count));
  sim.discounted_flows.assign(whole.shape.tranches.size(), std::vector<stats::ExactSum>(T));
  sim.series_sums.assign(whole.shape.series.size(), std::vector<stats::ExactSum>(T));
  sim.fan_values.assign(whole.shape.series.size() * T * static_cast<std::size_t>(sim.fan), 0.0);
  sim.obligor_sums.assign(whole.shape.obligors.size(), {});
  sim.group_sums.assign(whole.shape.groups.size(), {});
  sim.default_sums.assign(whole.shape.tranches.size(), {});
  for (std::size_t k : order) {
    const Simulation& p = parts[k].sim;
    for (std::size_t j = 0; j < sim.default_sums.size(); ++j) merge_defaults(sim.default_sums[j], p.default_sums[j]);
    for (std::size_t j = 0; j < sim.obligor_sums.size(); ++j) merge_credit(sim.obligor_sums[j], p.obligor_sums[j]);
    for (std::size_t j = 0; j < sim.group_sums.size(); ++j) merge_credit(sim.group_sums[j], p.group_sums[j]);
    for (std::size_t m = 0; m < sim.values.size(); ++m) sim.values[m].insert(sim.values[m].end(), p.values[m].begin(), p.values[m].end());
    for (std::size_t j = 0; j < sim.discounted_flows.size(); ++j)
      for (std::size_t t = 0; t < T; ++t) sim.discounted_flows[j][t].merge(p.discounted_flows[j][t]);
    for (std::size_t j = 0; j < sim.series_sums.size(); ++j)
      for (std::size_t t = 0; t < T; ++t) sim.series_sums[j][t].merge(p.series_sums[j][t]);
    const auto held = static_cast<std::size_t>(p.fan_held());
    for (std::size_t cell = 0; held && cell < whole.shape.series.size() * T; ++cell)
      std::copy_n(p.fan_values.begin() + static_cast<std::ptrdiff_t>(cell * held), held,
                  sim.fan_values.begin() + static_cast<std::ptrdiff_t>(cell * sim.fan + p.first));
    parts[k].sim = Simulation{};  // free each part as soon as it is copied
  }
  if (auto name = missing_metric(whole.shape, sim)) {
    error = fmt::format("`{}` is damaged: it has no values for `{}`", lead_name, *name);
    return std::nullopt;
  }
  return whole;
}

}  // namespace sluice::mc
