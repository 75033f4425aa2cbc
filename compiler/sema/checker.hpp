// Internal to sema: the state of one analysis and its helpers, shared by
// declare.cpp (entities and scopes), check_expr.cpp (types of expressions)
// and check_props.cpp (properties of each construct).
#pragma once
#include <functional>
#include <set>
#include <fmt/format.h>

#include "sema/analyze.hpp"

namespace sluice::sema {

std::optional<EntityKind> declaration_kind(const std::string& annotation);
std::vector<std::string> members_of(EntityKind k);  // for "did you mean" hints
// What a factor may be, from vocabulary/functions.def: "lognormal(...),
// vasicek(...) or mean_reverting(...), or a deterministic path(CURVE) or ...".
std::string factor_forms();
// The stochastic processes' names: "lognormal, vasicek or mean_reverting".
std::string stochastic_processes();
// A claim's part of a kind (`interest`, `principal` of a tranche): the
// registry's Claim members, which waterfall steps pay and accounts cover.
inline bool is_claim_part(EntityKind k, const std::string& w) {
  auto c = construct_of(k);
  const auto* x = c ? vocab::member(*c, w) : nullptr;
  return x && x->type == vocab::MemberType::Claim;
}
std::optional<bool> annotation_fits(const std::string& annotation, const Type& t, const std::string& currency);

struct Checker {
  Program& prog;
  Diagnostics& diags;
  Model m;
  SourceManager& sm() { return *prog.sources; }
  const std::string& cur() const { return m.deal.currency; }

  // declare.cpp
  ScopeId add_scope(ScopeId parent, EntityId self = EntityId::none());
  EntityId add_entity(EntityKind k, std::string name, Span span, const ast::Decl* d, ScopeId scope);
  void declare(ScopeId scope, const std::string& name, EntityId entity, Span span);
  EntityId lookup(ScopeId scope, const std::string& name) const;
  std::vector<std::string> visible_names(ScopeId scope) const;
  void declare_file_items(const ast::File& f, ScopeId scope);
  EntityId declare_decl(const ast::Decl& d, ScopeId scope, const std::string& prefix);
  void instantiate(const ast::Decl& use, ScopeId scope, const std::string& prefix);
  void expand_tape(const ast::Decl& d, ScopeId scope);  // tape.cpp: one lease or loan per row
  bool settings(const ast::Deal& deal);
  void calendar(const ast::Setting& s);
  // timeline.cpp: a term sheet's cut-off, settlement and payment day, and the WAL's basis
  void timeline(const ast::Setting* start, const ast::Setting* cutoff, const ast::Setting* settlement, const ast::Setting* payment_day,
                const ast::Setting* first_payment);
  void wal_basis(const ast::Setting& s);
  void note_day_count(EntityId id);  // a tranche's own `day_count "ACT/360"`

  // check_expr.cpp
  Type check(const ast::Expr& e, ScopeId scope);
  Type check_call(const ast::Expr& e, ScopeId scope);  // check_calls.cpp
  bool want_args(const ast::Expr& e, const std::string& f, std::size_t lo, std::size_t hi, const char* usage);
  Type check_prev(const ast::Expr& e, ScopeId scope);
  Type check_named(const ast::Expr& e, const std::vector<Type>& args, vocab::FunctionId id);
  Type check_path(const ast::Expr& e);
  Type check_csv(const ast::Expr& e, const std::vector<Type>& args);
  Type check_rounding(const ast::Expr& e, const std::vector<Type>& args);  // check_rounding.cpp
  Type entity_type(EntityId ent, Span use);
  std::optional<Type> member_type(EntityId ent, const std::string& member, bool allow_metrics);
  Type run_metric_type(vocab::Metric k) const;
  EntityId lease_target(EntityId lease);  // what `lease L on NAME` names (check_members.cpp)
  std::map<EntityId, EntityId> lease_targets{};  // `A.wal` in a report's metrics
  // What a Name or Member chain names: an entity; none when the chain ends
  // in a member of an entity (a value); none and `reported` when it names
  // nothing and that has been reported.
  struct Ref {
    EntityId id;
    bool reported = false;
  };
  Ref resolve_ref(const ast::Expr& e, ScopeId scope, bool report);
  Type set(const ast::Expr& e, Type t);
  std::vector<EntityId> busy{};  // entities whose type is being inferred (cycle path)
  std::vector<const ast::Template*> instantiating{};  // templates being instantiated
  std::set<std::pair<EntityId, std::string>> member_busy{};  // properties being typed, to catch self-reference
  int check_depth = 0;  // check() calls in progress: names chain expressions (E0109)

  // check_props.cpp
  void check_entity(EntityId ent);
  void check_waterfall(EntityId ent);
  // place_steps.cpp: each `steps R.NAME` of a waterfall expanded into the
  // instance's step group (E0242, E0243), and every group placed (E0245).
  void place_steps();
  // check_waterfall.cpp: a placed step's names are the instance's (E0244).
  bool names_inside(const ast::Step& s, const ast::Expr& e, ScopeId scope);
  void bind_alias(EntityId e);
  void check_report();
  void check_claim(const ast::Expr& e, ScopeId scope, const char* what, bool expense_ok = false);  // an account covers an expense too
  bool expect_dim(const ast::Expr& e, ScopeId scope, const Dim& want, const std::string& what);
  Type value(const ast::Property* p, ScopeId scope, std::size_t clause = 0);

  void check_annotation(EntityId ent);
  void check_pool_behaviour(EntityId ent);
  // `copula BETA on FACTOR` (a lease's or a pool's default): `seen`, the
  // factors this default's earlier loadings name (E0279 for a second).
  void check_loading(const ast::Clause& c, ScopeId scope, std::vector<const ast::Expr*>& seen);
  void check_covers(EntityId ent);
  void check_shortfall(EntityId ent);
  void check_quote(EntityId tranche);  // check_quote.cpp
  void check_persistence(const ast::Expr* e, ScopeId scope);
  void check_conversion(EntityId ent);
  void check_put(EntityId convertible);  // check_dilution.cpp (E0268)
  void check_shares(EntityId equity);    // check_dilution.cpp (E0269)
  // check_stress.cpp: named stresses
  void collect_stresses(const std::vector<ScopeId>& file_scopes);
  bool choose_stress(const std::string& name, const std::vector<ParamOverride>& sets);
  void check_stresses();
  void check_payment_dates();  // check_paydates.cpp: `payment_frequency`, the collection account
  std::vector<ScopeId> stress_scopes{};  // parallel to m.stresses: where each one's lines resolve
  std::size_t chosen_stress = static_cast<std::size_t>(-1);

  // check_ddtl.cpp: a facility's delayed draws (draw period, capex, condition, amortization).
  void check_delayed_draw(EntityId ent, const std::function<void(vocab::PropId)>& by_rule, const std::function<void()>& amortization);
  void check_funded_at_cod(EntityId account);  // check_ddtl.cpp
  // check_hedge.cpp: a swap or a cap, its premium, and the steps that pay it (E0264-E0267).
  void check_hedge(EntityId ent, const std::function<void(vocab::PropId)>& by_rule);
  void check_hedge_claim(EntityId ent, vocab::MemberId part, Span at);
  std::string describe(const Type& t) const { return type_text(t, m.deal.currency); }
  Dim money() const { return Dim{{m.deal.currency, 1}}; }
  // check_fx.cpp: a note in another currency (`fx F`). The money of
  // entity id: X for a tranche whose `fx` is in DEAL/X, else the deal's.
  Dim money_of(EntityId id);
  void check_fx(EntityId tranche);  // E0271-E0273
  // X when t is an exchange rate DEAL/X, X a currency other than the deal's.
  std::optional<std::string> fx_currency(const Type& t) const;
};



}  // namespace sluice::sema
