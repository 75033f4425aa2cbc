// Forges a partial result the way an attacker can: decodes a genuine part,
// changes one field, and writes it back with a fresh checksum (FNV-1a is no
// seal). `sluice merge` must refuse every forgery in forged_parts.sh with
// E0810, never crash, hang or print what the forgery smuggled in.
//   forge_part IN OUT MUTATION
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "montecarlo/partial.hpp"

using namespace sluice;
using namespace sluice::mc;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::size_t metric_of(const Part& p, MetricKind kind) {
  for (std::size_t k = 0; k < p.sim.metrics.size(); ++k)
    if (p.sim.metrics[k].kind == kind) return k;
  std::cerr << "forge_part: the part has no metric of that kind\n";
  std::exit(2);
}

// Tranche 0's default sums, every scenario adding the same values.
void defaults(Simulation& sim, double d, double period, double exposure, double loss, double loss_ex) {
  DefaultSums x;
  for (std::uint64_t i = 0; i < sim.count; ++i) {
    x.defaults.add(d);
    x.period.add(period);
    x.exposure.add(exposure);
    x.loss.add(loss);
    x.loss_ex_interest.add(loss_ex);
  }
  sim.default_sums.at(0) = x;
}

// Renames tranche 0 everywhere it appears, so only the name itself is wrong.
void rename_tranche(Part& p, const std::string& to) {
  const std::string from = p.shape.tranches.at(0);
  p.shape.tranches[0] = to;
  for (auto& m : p.sim.metrics)
    if (m.name.rfind(from + ".", 0) == 0) m.name = to + m.name.substr(from.size());
}

// The part's market basis (a quoted deal's), and its first tranche quoted
// at a price, and its first with a zero curve.
analysis::MarketBasis& market(Part& p) {
  if (!p.market) {
    std::cerr << "forge_part: the part has no market basis (forge a quoted deal's)\n";
    std::exit(2);
  }
  return *p.market;
}
analysis::MarketBasis::Quoted& priced(Part& p) {
  for (auto& q : market(p).quoted)
    if (q.quoted == ir::TrancheInfo::Quote::Price) return q;
  std::cerr << "forge_part: no tranche is quoted at a price\n";
  std::exit(2);
}
analysis::MarketBasis::Quoted& zero_curved(Part& p) {
  for (auto& q : market(p).quoted)
    if (!q.zero.empty()) return q;
  std::cerr << "forge_part: no quoted tranche has a zero curve\n";
  std::exit(2);
}

// Rewrites the header's JSON (fields encode_part derives, such as periods)
// and seals the file again.
std::string patch_header(const std::string& bytes, const std::function<void(nlohmann::json&)>& f) {
  std::uint64_t size = 0;
  std::memcpy(&size, bytes.data() + 16, 8);
  auto header = nlohmann::json::parse(bytes.substr(24, size));
  f(header);
  std::string h = header.dump();
  std::string out = bytes.substr(0, 16);
  std::uint64_t n = h.size();
  out.append(reinterpret_cast<const char*>(&n), 8);
  out += h;
  out += bytes.substr(24 + size, bytes.size() - 24 - size - 16);
  std::uint64_t sum = fnv64(out);
  out.append(reinterpret_cast<const char*>(&sum), 8);
  return out + "SLUICEND";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: forge_part IN OUT MUTATION\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string why;
  auto part = decode_part(bytes, why);
  if (!part) {
    std::cerr << "forge_part: the genuine part does not decode: " << why << "\n";
    return 2;
  }
  Part& p = *part;
  auto& sim = p.sim;
  const std::string m = argv[3];
  const std::map<std::string, std::function<void()>> mutations{
      // The crash of issue 23: a valid checksum, `periods: 0`, one date.
      {"periods_zero",
       [&] {
         p.shape.schedule.dates.resize(1);
         p.shape.schedule.context.clear();
         for (auto& r : sim.discounted_flows) r.clear();
         for (auto& r : sim.series_sums) r.clear();
         sim.fan_values.clear();
       }},
      {"dates_backwards", [&] { std::swap(p.shape.schedule.dates[1], p.shape.schedule.dates[2]); }},
      {"dates_repeated", [&] { p.shape.schedule.dates[2] = p.shape.schedule.dates[1]; }},
      {"context_nan", [&] { p.shape.schedule.context[1] = kNaN; }},
      {"original_nan", [&] { sim.values[metric_of(p, MetricKind::TrancheOriginal)][0] = kNaN; }},
      {"loss_inf", [&] { sim.values[metric_of(p, MetricKind::TrancheLoss)][0] = kInf; }},
      {"irr_inf", [&] { sim.values[metric_of(p, MetricKind::TrancheIrr)][0] = -kInf; }},
      {"distributions_nan", [&] { sim.values[metric_of(p, MetricKind::EquityDistributions)][0] = kNaN; }},
      {"first_past_horizon", [&] { sim.values[metric_of(p, MetricKind::FirstBreach)][0] = 1e9; }},
      {"first_fraction", [&] { sim.values[metric_of(p, MetricKind::FirstBreach)][0] = 1.5; }},
      {"metric_renamed", [&] { sim.metrics[0].name = "Z.original"; }},
      {"metric_dropped",
       [&] {
         sim.metrics.pop_back();
         sim.values.pop_back();
       }},
      {"metric_extra",
       [&] {
         sim.metrics.push_back({"extra", MetricKind::Horizon, 0});
         sim.values.push_back(std::vector<double>(static_cast<std::size_t>(sim.count), 0.0));
       }},
      {"metric_kind", [&] { sim.metrics[1].kind = MetricKind::TrancheOriginal; }},
      {"metric_kind_out_of_range", [&] { sim.metrics[0].kind = static_cast<MetricKind>(200); }},
      {"metric_index", [&] { sim.metrics[0].index = 1'000'000; }},
      {"tranche_control_chars", [&] { rename_tranche(p, "A\x1b]0;owned\x07\x1b[2J"); }},
      {"tranche_empty", [&] { rename_tranche(p, ""); }},
      {"series_control_chars", [&] { p.shape.series.at(0).name = "s\r\x1b[1A"; }},
      {"currency_control_chars", [&] { p.shape.currency = "USD\x1b[31m"; }},
      {"tranche_twice",
       [&] {
         const std::string a = p.shape.tranches.at(0), b = p.shape.tranches.at(1);
         p.shape.tranches[1] = a;
         for (auto& x : sim.metrics)
           if (x.name.rfind(b + ".", 0) == 0) x.name = a + x.name.substr(b.size());
       }},
      {"fan_too_large", [&] { sim.fan = p.id.scenarios + 1; }},
      {"scenarios_huge", [&] { p.id.scenarios = std::uint64_t{1} << 62; }},
      {"scenarios_zero",
       [&] {
         p.id.scenarios = 0;
         sim.first = 0;
       }},
      {"first_past_end", [&] { sim.first = p.id.scenarios; }},
      {"fan_sample_zero", [&] { p.id.fan_sample = 0; }},
      // A quoted deal's market basis (partial_market.hpp), against itself,
      // the schedule and the tranches.
      {"market_no_quotes", [&] { market(p).quoted.clear(); }},
      {"market_tranche_past_end", [&] { market(p).quoted.back().tranche = p.shape.tranches.size(); }},
      {"market_tranche_twice", [&] { market(p).quoted.push_back(market(p).quoted.front()); }},
      {"market_per_year", [&] { market(p).per_year = 4; }},
      {"market_stub", [&] { market(p).stub = 0.5; }},
      {"market_risk_free_dropped", [&] { market(p).risk_free.clear(); }},
      {"market_risk_free_nan", [&] { market(p).risk_free.at(2) = kNaN; }},
      {"market_cash_inf", [&] { market(p).quoted.front().cash.at(1) = kInf; }},
      {"market_zero_nan", [&] { zero_curved(p).zero.at(0) = kNaN; }},
      {"market_price_negative", [&] { priced(p).quote = -0.97; }},
      {"market_quote_nan", [&] { market(p).quoted.front().quote = kNaN; }},
      {"market_original_negative", [&] { market(p).quoted.front().original = -1; }},
      // Losses by obligor (the deal's two lessees).
      {"obligor_control_chars", [&] { p.shape.obligors.at(0) = "a\x1b[2J"; }},
      {"obligor_twice", [&] { p.shape.obligors.at(1) = p.shape.obligors.at(0); }},
      {"obligor_group_out_of_range", [&] { p.shape.obligor_group.at(0) = 7; }},
      {"obligor_defaults_excess",
       [&] {
         CreditSums& x = sim.obligor_sums.at(0);
         x.defaults = stats::ExactSum{};
         for (std::uint64_t i = 0; i < sim.count; ++i) x.defaults.add(2.0);  // a lessee defaults once a scenario at most
       }},
      {"obligor_loss_inf", [&] { sim.obligor_sums.at(0).loss.add(kInf); }},
      {"obligor_count_short",
       [&] {
         CreditSums& x = sim.obligor_sums.at(1);
         x.loss = stats::ExactSum{};
         for (std::uint64_t i = 1; i < sim.count; ++i) x.loss.add(1.0);
       }},
      // Each tranche's default sums (loss given default): one value per
      // scenario, rebuilt so that only the field named is wrong.
      {"default_excess", [&] { defaults(sim, 2.0, 1.0, 1.0, 0.5, 0.25); }},  // a tranche defaults once a scenario at most
      {"default_period_outside", [&] { defaults(sim, 1.0, 1e6, 1.0, 0.5, 0.25); }},
      {"default_exposure_negative", [&] { defaults(sim, 1.0, 1.0, -1.0, 0.5, 0.25); }},
      {"default_loss_without_default", [&] { defaults(sim, 0.0, 0.0, 0.0, 0.5, 0.0); }},
      {"default_ex_above_loss", [&] { defaults(sim, 1.0, 1.0, 1.0, 0.25, 0.5); }},
      {"default_loss_inf", [&] { sim.default_sums.at(0).loss.add(kInf); }},
      {"default_count_short",
       [&] {
         DefaultSums& x = sim.default_sums.at(0);
         x.exposure = stats::ExactSum{};
         for (std::uint64_t i = 1; i < sim.count; ++i) x.exposure.add(0.0);
       }},
      {"group_without_obligor",
       [&] {
         p.shape.groups.push_back("ghost");
         CreditSums g;
         for (std::uint64_t i = 0; i < sim.count; ++i) {
           g.defaults.add(0.0);
           g.loss.add(0.0);
           g.loss_sq.add(0.0);
         }
         sim.group_sums.push_back(g);
       }},
  };
  const std::map<std::string, std::function<void(nlohmann::json&)>> header_mutations{
      {"periods_mismatch", [](nlohmann::json& h) { h["periods"] = h["periods"].get<std::uint64_t>() + 1; }},
      {"periods_huge", [](nlohmann::json& h) { h["periods"] = std::uint64_t{1} << 61; }},
      {"count_huge", [](nlohmann::json& h) { h["count"] = std::numeric_limits<std::uint64_t>::max(); }},
      {"metric_index_negative", [](nlohmann::json& h) { h["metrics"][0]["index"] = -5; }},
      {"date_out_of_range", [](nlohmann::json& h) { h["shape"]["dates"][0] = 5'000'000; }},
      {"header_not_json", [](nlohmann::json& h) { h = "not a header"; }},
      {"market_quote_kind", [](nlohmann::json& h) { h["market"]["quoted"][0]["quote"] = "yield"; }},
      {"market_zero_curve_claimed", [](nlohmann::json& h) {
         for (auto& q : h["market"]["quoted"]) q["zero_curve"] = true;  // numbers the payload does not hold
       }},
  };
  std::string out;
  if (auto it = mutations.find(m); it != mutations.end()) {
    it->second();
    out = encode_part(p.id, p.shape, sim, p.market ? &*p.market : nullptr);
  } else if (auto hit = header_mutations.find(m); hit != header_mutations.end()) {
    out = patch_header(bytes, hit->second);
  } else if (m == "deal_control_chars") {
    // Not a forgery: a deal's title may hold anything, and merge must print
    // it escaped (checked by forged_parts.sh).
    p.shape.deal = "deal\x1b]0;owned\x07\x1b[2J\xc2\x9b";
    out = encode_part(p.id, p.shape, sim, p.market ? &*p.market : nullptr);
  } else {
    std::cerr << "forge_part: no mutation `" << m << "`\n";
    return 2;
  }
  std::ofstream f(argv[2], std::ios::binary | std::ios::trunc);
  f << out;
  return f ? 0 : 2;
}
