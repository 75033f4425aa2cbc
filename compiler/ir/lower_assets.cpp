// Market factors, draws and collateral: what comes in each period.
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {
// The argument sema bound parameter `p` of a built-in call to (by name or
// by position, check_calls.cpp), or none where the call leaves it out.
const ast::Expr* arg_of(const sema::Model& m, const ast::Expr& call, vocab::ParamId p) {
  for (const auto& [id, kid] : m.sema(call).params)
    if (id == p) return call.kids[kid].get();
  return nullptr;
}
// The call inside `uniform(a, b) per year`.
const ast::Expr& strip_per(const ast::Expr& e) { return e.kind == ast::ExprKind::Per ? strip_per(*e.kids[0]) : e; }
}  // namespace

// The process a factor follows, as sema annotated its call.
vocab::Process Lowerer::factor_process(EntityId id) {
  auto p = m_.factor_process(ent(id));
  if (!p) fail(DiagCode::Unsupported, ent(id).span, "internal: a factor reached lowering without its process; please report the deal file");
  return *p;
}

// A draw is fixed for the whole scenario: computed by `init`, read from state.
int Lowerer::draw_value(EntityId id) {
  auto& d = ent(id);
  int s = slot(d.name);
  if (!in_init_) return load(s);
  const ast::Expr& whole = *d.bound;
  const ast::Expr& call = strip_per(whole);
  const std::optional<vocab::Draw> draw = m_.sema(call).function ? vocab::as_draw(*m_.sema(call).function) : std::nullopt;
  double per = 1;  // `uniform(...) per day`: base-unit conversion of the trailing `per`
  for (const ast::Expr* p = &whole; p->kind == ast::ExprKind::Per; p = p->kids[0].get())
    for (const auto& u : p->units)
      if (auto info = sema::builtin_unit(u.name)) per *= std::pow(info->scale, u.power);
  int v = -1;
  if (!draw) {
    v = expr(whole);
    per = 1;
  } else {
    switch (*draw) {
      case vocab::Draw::Uniform: {
        int a = expr(*call.kids[1]), b = expr(*call.kids[2]);
        int u = emit(Op::Uniform, -1, -1, -1, static_cast<std::uint32_t>(stream(d.name)));
        v = add(a, mul(sub(b, a), u));
        break;
      }
      case vocab::Draw::Normal: {
        int mu = expr(*call.kids[1]);
        int sd = within_domain(*call.kids[2], expr(*call.kids[2]), vocab::kNormalSdDomain, "the standard deviation of normal(...)");
        v = add(mu, mul(sd, emit(Op::Normal, -1, -1, -1, static_cast<std::uint32_t>(stream(d.name)))));
        break;
      }
      case vocab::Draw::Choice: {
        // Base case: the mean of the options; a scenario picks one at random.
        std::size_t n = call.kids.size() - 1;
        int u = emit(Op::Uniform, -1, -1, -1, static_cast<std::uint32_t>(stream(d.name)));
        int idx = emit(Op::Floor, mul(u, k(static_cast<double>(n))));
        int pick = expr(*call.kids[n]);
        for (std::size_t i = n - 1; i >= 1; --i) pick = sel(emit(Op::Lt, idx, k(static_cast<double>(i))), expr(*call.kids[i]), pick);
        int mean = k(0);
        for (std::size_t i = 1; i <= n; ++i) mean = add(mean, expr(*call.kids[i]));
        mean = div(mean, k(static_cast<double>(n)));
        v = sel(emit(Op::Scenario), pick, mean);
        break;
      }
    }
  }
  if (per != 1) v = div(v, k(per));
  store(s, v);
  return v;
}

// lognormal: x' = x (1+drift)^dt exp(vol sqrt(dt) Z - vol^2 dt / 2) (1+size)^N
// vasicek / mean_reverting: exact discretisation of dx = speed (mean - x) dt + vol dW.
// cir: Euler with full truncation of dr = speed (mean - r) dt + vol sqrt(r) dW.
// The base case has Z = 0, N = 0 and no convexity term: the expected path
// of the diffusion without jumps.
//
// path(CURVE) and csv(...) are known before the run: read from a table each
// period, with no state, no random stream and so no shock.
int Lowerer::factor_value(EntityId id, M member) {
  auto& f = ent(id);
  const ast::Expr& call = *f.bound;
  const bool at_start = member == M::Start || in_init_;
  const vocab::Process process = factor_process(id);
  switch (process) {
    case vocab::Process::Path:  // sema left the curve's entity on the argument
      return curve_at(m_.sema(*call.kids[1]).entity, at_start ? k(0) : ctx(ContextField::MonthsAtEnd));
    case vocab::Process::Csv: {
      auto vec = m_.factor_vectors.find(id);
      if (vec == m_.factor_vectors.end() || vec->second.empty())
        fail(DiagCode::Unsupported, f.span, "internal: a csv factor reached lowering without its values; please report the deal file");
      int v;
      if (at_start) {
        v = k(vec->second.front());
      } else {
        // Row t at x = t: exact at every period, flat after the last row.
        const std::string key = "csv:" + f.name;  // `:` keeps it apart from curve names
        auto it = curves_.find(key);
        if (it == curves_.end()) {
          CurveTable t{f.name + " (csv)", {}, vec->second};
          for (std::size_t i = 0; i < t.y.size(); ++i) t.x.push_back(static_cast<double>(i + 1));
          mod_.curves.push_back(std::move(t));
          it = curves_.emplace(key, static_cast<int>(mod_.curves.size() - 1)).first;
        }
        v = emit(Op::Curve, ctx(ContextField::PeriodNumber), -1, -1, static_cast<std::uint32_t>(it->second));
      }
      const ast::Expr* scale = arg_of(m_, call, vocab::ParamId::Scale);
      return scale ? mul(v, expr(*scale)) : v;
    }
    case vocab::Process::Lognormal:
    case vocab::Process::Vasicek:
    case vocab::Process::MeanReverting:
    case vocab::Process::Cir: break;  // stochastic: below
  }
  const ast::Expr* start = arg_of(m_, call, vocab::ParamId::Start);
  if (at_start) return param_in_domain(call, vocab::ParamId::Start, *start, expr(*start));
  int s = slot(f.name);
  int x = load(s);
  int dt = ctx(ContextField::YearFraction);
  int z = factor_shock(id);
  int stochastic = emit(Op::Scenario);
  int vol = param_in_domain(call, vocab::ParamId::Vol, *arg_of(m_, call, vocab::ParamId::Vol), expr(*arg_of(m_, call, vocab::ParamId::Vol)));
  int sqdt = emit(Op::Sqrt, dt);
  int next = -1;
  switch (process) {
    case vocab::Process::Lognormal: {
      int drift = param_in_domain(call, vocab::ParamId::Drift, *arg_of(m_, call, vocab::ParamId::Drift), expr(*arg_of(m_, call, vocab::ParamId::Drift)));
      int growth = emit(Op::Pow, add(k(1), drift), dt);
      int diffusion = emit(Op::Exp, sub(mul(mul(vol, sqdt), z), mul(stochastic, mul(k(0.5), mul(mul(vol, vol), dt)))));
      next = mul(mul(x, growth), diffusion);
      if (f.decl->jump_rate) {
        const ast::Expr& rate = *f.decl->jump_rate->kids[1];
        int lambda = within_domain(rate, expr(rate), vocab::kIntensityDomain, "the rate of poisson(...)");
        int count = emit(Op::Poisson, mul(lambda, dt), -1, -1, static_cast<std::uint32_t>(stream(f.name + ".jumps")));
        int size = within_domain(*f.decl->jump_size, expr(*f.decl->jump_size), vocab::kJumpSizeDomain, "the size of `" + f.name + "`'s jumps");
        next = mul(next, emit(Op::Pow, add(k(1), size), count));
      }
      break;
    }
    case vocab::Process::Vasicek:
    case vocab::Process::MeanReverting: {
      int mean = param_in_domain(call, vocab::ParamId::Mean, *arg_of(m_, call, vocab::ParamId::Mean), expr(*arg_of(m_, call, vocab::ParamId::Mean)));
      int speed = param_in_domain(call, vocab::ParamId::Speed, *arg_of(m_, call, vocab::ParamId::Speed), expr(*arg_of(m_, call, vocab::ParamId::Speed)));
      int decay = emit(Op::Exp, emit(Op::Neg, mul(speed, dt)));
      int exact = emit(Op::Sqrt, div(sub(k(1), mul(decay, decay)), mul(k(2), speed)));
      int sd = mul(vol, sel(emit(Op::Gt, speed, k(1e-12)), exact, sqdt));  // speed 0: a plain random walk
      next = add(add(mean, mul(sub(x, mean), decay)), mul(sd, z));
      if (const ast::Expr* lo = arg_of(m_, call, vocab::ParamId::Min)) next = max(next, expr(*lo));
      if (const ast::Expr* hi = arg_of(m_, call, vocab::ParamId::Max)) next = min(next, expr(*hi));
      break;
    }
    case vocab::Process::Cir: {
      // Euler with full truncation (Lord, Koekkoek and van Dijk 2010): the
      // state may dip below zero; its positive part drives the drift and
      // the diffusion, and the factor's value is the positive part. With
      // Z = 0 it is r + a (b - r) dt each period: b + (r0 - b)(1 - a dt)^t.
      int mean = param_in_domain(call, vocab::ParamId::Mean, *arg_of(m_, call, vocab::ParamId::Mean), expr(*arg_of(m_, call, vocab::ParamId::Mean)));
      int speed = param_in_domain(call, vocab::ParamId::Speed, *arg_of(m_, call, vocab::ParamId::Speed), expr(*arg_of(m_, call, vocab::ParamId::Speed)));
      int pos = max(x, k(0));
      next = add(add(x, mul(mul(speed, sub(mean, pos)), dt)), mul(mul(vol, mul(emit(Op::Sqrt, pos), sqdt)), z));
      store(s, next);
      return max(next, k(0));
    }
    case vocab::Process::Path:
    case vocab::Process::Csv: fail(DiagCode::Unsupported, f.span, "internal: a deterministic factor reached the stochastic step");
  }
  store(s, next);
  return next;
}

int Lowerer::fleet_value(EntityId id, M member) {
  auto& f = ent(id);
  int liq = in_init_ ? k(0) : load(slot(f.name + ".liquidated"));
  int alive = sub(k(1), liq);
  switch (member) {
    case M::Liquidated: return liq;
    case M::Age: return in_init_ ? k(0) : ctx(ContextField::MonthsAtEnd);
    case M::Cost: return prop_in_domain(id, P::Cost, *prop_expr(id, P::Cost), expr(*prop_expr(id, P::Cost)));
    case M::Units: {
      int units = prop_in_domain(id, P::Units, *prop_expr(id, P::Units), expr(*prop_expr(id, P::Units)));
      // A paced sale under way: the units still unsold (lower_sale.cpp).
      if (paced_sale(id) && !in_init_) return sel(liq, load(slot(f.name + ".unsold")), units);
      return mul(units, alive);
    }
    case M::BookValue:
    case M::Delivered:
    case M::Capex: return fleet_delivery(id, member);  // lower_deliveries.cpp
    case M::SaleProceeds:
      if (in_init_) return k(0);
      waterfall();
      return sale_proceeds_.count(id) ? sale_proceeds_[id] : k(0);
    case M::Value:
    case M::None:
      // A paced sale's value is read with `units` as the units unsold.
      if (const ast::Expr* e = prop_expr(id, P::Value)) return paced_sale(id) ? expr(*e) : mul(expr(*e), alive);
      return value(id, M::BookValue);
    default: break;
  }
  fail(DiagCode::UnknownMember, f.span, fmt::format("internal: fleet member `{}`", vocab::word(member)));
}

// What a forced sale of the whole fleet raises this period. `fire_sale(depth
// D, discount d)`: the market absorbs D units a month at value; each further
// block of D units fetches (1-d) times the block before, so n = units/D
// blocks raise D (1-q^k)/(1-q) + D r q^k unit-values (k whole blocks, r the
// remainder, q = 1-d) out of n D.
int Lowerer::liquidation_proceeds(EntityId id) {
  auto& a = ent(id);
  if (a.kind == EntityKind::Holding) {
    int v = value(id, M::Value);
    if (const ast::Expr* s = prop_expr(id, P::Slippage)) v = mul(v, sub(k(1), prop_in_domain(id, P::Slippage, *s, expr(*s))));
    return v;
  }
  if (paced_sale(id)) return sale_blocks_.at(id).proceeds;  // the first block (lower_sale.cpp)
  int v = value(id, M::Value);
  const auto* l = prop(id, P::Liquidate);
  if (!l || l->option() != vocab::Liquidate::FireSale) return v;  // orderly: at value
  // fire_sale(depth: D, discount: P): sema resolved D and P.
  const ast::Expr& call = *l->decl->clauses[0].value;
  int depth = mul(param_in_domain(call, vocab::ParamId::Depth, *l->clauses[0].value, expr(*l->clauses[0].value)), ctx(ContextField::Months));
  int disc = param_in_domain(call, vocab::ParamId::Discount, *l->clauses[0].second, expr(*l->clauses[0].second));
  int units = value(id, M::Units);
  int q = sub(k(1), disc);
  int n = div(units, depth);
  int whole = emit(Op::Floor, n);
  int rest = sub(n, whole);
  int qk = emit(Op::Pow, q, whole);
  int blocks = add(div(sub(k(1), qk), max(disc, k(1e-300))), mul(rest, qk));
  int share = div(blocks, n);
  share = sel(emit(Op::Le, disc, k(0)), k(1), share);
  share = sel(emit(Op::Le, n, k(1)), k(1), share);
  return mul(v, share);
}

int Lowerer::holding_value(EntityId id, M member) {
  auto& h = ent(id);
  int liq = in_init_ ? k(0) : load(slot(h.name + ".liquidated"));
  if (member == M::Liquidated) return liq;
  int units = mul(prop_in_domain(id, P::Units, *prop_expr(id, P::Units), expr(*prop_expr(id, P::Units))), sub(k(1), liq));
  if (member == M::Units) return units;
  int price = expr(*prop_expr(id, P::Price));
  if (member == M::Price) return price;
  return mul(units, price);
}

// A lease's `downtime` or `recovery_lag` in whole periods (sema checked that
// the months are a whole number of periods, up to 120); `fallback` months
// when the lease does not state it.
int Lowerer::lease_periods(EntityId id, P delay, double fallback) {
  const ast::Expr* e = prop_expr(id, delay);
  double months = e ? literal(*e) : fallback;
  return static_cast<int>(std::ceil(months / m_.deal.months_per_period));
}

// Lease rent, in expectation over the lessee's default (docs/language.md,
// Leases). Per leased unit, with p the performing share at the period's end
// and p_D the share that was performing `downtime` periods earlier:
//   inside the term: p earns the contract rent r, the p_D - p in downtime
//   earn nothing, the 1 - p_D re-leased earn min(market, r);
//   after the term: everything earns the market rate;
//   lost = r - what the unit earned, inside the term, when the lease has a
//   term and a default: REC of it is recovered `recovery_lag` later.
// Nothing a default pays can exceed what the contract would have: the
// recovery is at most the rent lost, and it comes later.
int Lowerer::lease_value(EntityId id, M member) {
  auto& l = ent(id);
  EntityId fleet = l.fleet;
  int fleet_liq = in_init_ ? k(0) : load(slot(ent(fleet).name + ".liquidated"));
  int units = prop_expr(id, P::Units) ? prop_in_domain(id, P::Units, *prop_expr(id, P::Units), expr(*prop_expr(id, P::Units)))
                                      : prop_in_domain(fleet, P::Units, *prop_expr(fleet, P::Units), expr(*prop_expr(fleet, P::Units)));
  units = mul(units, sub(k(1), fleet_liq));
  if (member == M::Units) return units;
  const auto* d = prop(id, P::Default);
  if (member == M::Performing) return lease_performing(id);
  if (member == M::PerformingBeforeDowntime) {
    int D = lease_periods(id, P::Downtime, 0);
    int n = d ? D + release_history(id) : 0;  // re-leasing reads further back (lower_release.cpp)
    int p = value(id, M::Performing);
    if (!d || n == 0 || in_init_) {
      lease_ago_[id] = std::vector<int>(static_cast<std::size_t>(n + 1), p);
      return p;
    }
    // A delay line: slot i holds the performing share i periods ago.
    std::vector<int> line;
    for (int i = 1; i <= n; ++i) line.push_back(load(slot(fmt::format("{}.performing_ago_{}", l.name, i))));
    store(slot(fmt::format("{}.performing_ago_1", l.name)), p);
    for (int i = 2; i <= n; ++i) store(slot(fmt::format("{}.performing_ago_{}", l.name, i)), line[static_cast<std::size_t>(i - 2)]);
    lease_ago_[id] = {p};
    lease_ago_[id].insert(lease_ago_[id].end(), line.begin(), line.end());
    return D == 0 ? p : line[static_cast<std::size_t>(D - 1)];
  }
  const auto* rent = prop(id, P::Rent);
  int util = prop_expr(id, P::Utilization) ? prop_in_domain(id, P::Utilization, *prop_expr(id, P::Utilization), expr(*prop_expr(id, P::Utilization))) : k(1);
  // Rent is money per unit per time; the period integrates it in that time
  // unit (hours for USD/gpu/h, months for USD/gpu/month, ...).
  const ast::Expr& rent0 = *rent->value();
  const auto units_dim = m_.type_of(*(prop_expr(id, P::Units) ? prop_expr(id, P::Units) : prop_expr(fleet, P::Units))).dim;
  int length = period_length(sema::flow_base(sema::dim_mul(m_.type_of(rent0).dim, units_dim), m_.deal.currency));
  int r = prop_in_domain(id, P::Rent, *rent->value(), expr(*rent->value()));
  const auto* then = rent->clause(vocab::Rent::Then);  // `, then MARKET`
  int market = then ? option_in_domain(id, P::Rent, vocab::Rent::Then, *then->value, expr(*then->value)) : k(0);
  int m0 = ctx(ContextField::MonthsAtStart), m1 = ctx(ContextField::MonthsAtEnd);
  if (const ast::Expr* esc = prop_expr(id, P::Escalator))
    r = mul(r, emit(Op::Pow, add(k(1), prop_in_domain(id, P::Escalator, *esc, expr(*esc))), emit(Op::Floor, div(m0, k(12)))));
  int in_term = k(1);
  const bool has_term = rent->clauses[0].for_value != nullptr;
  if (has_term) {
    const ast::Expr& for_term = *rent->clauses[0].for_value;
    int term = within_domain(for_term, months_of(for_term), vocab::Domain::Positive, fmt::format("the term of `{}`'s rent", l.name));
    in_term = max(k(0), min(k(1), div(sub(term, m0), sub(m1, m0))));
  }
  if (d && (prop(id, P::Ramp) || prop(id, P::Remarketing))) {  // lower_release.cpp
    Release rel = lease_release(id, units, util, length, r, market, in_term);
    if (member == M::RentDue) return rel.rent_due;
    if (member == M::Lost) return has_term ? rel.lost : k(0);
    if (member == M::RemarketingCost) return rel.fee;
    if (member == M::Collections) return add(rel.rent_due, value(id, M::Recovery));
  } else if (member == M::RemarketingCost) {
    return k(0);
  }
  int base = mul(mul(units, util), length);
  int contract = r;  // per unit inside the term
  if (d) {
    int p = value(id, M::Performing), p_before = value(id, M::PerformingBeforeDowntime);
    int released = min(market, r);  // never more than the contract it replaces
    contract = add(mul(p, r), mul(sub(k(1), p_before), released));
  }
  int rate = add(mul(in_term, contract), mul(sub(k(1), in_term), market));
  int rent_due = mul(base, rate);
  if (member == M::RentDue) return rent_due;
  if (member == M::Lost) return d && has_term ? mul(mul(base, in_term), sub(r, contract)) : k(0);
  if (member == M::Recovery) {
    if (!d || !has_term || in_init_) return k(0);
    int rec = k(0);
    if (const auto* c = d->clause(vocab::LeaseDefault::Recovery)) rec = expr(*c->value);
    int due = mul(rec, value(id, M::Lost));
    int lag = lease_periods(id, P::RecoveryLag, kLeaseRecoveryLagMonths);
    if (lag == 0) return due;
    // A delay line: slot i holds what arrives i periods from now.
    std::vector<int> line;
    for (int i = 1; i <= lag; ++i) line.push_back(load(slot(fmt::format("{}.recovery_due_in_{}", l.name, i))));
    for (int i = 1; i < lag; ++i) store(slot(fmt::format("{}.recovery_due_in_{}", l.name, i)), line[static_cast<std::size_t>(i)]);
    store(slot(fmt::format("{}.recovery_due_in_{}", l.name, lag)), due);
    return line.front();
  }
  return add(rent_due, value(id, M::Recovery));  // collections
}

// The lessee's performing share at the period's end. The cumulative hazard
// H_t = H_{t-1} + h_t x year_fraction_t integrates any hazard expression
// (constant, a schedule, a market factor) over the schedule; the base case
// weights by the survival exp(-H_t), a scenario has the lessee perform while
// H_t is below its drawn unit-exponential threshold. h >= 0 makes H
// non-decreasing, so a default is absorbing.
int Lowerer::lease_performing(EntityId id) {
  auto& l = ent(id);
  const auto* d = prop(id, P::Default);
  if (!d || in_init_) return k(1);
  const ast::Expr* h_expr = nullptr;
  const ast::Expr* rec_expr = nullptr;
  for (const auto& c : d->clauses) {
    if (c.keyword == vocab::LeaseDefault::Hazard) h_expr = c.value;
    if (c.keyword == vocab::LeaseDefault::Recovery) rec_expr = c.value;
  }
  auto refuse = [&](const ast::Expr& e, const std::string& msg, const char* hint) {
    diags_.error(DiagCode::WrongUnit, e.span, msg).hints.push_back(hint);
    throw LowerError{};
  };
  if (auto h = constant(*h_expr); h && !(*h >= 0))
    refuse(*h_expr, fmt::format("the default hazard of `{}` is {}% per year; a hazard is a rate of default, 0 or more", l.name, *h * 100),
           "a lessee that cannot default has no `default`; one that can has a hazard such as `4% per year`");
  int hazard = expr(*h_expr);
  check(k(0), hazard, fmt::format("the default hazard of `{}` is not negative", l.name), h_expr->span, true);
  if (rec_expr) {
    if (auto rc = constant(*rec_expr); rc && !(*rc >= 0 && *rc <= 1))
      refuse(*rec_expr, fmt::format("the recovery of `{}` is {}%; it is a share of the rent lost, between 0% and 100%", l.name, *rc * 100),
             "write the share of the lost rent the lessor recovers, such as `25%`");
    int rec = expr(*rec_expr);
    check(k(0), rec, fmt::format("the recovery of `{}` is not negative", l.name), rec_expr->span, true);
    check(rec, k(1), fmt::format("the recovery of `{}` is at most 100%", l.name), rec_expr->span, true);
  }
  if (auto fixed = stressed_performing(id)) return *fixed;  // a named stress's default time (lower_stress.cpp)
  const int plain = mul(hazard, ctx(ContextField::YearFraction));
  int increment = plain;
  // `copula BETA on FACTOR` (lower_credit.cpp): in a scenario the period's
  // increment is -ln(1 - q(Z)), q = 1 - exp(-h yf) its default probability.
  if (auto loading = market_loading(id, P::Default)) {
    int q = sub(k(1), emit(Op::Exp, emit(Op::Neg, increment)));
    increment = emit(Op::Neg, emit(Op::Log, sub(k(1), loaded_probability(*loading, q))));
    increment = sel(emit(Op::Scenario), increment, plain);  // the base case: exp(-H), the mean over the shocks
  }
  int cumulative = add(load(slot(l.name + ".hazard")), increment);
  store(slot(l.name + ".hazard"), cumulative);
  int threshold = load(slot(l.name + ".default_time"));
  return sel(emit(Op::Scenario), emit(Op::Lt, cumulative, threshold), emit(Op::Exp, emit(Op::Neg, cumulative)));
}

// A lessee's default threshold, drawn once per scenario: E = -ln(Phi(-X))
// is a unit exponential, so the lessee defaults in the period where its
// cumulative hazard H first reaches E (P(default by t) = 1 - exp(-H_t)). X is
// the lessee's own normal, or with `copula RHO` sqrt(RHO) M + sqrt(1 - RHO) e
// with M one systemic normal shared by every lessee of the deal (a
// one-factor Gaussian copula: RHO is the asset correlation).
int Lowerer::default_threshold(EntityId id) {
  auto& l = ent(id);
  int x = emit(Op::Normal, -1, -1, -1, static_cast<std::uint32_t>(stream(l.name + ".default")));
  for (const auto& c : prop(id, P::Default)->clauses)
    if (c.keyword == vocab::LeaseDefault::Copula && !c.on_value) {  // `copula BETA on FACTOR`: lower_credit.cpp
      int rho = option_in_domain(id, P::Default, c.keyword, *c.value, expr(*c.value));
      int systemic = emit(Op::Normal, -1, -1, -1, static_cast<std::uint32_t>(stream("copula")));
      x = add(mul(emit(Op::Sqrt, rho), systemic), mul(emit(Op::Sqrt, sub(k(1), rho)), x));
    }
  return emit(Op::Neg, emit(Op::Log, emit(Op::NormCdf, emit(Op::Neg, x))));
}

int Lowerer::collections() {
  int total = k(0);
  for (EntityId id : m_.order) {
    auto kind = ent(id).kind;
    if (kind == EntityKind::Lease || kind == EntityKind::Loan || kind == EntityKind::Receivables)
      total = add(total, value(id, M::Collections));
  }
  return total;
}

}  // namespace sluice::ir
