// The hand-written kernel's generator: one block's normals for one stream
// and period, as runtime/random draws them one at a time (rng::normal):
// Philox4x32-10 at counter (scenario, stream, period) under key (seed), the
// centred 53-bit uniform, Wichura's AS241 inverse normal. Philox and AS241's
// centre run in lanes; a block's tails (|u - 0.5| > 0.425, 15% of draws)
// are gathered, their logs taken in one runtime/math call over the lot
// (whose lanes give the scalar form's bits), and scattered back. Any
// difference from the runtime's words or bits shows in the bench's
// agreement check.
#pragma once
#include <cstdint>

#include "handwritten_block.hpp"
#include "handwritten_lanes.hpp"
#include "math/math.hpp"
#include "random/as241.hpp"

namespace sluice::bench::hand {
namespace {

using namespace rng::as241;  // the coefficients, one copy (random/as241.hpp)

template <class D>
inline D horner(const double (&c)[8], D x) {
  D v = splat<D>(c[7]);
  for (int i = 6; i >= 0; --i) v = v * x + c[i];
  return v;
}

// A block's gathered tails: where each came from, its uniform and the side
// whose log AS241 takes (p below the centre, 1 - p above). Padded with 0.5
// to whole groups of lanes, so the vector loops need no remainder.
struct Tails {
  alignas(32) double u[kBlock + 4], side[kBlock + 4], root[kBlock + 4];
  int at[kBlock + 4];
  int n = 0;
};

// Philox4x32-10's round keys for (seed low, seed high): the same in every
// lane and every group, so made once per call, not once per group.
template <class U>
struct RoundKeys {
  U k0[10], k1[10];
  explicit RoundKeys(std::uint64_t seed) {
    auto a = static_cast<std::uint32_t>(seed), b = static_cast<std::uint32_t>(seed >> 32);
    for (int round = 0; round < 10; ++round) {
      if (round) a += 0x9E3779B9u, b += 0xBB67AE85u;
      k0[round] = splat<U>(a), k1[round] = splat<U>(b);
    }
  }
};

// Philox4x32-10 (Salmon et al., SC'11) on a group's counters, one 32-bit
// word in each 64-bit lane.
template <class U>
inline void philox(U (&c)[4], const RoundKeys<U>& k) {
  const U low = splat<U>(0xffffffffULL);
  for (int round = 0; round < 10; ++round) {
    const U p0 = mul_wide(c[0], 0xD2511F53u), p1 = mul_wide(c[2], 0xCD9E8D57u);
    const U n0 = (p1 >> 32) ^ c[1] ^ k.k0[round], n2 = (p0 >> 32) ^ c[3] ^ k.k1[round];
    c[0] = n0, c[1] = p1 & low, c[2] = n2, c[3] = p0 & low;
  }
}

// Normals of scenarios first .. first + groups * N - 1 for `stream` in
// `period`, into z; `t` is scratch for the tails.
template <class D, class I, class U>
void draw_normals(std::uint64_t seed, std::uint64_t first, int groups, std::uint32_t stream, std::uint32_t period, double* z,
                  Tails& t) {
  constexpr int N = lanes_of<D>;
  const RoundKeys<U> keys(seed);
  U lane;
  for (int l = 0; l < N; ++l) lane[l] = static_cast<std::uint64_t>(l);
  t.n = 0;
  for (int g = 0; g < groups; ++g) {
    const U s = first + static_cast<std::uint64_t>(g * N) + lane;
    U c[4] = {s & 0xffffffffULL, s >> 32, splat<U>(stream), splat<U>(period)};
    philox(c, keys);
    // The top 53 bits of (w1 << 32 | w0), centred in their cell: rng::to_unit.
    const D u = (to_double<D>((c[1] << 21) | (c[0] >> 11)) + 0.5) * 0x1p-53;
    const D q = u - 0.5, r = 0.180625 - q * q;
    store(z + g * N, q * horner(kA, r) / horner(kB, r));
    // The tails: the runtime's `fabs(q) <= 0.425` failing.
    // Gathered without a branch (one lane in seven is a tail: a branch on
    // it would mispredict often): every lane is written at the end of the
    // list, which grows by one where the lane is a tail.
    const I central = as<D>(as<U>(q) & 0x7fffffffffffffffULL) <= 0.425;
    for (int l = 0; l < N; ++l) t.at[t.n] = g * N + l, t.u[t.n] = u[l], t.n += central[l] ? 0 : 1;
  }
  if (!t.n) return;
  const int padded = (t.n + N - 1) / N * N;
  for (int i = t.n; i < padded; ++i) t.u[i] = 0.5;
  for (int i = 0; i < padded; i += N) {
    const D u = load<D>(t.u + i);
    store(t.side + i, sel(u - 0.5 < 0.0, u, 1 - u));
  }
  // r = sqrt(-log(side)), by runtime/math over the block's tails at once.
  math::log_n(t.side, t.root, static_cast<std::size_t>(padded));
  for (int i = 0; i < padded; ++i) t.root[i] = -t.root[i];
  math::sqrt_n(t.root, t.root, static_cast<std::size_t>(padded));
  for (int i = 0; i < padded; i += N) {
    const D r = load<D>(t.root + i), q = load<D>(t.u + i) - 0.5;
    const D near = horner(kC, r - 1.6) / horner(kD, r - 1.6);
    const D far = horner(kE, r - 5.0) / horner(kF, r - 5.0);
    const D v = sel(r <= 5.0, near, far);
    store(t.root + i, sel(q < 0.0, -v, v));
  }
  for (int i = 0; i < t.n; ++i) z[t.at[i]] = t.root[i];
}

}  // namespace
}  // namespace sluice::bench::hand
