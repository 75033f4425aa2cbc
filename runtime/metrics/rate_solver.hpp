// The rate-of-return solver behind xirr, irr and irr_at
// (cash_flow_metrics.hpp): the r solving
//     sum_i a_i (1 + r)^(-t_i) = 0
// over times t_i (periods or years, any order, any sign) and amounts a_i.
//
// Every discount factor is math::exp(-t_i math::log1p(r)) (runtime/math: the
// same bits on every machine and C library, no libm call anywhere), the
// factors of one rate computed as an array through the widest vector form
// the CPU has (whose lanes give the scalar form's bits). So a rate is the
// same double for the interpreter and the JIT (one code, after either), for
// any thread count, and on any x86-64 machine.
//
// Newton from 0.1 with the analytic derivative; where it fails, one sign
// change in time order (an outlay, then receipts) has a unique root, found
// by bisection in log(1 + r) and Newton steps kept inside the bracket;
// otherwise a grid scan over the whole domain and bisection of the sign
// change nearest 0.1. nullopt when the amounts do not change sign or no
// root lies in (-0.9999, 1e6).
#pragma once
#include <optional>
#include <span>

namespace sluice::metrics {

std::optional<double> solve_rate(std::span<const double> times, std::span<const double> amounts);

}  // namespace sluice::metrics
