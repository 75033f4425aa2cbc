#include "analysis/market.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "base/text.hpp"
#include "metrics/cash_flow_metrics.hpp"
#include "metrics/pricing.hpp"

namespace sluice::analysis {

using Quote = ir::TrancheInfo::Quote;

bool has_quote(const ir::Module& m) {
  return std::any_of(m.tranches.begin(), m.tranches.end(), [](const auto& t) { return t.quote != Quote::None; });
}

std::vector<double> yield_clock(const exec::Schedule& s) {
  const int T = s.periods();
  double stub = 1;
  if (T >= 2 && !s.pay.empty() && s.pay != s.dates) {
    constexpr auto n = static_cast<std::size_t>(ir::ContextField::kCount);
    constexpr auto accrual = static_cast<std::size_t>(ir::ContextField::AccrualFraction);
    const double first = s.context[accrual], regular = s.context[n + accrual];
    if (first > 0 && regular > 0 && first < regular) stub = first / regular;
  }
  std::vector<double> t;
  for (int i = 0; i < T; ++i) t.push_back(stub + i);
  return t;
}

MarketBasis market_basis(const ir::Module& m, const PathView& base, const exec::Schedule& s, int months_per_period) {
  MarketBasis b;
  const int T = s.periods();
  b.per_year = std::max(1, 12 / std::max(1, months_per_period));
  if (T <= 0) return b;
  b.stub = yield_clock(s).front();
  if (m.risk_free >= 0)
    for (int i = 0; i < T; ++i) b.risk_free.push_back(base.at(i, m.risk_free));
  for (std::size_t j = 0; j < m.tranches.size(); ++j) {
    const auto& tr = m.tranches[j];
    if (tr.quote == Quote::None) continue;
    MarketBasis::Quoted q;
    q.tranche = j;
    q.quoted = tr.quote;
    q.quote = tr.quote_value;
    q.original = base.at(0, tr.col_original);
    for (int i = 0; i < T; ++i) {
      q.cash.push_back(ir::holder_cash(tr, base.row(i)));
      if (tr.col_zero_rate >= 0) q.zero.push_back(base.at(i, tr.col_zero_rate));
    }
    b.quoted.push_back(std::move(q));
  }
  return b;
}

std::vector<MarketReading> read_market(const MarketBasis& b, const std::vector<std::string>& tranches, const exec::Schedule& s,
                                       const std::vector<std::vector<double>>* expected) {
  std::vector<MarketReading> out;
  const int T = s.periods();
  if (T <= 0) return out;
  const auto nctx = static_cast<std::size_t>(ir::ContextField::kCount);
  std::vector<double> yf(static_cast<std::size_t>(T)), years(static_cast<std::size_t>(T)), clock;
  double elapsed = 0;
  for (int i = 0; i < T; ++i) {
    const auto k = static_cast<std::size_t>(i);
    yf[k] = s.context[k * nctx + static_cast<std::size_t>(ir::ContextField::YearFraction)];
    years[k] = elapsed += yf[k];  // Y_t: the deal's year fractions summed through period t
    clock.push_back(b.stub + i);
  }
  const bool risk_free = !b.risk_free.empty();
  for (const auto& q : b.quoted) {
    MarketReading x;
    x.name = tranches[q.tranche];
    x.quoted = q.quoted;
    x.quote = q.quote;
    x.original = q.original;
    // The promised flows: the base case's, discounted on its risk-free path.
    std::vector<double> discounted(static_cast<std::size_t>(T));
    double d = 1;
    for (int i = 0; i < T; ++i) {
      const auto k = static_cast<std::size_t>(i);
      if (risk_free) d /= 1 + b.risk_free[k] * yf[k];
      discounted[k] = q.cash[k] * d;
    }
    if (!(x.original > 0)) {  // nothing lent: no price to read
      x.price = std::nan("");
      out.push_back(x);
      continue;
    }
    const double price = q.quoted == Quote::Price ? q.quote * x.original : metrics::pv_at_spread(discounted, yf, q.quote);
    x.price = price / x.original;
    x.yield = metrics::yield_from_price(clock, q.cash, price, b.per_year);
    if (risk_free) x.spread = q.quoted == Quote::Spread ? std::optional<double>(q.quote) : metrics::spread_to_price(discounted, yf, price);
    if (!q.zero.empty()) x.zspread = metrics::zspread(q.cash, years, q.zero, b.per_year, price);
    if (expected && risk_free) {
      x.monte_carlo = true;
      x.model_spread = metrics::spread_to_price((*expected)[q.tranche], yf, price);
    }
    out.push_back(x);
  }
  return out;
}

std::vector<MarketReading> read_market(const ir::Module& m, const PathView& base, const exec::Schedule& s, int months_per_period,
                                       const std::vector<std::vector<double>>* expected) {
  std::vector<std::string> names;
  for (const auto& t : m.tranches) names.push_back(t.name);
  return read_market(market_basis(m, base, s, months_per_period), names, s, expected);
}

MarketBasis market_basis(const ir::Module& m, const exec::Trace& base, const exec::Schedule& s, int months_per_period) {
  std::vector<double> flat;
  for (const auto& row : base.rows) flat.insert(flat.end(), row.begin(), row.end());
  return market_basis(m, PathView{base.init.data(), flat.data(), m.columns.size()}, s, months_per_period);
}

std::vector<MarketReading> read_market(const ir::Module& m, const exec::Trace& base, const exec::Schedule& s, int months_per_period,
                                       const std::vector<std::vector<double>>* expected) {
  std::vector<double> flat;
  for (const auto& row : base.rows) flat.insert(flat.end(), row.begin(), row.end());
  return read_market(m, PathView{base.init.data(), flat.data(), m.columns.size()}, s, months_per_period, expected);
}

namespace {
std::string bp(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "n/a";
  const double b = *v * 1e4;
  return fmt::format("{:.1f} bp", std::fabs(b) < 0.05 ? 0.0 : b);  // no "-0.0 bp" from a difference that rounds to nothing
}
std::string pct(const std::optional<double>& v, int places) {
  return v && std::isfinite(*v) ? fmt::format("{:.{}f}%", *v * 100, places) : "n/a";
}
std::string quote_text(const MarketReading& x) {
  return x.quoted == Quote::Price ? fmt::format("price {}", pct(x.quote, 3)) : fmt::format("spread {}", bp(x.quote));
}
nlohmann::json jopt(const std::optional<double>& v) { return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr); }
}  // namespace

std::string format_market_table(const std::vector<MarketReading>& r, bool color) {
  if (r.empty()) return "";
  const bool mc = std::any_of(r.begin(), r.end(), [](const auto& x) { return x.monte_carlo; });
  Table t;
  t.head = {"tranche", "quote", "price", "yield", "spread", "z-spread"};
  if (mc) t.head.insert(t.head.end(), {"model spread", "loss cost", "reading"});
  for (const auto& x : r) {
    std::vector<std::string> row{x.name, quote_text(x), pct(x.price, 3), pct(x.yield, 3), bp(x.spread), bp(x.zspread)};
    if (mc) {
      std::optional<double> cost;
      if (x.spread && x.model_spread) cost = *x.spread - *x.model_spread;
      std::string reading = "n/a";
      if (x.model_spread) reading = *x.model_spread >= 0 ? fmt::format("cheap by {}", bp(*x.model_spread)) : fmt::format("rich by {}", bp(-*x.model_spread));
      row.insert(row.end(), {bp(x.model_spread), bp(cost), reading});
    }
    t.rows.push_back(std::move(row));
  }
  std::string out = "market: each quote's price (share of the original) and, at that price on the base case's flows, the yield (nominal at the\n"
                    "payment frequency), the spread over the risk-free path and the z-spread over the tranche's zero curve\n";
  out += t.render(color);
  if (mc)
    out += "  model spread: the spread over the risk-free path at which the expected discounted flows equal the market price (at par, the\n"
           "  break-even spread); loss cost: spread - model spread; cheap/rich: above/below the risk-free rate after expected loss.\n";
  return out + "\n";
}

nlohmann::json market_json(const std::vector<MarketReading>& r) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& x : r) {
    nlohmann::json j = {{"name", x.name},          {"quote", x.quoted == Quote::Price ? "price" : "spread"},
                        {"quoted", x.quote},       {"price", jopt(x.price)},
                        {"yield", jopt(x.yield)},  {"spread", jopt(x.spread)},
                        {"zspread", jopt(x.zspread)}};
    if (x.monte_carlo) j["model_spread"] = jopt(x.model_spread);
    a.push_back(j);
  }
  return a;
}

}  // namespace sluice::analysis
