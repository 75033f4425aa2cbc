// Sluice runtime: cash-flow metrics (IRR, XIRR, NPV, WAL, duration).
//
// Conventions follow the spreadsheet functions of the same names (LibreOffice
// Calc / Excel): XIRR and XNPV use actual/365 times and annual effective
// rates; IRR and NPV work on equally spaced periods.
#pragma once

#include <optional>
#include <span>

#include "calendar/date.hpp"
#include "calendar/day_count.hpp"

namespace sluice::metrics {

struct Flow {
    cal::Date date;
    double amount;
};

// XIRR as spreadsheets define it: the r solving
//     sum_i amount_i / (1 + r)^((d_i - d_0) / 365) = 0,
// with d_0 the *first* flow's date (flows need not be sorted); annual
// effective. Newton from 0.1, falling back to bracketing + bisection so it
// converges from any sign pattern that has a root. nullopt when the amounts
// do not change sign or no root lies in (-0.9999, 1e6).
std::optional<double> xirr(std::span<const Flow>);

// Per-period IRR of equally spaced flows (spreadsheet IRR): the r solving
// sum_i v_i / (1 + r)^i = 0, i from 0. Same solver and failure rules as xirr.
std::optional<double> irr(std::span<const double>);

// The same at stated times in periods (t_i need not be whole: a first period
// that is a stub counts as the share of a period it is): the r solving
// sum_i v_i / (1 + r)^(t_i) = 0. irr(v) is irr_at({0, 1, 2, ...}, v).
std::optional<double> irr_at(std::span<const double> periods, std::span<const double> values);

// Spreadsheet NPV: sum_i v_i / (1 + rate)^(i + 1), i from 0, so the first
// value is discounted one full period. (To value a t = 0 flow, add it outside:
// v_0 + npv(rate, v_1..v_n).)
double npv(double rate, std::span<const double>);

// Net present value at an annual effective rate on actual/365 times from a
// valuation date: sum_i amount_i / (1 + annual_rate)^((d_i - valuation) / 365).
// Every flow counts; flows before the valuation date are compounded forward.
double xnpv(double annual_rate, cal::Date valuation, std::span<const Flow>);

// Weighted average life in years: sum(t_i * principal_i) / sum(principal_i),
// t_i = year_fraction(day_count, start, date_i). nullopt when no principal was
// paid (no flows, or the principal amounts do not sum to a positive total).
std::optional<double> weighted_average_life(cal::Date start, std::span<const Flow> principal,
                                            cal::DayCount);

// Macaulay duration in years (ACT/365 times from `valuation`) at an annual
// effective yield, over the flows strictly after `valuation`:
//     sum(t_i * PV_i) / sum(PV_i),  PV_i = amount_i / (1 + y)^t_i.
// NaN when there is no such flow or their present values sum to zero.
double macaulay_duration(double annual_effective_yield, cal::Date valuation, std::span<const Flow>);

// Modified duration = Macaulay / (1 + y/f) for a nominal yield y compounded f
// times a year; the Macaulay duration is taken at the equivalent annual
// effective yield (1 + y/f)^f - 1. Throws std::invalid_argument if f <= 0.
double modified_duration(double nominal_yield, int compounding_per_year, cal::Date valuation,
                         std::span<const Flow>);

// Nominal yield at a payment frequency f from an annual effective rate r:
// f * ((1 + r)^(1/f) - 1). Throws std::invalid_argument if f <= 0.
double nominal_from_effective(double r, int f);

// The spread s over a discount curve at which flows are worth `price`:
// sum_t a_t / prod_{k<=t} (1 + s yf_k) = price, where a_t are the flows
// already discounted at the curve and yf_k the periods' year fractions
// (bisection to 1e-13). Negative flows are new lending (a facility's draws);
// nullopt when a flow is not finite, when nothing was lent (no positive
// price and no negative flow), or no s above -1/max(yf) reaches the price.
std::optional<double> spread_to_price(std::span<const double> discounted, std::span<const double> year_fractions, double price);

}  // namespace sluice::metrics
