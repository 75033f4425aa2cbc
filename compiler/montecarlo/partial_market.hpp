// A quoted deal's market basis in a partial result (partial.cpp's helper):
// the base case's flows and rates that the market table reads, so that
// `sluice merge`, which has no deal, prints the table one process prints.
// In the header, its shape (which tranches, how each is quoted, whether a
// zero curve and a risk-free rate are there); in the payload, after the fan
// sample, its doubles:
//   stub, risk_free[periods] (if any), then per quoted tranche:
//   quote, original, cash[periods], zero[periods] (if a zero curve)
// A part is hostile input: `market_fault` checks the basis against the
// part's schedule and shape before merge reads it.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "analysis/market.hpp"
#include "montecarlo/risk.hpp"

namespace sluice::mc {

nlohmann::json market_header(const analysis::MarketBasis& b);
void put_market(std::string& out, const analysis::MarketBasis& b);

// The basis the header describes, its numbers still to read; throws
// (std::exception) on a header that is not one.
analysis::MarketBasis market_from_header(const nlohmann::json& j);

// Reads the basis's numbers off the front of `bytes` (sizes from its
// header and `periods`, checked against what is left before anything is
// allocated); false when the bytes run out.
bool get_market(std::string_view& bytes, analysis::MarketBasis& b, std::uint64_t periods);

// What is wrong with a decoded basis against its part's shape (the
// tranches, the period, the risk-free rate, the schedule's context), or "".
std::string market_fault(const analysis::MarketBasis& b, const RiskShape& shape);

// Bit for bit the same basis.
bool same_market(const analysis::MarketBasis& a, const analysis::MarketBasis& b);

}  // namespace sluice::mc
