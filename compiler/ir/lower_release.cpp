// Re-leasing after a lessee's default, with a remarketing cost and a
// utilization ramp (docs/language.md, Leases: "Re-leasing: remarketing and
// the ramp"). Only a lease with `remarketing` or `ramp` comes here;
// lease_value keeps its own instructions for every other lease, so their
// results are unchanged to the bit.
//
// Per leased unit, with a_i = S_{t-D-i} the survival D + i periods ago (D
// the downtime; a_0 = p_D), the units re-leased k periods ago (k = 0: this
// period is their first on the new lease) are the share c_k = a_{k+1} - a_k,
// and 1 - a_0 are re-leased in all. With `ramp U0, over N months` (N_p
// periods) a cohort k earns on utilization
//   u_k = U0 + (u - U0) x min(k, N_p) / N_p,
// so the re-leased units' utilization-weighted share is
//   W = u (1 - a_0) - sum_{k < N_p} c_k (u - U0)(1 - k / N_p).
// Inside the term: gross = p u r + W min(M, r) per unit and time; after it
// every unit earns u M as before. The rent lost is u r - gross (the ramp's
// shortfall is lost rent, recovered at REC like the rest).
//
// `remarketing C` is paid out of the rent of the units in their first year
// of re-lease (Y = 12 months in periods; V = their utilization-weighted
// share, a_Y - a_0 of units): a ratio takes C of that rent; money per unit
// takes C / Y a period for each such unit, at most that rent. So the rent
// collected is never negative, and the cost is never counted as rent lost.
#include <algorithm>
#include <cmath>

#include "ir/lowerer.hpp"

namespace sluice::ir {

// The extra periods of survival history re-leasing reads beyond the
// downtime: the ramp's length, and a year for the remarketing cost.
int Lowerer::release_history(EntityId id) {
  int n = 0;
  if (const auto* rp = prop(id, P::Ramp)) n = std::max(n, ramp_periods(*rp));
  if (prop(id, P::Remarketing)) n = std::max(n, year_periods());
  return n;
}

int Lowerer::ramp_periods(const sema::PropValue& ramp) {
  return static_cast<int>(std::ceil(literal(*ramp.clauses[1].value) / m_.deal.months_per_period));
}

int Lowerer::year_periods() { return static_cast<int>(std::ceil(12 / m_.deal.months_per_period)); }

Lowerer::Release Lowerer::lease_release(EntityId id, int units, int util, int length, int r, int market, int in_term) {
  value(id, M::PerformingBeforeDowntime);  // fills lease_ago_[id]
  const std::vector<int>& ago = lease_ago_.at(id);
  const int D = lease_periods(id, P::Downtime, 0);
  auto a = [&](int i) { return ago[static_cast<std::size_t>(D + i)]; };
  auto cohort = [&](int i) { return sub(a(i + 1), a(i)); };
  const int p = ago[0];
  const int released = min(market, r);  // never more than the contract it replaces
  // The ramp's shortfall of utilization for cohort k, (u - U0)(1 - k / N_p).
  int n_ramp = 0, gap = -1;
  if (const auto* rp = prop(id, P::Ramp)) {
    n_ramp = ramp_periods(*rp);
    const ast::Expr& u0 = *rp->clauses[0].value;
    gap = sub(util, prop_in_domain(id, P::Ramp, u0, expr(u0)));
  }
  auto short_of = [&](int i) { return mul(gap, k(1 - static_cast<double>(i) / n_ramp)); };
  int w = mul(util, sub(k(1), a(0)));
  for (int j = 0; j < n_ramp; ++j) w = sub(w, mul(cohort(j), short_of(j)));
  int gross = add(mul(mul(p, util), r), mul(w, released));
  int rate = add(mul(in_term, gross), mul(sub(k(1), in_term), mul(util, market)));
  int per_time = mul(units, length);
  Release out;
  out.lost = mul(mul(per_time, in_term), sub(mul(util, r), gross));
  out.fee = k(0);
  if (const ast::Expr* c = prop_expr(id, P::Remarketing)) {
    const int year = year_periods();
    int first_year = mul(util, sub(a(year), a(0)));
    for (int j = 0; j < std::min(n_ramp, year); ++j) first_year = sub(first_year, mul(cohort(j), short_of(j)));
    int first_year_rent = mul(mul(per_time, in_term), mul(first_year, released));
    int cost = prop_in_domain(id, P::Remarketing, *c, expr(*c));
    if (money_valued(*c)) {
      int owed = div(mul(mul(mul(units, in_term), sub(a(year), a(0))), cost), k(year));
      out.fee = min(owed, first_year_rent);
    } else {
      out.fee = mul(within_domain(*c, cost, vocab::Domain::UnitInterval, "a remarketing cost as a share of the re-lease rent"), first_year_rent);
    }
  }
  out.rent_due = sub(mul(per_time, rate), out.fee);
  return out;
}

}  // namespace sluice::ir
