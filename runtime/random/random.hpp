// Counter-based random numbers: every draw is a pure function of (seed,
// scenario, stream, period), so a scenario's path does not depend on which
// thread, batch, process or machine computes it. The generator is Philox4x32-10
// (Random123); uniforms become normals by inverting the normal CDF (Wichura's
// AS241), not by Box-Muller or rejection, so one uniform gives one normal and
// a vectorised back end can compute the same bits without branches on data.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace sluice::rng {

// The stream's key: FNV-1a of its name, so adding a factor to a deal leaves
// the other factors' paths untouched.
std::uint32_t stream_key(std::string_view name);

// Philox4x32-10 with key (seed low, seed high) at counter (scenario low,
// scenario high, stream, period).
std::array<std::uint32_t, 4> philox(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period);

// The top 53 bits of the first two words, centred in their cell: strictly
// inside (0, 1), never 0 or 1, so log(u) and the inverse normal are finite.
double to_unit(std::uint32_t w0, std::uint32_t w1);

double uniform(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period);
double normal(std::uint64_t seed, std::uint64_t scenario, std::uint32_t stream, std::uint32_t period);

// The standard normal quantile (AS241, PPND16: about 1e-16 relative). Its
// tail, the CDF and the Poisson count take log, sqrt, erfc and exp from
// runtime/math, so a draw has the same bits whatever the C library.
double inverse_normal(double p);
// The standard normal CDF, 0.5 erfc(-x / sqrt 2).
double normal_cdf(double x);

// The Poisson count with this mean at uniform u, by inverting the CDF from 0
// (exact for means up to 700; above that a normal approximation with
// continuity correction, since e^-mean underflows).
double poisson(double mean, double u);

}  // namespace sluice::rng
