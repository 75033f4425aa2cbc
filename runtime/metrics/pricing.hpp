// Sluice runtime: a bond's price against its yield, its spread over a
// discount path and its z-spread over a zero curve.
//
// Three quotes of one number, each with the convention that makes a note
// bought at par at its own coupon read its coupon back:
//   - yield y, nominal at f payments a year on the period clock:
//       price = sum_t CF_t (1 + y/f)^(-tau_t), tau_t in periods (a stub first
//       period counts as its share of one);
//   - spread s over a per-period discount path (the deal's risk-free rate
//     r_k, simple over each period's year fraction d_k):
//       price = sum_t CF_t / prod_{k<=t} (1 + r_k d_k)(1 + s d_k)
//     (metrics::spread_to_price; the break-even spread's own form, so a
//     market spread and a break-even spread compare directly);
//   - z-spread z over a zero curve z_t (a zero rate for each payment,
//     compounded f times a year, Y_t years from the start):
//       price = sum_t CF_t (1 + (z_t + z)/f)^(-f Y_t).
#pragma once

#include <optional>
#include <span>

namespace sluice::metrics {

// sum_t a_t / prod_{k<=t} (1 + s yf_k): flows already discounted on the
// risk-free path, at spread s over it.
double pv_at_spread(std::span<const double> discounted, std::span<const double> year_fractions, double s);

// The nominal yield (f a year) at which the flows, paid at `periods` (in
// periods from settlement, each > 0), are worth `price`; nullopt when the
// price is not positive, no flow is positive or no yield above -100% a
// period reaches it.
std::optional<double> yield_from_price(std::span<const double> periods, std::span<const double> flows, double price, int per_year);
// The price of the flows at a nominal yield y (f a year).
double price_at_yield(std::span<const double> periods, std::span<const double> flows, double y, int per_year);

// sum_t CF_t (1 + (z_t + s)/f)^(-f Y_t).
double pv_at_zspread(std::span<const double> flows, std::span<const double> years, std::span<const double> zero_rates, int per_year,
                     double s);
// The z-spread s at which the flows are worth `price` (bisection to 1e-13);
// nullopt when a flow is negative or not finite, no flow is positive, the
// price is not positive, or no s keeping every 1 + (z_t + s)/f > 0 reaches it.
std::optional<double> zspread(std::span<const double> flows, std::span<const double> years, std::span<const double> zero_rates,
                              int per_year, double price);

}  // namespace sluice::metrics
