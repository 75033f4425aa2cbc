// The checked deal: every declaration as an entity with a resolved scope,
// every expression's type and the entity it names in sema's own table
// (Model::sema; the syntax tree is left as the parser built it). The
// lowering reads this and nothing else.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "calendar/business_day.hpp"
#include "calendar/date.hpp"
#include "calendar/day_count.hpp"
#include "diagnostics/diagnostic.hpp"
#include "sema/ids.hpp"
#include "sema/types.hpp"
#include "syntax/ast.hpp"
#include "vocabulary/functions.hpp"
#include "vocabulary/constructs.hpp"
#include "vocabulary/metrics.hpp"

namespace sluice::sema {

enum class EntityKind {
  Param, Let, Test, Draw, Factor, Curve, Holidays, Fleet, Lease, Holding, Loan, Receivables, Expense,
  Tranche, Convertible, Fee, Account, Facility, Hedge, Equity, Trigger, Waterfall,
  Builtin, TemplateArg, Namespace, Template, Instance,
};
const char* entity_kind_name(EntityKind k);
// The kind with its article, for messages: "a tranche", "an equity".
std::string a_kind(EntityKind k);
// Liabilities with a balance, interest and principal: tranches, convertibles
// and facilities (the claims `X.interest` and `X.principal`).
inline bool is_debt(EntityKind k) { return k == EntityKind::Tranche || k == EntityKind::Convertible || k == EntityKind::Facility; }
// The metric of a whole run that `report { metrics X.member }` names for a
// declaration of kind k (vocabulary/metrics.def): `A.wal`, `E.irr`.
std::optional<vocab::Metric> run_metric(EntityKind k, const std::string& member);

// The registry's construct for a kind (vocabulary/constructs.def), if the
// kind is one.
inline std::optional<vocab::Construct> construct_of(EntityKind k) {
  switch (k) {
#define SLUICE_CONSTRUCT(Id, word, doc) \
  case EntityKind::Id: return vocab::Construct::Id;
#include "vocabulary/constructs.def"
    default: return std::nullopt;
  }
}

// What sema learned of one expression (Model::sema). Sema writes it; the
// syntax tree stays const.
// How a Name or Member expression reads a member: `book_value` bare inside
// its fleet (Bare), `A.balance` (Of); None when it names no member.
enum class MemberRef { None, Bare, Of };
struct ExprSema {
  TypeId type;      // its type in the checked deal's type table
  EntityId entity;  // resolved declaration for Name / Member chains
  MemberRef member = MemberRef::None;  // a member of `entity`, bare or dotted
  vocab::MemberId member_id = vocab::MemberId::None;  // which member, when `member` is one
  std::optional<vocab::FunctionId> function;  // a Call of a built-in function or process
  std::optional<vocab::Metric> metric;  // a report's `metrics A.wal`: a metric of the whole run
  // A Call of a process, csv or fire_sale: the argument (index into kids)
  // each named parameter is bound to, given by name or position.
  std::vector<std::pair<vocab::ParamId, std::size_t>> params;
};

// A checked property: its clauses with their keyword resolved to the
// registry's option (`amortization level over 60 months`: Level, value 60
// months; `coupon 5%, cap 8%`: None 5%, then Cap 8%; `prepayment cpr(6%)`:
// Cpr, value 6%; `advancing interest`: Interest, no value). Sema builds
// these (check_props.cpp); lowering reads them and never the words.
struct PropClause {
  vocab::Option keyword = vocab::Option::None;
  const ast::Expr* value = nullptr;
  const ast::Expr* second = nullptr;  // `fire_sale(depth: D, discount: P)`: P (value is D)
  const ast::Expr* for_value = nullptr;  // `R for TERM`, `when C for N periods`
  const ast::Expr* on_value = nullptr;  // `copula BETA on FACTOR`: FACTOR
  Span span;
};
struct PropValue {
  const ast::Property* decl = nullptr;
  std::vector<PropClause> clauses;
  const ast::Expr* value() const { return clauses.empty() ? nullptr : clauses[0].value; }
  vocab::Option option() const { return clauses.empty() ? vocab::Option::None : clauses[0].keyword; }
  // The clause that starts with `k` (`copula`), or null.
  const PropClause* clause(vocab::Option k) const {
    for (const auto& c : clauses)
      if (c.keyword == k) return &c;
    return nullptr;
  }
};

struct Scope {
  ScopeId parent;
  EntityId self;  // the entity whose members are visible bare (a fleet's `book_value`)
  std::map<std::string, EntityId> names;
};

struct Entity {
  EntityKind kind = EntityKind::Let;
  std::string name;  // qualified for display: `margin.loan`
  Span span;
  const ast::Decl* decl = nullptr;
  ScopeId scope;        // where the entity's own expressions resolve
  ScopeId inner_scope;  // Namespace / Instance: the scope of its members
  std::map<std::string, const ast::Property*> props;  // as written, by word (declare.cpp)
  std::map<vocab::PropId, PropValue> checked;  // the registry's properties, checked (check_props.cpp)
  // A checked property, or null when the declaration leaves it out.
  const PropValue* property(vocab::PropId p) const {
    auto it = checked.find(p);
    return it == checked.end() ? nullptr : &it->second;
  }
  // Its first value (`coupon 5%`: 5%), or null.
  const ast::Expr* prop(vocab::PropId p) const {
    const PropValue* v = property(p);
    return v ? v->value() : nullptr;
  }
  // Its keyword option (`Amortization::Level`), Option::None when absent.
  vocab::Option option(vocab::PropId p) const {
    const PropValue* v = property(p);
    return v ? v->option() : vocab::Option::None;
  }
  Type type;  // the value type of value-like entities
  bool type_done = false, type_busy = false;
  // TemplateArg: the expression it is bound to, resolved in bound_scope.
  const ast::Expr* bound = nullptr;
  ScopeId bound_scope;
  const ast::Template* templ = nullptr;  // Template
  EntityId primary;  // Instance: the liability its unknown members forward to
  // Instance: its template's step groups by name ("" the unnamed `steps {
  // ... }`), the template's own declarations (cloned where they are placed).
  std::map<std::string, const ast::Decl*> step_groups;
  EntityId fleet;    // Lease: its fleet
  // Tranche: the currency its money is in when `fx F` converts it (F in
  // DEAL/X: X), "" for the deal's; set where sema first needs it
  // (Checker::money_of) and read by lowering and the report.
  std::string currency;
  bool currency_done = false;
  // Param / TemplateArg: the declared type (`param x: Money = ...`,
  // `template t(c: Holding)`); a declaration kind makes the argument an alias.
  std::string annotation;
  Span annotation_span;
  EntityId alias;  // TemplateArg of a declaration kind: the entity it names
  vocab::Builtin builtin = vocab::Builtin::Collections;  // Builtin: which (vocabulary/builtins.def)
  // A tape's row (sema/tape.cpp): the tape, and the row's `group` ("" when
  // none), for the risk report's losses by obligor and by group.
  EntityId tape;
  std::string group;
};

struct DealSettings {
  std::string name;
  std::string currency = "USD";
  cal::Date start;
  // `first_payment`: the end of period 1 when it is a stub (shorter or
  // longer than a regular period); later periods roll from it.
  std::optional<cal::Date> first_payment;
  int months_per_period = 1;
  int periods = 0;
  cal::DayCount day_count = cal::DayCount::Thirty360;  // `30/360`: month ends count as day 30
  std::string period_name = "monthly";
  // `calendar NAME [rule]`: period ends move to business days under `rule`.
  std::string calendar;  // "" when none
  std::vector<cal::Date> holidays;
  cal::BusinessDay business_day = cal::BusinessDay::Unadjusted;
  // A term sheet's dates (exec/schedule.cpp): with `cutoff`, `start` is the
  // cut-off and periods are collection periods; the notes settle on
  // `settlement` (default: the cut-off) and are paid on `payment_day` of the
  // month after each collection period (0: at its end).
  bool has_cutoff = false;
  std::optional<cal::Date> settlement;
  int payment_day = 0;
  // `wal [from ORIGIN] [on BASIS]`: what the WAL and the durations measure
  // time from ("start", "cutoff", "settlement") and on which day count
  // (none: months/12, SIFMA's count of months). Default: ACT/365F from start.
  std::string wal_origin = "start";
  std::optional<cal::DayCount> wal_day_count = cal::DayCount::Act365Fixed;
};

// The stress a run applies (`sluice run --stress NAME`), checked, as
// lowering reads it: each line by what it changes. Times are in months.
struct ActiveStress {
  std::string name;
  struct Line {
    const ast::StressItem* item = nullptr;
    EntityId curve;      // a factor fixed to `path(CURVE)`: the curve
    double size = 0;     // a shock: the fall or rise (50% is 0.5)
    double months = 0;   // a shock's window; a default's time after start
    vocab::Option option = vocab::Option::None;  // a pool's rate: its convention (`cdr`)
    const ast::Expr* rate = nullptr;             // ... and the call's argument (`8%`)
  };
  std::map<EntityId, Line> factors;   // fixed to a path or a value, or shocked
  std::map<EntityId, Line> draws;     // fixed to a value
  std::map<EntityId, Line> defaults;  // a lessee's default fixed (item->value null: never)
  std::map<EntityId, Line> pool_defaults;     // a pool's `default cdr(R)` replaced
  std::map<EntityId, Line> pool_prepayments;  // a pool's `prepayment cpr(R)` replaced
};

struct Model {
  DealSettings deal;
  IdVector<EntityId, Entity> entities;
  IdVector<ScopeId, Scope> scopes;
  IdVector<TypeId, Type> types;  // ExprSema::type indexes this
  ScopeId deal_scope;
  std::vector<EntityId> waterfalls;  // in declaration order
  const ast::Decl* report = nullptr;
  ScopeId report_scope;
  std::vector<EntityId> order;  // deal-level value entities in declaration order
  struct Correlation {
    EntityId first, second;             // the two factor entities (after analysis)
    const ast::Decl* decl = nullptr;    // `correlate f, g = rho`
  };
  std::vector<Correlation> correlations;
  // `factor f = csv("FILE.csv", column: "COL")`: the column, one value per
  // period (a `%` cell already divided by 100), read once by sema so that
  // lowering and every run work from the checked numbers, never the file.
  std::map<EntityId, std::vector<double>> factor_vectors;
  // Sema's record of each expression it checked, found by the node's
  // address (nodes are heap-owned and never move once parsed or cloned).
  IdVector<ExprId, ExprSema> expr_info;
  std::unordered_map<const ast::Expr*, ExprId> expr_ids;
  // What sema learned of `e`; an empty record if it never checked it.
  const ExprSema& sema(const ast::Expr& e) const {
    static const ExprSema unchecked{};
    auto it = expr_ids.find(&e);
    return it == expr_ids.end() ? unchecked : expr_info[it->second];
  }
  // Sema's writer: the record of `e`, made on first use.
  ExprSema& annotate(const ast::Expr& e) {
    auto it = expr_ids.find(&e);
    if (it == expr_ids.end()) it = expr_ids.emplace(&e, expr_info.emplace_back()).first;
    return expr_info[it->second];
  }
  // Drops the records of a scratch tree about to be freed (a probe clone),
  // so a node later allocated at the same address starts unchecked.
  void forget(const ast::Expr& e) {
    expr_ids.erase(&e);
    for (const auto& k : e.kids)
      if (k) forget(*k);
  }
  // Every stress the deal sees, in order: its own, then each imported
  // file's (check_stress.cpp); and the one this compile applies, if any.
  std::vector<const ast::Stress*> stresses;
  std::optional<ActiveStress> stress;
  // Clones of template bodies, owned here so annotations are per instance.
  std::deque<ast::Decl> owned_decls;
  std::deque<ast::Expr> owned_exprs;
  // A waterfall that places template steps (`steps R.interest`): its steps
  // with each placement replaced by clones of the group's steps
  // (place_steps.cpp). Waterfalls that place none are read as written.
  std::map<EntityId, const std::vector<ast::Step>*> placed_steps;
  std::deque<std::vector<ast::Step>> owned_steps;
  // A placed step: the instance whose scope its names resolve in, and the
  // `steps` placement that put it there (for messages).
  struct StepOrigin {
    ScopeId scope;
    EntityId instance;
    Span placed_at;
  };
  std::unordered_map<const ast::Step*, StepOrigin> step_origin;
  const std::vector<ast::Step>& steps_of(EntityId waterfall) const {
    auto it = placed_steps.find(waterfall);
    return it != placed_steps.end() ? *it->second : entities[waterfall].decl->steps;
  }
  // Where a step's names resolve: its instance's scope for a placed step,
  // the deal's otherwise.
  ScopeId step_scope(const ast::Step& s) const {
    auto it = step_origin.find(&s);
    return it == step_origin.end() ? deal_scope : it->second.scope;
  }
  const StepOrigin* origin_of(const ast::Step& s) const {
    auto it = step_origin.find(&s);
    return it == step_origin.end() ? nullptr : &it->second;
  }

  // A name seen from a scope (through its parents), or none.
  EntityId lookup(ScopeId scope, const std::string& name) const {
    for (ScopeId s = scope; s; s = scopes[s].parent) {
      auto it = scopes[s].names.find(name);
      if (it != scopes[s].names.end()) return it->second;
    }
    return EntityId::none();
  }
  // A waterfall target to (entity, claim part): `A.interest` -> (A,
  // "interest"), `trustee` -> (trustee, ""), `margin.agent` -> (the fee
  // `agent` of instance `margin`), `margin.interest` -> (margin's primary
  // tranche, "interest"). entity is none when the head is unknown or when
  // the path has more parts than a claim can (too_long).
  struct Target {
    EntityId entity;
    std::string part;
    bool too_long = false;
  };
  Target resolve_target(ScopeId scope, const std::vector<std::string>& path) const {
    if (path.empty()) return {};
    EntityId e = lookup(scope, path[0]);
    if (!e) return {};
    // A template parameter of a declaration kind (`assets: Fleet`) stands
    // for what it names, once sema has resolved it.
    if (entities[e].kind == EntityKind::TemplateArg && entities[e].alias) e = entities[e].alias;
    std::size_t i = 1;
    for (; i < path.size(); ++i) {
      const auto& x = entities[e];
      if (x.kind != EntityKind::Instance && x.kind != EntityKind::Namespace) break;
      const auto& names = scopes[x.inner_scope].names;
      auto it = names.find(path[i]);
      if (it == names.end()) break;
      e = it->second;
    }
    if (path.size() - i > 1) return {EntityId::none(), "", true};
    std::string part = i < path.size() ? path[i] : "";
    const auto& x = entities[e];
    if (x.kind == EntityKind::Instance && !part.empty() && x.primary) e = x.primary;
    return {e, part};
  }
  // A waterfall claim as the registry's member: `A.interest` -> (A,
  // Interest), `trustee` -> (trustee, None). Lowering reads claims this way.
  std::pair<EntityId, vocab::MemberId> claim(ScopeId scope, const std::vector<std::string>& path) const {
    Target t = resolve_target(scope, path);
    return {t.entity, claim_part(t.part)};
  }
  static vocab::MemberId claim_part(const std::string& part) {
    auto id = vocab::member_named(part);
    return id ? *id : vocab::MemberId::None;
  }
  // What a `fill` or `draw` step or a pro-rata group names: a name or a
  // dotted path into template instances (`abl.reserve`, `P.senior`). A
  // template instance stands for its primary liability (`draw abl for ...`
  // draws the facility of `use std.abl.revolver as abl`). None when unknown.
  EntityId resolve_source(ScopeId scope, const std::string& dotted) const {
    std::vector<std::string> path;
    for (std::size_t b = 0;;) {
      std::size_t e = dotted.find('.', b);
      path.push_back(dotted.substr(b, e == std::string::npos ? std::string::npos : e - b));
      if (e == std::string::npos) break;
      b = e + 1;
    }
    Target t = resolve_target(scope, path);
    if (!t.entity || !t.part.empty()) return EntityId::none();  // unknown, or a part no instance holds
    const auto& x = entities[t.entity];
    return x.kind == EntityKind::Instance && x.primary ? x.primary : t.entity;
  }
  const Type& type_of(const ast::Expr& e) const { return types.at(sema(e).type); }
  // The process a factor follows, from sema's annotation on its call
  // (vocabulary/functions.def); none before sema has checked the call.
  std::optional<vocab::Process> factor_process(const Entity& e) const {
    if (e.kind != EntityKind::Factor || !e.bound || e.bound->kind != ast::ExprKind::Call || !sema(*e.bound).function) return std::nullopt;
    return vocab::as_process(*sema(*e.bound).function);
  }
  // `factor f = path(CURVE)` or `csv(...)`: a factor known before the run. It
  // has no random stream, so it cannot be correlated and never calls for a
  // shock. A deal's own curve named `path` called there is not one of these.
  // Sema may ask before it has checked the call (a `.start` read first), so
  // without the annotation the built-in the name calls answers.
  bool deterministic_factor(const Entity& e) const {
    std::optional<vocab::Process> p = factor_process(e);
    if (!p && e.kind == EntityKind::Factor && e.bound && e.bound->kind == ast::ExprKind::Call && !sema(*e.bound).function) {
      const ast::Expr& callee = *e.bound->kids[0];
      if (callee.kind == ast::ExprKind::Name && !lookup(e.bound_scope, callee.text))
        if (auto id = vocab::lookup(callee.text)) p = vocab::as_process(*id);
    }
    return p && vocab::info(*p).motion == vocab::Motion::Deterministic;
  }
  // A property as written (sema's own checks read these; after sema, use
  // Entity::property, the checked record).
  const ast::Property* prop(EntityId entity, vocab::PropId id) const {
    const auto& p = entities[entity].props;
    auto it = p.find(std::string(vocab::word(id)));
    return it == p.end() ? nullptr : it->second;
  }
};

// A folder `import desk.gpu` searches (`--lib DIR`, `$SLUICE_PATH`).
struct LibraryFolder {
  std::string shown;   // as the user gave it (what messages print)
  std::string real;    // canonical: its files must stay inside it
  std::string origin;  // "--lib" or "SLUICE_PATH"
};

// Parsed files the analysis draws on: the deal's file and everything it imports.
struct Program {
  SourceManager* sources = nullptr;
  std::vector<ast::File> files;  // files[0] holds the deal
  std::string deal_dir;          // imports must stay inside this folder tree, a library folder or the stdlib
  std::string stdlib_dir;
  std::vector<LibraryFolder> libraries;  // searched in order after deal_dir (sema/imports.hpp)
  // (importing file id, import's index in that file) -> index in `files`.
  std::map<std::pair<std::uint32_t, std::size_t>, int> import_targets;
};

}  // namespace sluice::sema
