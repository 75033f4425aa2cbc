// Credit that moves with the market: a lessee's or a pool's default loaded
// on a market factor's shock (`copula BETA on FACTOR`; docs/language.md,
// Leases and Loans).
//
// A one-factor Gaussian model period by period: an obligor that has
// survived to the period's start defaults in it when
// sqrt(|BETA|) s Z + sqrt(1 - |BETA|) e < Phi^-1(q), with Z the factor's
// standard normal shock this period (the one that moves its price), e the
// obligor's own normal, s the loading's sign and q the period's default
// probability without the loading. Given Z that happens with probability
//   q(Z) = Phi((Phi^-1(q) - s sqrt(|BETA|) Z) / sqrt(1 - |BETA|)),
// Vasicek's conditional default probability, and E[q(Z)] = q over Z ~ N(0,1):
// the loading moves defaults into the scenarios where the factor falls
// (rises, for a negative BETA) without changing how many there are on
// average. For a pool q(Z) is the period's default rate itself (the large
// pool's limit); for a lease the period's hazard increment h yf becomes
// -ln(1 - q(Z)), so its one-shot exponential threshold (and its `copula
// RHO`) still decides, and survival given the market path is
// prod (1 - q_s(Z_s)). The base case has Z = 0 and no loading at all: its
// expectation is the unloaded survival (the mean over Z), not q(0).
//
// Phi and Phi^-1 are rng::normal_cdf and rng::inverse_normal (runtime/math
// underneath), the IR's NormCdf and NormInv: the same bits in the
// interpreter and the JIT.
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

std::optional<Lowerer::MarketLoading> Lowerer::market_loading(EntityId id, P p) {
  const auto* d = prop(id, p);
  if (!d) return std::nullopt;
  for (const auto& c : d->clauses) {
    if (!c.on_value || !c.value) continue;
    auto refuse = [&](const std::string& msg) {
      diags_.error(DiagCode::BadLoading, c.value->span, msg)
          .hints.push_back("a number or a param such as `copula 30% on btc`; negative, `copula -30% on rate`, when the factor rising is bad for the obligor");
      throw LowerError{};
    };
    std::optional<double> beta = constant(*c.value);
    if (!beta) refuse(fmt::format("the loading of `{}` on `{}` is fixed for the whole run: use numbers and params, not factors or draws", ent(id).name, c.on_value->text));
    if (!(std::fabs(*beta) < 1))
      refuse(fmt::format("the loading of `{}` on `{}` is {:g}%; it is an asset correlation, strictly between -100% and 100%", ent(id).name, c.on_value->text, *beta * 100));
    if (*beta == 0) return std::nullopt;  // today's independent default, instruction for instruction
    return MarketLoading{*beta, m_.sema(*c.on_value).entity};
  }
  return std::nullopt;
}

int Lowerer::loaded_probability(const MarketLoading& l, int q) {
  const double a = std::fabs(l.beta);
  const double weight = (l.beta < 0 ? -1.0 : 1.0) * std::sqrt(a);  // on Z
  const double scale = std::sqrt(1 - a);                             // of the obligor's own normal
  int z = factor_shock(l.factor);
  int conditional = emit(Op::NormCdf, div(sub(emit(Op::NormInv, q), mul(k(weight), z)), k(scale)));
  return sel(emit(Op::Scenario), conditional, q);
}

}  // namespace sluice::ir
