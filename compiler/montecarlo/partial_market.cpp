#include "montecarlo/partial_market.hpp"

#include "montecarlo/partial.hpp"

#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace sluice::mc {

namespace {

using json = nlohmann::json;
using Quote = ir::TrancheInfo::Quote;

void put_doubles(std::string& out, const std::vector<double>& v) {
  if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
}

// n doubles off the front of `bytes`, refusing to run past its end.
bool get_doubles(std::string_view& bytes, std::vector<double>& v, std::uint64_t n) {
  if (n > bytes.size() / sizeof(double)) return false;
  v.resize(static_cast<std::size_t>(n));
  if (n == 0) return true;
  std::memcpy(v.data(), bytes.data(), static_cast<std::size_t>(n) * sizeof(double));
  bytes.remove_prefix(static_cast<std::size_t>(n) * sizeof(double));
  return true;
}

bool all_finite(const std::vector<double>& v) {
  for (double x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Payments a year of the deal's period (sema: monthly, quarterly,
// semiannual, and otherwise annual).
int per_year_of(const std::string& period) {
  return period == "monthly" ? 12 : period == "quarterly" ? 4 : period == "semiannual" ? 2 : 1;
}

}  // namespace

json market_header(const analysis::MarketBasis& b) {
  json quoted = json::array();
  for (const auto& q : b.quoted)
    quoted.push_back({{"tranche", q.tranche}, {"quote", q.quoted == Quote::Price ? "price" : "spread"}, {"zero_curve", !q.zero.empty()}});
  return {{"per_year", b.per_year}, {"risk_free", !b.risk_free.empty()}, {"quoted", quoted}};
}

void put_market(std::string& out, const analysis::MarketBasis& b) {
  out.append(reinterpret_cast<const char*>(&b.stub), sizeof b.stub);
  put_doubles(out, b.risk_free);
  for (const auto& q : b.quoted) {
    out.append(reinterpret_cast<const char*>(&q.quote), sizeof q.quote);
    out.append(reinterpret_cast<const char*>(&q.original), sizeof q.original);
    put_doubles(out, q.cash);
    put_doubles(out, q.zero);
  }
}

// The vectors' sizes stand for the header's flags until get_market reads
// them: one element where the part holds a series, none where it does not.
analysis::MarketBasis market_from_header(const json& j) {
  analysis::MarketBasis b;
  b.per_year = j.at("per_year").get<int>();
  if (j.at("risk_free").get<bool>()) b.risk_free.resize(1);
  for (const auto& x : j.at("quoted")) {
    analysis::MarketBasis::Quoted q;
    q.tranche = x.at("tranche").get<std::size_t>();
    const auto kind = x.at("quote").get<std::string>();
    if (kind != "price" && kind != "spread") throw std::invalid_argument("quote");
    q.quoted = kind == "price" ? Quote::Price : Quote::Spread;
    if (x.at("zero_curve").get<bool>()) q.zero.resize(1);
    b.quoted.push_back(std::move(q));
  }
  return b;
}

bool get_market(std::string_view& bytes, analysis::MarketBasis& b, std::uint64_t periods) {
  std::vector<double> one;
  if (!get_doubles(bytes, one, 1)) return false;
  b.stub = one[0];
  if (!b.risk_free.empty() && !get_doubles(bytes, b.risk_free, periods)) return false;
  for (auto& q : b.quoted) {
    if (!get_doubles(bytes, one, 2)) return false;
    q.quote = one[0];
    q.original = one[1];
    if (!get_doubles(bytes, q.cash, periods)) return false;
    if (!q.zero.empty() && !get_doubles(bytes, q.zero, periods)) return false;
  }
  return true;
}

std::string market_fault(const analysis::MarketBasis& b, const RiskShape& shape) {
  const auto& s = shape.schedule;
  const int T = s.periods();
  if (b.quoted.empty()) return "its market basis quotes no tranche";
  if (b.per_year != per_year_of(shape.period)) return fmt::format("its market basis pays {} times a year, not as its {} periods", b.per_year, shape.period);
  if (!b.risk_free.empty() != shape.has_risk_free) return "its market basis and its shape disagree on the risk-free rate";
  // The yield clock's start: 1, or a first period's stub as yield_clock
  // (analysis/market.cpp) reads it off the schedule's accrual fractions.
  bool stub_ok = b.stub == 1;
  if (!stub_ok && T >= 2) {
    constexpr auto n = static_cast<std::size_t>(ir::ContextField::kCount);
    constexpr auto accrual = static_cast<std::size_t>(ir::ContextField::AccrualFraction);
    const double first = s.context[accrual], regular = s.context[n + accrual];
    stub_ok = first > 0 && regular > 0 && first < regular && same_bits(b.stub, first / regular);
  }
  if (!stub_ok) return "its market basis's first payment time is not the schedule's";
  if (!all_finite(b.risk_free)) return "its market basis holds a risk-free rate that is not finite";
  for (std::size_t k = 0; k < b.quoted.size(); ++k) {
    const auto& q = b.quoted[k];
    if (q.tranche >= shape.tranches.size() || (k > 0 && q.tranche <= b.quoted[k - 1].tranche))
      return "its market basis names a tranche its deal does not have, or one twice";
    const auto& name = shape.tranches[q.tranche];
    if (q.quoted == Quote::Spread && b.risk_free.empty()) return fmt::format("`{}` is quoted at a spread with no risk-free rate", name);
    if (!std::isfinite(q.quote) || (q.quoted == Quote::Price && !(q.quote > 0)))
      return fmt::format("`{}`'s market quote is not a finite spread or a positive price", name);
    if (!std::isfinite(q.original) || q.original < 0) return fmt::format("`{}`'s original balance in the market basis is not finite or below zero", name);
    if (!all_finite(q.cash) || !all_finite(q.zero)) return fmt::format("`{}`'s flows or zero rates in the market basis are not finite", name);
  }
  return "";
}

std::vector<analysis::MarketReading> read_quotes(const RiskShape& shape, const RiskReport& risk, const analysis::MarketBasis& b) {
  std::vector<std::vector<double>> expected;
  for (const auto& t : risk.tranches) expected.push_back(t.expected_discounted);
  return analysis::read_market(b, shape.tranches, shape.schedule, risk.has_risk_free ? &expected : nullptr);
}

bool same_market(const analysis::MarketBasis& a, const analysis::MarketBasis& b) {
  if (a.per_year != b.per_year || !same_bits(a.stub, b.stub) || !same_bits(a.risk_free, b.risk_free) || a.quoted.size() != b.quoted.size())
    return false;
  for (std::size_t k = 0; k < a.quoted.size(); ++k) {
    const auto &x = a.quoted[k], &y = b.quoted[k];
    if (x.tranche != y.tranche || x.quoted != y.quoted || !same_bits(x.quote, y.quote) || !same_bits(x.original, y.original) ||
        !same_bits(x.cash, y.cash) || !same_bits(x.zero, y.zero))
      return false;
  }
  return true;
}

}  // namespace sluice::mc
