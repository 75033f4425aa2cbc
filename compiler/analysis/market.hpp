// A tranche's market quote against the deal's cash flows (docs/language.md,
// "Market price, spread and z-spread"; docs/output.md, "market"): the price
// a quote means, the yield, spread and z-spread at that price on the base
// case's (promised) flows, and in a Monte Carlo run the spread the expected
// flows earn at that price (the break-even spread, at par) beside it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/path_metrics.hpp"
#include "exec/schedule.hpp"

namespace sluice::analysis {

struct MarketReading {
  std::string name;
  ir::TrancheInfo::Quote quoted = ir::TrancheInfo::Quote::None;
  double quote = 0;     // as written: a share of the original, or a spread
  double original = 0;  // the base case's original balance
  double price = 0;     // the quote's price, as a share of the original
  // At that price, on the base case's flows: the nominal yield at the
  // payment frequency, the spread over the risk-free path (the discount
  // margin of a floating note whose index is the risk-free rate) and the
  // z-spread over the tranche's zero curve.
  std::optional<double> yield, spread, zspread;
  // Monte Carlo only: the spread over the risk-free path at which the
  // expected discounted flows are worth the market price. Above zero the
  // tranche, bought at the market price, is expected to earn more than the
  // risk-free rate after its expected loss ("cheap"), below zero less
  // ("rich"); spread - model_spread is what the expected loss costs.
  std::optional<double> model_spread;
  bool monte_carlo = false;
};

// True when some tranche states a market quote.
bool has_quote(const ir::Module& m);

// What the readings need of the base case, apart from the schedule's year
// fractions: `sluice merge` has no deal and no base case, so a shard keeps
// this in its part (montecarlo/partial.cpp) and merge reads the quotes from
// it exactly as the one-process run does (both call the read_market below).
struct MarketBasis {
  int per_year = 12;              // payments a year: the yield's and z-spread's compounding
  double stub = 1;                // the yield clock's first time (yield_clock): 1, or a stub's share of a period
  std::vector<double> risk_free;  // the base path's risk-free rate per period; empty: the deal has none
  struct Quoted {
    std::size_t tranche = 0;  // its place among the deal's tranches
    ir::TrancheInfo::Quote quoted = ir::TrancheInfo::Quote::None;
    double quote = 0, original = 0;
    std::vector<double> cash;  // the holders' cash per period on the base path (ir::holder_cash)
    std::vector<double> zero;  // the zero curve per period; empty: no `zero_curve`
  };
  std::vector<Quoted> quoted;  // the quoted tranches, in the deal's order
};

// The basis of a deal's quotes on its base-case path.
MarketBasis market_basis(const ir::Module& m, const PathView& base, const exec::Schedule& s, int months_per_period);
MarketBasis market_basis(const ir::Module& m, const exec::Trace& base, const exec::Schedule& s, int months_per_period);

// The readings from a basis; `tranches` names the deal's tranches, `s` gives
// the year fractions (its context). With `expected_discounted` (per tranche
// of the deal, E[CF_t D_t] per period) and a risk-free rate, each reading
// also has its model spread.
std::vector<MarketReading> read_market(const MarketBasis& b, const std::vector<std::string>& tranches, const exec::Schedule& s,
                                       const std::vector<std::vector<double>>* expected_discounted = nullptr);

// The yield's clock: each payment's time in periods from settlement (a
// first period that is a stub counts as its share of one), as the base
// case's yield reads it (analysis/path_metrics.cpp).
std::vector<double> yield_clock(const exec::Schedule& s);

// One reading per quoted tranche, on the base case's path. With
// `expected_discounted` (a Monte Carlo run: per tranche of the module,
// E[CF_t D_t] per period) each reading also has its model spread.
std::vector<MarketReading> read_market(const ir::Module& m, const PathView& base, const exec::Schedule& s, int months_per_period,
                                       const std::vector<std::vector<double>>* expected_discounted = nullptr);

// The same on a base case's trace.
std::vector<MarketReading> read_market(const ir::Module& m, const exec::Trace& base, const exec::Schedule& s, int months_per_period,
                                       const std::vector<std::vector<double>>* expected_discounted = nullptr);

// The "market" table (empty when there are no readings) and JSON array.
std::string format_market_table(const std::vector<MarketReading>& r, bool color);
nlohmann::json market_json(const std::vector<MarketReading>& r);

}  // namespace sluice::analysis
