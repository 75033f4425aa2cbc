// The abstract syntax tree: what a deal file says, with source spans, before
// any name is resolved. Sema never writes into it: what it learns of an
// expression (type, entity) goes into its own table (sema::Model::sema).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/source.hpp"
#include "vocabulary/constructs.hpp"
#include "vocabulary/functions.hpp"
#include "vocabulary/metrics.hpp"

namespace sluice::ast {

// A unit as written: `USD/gpu/h` is USD^1 gpu^-1 h^-1.
struct UnitAtom {
  std::string name;
  int power = 1;
  Span span;
};

enum class ExprKind {
  Number,  // value (scaled, % and bp applied), unit atoms
  Date,    // text "YYYY-MM-DD"
  String,  // text
  Bool,    // value 0/1
  Name,    // text
  Member,  // kids[0].text
  Call,    // kids[0] callee, kids[1..] args; arg_names parallel to args
  Unary,   // op Neg or Not (text "-" or "not"), kids[0]
  Binary,  // op (text as written), kids[0], kids[1]
  If,      // kids: cond, then, else
  Per,     // kids[0] per unit (units[0])
};

// A Unary or Binary expression's operator, set by the builder; `text`
// keeps the spelling for printing, and later phases switch on this.
enum class Operator { None, Neg, Not, Add, Sub, Mul, Div, Lt, Le, Gt, Ge, Eq, Ne, And, Or };

// The binary operator spelled `text` (None if it is not one).
Operator binary_operator(std::string_view text);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::Number;
  Span span;
  std::string text;
  Operator op = Operator::None;  // Unary, Binary
  double value = 0;
  char suffix = 0;  // '%', 'b' (bp), 'x' or 0 for a Number
  std::vector<UnitAtom> units;
  std::vector<ExprPtr> kids;
  std::vector<std::string> arg_names;  // Call: one per argument ("" if positional)
  int depth = 1;  // height of this subtree (the builder refuses very deep trees)

  ExprPtr clone() const;
};

struct Word {
  std::string text;
  Span span;
};

// A property clause: `2.20 USD/gpu/h for 36 months` or `then gpu_rate` or
// `hazard 4% per year` or `level over 48 months`.
struct Clause {
  std::vector<Word> words;
  ExprPtr value;
  ExprPtr for_value;
  ExprPtr on_value;  // `copula 30% on btc`: btc
  Span span;
  Clause clone() const;
};

struct Property {
  std::string name;
  Span name_span;
  std::vector<Clause> clauses;
  Span span;
  Property clone() const;
};

enum class PayMode { Default, Scheduled, InFull, UpTo, Residual };

struct Target {
  std::vector<std::string> path;  // `A.principal` -> {A, principal}; `trustee` -> {trustee}
  std::vector<std::string> group;  // pro_rata(A, B).principal: group {A,B}, path {principal}
  std::vector<Span> group_spans;
  Span span;
};

// Place: `steps R.interest`, a template instance's step group (target.path
// {R, interest}); sema expands it into the group's steps.
enum class StepKind { Pay, Fill, Draw, Sweep, Liquidate, Convert, If, Place };

struct Step {
  StepKind kind = StepKind::Pay;
  Span span;
  Target target;          // Pay, Draw (claim), Sweep (claim), Liquidate / Convert (asset in path[0])
  PayMode mode = PayMode::Default;
  ExprPtr amount;         // UpTo amount, Sweep share, Fill explicit level
  std::string account;    // Fill, Draw
  Span account_span;
  // If: conditions[i] guards branches[i]; else_steps when none holds.
  std::vector<ExprPtr> conditions;
  std::vector<std::vector<Step>> branches;
  std::vector<Step> else_steps;
  bool has_else = false;
  Step clone() const;
};

enum class DeclKind {
  Unit, Param, Let, Test, Draw, Factor, Correlate, Curve,
  Holidays, Fleet, Lease, Holding, Loan, Receivables, Expense,
  Tranche, Convertible, Fee, Account, Facility, Hedge, Equity,
  Trigger, Waterfall, Report, Use,
  Steps,  // in a template: `steps [NAME] { ... }` (name "" for the unnamed group), its steps in `steps`
};

const char* decl_kind_name(DeclKind k);

struct CurvePoint {
  ExprPtr x, y;
};

enum class ReportSection { Series, Metrics, Probability, RiskFree };

struct ReportItem {
  std::string section;  // series | metrics | probability | risk_free, as written
  ReportSection kind = ReportSection::Series;
  std::vector<ExprPtr> items;
};

struct Decl {
  DeclKind kind = DeclKind::Let;
  Span span;
  std::string name;
  Span name_span;
  ExprPtr value;            // Param, Let, Test, Expense, Fee, Draw, Factor, Curve (expr form)
  std::string type_name;    // Param `: Type` (optional)
  Span type_span;
  ExprPtr jump_rate, jump_size;  // Factor ... jumps poisson(rate) size s
  std::string other;        // Lease: fleet name (`on gpus`); Correlate: second factor
  Span other_span;
  std::vector<Property> props;  // block constructs and `use`
  std::vector<CurvePoint> points;  // Curve table
  std::vector<ExprPtr> dates;      // Holidays
  bool is_table = false;
  // Lease / Loan: `lease tape NAME on F from "FILE.csv" { ... }`; the file
  // is `value` (a String), the block applies to every row (sema/tape.cpp).
  bool is_tape = false;
  // Trigger
  ExprPtr when, when_for, cure, cure_for;
  // Waterfall, Steps
  std::vector<Step> steps;
  // Report
  std::vector<ReportItem> report;
  // Use: the template path (`std.crypto.margin_loan`)
  std::vector<std::string> path;
  Span path_span;
  Decl clone() const;
};

struct TemplateParam {
  std::string name;
  Span span;
  std::string type_name;
  Span type_span;
  ExprPtr default_value;
};

struct Template {
  std::string name;
  Span span, name_span;
  std::vector<TemplateParam> params;
  std::vector<Decl> body;
};

struct Setting {
  std::string name;   // currency, start, first_payment, period, horizon, day_count, calendar
  std::string text;   // the value as written (identifier, date, day count spelling)
  std::string rule;   // calendar: the business-day rule, if given; wal: the basis after `on`
  ExprPtr value;      // horizon
  Span span, value_span;
  Span rule_span;     // wal: the basis after `on`
};

// A named stress (`stress NAME { ... }`): what it fixes, one line each.
//   Fix      `F = path(CURVE)`, `F = VALUE`, `DRAW = VALUE`  (value)
//   Shock    `F falls P over N months` / `rises`             (value P, over N)
//   Set      `set PARAM = VALUE`                              (value)
//   Default  `default LEASE at N months` / `never`            (value N, null: never)
//   Rate     `POOL default cdr(8%)` / `POOL prepayment cpr(20%)` (value: the call)
enum class StressKind { Fix, Shock, Set, Default, Rate };
struct StressItem {
  StressKind kind = StressKind::Fix;
  std::string target;
  Span target_span, span;
  ExprPtr value, over;
  bool rises = false;       // Shock
  bool prepayment = false;  // Rate: the pool's prepayment (else its default)
};
struct Stress {
  std::string name;
  Span span, name_span;
  std::vector<StressItem> items;
};

struct Deal {
  std::string name;
  Span span, name_span;
  std::vector<Setting> settings;
  std::vector<Decl> decls;
  std::vector<Stress> stresses;
};

struct Import {
  std::vector<std::string> module;  // `std.gpu`
  std::string file;                 // `"./lib/abl.deal"`
  std::string alias;
  Span span, target_span;
};

struct File {
  std::uint32_t file_id = 0;
  std::vector<Import> imports;
  std::vector<Decl> top;  // units and curves
  std::vector<Template> templates;
  std::vector<Deal> deals;
  std::vector<Stress> stresses;  // a stress file's, shared by the deals that import it
};

// `sluice ast`: an indented, readable dump.
std::string dump(const File& file, const SourceManager& sm);
// An expression as source-like text (fully parenthesized).
std::string expr_to_string(const Expr& e);
// The same with only the parentheses precedence needs (report column names).
std::string expr_display(const Expr& e);

}  // namespace sluice::ast
