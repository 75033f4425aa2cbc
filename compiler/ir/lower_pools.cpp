// Asset pools (`loan`, `receivables`) under SIFMA's Standard Formulas
// (Uniform Practices, chapter SF, C.3, SF-17 to SF-19): prepayment as CPR,
// SMM, a PSA ramp or the ABS convention; default as CDR, MDR or an SDA
// curve; loss severity and a recovery lag; servicer advancing.
//
// Each period, with B the opening performing balance (SF-17/18):
//   defaults     D = B x MDR (none in the last `recovery_lag` months of the
//                term: a loan that defaulted then could not be liquidated
//                before the pool matures);
//   scheduled    the schedule's principal of the loans still performing, B - D;
//   prepayments  SMM x (B - the schedule's principal of B): taken on the
//                performing balance BEFORE the period's defaults;
//   interest     (B - D) x rate x year fraction.
// A default enters foreclosure and is liquidated `recovery_lag` later at its
// amortized balance: the loss is severity x the balance at default (at most
// what is left), the recovery the rest. With `advancing
// principal_and_interest` the servicer advances the defaulted loans'
// scheduled principal (they amortize in foreclosure) and interest until
// liquidation; with `interest`, the interest only. At the horizon the pool
// is sold: everything still in foreclosure is liquidated then.
// tests/sifma ties these out to SIFMA's Cash Flows A and B month by month.
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {

// A period rate from an annual one: 1 - (1 - annual)^(months / 12).
int deannualize(Lowerer& L, int annual) {
  return L.sub(L.k(1), L.emit(Op::Pow, L.sub(L.k(1), annual), L.div(L.ctx(ContextField::Months), L.k(12))));
}
// A period rate from a monthly one: 1 - (1 - monthly)^months.
int from_monthly(Lowerer& L, int monthly) {
  return L.sub(L.k(1), L.emit(Op::Pow, L.sub(L.k(1), monthly), L.ctx(ContextField::Months)));
}

// The ABS convention (auto and equipment receivables): a share S of the
// ORIGINAL number of receivables prepays each month, so month m of the
// loans' life has SMM_m = S / (1 - S x (m - 1)). Over the months a0+1 ..
// a0+n of a period the survival product telescopes:
//   prod (1 - SMM_m) = (1 - S x (a0 + n)) / (1 - S x a0),
// so the period rate is S x n / (1 - S x a0): exact for any period length.
// Once S x age reaches 1 every original receivable has prepaid: rate 1.
int abs_rate(Lowerer& L, int speed, int age_at_start) {
  int left = L.sub(L.k(1), L.mul(speed, age_at_start));  // share of the original count not yet prepaid
  int rate = L.div(L.mul(speed, L.ctx(ContextField::Months)), left);
  return L.sel(L.emit(Op::Gt, left, L.k(0)), L.min(rate, L.k(1)), L.k(1));
}

// What a rate function's argument is, for messages, and the largest rate
// it gives per unit of argument (a ramp's argument is a multiple of its
// curve, so 150% PSA is a CPR of 9% at the ramp's peak).
struct RateForm {
  const char* what;
  double peak;
};
RateForm rate_form(vocab::Option f) {
  switch (f) {
    case vocab::Prepayment::Cpr: return {"the annual prepayment rate (CPR)", 1};
    case vocab::Prepayment::Smm: return {"the monthly prepayment rate (SMM)", 1};
    case vocab::Prepayment::Abs: return {"the ABS speed (the share of the original receivables prepaying a month)", 1};
    case vocab::Prepayment::Psa: return {"the CPR at the PSA ramp's peak (P x 6%)", 0.06};
    case vocab::PoolDefault::Cdr: return {"the annual default rate (CDR)", 1};
    case vocab::PoolDefault::Mdr: return {"the monthly default rate (MDR)", 1};
    default: return {"the CDR at the SDA curve's peak (P x 0.6%)", 0.006};  // sda
  }
}

}  // namespace

// A rate or share (x `scale`) that must lie in [0, 1]: refused now when it
// is fixed before the run, else checked each period at its expression.
static void in_domain(Lowerer& L, const ast::Expr& e, int v, double scale, const std::string& what, const std::string& pool) {
  if (auto c = L.constant(e)) {
    double x = *c * scale;
    if (x >= 0 && x <= 1) return;
    auto& d = L.diags_.error(DiagCode::OutOfDomain, e.span, fmt::format("`{}`: {} is {:g}%, outside 0% to 100%", pool, what, x * 100));
    d.hints.push_back("a rate is a share of a balance: a period cannot take less than none of it or more than all of it");
    throw LowerError{};
  }
  int x = scale == 1 ? v : L.mul(v, L.k(scale));
  L.check(L.k(0), x, fmt::format("`{}`: {} is not below 0%", pool, what), e.span, true);
  L.check(x, L.k(1), fmt::format("`{}`: {} is not above 100%", pool, what), e.span, true);
}

// The period rate of `prepayment` or `default` (-1 when the pool has none).
// The property's option is the convention; its value the call's argument.
static int period_rate(Lowerer& L, EntityId id, P prop, int age, int age_at_start) {
  vocab::Option f = vocab::Option::None;
  const ast::Expr* arg = L.stressed_rate(id, prop, f);  // the pool's own, or a stress's (lower_stress.cpp)
  if (!arg) return -1;
  int x = L.expr(*arg);
  RateForm form = rate_form(f);
  in_domain(L, *arg, x, form.peak, form.what, L.ent(id).name);
  if (f == vocab::Prepayment::Cpr || f == vocab::PoolDefault::Cdr) return deannualize(L, x);
  if (f == vocab::Prepayment::Smm || f == vocab::PoolDefault::Mdr) return from_monthly(L, x);
  if (f == vocab::Prepayment::Abs) return abs_rate(L, x, age_at_start);
  if (f == vocab::Prepayment::Psa) return deannualize(L, L.mul(x, L.mul(L.k(0.06), L.div(L.min(age, L.k(30)), L.k(30)))));  // 100% PSA: 6% CPR from month 30
  // sda: SIFMA's standard default curve, scaled by x (100% SDA)
  int up = L.mul(L.k(0.0002), age);
  int down = L.sub(L.k(0.006), L.mul(L.k(0.000095), L.sub(age, L.k(60))));
  int cdr = L.sel(L.emit(Op::Le, age, L.k(30)), up,
                  L.sel(L.emit(Op::Le, age, L.k(60)), L.k(0.006), L.sel(L.emit(Op::Le, age, L.k(120)), down, L.k(0.0003))));
  return deannualize(L, L.mul(x, cdr));
}

int Lowerer::pool_value(EntityId id, M member) {
  auto& p = ent(id);
  if (in_init_) return expr(*prop_expr(id, P::Balance));
  const std::string& n = p.name;
  int bal = load(slot(n + ".balance"));
  if (member == M::Balance) return bal;
  // The loans' age: months from `start` plus `age` (seasoned loans ramp
  // from their own age, not the deal's start).
  int seasoning = k(0);
  if (const ast::Expr* a = prop_expr(id, P::Age)) {
    seasoning = months_of(*a);
    if (auto c = constant(*a); c && !(*c >= 0)) {
      auto& d = diags_.error(DiagCode::OutOfDomain, a->span, fmt::format("`{}`: the loans' age is below zero", n));
      d.hints.push_back("`age` is how old the loans are at `start`: `age 24 months`, or leave it out for new loans");
      throw LowerError{};
    }
    if (!constant(*a)) check(k(0), seasoning, fmt::format("`{}`: the loans' age is not below zero", n), a->span, true);
  }
  int age = add(ctx(ContextField::MonthsAtEnd), seasoning);
  int age_at_start = add(ctx(ContextField::MonthsAtStart), seasoning);

  const bool defaulting = prop(id, P::Default) != nullptr, prepaying = prop(id, P::Prepayment) != nullptr;
  const vocab::Option advancing = option(id, P::Advancing);  // None when absent: `advancing none`
  const bool advance_interest = advancing == vocab::Advancing::Interest || advancing == vocab::Advancing::PrincipalAndInterest;
  const bool advance_principal = advancing == vocab::Advancing::PrincipalAndInterest;
  int lag = 0;  // periods from default to liquidation
  if (const ast::Expr* l = prop_expr(id, P::RecoveryLag)) lag = static_cast<int>(literal(*l) / m_.deal.months_per_period);

  // Defaults, none in the term's last `lag` periods (SIFMA: MDR 0 in months
  // 349-360 of a 360-month pool with a 12-month lag).
  int d = defaulting ? period_rate(*this, id, P::Default, age, age_at_start) : k(0);
  // `default cdr(R), copula BETA on FACTOR`: in a scenario the period's rate
  // is Vasicek's conditional default rate given the factor's shock
  // (lower_credit.cpp); its mean over the shock is the rate itself.
  if (defaulting)
    if (auto loading = market_loading(id, P::Default)) d = loaded_probability(*loading, d);
  if (defaulting && lag > 0)
    if (const auto a = option(id, P::Amortization); a == vocab::Amortization::Level || a == vocab::Amortization::Linear) {
      int last_default = sub(months_of(*prop_expr(id, P::Amortization)), k(lag * m_.deal.months_per_period));
      d = sel(emit(Op::Gt, ctx(ContextField::MonthsAtEnd), last_default), k(0), d);
    }
  int defaults = defaulting ? mul(bal, d) : k(0);
  int performing = defaulting ? sub(bal, defaults) : bal;
  int annual = annual_rate(*this, id, P::Rate);
  int interest = mul(mul(performing, annual), ctx(ContextField::YearFraction));  // as a tranche's interest
  int orig = load(slot(n + ".original"));
  int period_i = mul(annual, ctx(ContextField::YearFraction));
  int scheduled = principal_due(*this, id, performing, orig, period_i);
  // Prepayments (SF-17): SMM x (B - the schedule's principal of B), on the
  // performing balance before this period's defaults; never more than the
  // performing loans have left after their scheduled principal.
  int s = prepaying ? period_rate(*this, id, P::Prepayment, age, age_at_start) : k(0);
  int prepaid = k(0);
  if (prepaying) {
    int before_defaults = defaulting ? principal_due(*this, id, bal, orig, period_i) : scheduled;
    prepaid = min(mul(sub(bal, before_defaults), s), sub(performing, scheduled));
  }
  int end = sub(performing, scheduled);
  if (prepaying) end = sub(end, prepaid);

  // Foreclosure: bucket j (1..lag) holds the defaults liquidated j periods
  // from now, at their amortized balance and at their balance at default.
  int severity = k(1);
  if (const ast::Expr* sv = prop_expr(id, P::Severity)) {
    severity = expr(*sv);
    in_domain(*this, *sv, severity, 1, "the loss severity", n);
  }
  int in_foreclosure = k(0), liquidated = defaults, losses = k(0), recoveries = k(0);
  int lost_interest = k(0), advanced_principal = k(0);
  if (defaulting) {
    std::vector<int> amortized(static_cast<std::size_t>(lag) + 1), at_default(static_cast<std::size_t>(lag) + 1);
    for (int j = 1; j <= lag; ++j) {
      amortized[static_cast<std::size_t>(j)] = load(slot(fmt::format("{}.foreclosure_{}", n, j)));
      at_default[static_cast<std::size_t>(j)] = load(slot(fmt::format("{}.defaulted_{}", n, j)));
    }
    int held = k(0), amortizing = k(0);  // all in foreclosure at the open; those not liquidated now
    for (int j = 1; j <= lag; ++j) {
      held = add(held, amortized[static_cast<std::size_t>(j)]);
      if (j > 1) amortizing = add(amortizing, amortized[static_cast<std::size_t>(j)]);
    }
    // The interest the defaulted loans do not pay (SIFMA's interest lost:
    // those liquidated this period included).
    lost_interest = mul(mul(add(held, defaults), annual), ctx(ContextField::YearFraction));
    // Loans in foreclosure amortize on the pool's schedule when the servicer
    // advances principal: the schedule's share of everything still on the
    // books (performing and amortizing in foreclosure), before the horizon rule.
    int keep = k(1);
    if (advance_principal && lag > 0) {
      int books = add(bal, amortizing);
      amortizing = add(amortizing, defaults);
      int share = div(scheduled_principal(*this, id, books, orig, period_i), books);
      share = sel(emit(Op::Gt, books, k(0)), max(k(0), min(share, k(1))), k(0));
      advanced_principal = mul(share, amortizing);
      keep = sub(k(1), share);
    }
    auto after = [&](int v) { return advance_principal && lag > 0 ? mul(v, keep) : v; };
    // Liquidation at the amortized balance; the loss is severity x the
    // balance at default, at most what is left (SIFMA's late months).
    auto loss_of = [&](int amort, int orig_bal) { return min(mul(orig_bal, severity), amort); };
    if (lag == 0) {
      losses = mul(defaults, severity);
      recoveries = sub(defaults, losses);
    } else {
      int is_last = ctx(ContextField::IsLast);
      liquidated = amortized[1];
      losses = loss_of(amortized[1], at_default[1]);
      // At the horizon the pool is sold: the rest of foreclosure and this
      // period's defaults are liquidated too, after this period's advances.
      int rest_bal = after(defaults), rest_loss = loss_of(after(defaults), defaults);
      for (int j = 2; j <= lag; ++j) {
        int b = after(amortized[static_cast<std::size_t>(j)]);
        rest_bal = add(rest_bal, b);
        rest_loss = add(rest_loss, loss_of(b, at_default[static_cast<std::size_t>(j)]));
      }
      liquidated = add(liquidated, mul(is_last, rest_bal));
      losses = add(losses, mul(is_last, rest_loss));
      recoveries = sub(liquidated, losses);
      for (int j = 1; j < lag; ++j) {
        int b = after(amortized[static_cast<std::size_t>(j) + 1]);
        store(slot(fmt::format("{}.foreclosure_{}", n, j)), b);
        store(slot(fmt::format("{}.defaulted_{}", n, j)), at_default[static_cast<std::size_t>(j) + 1]);
        in_foreclosure = add(in_foreclosure, b);
      }
      store(slot(fmt::format("{}.foreclosure_{}", n, lag)), after(defaults));
      store(slot(fmt::format("{}.defaulted_{}", n, lag)), defaults);
      in_foreclosure = sel(is_last, k(0), add(in_foreclosure, after(defaults)));
    }
  }
  int advanced_interest = advance_interest ? lost_interest : k(0);
  int cash = add(interest, scheduled);
  if (prepaying) cash = add(cash, prepaid);
  if (defaulting) cash = add(cash, recoveries);
  if (defaulting && advance_interest) cash = add(cash, advanced_interest);
  if (defaulting && advance_principal) cash = add(cash, advanced_principal);

  // Every member is now built: later reads of this period reuse them.
  const std::pair<M, int> members[] = {
      {M::Interest, interest},           {M::Principal, scheduled},
      {M::Prepayments, prepaid},         {M::Defaults, defaults},
      {M::Losses, losses},               {M::Recoveries, recoveries},
      {M::EndBalance, end},              {M::Collections, cash},
      {M::InForeclosure, in_foreclosure}, {M::Liquidated, defaulting ? liquidated : k(0)},
      {M::InterestLost, lost_interest},  {M::AdvancedInterest, advanced_interest},
      {M::AdvancedPrincipal, advanced_principal}, {M::PrepaymentRate, s},
      {M::DefaultRate, d}};
  int result = cash;
  for (auto [name, reg] : members) {
    memo_[{id, name}] = reg;
    if (member == name) result = reg;
  }
  return result;
}

}  // namespace sluice::ir
