// Internal to lowering. Values are materialized on demand and memoized per
// period, so the instruction order is a topological order of the period's
// dataflow; a value met again while it is being built is a cycle, reported
// with its path. Files: lower_expr.cpp (expressions, emit helpers),
// lower_assets.cpp (market, collateral, expenses), lower_claims.cpp
// (tranches, fees, accounts, triggers), lower_waterfall.cpp, lower.cpp.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_set>

#include "ir/lower.hpp"

namespace sluice::ir {

using sema::EntityKind;
using sema::EntityId;
// Members and properties by the registry's ids (vocabulary/constructs.hpp):
// lowering never compares their words.
using M = vocab::MemberId;
using P = vocab::PropId;

// Thrown after a diagnostic to abandon lowering.
struct LowerError {};

struct ClaimKey {
  EntityId entity;
  M part;  // Interest, Principal; None for fees
  // Ordered by the part's word: the invariants over paid claims are emitted
  // in this order, and the IR keeps the order it had when parts were words.
  bool operator<(const ClaimKey& o) const {
    return entity != o.entity ? entity < o.entity : vocab::word(part) < vocab::word(o.part);
  }
  bool operator==(const ClaimKey&) const = default;
};

// A value read a period late by prev(x): (entity, member, the initial
// value's text). Ordered by the member's word, like ClaimKey: the slots are
// stored in this order.
struct PrevKey {
  EntityId entity;
  M member;
  std::string initial;
  bool operator<(const PrevKey& o) const {
    if (entity != o.entity) return entity < o.entity;
    if (member != o.member) return vocab::word(member) < vocab::word(o.member);
    return initial < o.initial;
  }
};

class Lowerer {
 public:
  Lowerer(sema::Model& m, Diagnostics& d) : m_(m), diags_(d) {}
  std::optional<Module> run();
  bool record_factors = false;  // ir::lower's record_factors
  bool record_obligors = false;  // ir::lower's record_obligors
  void record_obligor_losses();  // lower_obligors.cpp

  // emit helpers (lower_expr.cpp)
  int emit(Op op, int a = -1, int b = -1, int c = -1, std::uint32_t aux = 0, double imm = 0);
  int k(double v);
  int add(int a, int b) { return emit(Op::Add, a, b); }
  int sub(int a, int b) { return emit(Op::Sub, a, b); }
  int mul(int a, int b) { return emit(Op::Mul, a, b); }
  int div(int a, int b) { return emit(Op::Div, a, b); }
  int min(int a, int b) { return emit(Op::Min, a, b); }
  int max(int a, int b) { return emit(Op::Max, a, b); }
  int sel(int c, int a, int b) { return emit(Op::Select, c, a, b); }
  // A numeric test's value where it is defined, else a quiet NaN (lower_tests.cpp).
  int test_value(EntityId id, int v);
  // 1 while some note is owed at the period's opening; -1 for a deal without notes.
  int notes_outstanding();
  bool reads_notes(const ast::Expr& x, std::unordered_set<EntityId>& seen);
  int ctx(ContextField f) { return emit(Op::Context, -1, -1, -1, static_cast<std::uint32_t>(f)); }
  // The notes' year fraction this period: between payment dates when the
  // deal has a cut-off (exec/schedule.cpp), else the period's own.
  int accrual() { return ctx(m_.deal.has_cutoff ? ContextField::AccrualFraction : ContextField::YearFraction); }
  // ... for note `id`: on its own `day_count` when it states one.
  int accrual(EntityId id);
  int slot(const std::string& name);
  int load(int s) { return emit(Op::Load, -1, -1, -1, static_cast<std::uint32_t>(s)); }
  void store(int s, int v) { emit(Op::Store, v, -1, -1, static_cast<std::uint32_t>(s)); }
  int column(const std::string& name, const std::string& owner, Role role, const std::string& unit);
  void output(int col, int v) { emit(Op::Output, v, -1, -1, static_cast<std::uint32_t>(col)); }
  int stream(const std::string& name);
  int expr(const ast::Expr& e);
  double literal(const ast::Expr& e);  // a Number literal in base units
  int persistence(const ast::Expr* e);  // `for N periods`: N (1 when absent), a whole number fixed before the run
  int flow_amount(const ast::Expr& e); // a flow (money per time) integrated over the period
  int months_of(const ast::Expr& e);   // a duration in months
  int period_length(sema::TimeBase base);  // the period in h, month, year or period
  int curve_at(EntityId curve_entity, int x);  // a curve table read at x
  int rounding(const ast::Expr& call, vocab::Function f);  // round/floor/ceil to a step, mod (lower_rounding.cpp)

  // values by name (lower.cpp dispatches to the files below)
  int value(EntityId entity, M member);
  // In the init program, a located error unless the value exists at the
  // close (lower_day0.cpp).
  void require_at_close(EntityId entity, M member, Span span);
  sema::Entity& ent(EntityId id) { return m_.entities[id]; }
  // A checked property (sema::PropValue), or null when the deal leaves it out.
  const sema::PropValue* prop(EntityId id, P p) { return ent(id).property(p); }
  const ast::Expr* prop_expr(EntityId id, P p) { return ent(id).prop(p); }
  vocab::Option option(EntityId id, P p) { return ent(id).option(p); }
  [[noreturn]] void fail(DiagCode code, Span span, const std::string& msg);
  // Emits Check(a <= b); `input` marks checks the deal's own numbers can break.
  void check(int a, int b, std::string what, Span span, bool input);
  // Emits CheckRange(lo <= v <= hi), exactly: one check of both bounds.
  void check_range(int lo, int v, int hi, CheckInfo info);

  // lower_domains.cpp: a value against its domain (vocabulary/domains.hpp).
  // Fixed before the run: E0304 now; else a CheckRange at the expression
  // each time the program runs (E0902). Each returns v.
  int within_domain(const ast::Expr& e, int v, vocab::Domain d, const std::string& what);
  void constant_in_domain(const ast::Expr& e, double c, vocab::Domain d, const std::string& what);  // E0304 unless c is in d
  int prop_in_domain(EntityId id, P p, const ast::Expr& e, int v);  // the registry's domain of property p of entity id
  int option_in_domain(EntityId id, P p, vocab::Option o, const ast::Expr& e, int v);  // of the option's value
  int param_in_domain(const ast::Expr& call, vocab::ParamId p, const ast::Expr& arg, int v);  // a built-in call's argument
  bool folding_ = false;  // constant() is folding a scratch program: checks are left out
  std::optional<double> folded(int v, std::map<int, std::optional<double>>& memo);  // register v, when all it reads is constant
  std::set<std::tuple<const Program*, const ast::Expr*, vocab::Domain>> domain_checked_;

  // lower_market.cpp
  std::optional<double> constant(const ast::Expr& e);  // a value fixed before the run, if it is one
  bool is_non_negative_const(int v) const;
  bool money_valued(const ast::Expr& e) const;        // of the deal's currency (an amount, or an amount per unit or per time)            // v is a Const instruction holding a value >= 0
  // A rule the audit (exec/semantics.cpp) checks on the recorded columns after
  // a run; registered as a check so a failure is reported like one.
  std::size_t audit_rule(std::string what, Span span);
  // A sculpted tranche's balance target this period (ir/lower_claims.cpp).
  int sculpted_outstanding(EntityId id);
  int cfads_value(EntityId id);  // the tranche's `cfads`, or collections less expenses due
  void lower_quote(EntityId id, TrancheInfo& t);  // `price`, `spread`, `zero_curve` (lower_quote.cpp)
  std::map<EntityId, int> sculpt_curves_;  // tranche entity -> its curve
  int factor_shock(EntityId factor);                         // the factor's standard normal, correlated
  void correlate_factors();

  // lower_stress.cpp: a named stress's paths, draws and defaults
  int stressed_factor(EntityId id, M member);
  int stressed_draw(EntityId id);
  std::optional<int> stressed_performing(EntityId id);
  const ast::Expr* stressed_rate(EntityId id, vocab::PropId p, vocab::Option& convention);
  int stress_constant(const ast::Expr& e);

  // lower_assets.cpp
  int factor_value(EntityId id, M member);
  vocab::Process factor_process(EntityId id);  // as sema annotated the factor's call (lower_assets.cpp)
  int draw_value(EntityId id);
  int fleet_value(EntityId id, M member);
  int lease_value(EntityId id, M member);
  int lease_performing(EntityId id);
  int lease_periods(EntityId id, P delay, double fallback_months);
  static constexpr double kLeaseRecoveryLagMonths = 12;  // docs/language.md, Leases
  // lower_release.cpp: re-leasing after a default with `remarketing` or `ramp`
  struct Release {
    int rent_due, lost, fee;  // the period's rent (net of the fee), rent lost, remarketing cost
  };
  Release lease_release(EntityId id, int units, int util, int length, int r, int market, int in_term);
  int release_history(EntityId id);  // periods of survival kept beyond the downtime
  int ramp_periods(const sema::PropValue& ramp);
  int year_periods();
  std::map<EntityId, std::vector<int>> lease_ago_;  // lease -> S_{t-j}, j = 0..downtime + history
  int default_threshold(EntityId id);

  // lower_credit.cpp: a default loaded on market factors (`copula BETA on
  // FACTOR`, one clause per factor); none when the default has no loading
  // or only loadings of 0.
  struct MarketLoading {
    struct Term {
      double beta;     // the asset correlation with the factor's shock, signed
      EntityId factor;
    };
    std::vector<Term> terms;  // in the order written, loadings of 0 left out
    double variance;          // Var(sum sign sqrt|beta| Z), under the market's correlations
  };
  std::optional<MarketLoading> market_loading(EntityId id, P prop);
  // The declared correlation of two factors' shocks (0 when none is declared).
  double shock_correlation(EntityId a, EntityId b);
  // The period's default probability q given the factors' shocks this
  // period (Vasicek); q itself in the base case.
  int loaded_probability(const MarketLoading& l, int q);
  int holding_value(EntityId id, M member);
  int pool_value(EntityId id, M member);
  int collections();
  int liquidation_proceeds(EntityId id);
  // lower_sale.cpp: a fleet sold over months (`liquidate paced_sale(...)`)
  bool paced_sale(EntityId id);
  struct SaleBlock {
    int units;     // this period's block: min(unsold, depth x months)
    int proceeds;  // what it fetches: units x max((1 - discount) x value per unit, floor)
  };
  SaleBlock sale_block(EntityId id);

  // lower_deliveries.cpp: fleets delivered over time, capex and its funding
  bool fleet_grows(EntityId id);     // `units` is not fixed before the run
  bool fleet_vintaged(EntityId id);  // ... and has a book curve: vintages tracked
  int fleet_delivery(EntityId id, M member);  // Delivered, Capex, BookValue
  void open_fleet(EntityId id, int units, int cost);
  void close_fleet(EntityId id);
  int capex_total();
  int capex_draws_total();
  bool has_deliveries();
  int equity_contributions();
  void check_capex_funding();  // E0904: capex draws do not exceed the capex
  bool capex_checked_ = false;
  // lower_debt.cpp: a delayed-draw facility's drawn balance at the end of its draw period
  int drawn_at_draw_end(EntityId id);
  void check_delayed_draw_terms(EntityId id);  // E0238, E0240, E0241: terms fixed before the run
  std::map<EntityId, bool> fleet_grows_;
  // lower_project.cpp: construction then operation
  int trailing(const ast::Expr& call);         // trailing(x, N): x summed over the last N periods
  int trailing_windows_ = 0;                   // trailing() windows lowered so far (their slots' names)
  int cod_now(EntityId facility);              // 1 in the period that opens at its COD
  EntityId cod_facility(EntityId account);     // the facility its `funded_at_cod` names
  int capitalized_interest(EntityId facility); // `construction_interest capitalize`
  int accelerated(EntityId debt);              // `accelerate_on`: this period or before
  int accelerated_before(EntityId debt);       // ... before this period
  void fund_at_cod(std::map<EntityId, int>& accounts, std::map<EntityId, int>& draws);  // `funded_at_cod`

  // lower_paydates.cpp: a note's own payment dates (`payment_frequency`)
  int payment_interval(EntityId id);  // periods between its payment dates; 1 without
  int payment_date(EntityId id);      // 1 on a payment date; -1 for a note that pays every period
  int interest_accrued(EntityId id, int this_period);  // accrued since the last payment date
  int payment_rate(EntityId id);      // the coupon times the year fraction since then
  void close_payment_dates(EntityId id, int this_period);

  // lower_cleanup.cpp: a pool's clean-up call
  int clean_up_pool(EntityId id, M member);
  int clean_up_now();  // 1 in the period any pool's clean-up call is exercised
  void record_clean_up(EntityId id);

  // lower_claims.cpp
  int tranche_value(EntityId id, M member);
  int fee_value(EntityId id, M member);
  int account_value(EntityId id, M member);
  int trigger_value(EntityId id);
  int expense_value(EntityId id, M member);

  // lower_debt.cpp: what convertibles and facilities add to a tranche
  int convertible_value(EntityId id, M member);
  // lower_dilution.cpp: a convertible's holder put, and equity diluted by conversions
  int put_value(EntityId id, M member);         // PutPriceNow, PutNow, PutExercised, PutPrice, PutPremium
  int put_par_retired(EntityId id, int cash);   // par that cash paid on the principal retires
  void close_put(EntityId id, TrancheInfo& t);  // its column and state at the close
  void check_put_terms(EntityId id);            // E0270
  std::optional<double> constant_months(const ast::Expr& e);  // a duration fixed before the run, in months
  int equity_ownership(EntityId id);
  void close_dilution(EntityId id);
  int facility_value(EntityId id, M member);

  // lower_hedges.cpp: swaps and caps
  int hedge_value(EntityId id, M member);
  int hedge_premium_at_close(EntityId id);  // a cap's premium paid by equity at the close (0 when periodic)
  void close_hedge(EntityId id);

  // lower_waterfall.cpp
  void waterfall();
  bool covers_claim(EntityId account, const ClaimKey& c);  // its `covers` names the claim or expense
  using StepsVisitor = std::function<void(const std::vector<ast::Step>&, int)>;
  void each_branch(const ast::Step& s, int mask, const StepsVisitor& visit);
  void each_waterfall(const StepsVisitor& visit);
  std::map<EntityId, int> selected_steps(ast::StepKind kind);
  // lower_fx.cpp: a note in another currency (`fx F`). Its rate this period
  // (the deal's currency per the note's), checked positive and finite
  // (E0906); -1 for a note in the deal's currency.
  int fx_rate(EntityId id);

  sema::Model& m_;
  Diagnostics& diags_;
  Module mod_;
  Program* prog_ = nullptr;
  bool in_init_ = false;
  std::map<std::pair<EntityId, M>, int> memo_;
  std::vector<std::pair<EntityId, M>> stack_;  // none: the waterfall
  int expr_depth_ = 0;  // expr() calls in progress (E0109 past a limit)
  std::map<double, int> consts_;
  std::map<std::string, int> slots_;
  std::map<std::string, int> streams_;
  std::map<std::string, int> curves_;
  // prev(x): slot per value read a period late, stored when the period closes.
  // Keyed by (entity, member, initial value's text).
  std::map<PrevKey, int> prev_slots_;
  std::map<PrevKey, const ast::Expr*> prev_initial_;
  // Waterfall results (filled by waterfall()).
  bool waterfall_done_ = false;
  bool waterfall_busy_ = false;
  std::map<ClaimKey, int> paid_;
  std::map<EntityId, int> account_end_;   // account entity -> closing balance register
  std::map<EntityId, int> account_draws_, account_deposits_;
  std::map<EntityId, int> facility_draws_;  // facility entity -> drawn this period
  std::map<EntityId, int> distributions_; // equity entity -> register
  std::map<EntityId, int> liquidated_now_;  // asset entity -> 0/1 register liquidated this period
  std::map<EntityId, int> sale_proceeds_;   // fleet -> what its sale raised this period (`sale_proceeds`)
  std::map<EntityId, SaleBlock> sale_blocks_;  // paced-sale fleet -> this period's block
  int expenses_paid_ = -1;
  // Correlated shocks: factor -> (factor whose own stream it mixes, weight),
  // a row of the Cholesky factor of the correlation matrix.
  bool correlated_ = false;
  std::map<EntityId, std::vector<std::pair<EntityId, double>>> shock_mix_;
  std::map<EntityId, int> expense_paid_;
};

// Shared by tranches and asset pools (lower_claims.cpp): the principal due
// this period on `bal`, and a rate property with its cap and floor.
int principal_due(Lowerer& L, EntityId id, int bal, int orig, int period_rate);
// The same before the horizon and maturity rules (what the schedule alone asks).
int scheduled_principal(Lowerer& L, EntityId id, int bal, int orig, int period_rate);
int annual_rate(Lowerer& L, EntityId id, P rate);
// A member's word, for messages (a cycle's path, a day-0 error).
inline std::string member_suffix(M m) { return m == M::None ? "" : "." + std::string(vocab::word(m)); }

}  // namespace sluice::ir
