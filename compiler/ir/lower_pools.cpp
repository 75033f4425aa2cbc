// Asset pools (`loan`, `receivables`) with the SIFMA standard formulas:
// prepayment as CPR, SMM or a PSA ramp; default as CDR, MDR or an SDA curve;
// loss severity on defaulted balance and recoveries after a lag.
//
// Each period, in SIFMA's order: defaults are taken from the opening
// balance; the performing balance pays interest and its scheduled
// principal; prepayments are a share of what is left; recoveries of
// (1 - severity) of a period's defaults arrive `recovery_lag` later (all
// still due arrive at the horizon, when the pool is sold).
#include <fmt/format.h>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {

// The call in `prepayment psa(150%)`: its name and its one argument.
std::pair<std::string, const ast::Expr*> rate_call(const ast::Property* p) {
  if (!p || p->clauses.empty() || !p->clauses[0].value) return {"", nullptr};
  const ast::Expr& c = *p->clauses[0].value;
  return {c.kids[0]->text, c.kids[1].get()};
}

}  // namespace

// A period rate from an annual one: 1 - (1 - annual)^(months / 12).
static int deannualize(Lowerer& L, int annual) {
  return L.sub(L.k(1), L.emit(Op::Pow, L.sub(L.k(1), annual), L.div(L.ctx(ContextField::Months), L.k(12))));
}
// A period rate from a monthly one: 1 - (1 - monthly)^months.
static int from_monthly(Lowerer& L, int monthly) {
  return L.sub(L.k(1), L.emit(Op::Pow, L.sub(L.k(1), monthly), L.ctx(ContextField::Months)));
}

// The ABS convention (auto and equipment receivables): a share S of the
// ORIGINAL number of receivables prepays each month, so month m of the
// loans' life (age a0 at `start`) has SMM_m = S / (1 - S x (m - 1)). Over
// the months a0+1 .. a0+n of a period the survival product telescopes:
//   prod (1 - SMM_m) = (1 - S x (a0 + n)) / (1 - S x a0),
// so the period rate is S x n / (1 - S x a0): exact for any period length.
// Once S x (age) reaches 1 every original receivable has prepaid: rate 1.
static int abs_rate(Lowerer& L, int speed, int age_at_start) {
  int left = L.sub(L.k(1), L.mul(speed, age_at_start));  // share of the original count not yet prepaid
  int rate = L.div(L.mul(speed, L.ctx(ContextField::Months)), left);
  return L.sel(L.emit(Op::Gt, left, L.k(0)), L.min(rate, L.k(1)), L.k(1));
}

int Lowerer::pool_value(int id, const std::string& member) {
  auto& p = ent(id);
  if (in_init_) return expr(*prop_expr(id, "balance"));
  const std::string& n = p.name;
  int bal = load(slot(n + ".balance"));
  if (member == "balance") return bal;
  // The loans' age at the period's end: months from `start` plus `age`
  // (seasoned loans ramp from their own age, not the deal's start).
  int seasoning = prop_expr(id, "age") ? months_of(*prop_expr(id, "age")) : k(0);
  int age = add(ctx(ContextField::MonthsAtEnd), seasoning);
  // Default rate for the period.
  int d = k(0);
  if (auto [f, arg] = rate_call(prop(id, "default")); arg) {
    int x = expr(*arg);
    if (f == "cdr") d = deannualize(*this, x);
    else if (f == "mdr") d = from_monthly(*this, x);
    else {  // sda: SIFMA's standard default curve, scaled by x (100% SDA)
      int up = mul(k(0.0002), age);
      int down = sub(k(0.006), mul(k(0.000095), sub(age, k(60))));
      int cdr = sel(emit(Op::Le, age, k(30)), up, sel(emit(Op::Le, age, k(60)), k(0.006), sel(emit(Op::Le, age, k(120)), down, k(0.0003))));
      d = deannualize(*this, mul(x, cdr));
    }
  }
  const bool defaulting = prop(id, "default") != nullptr, prepaying = prop(id, "prepayment") != nullptr;
  int defaults = defaulting ? mul(bal, d) : k(0);
  int performing = defaulting ? sub(bal, defaults) : bal;
  int annual = annual_rate(*this, id, "rate");
  int interest = mul(mul(performing, annual), ctx(ContextField::YearFraction));  // as a tranche's interest
  int orig = load(slot(n + ".original"));
  int scheduled = principal_due(*this, id, performing, orig, mul(annual, ctx(ContextField::YearFraction)), "amortization");
  // Prepayment rate for the period.
  int s = k(0);
  if (auto [f, arg] = rate_call(prop(id, "prepayment")); arg) {
    int x = expr(*arg);
    if (f == "cpr") s = deannualize(*this, x);
    else if (f == "smm") s = from_monthly(*this, x);
    else if (f == "psa") s = deannualize(*this, mul(x, mul(k(0.06), div(min(age, k(30)), k(30)))));  // 100% PSA ramps to 6% CPR at month 30
    else s = abs_rate(*this, x, add(ctx(ContextField::MonthsAtStart), seasoning));
  }
  int prepaid = prepaying ? mul(sub(performing, scheduled), s) : k(0);
  int end = sub(performing, scheduled);
  if (prepaying) end = sub(end, prepaid);
  int severity = prop_expr(id, "severity") ? expr(*prop_expr(id, "severity")) : k(1);
  int losses = defaulting ? mul(defaults, severity) : k(0);
  int recoverable = defaulting ? sub(defaults, losses) : k(0);
  // Recoveries: a delay line of `lag` periods.
  int lag = 0;
  if (const ast::Expr* l = prop_expr(id, "recovery_lag")) lag = static_cast<int>(literal(*l) / m_.deal.months_per_period);
  int recoveries = recoverable;
  if (lag > 0 && defaulting) {
    int is_last = ctx(ContextField::IsLast);
    std::vector<int> line;
    for (int i = 1; i <= lag; ++i) line.push_back(load(slot(fmt::format("{}.recovery_due_in_{}", n, i))));
    // line[0] arrives now; at the horizon so does everything still in the
    // pipeline (line[1..]) and this period's recoverable defaults.
    int pipeline = recoverable;
    for (int i = 1; i < lag; ++i) pipeline = add(pipeline, line[static_cast<std::size_t>(i)]);
    recoveries = add(line[0], mul(is_last, pipeline));
    for (int i = 1; i < lag; ++i) store(slot(fmt::format("{}.recovery_due_in_{}", n, i)), line[static_cast<std::size_t>(i)]);
    store(slot(fmt::format("{}.recovery_due_in_{}", n, lag)), recoverable);
  }
  // Every member is now built: later reads of this period reuse them.
  for (auto [name, reg] : {std::pair<const char*, int>{"interest", interest}, {"principal", scheduled}, {"prepayments", prepaid},
                           {"defaults", defaults}, {"losses", losses}, {"recoveries", recoveries}, {"end_balance", end}})
    memo_[{id, name}] = reg;
  if (member == "interest") return interest;
  if (member == "principal") return scheduled;
  if (member == "prepayments") return prepaid;
  if (member == "defaults") return defaults;
  if (member == "losses") return losses;
  if (member == "recoveries") return recoveries;
  if (member == "end_balance") return end;
  int cash = add(interest, scheduled);
  if (prepaying) cash = add(cash, prepaid);
  if (defaulting) cash = add(cash, recoveries);
  return cash;  // collections
}

}  // namespace sluice::ir
