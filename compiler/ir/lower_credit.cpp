// Credit that moves with the market: a lessee's or a pool's default loaded
// on market factors' shocks (`copula BETA on FACTOR`, one clause per
// factor; docs/language.md, Leases and Loans).
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
//
// Several loadings: the latent variable is
//   X = sum_i s_i sqrt(|BETA_i|) Z_i + sqrt(1 - V) e,
// V = Var(sum_i s_i sqrt(|BETA_i|) Z_i) under the factors' declared
// correlations (the Cholesky factor of lower_market.cpp reproduces them), so
// X stays standard normal; q(Z) replaces s sqrt(|BETA|) Z by the sum and
// sqrt(1 - |BETA|) by sqrt(1 - V). V must stay below 1 (E0280). One loading
// lowers to exactly the instructions and constants it always did.
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

std::optional<Lowerer::MarketLoading> Lowerer::market_loading(EntityId id, P p) {
  const auto* d = prop(id, p);
  if (!d) return std::nullopt;
  MarketLoading l{{}, 0};
  Span last;  // the last loading's clause: where a systematic variance of 100% is refused
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
    if (*beta == 0) continue;  // no term: a lone loading of 0 is today's independent default, instruction for instruction
    l.terms.push_back({*beta, m_.sema(*c.on_value).entity});
    last = c.span;
  }
  if (l.terms.empty()) return std::nullopt;
  // Var(sum_i w_i Z_i) with w_i = s_i sqrt|beta_i|: the diagonal is |beta_i|
  // itself (so one loading's variance is its |BETA|, bit for bit), the
  // cross terms 2 w_i w_j corr(Z_i, Z_j).
  for (std::size_t i = 0; i < l.terms.size(); ++i) l.variance += std::fabs(l.terms[i].beta);
  auto weight = [](double beta) { return (beta < 0 ? -1.0 : 1.0) * std::sqrt(std::fabs(beta)); };
  for (std::size_t i = 0; i < l.terms.size(); ++i)
    for (std::size_t j = i + 1; j < l.terms.size(); ++j)
      l.variance += 2 * weight(l.terms[i].beta) * weight(l.terms[j].beta) * shock_correlation(l.terms[i].factor, l.terms[j].factor);
  if (!(l.variance < 1)) {
    std::string terms;
    for (const auto& t : l.terms) terms += fmt::format("{}{:g}% on `{}`", terms.empty() ? "" : ", ", t.beta * 100, ent(t.factor).name);
    auto& e = diags_.error(DiagCode::LoadingVariance, last,
                           fmt::format("the loadings of `{}` ({}) explain {:.4g}% of its credit's variance under the market's correlations; together they must stay below 100%",
                                       ent(id).name, terms, l.variance * 100));
    e.hints.push_back("the systematic variance is sum |BETA_i| + 2 sum s_i s_j sqrt(|BETA_i BETA_j|) corr(F_i, F_j): lower a loading, or the factors' correlation");
    throw LowerError{};
  }
  return l;
}

double Lowerer::shock_correlation(EntityId a, EntityId b) {
  if (a == b) return 1;
  for (const auto& c : m_.correlations)
    if ((c.first == a && c.second == b) || (c.first == b && c.second == a)) {
      auto rho = constant(*c.decl->value);
      if (!rho) fail(DiagCode::NotConstant, c.decl->value->span, "a correlation is fixed for the whole run: use numbers and params, not factors or draws");
      return *rho;
    }
  return 0;
}

// X = sum_i w_i Z_i + sqrt(1 - V) e, V = Var(sum_i w_i Z_i): standard normal,
// correlated w_i + sum_{j != i} w_j corr(Z_i, Z_j) with factor i's shock.
int Lowerer::loaded_probability(const MarketLoading& l, int q) {
  const double scale = std::sqrt(1 - l.variance);  // of the obligor's own normal
  std::vector<int> z;
  for (const auto& t : l.terms) z.push_back(factor_shock(t.factor));
  // Built where one loading's `mul(k(weight), z)` always stood, so that one
  // loading emits its instructions in the order it always did.
  auto systematic = [&] {
    int sum = -1;
    for (std::size_t i = 0; i < l.terms.size(); ++i) {
      const double weight = (l.terms[i].beta < 0 ? -1.0 : 1.0) * std::sqrt(std::fabs(l.terms[i].beta));  // on Z
      int term = mul(k(weight), z[i]);
      sum = sum < 0 ? term : add(sum, term);
    }
    return sum;
  };
  int conditional = emit(Op::NormCdf, div(sub(emit(Op::NormInv, q), systematic()), k(scale)));
  return sel(emit(Op::Scenario), conditional, q);
}

}  // namespace sluice::ir
