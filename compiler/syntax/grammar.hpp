// The PEGTL grammar of the deal language. Rules only: the parse-tree
// selector (actions.hpp) says which rules become nodes, errors.hpp says what
// each `expect<>` prints when it fails, and build_ast.cpp turns the tree into
// the AST. Whitespace and comments are skipped after every token.
#pragma once
#include <string>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>
#include <unordered_set>

namespace sluice::syntax {

// Units are context: `300m\n coupon` must not read `coupon` as a unit. The
// parser knows every unit before it starts (declared `unit` names, the deal
// currency, ISO codes, time units), so a unit atom is a known unit name.
struct UnitContext {
  std::unordered_set<std::string> names;
};
// Set by the parser entry point for the duration of one parse.
extern thread_local const UnitContext* current_units;
inline constexpr std::size_t kMaxNesting = 64;
extern thread_local std::size_t current_depth;

namespace grammar {
namespace pg = tao::pegtl;
using namespace tao::pegtl;

// ---- lexical ---------------------------------------------------------------
// A commit point. PEGTL's must_if raises for every failing rule that has an
// error message, so messages hang on req<R>, which appears only here; the
// same R used optionally elsewhere fails quietly and backtracks.
template <typename R>
struct req : seq<R> {};
template <typename... R>
struct expect : seq<must<req<R>>...> {};

struct line_comment : seq<two<'/'>, until<eolf>> {};
struct block_comment_end : string<'*', '/'> {};
struct block_comment_rest : until<block_comment_end> {};
struct block_comment : seq<string<'/', '*'>, expect<block_comment_rest>> {};
struct ws : sor<one<' ', '\t', '\r', '\n', '\f', '\v'>, line_comment, block_comment> {};
struct sp : star<ws> {};


struct ident_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct ident_other : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct word : seq<ident_first, star<ident_other>> {};

#define SLUICE_KW(name, text)                                   \
  struct name : seq<TAO_PEGTL_STRING(text), not_at<ident_other>> {}; \
  struct name##_t : seq<name, sp> {}

SLUICE_KW(kw_deal, "deal");
SLUICE_KW(kw_import, "import");
SLUICE_KW(kw_unit, "unit");
SLUICE_KW(kw_template, "template");
SLUICE_KW(kw_curve, "curve");
SLUICE_KW(kw_table, "table");
SLUICE_KW(kw_param, "param");
SLUICE_KW(kw_let, "let");
SLUICE_KW(kw_test, "test");
SLUICE_KW(kw_market, "market");
SLUICE_KW(kw_draw, "draw");
SLUICE_KW(kw_factor, "factor");
SLUICE_KW(kw_correlate, "correlate");
SLUICE_KW(kw_jumps, "jumps");
SLUICE_KW(kw_size, "size");
SLUICE_KW(kw_fleet, "fleet");
SLUICE_KW(kw_lease, "lease");
SLUICE_KW(kw_holding, "holding");
SLUICE_KW(kw_loan, "loan");
SLUICE_KW(kw_receivables, "receivables");
SLUICE_KW(kw_expense, "expense");
SLUICE_KW(kw_tranche, "tranche");
SLUICE_KW(kw_convertible, "convertible");
SLUICE_KW(kw_fee, "fee");
SLUICE_KW(kw_account, "account");
SLUICE_KW(kw_facility, "facility");
SLUICE_KW(kw_hedge, "hedge");
SLUICE_KW(kw_equity, "equity");
SLUICE_KW(kw_trigger, "trigger");
SLUICE_KW(kw_waterfall, "waterfall");
SLUICE_KW(kw_report, "report");
SLUICE_KW(kw_steps, "steps");
SLUICE_KW(kw_use, "use");
SLUICE_KW(kw_as, "as");
SLUICE_KW(kw_on, "on");
SLUICE_KW(kw_when, "when");
SLUICE_KW(kw_cure, "cure");
SLUICE_KW(kw_for, "for");
SLUICE_KW(kw_per, "per");
SLUICE_KW(kw_if, "if");
SLUICE_KW(kw_then, "then");
SLUICE_KW(kw_else, "else");
SLUICE_KW(kw_and, "and");
SLUICE_KW(kw_or, "or");
SLUICE_KW(kw_not, "not");
SLUICE_KW(kw_true, "true");
SLUICE_KW(kw_false, "false");
SLUICE_KW(kw_pay, "pay");
SLUICE_KW(kw_fill, "fill");
SLUICE_KW(kw_sweep, "sweep");
SLUICE_KW(kw_liquidate, "liquidate");
SLUICE_KW(kw_convert, "convert");
SLUICE_KW(kw_to, "to");
SLUICE_KW(kw_up, "up");
SLUICE_KW(kw_in, "in");
SLUICE_KW(kw_full, "full");
SLUICE_KW(kw_scheduled, "scheduled");
SLUICE_KW(kw_residual, "residual");
SLUICE_KW(kw_pro_rata, "pro_rata");
SLUICE_KW(kw_target, "target");
SLUICE_KW(kw_series, "series");
SLUICE_KW(kw_metrics, "metrics");
SLUICE_KW(kw_probability, "probability");
SLUICE_KW(kw_risk_free, "risk_free");
SLUICE_KW(kw_currency, "currency");
SLUICE_KW(kw_start, "start");
SLUICE_KW(kw_period, "period");
SLUICE_KW(kw_horizon, "horizon");
SLUICE_KW(kw_day_count, "day_count");
SLUICE_KW(kw_calendar, "calendar");
SLUICE_KW(kw_first_payment, "first_payment");
SLUICE_KW(kw_cutoff, "cutoff");
SLUICE_KW(kw_settlement, "settlement");
SLUICE_KW(kw_payment_day, "payment_day");
SLUICE_KW(kw_wal, "wal");
SLUICE_KW(kw_from, "from");
SLUICE_KW(kw_holidays, "holidays");
SLUICE_KW(kw_sculpted, "sculpted");
SLUICE_KW(kw_dscr, "dscr");

// Words inside a property clause. A flag word stands alone (`bullet`,
// `capitalize`, `level`); a lead word introduces a value (`then gpu_rate`,
// `hazard 4% per year`, `over 48 months`). Both are reserved: no declaration
// may take them as its name.
struct flag_word
    : seq<sor<TAO_PEGTL_STRING("level"), TAO_PEGTL_STRING("linear"), TAO_PEGTL_STRING("bullet"),
              TAO_PEGTL_STRING("pass_through"), TAO_PEGTL_STRING("capitalize"), TAO_PEGTL_STRING("carry"),
              TAO_PEGTL_STRING("orderly"), TAO_PEGTL_STRING("excess")>,
          not_at<ident_other>> {};
// `floor` is also a function: followed by `(` (blanks between allowed) it is
// a call, `units floor(n, 1 gpu)`, and not the lead word of `, floor 1%`;
// followed by `:` it names an argument (`paced_sale(..., floor: 58%)`).
struct floor_lead
    : seq<TAO_PEGTL_STRING("floor"), not_at<ident_other>, not_at<star<one<' ', '\t'>>, sor<one<'('>, one<':'>>>> {};
struct lead_word
    : seq<sor<TAO_PEGTL_STRING("then"), TAO_PEGTL_STRING("over"), TAO_PEGTL_STRING("hazard"),
              TAO_PEGTL_STRING("recovery"), TAO_PEGTL_STRING("copula"), TAO_PEGTL_STRING("cap"), floor_lead,
              TAO_PEGTL_STRING("slippage"), TAO_PEGTL_STRING("schedule"), TAO_PEGTL_STRING("when"),
              TAO_PEGTL_STRING("target")>,
          not_at<ident_other>> {};
struct phrase_word : sor<flag_word, lead_word> {};

// Keywords that can never be a name.
struct reserved
    : sor<kw_deal, kw_import, kw_unit, kw_template, kw_curve, kw_holidays, kw_table, kw_param, kw_let, kw_test, kw_market,
          kw_draw, kw_factor, kw_correlate, kw_jumps, kw_fleet, kw_lease, kw_holding, kw_loan, kw_receivables,
          kw_expense, kw_tranche, kw_convertible, kw_fee, kw_account, kw_facility, kw_hedge, kw_equity, kw_trigger,
          kw_waterfall, kw_report, kw_use, kw_as, kw_on, kw_cure, kw_for, kw_per, kw_if, kw_then, kw_else,
          kw_and, kw_or, kw_not, kw_true, kw_false, kw_pay, kw_fill, kw_sweep, kw_liquidate, kw_convert, kw_to,
          kw_up, kw_in, kw_full, kw_scheduled, kw_residual, kw_pro_rata, kw_sculpted, phrase_word> {};

struct name : seq<not_at<reserved>, word> {};
struct name_t : seq<name, sp> {};
// A property name may be any word (`target`, `default`, `units`).
struct prop_name : word {};

template <char C>
struct sym : seq<one<C>, sp> {};
struct comma : sym<','> {};
struct lbrace : sym<'{'> {};
struct rbrace : sym<'}'> {};
struct lparen : sym<'('> {};
struct rparen : sym<')'> {};
struct colon : sym<':'> {};
struct equals : seq<one<'='>, not_at<one<'='>>, sp> {};
struct dot : one<'.'> {};

// Nesting guard: counts open parentheses and blocks so a hostile file gets a
// located error instead of exhausting the stack.
template <typename Rule>
struct nested {
  using rule_t = nested;
  using subs_t = type_list<Rule>;
  template <apply_mode A, rewind_mode M, template <typename...> class Action, template <typename...> class Control,
            typename Input, typename... States>
  static bool match(Input& in, States&&... st) {
    if (++current_depth > kMaxNesting) {
      current_depth = 0;
      throw parse_error("E0109|parentheses, blocks or operators nest deeper than 64 levels", in);
    }
    bool ok = Control<Rule>::template match<A, M, Action, Control>(in, st...);
    --current_depth;
    return ok;
  }
};

// ---- literals --------------------------------------------------------------
struct digits : seq<digit, star<sor<digit, seq<one<'_'>, at<digit>>>>> {};
struct fraction : seq<one<'.'>, plus<digit>> {};
struct exponent : seq<one<'e', 'E'>, opt<one<'+', '-'>>, plus<digit>> {};
struct mantissa : seq<digits, opt<fraction>, opt<exponent>> {};
struct scale : seq<sor<TAO_PEGTL_STRING("bn"), one<'k'>, one<'m'>>, not_at<ident_other>> {};
struct pct : one<'%'> {};
struct bp : seq<TAO_PEGTL_STRING("bp"), not_at<ident_other>> {};
struct times : seq<one<'x'>, not_at<ident_other>> {};
struct suffix : sor<pct, bp, times> {};

bool is_reserved_word(std::string_view w);

// A known unit name (see UnitContext). The first unit after a number is
// strict: a word there that is neither a unit nor a keyword is a typo'd or
// undeclared unit, reported as such. After `/` or `*` a non-unit ends the
// unit (`100 USD/fleet_size` divides by a value).
template <bool Strict>
struct unit_name {
  using rule_t = unit_name;
  using subs_t = empty_list;
  template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class, typename Input,
            typename... States>
  static bool match(Input& in, States&&...) {
    auto is_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    auto is_other = [&](char c) { return is_first(c) || (c >= '0' && c <= '9'); };
    const std::size_t avail = in.size(65);
    const char* p = in.current();
    if (avail == 0 || !is_first(p[0])) return false;
    std::size_t n = 0;
    while (n < avail && is_other(p[n])) ++n;
    std::string w(p, n);
    if (n < 65 && current_units && current_units->names.count(w)) {
      in.bump(n);
      return true;
    }
    if (Strict && !is_reserved_word(w) && (n >= avail || (p[n] != '.' && p[n] != '(')))
      throw parse_error("E0211|unknown unit `" + w + "`", in);
    return false;
  }
};
struct unit_div : seq<one<'/'>, not_at<one<'/', '*'>>> {};
struct unit_mul : one<'*'> {};
struct unit_atom : unit_name<false> {};
struct unit_first : unit_name<true> {};
struct unit_more : seq<sor<unit_div, unit_mul>, unit_atom> {};
struct unit_expr : seq<unit_first, star<unit_more>> {};
struct per_unit_expr : seq<unit_atom, star<unit_more>> {};
// `6.5%`, `225bp`, `1.25x`, `30_000 USD/gpu`, `300m USD`, `0.5`
struct number : seq<mantissa, opt<scale>, sor<suffix, opt<plus<one<' ', '\t'>>, unit_expr>, success>> {};
struct number_t : seq<number, sp> {};
struct date : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<ident_other>> {};
struct date_t : seq<date, sp> {};
struct string_char : sor<seq<one<'\\'>, one<'"', '\\', 'n', 't'>>, not_one<'"', '\\', '\n', '\r'>> {};
struct string_body : star<string_char> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, string_body, expect<string_close>> {};
struct string_t : seq<string_lit, sp> {};
struct bool_lit : sor<kw_true, kw_false> {};

// ---- expressions -----------------------------------------------------------
struct expr;
struct arg_name : seq<name, sp, one<':'>, not_at<one<':'>>, sp> {};
struct arg : seq<opt<arg_name>, expect<expr>> {};
struct call_args : seq<lparen, opt<list<arg, comma>>, expect<rparen>> {};
struct member : seq<dot, expect<word>, sp> {};  // members may be any word: `A.target`
struct per_unit : seq<kw_per_t, expect<per_unit_expr>, sp> {};
struct paren_expr : nested<seq<lparen, expect<expr>, expect<rparen>>> {};
struct if_expr : nested<seq<kw_if_t, expect<expr>, expect<kw_then_t>, expect<expr>, expect<kw_else_t>, expect<expr>>> {};
struct name_ref : seq<name, sp> {};
struct primary : sor<if_expr, date_t, number_t, string_t, seq<bool_lit, sp>, name_ref, paren_expr> {};
struct postfix : seq<primary, star<sor<member, nested<call_args>, per_unit>>> {};
struct neg_op : seq<one<'-'>, sp> {};
struct unary;
struct neg : nested<seq<neg_op, expect<unary>>> {};
struct unary : sor<neg, postfix> {};
struct mul_op : seq<sor<one<'*'>, seq<one<'/'>, not_at<one<'/', '*'>>>>, sp> {};
struct mul_expr : seq<unary, star<mul_op, expect<unary>>> {};
struct add_op : seq<one<'+', '-'>, sp> {};
struct add_expr : seq<mul_expr, star<add_op, expect<mul_expr>>> {};
struct cmp_op : seq<sor<TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="), TAO_PEGTL_STRING("=="),
                        TAO_PEGTL_STRING("!="), one<'<'>, one<'>'>>,
                    sp> {};
struct cmp_expr : seq<add_expr, opt<cmp_op, expect<add_expr>>> {};
struct not_op : kw_not_t {};
struct not_expr;
struct not_apply : nested<seq<not_op, expect<not_expr>>> {};
struct not_expr : sor<not_apply, cmp_expr> {};
struct and_op : kw_and_t {};
struct and_expr : seq<not_expr, star<and_op, expect<not_expr>>> {};
struct or_op : kw_or_t {};
struct or_expr : seq<and_expr, star<or_op, expect<and_expr>>> {};
struct expr : seq<or_expr> {};

// ---- properties ------------------------------------------------------------
struct phrase : seq<flag_word, sp> {};
struct lead_phrase : seq<lead_word, sp> {};
struct sculpted_phrase : seq<kw_sculpted_t, opt<kw_dscr_t>> {};
struct for_part : seq<kw_for_t, expect<expr>> {};
// `copula 30% on btc`: what a clause's value applies to (a market factor);
// `put 100% on 36 months`: the date a convertible's put price applies on.
struct on_part : seq<kw_on_t, expect<expr>> {};
struct clause_value : expr {};
struct clause : sor<seq<star<phrase>, sor<sculpted_phrase, lead_phrase>, expect<clause_value>, opt<sor<for_part, on_part>>>,
                    plus<phrase>, seq<expr, opt<sor<for_part, on_part>>>> {};
struct prop_value : clause {};
struct property : seq<prop_name, sp, expect<prop_value>, star<comma, expect<prop_value>>> {};
struct block_close : rbrace {};
struct block : nested<seq<lbrace, star<property>, expect<block_close>>> {};

// ---- declarations ----------------------------------------------------------
struct decl_name : name_t {};
struct decl_value : expr {};
struct unit_decl : seq<kw_unit_t, expect<decl_name>> {};
struct type_name : seq<word, sp> {};
struct param_decl : seq<kw_param_t, expect<decl_name>, opt<colon, expect<type_name>>, expect<equals>, expect<decl_value>> {};
struct let_decl : seq<kw_let_t, expect<decl_name>, expect<equals>, expect<decl_value>> {};
struct test_decl : seq<kw_test_t, expect<decl_name>, expect<equals>, expect<decl_value>> {};
struct expense_decl : seq<kw_expense_t, expect<decl_name>, expect<equals>, expect<decl_value>> {};
struct fee_decl : seq<kw_fee_t, expect<decl_name>, expect<equals>, expect<decl_value>> {};
// `equity E`, or with properties: `equity E { shares 40m share }`.
struct equity_decl : seq<kw_equity_t, expect<decl_name>, opt<block>> {};

struct block_kind : sor<kw_fleet_t, kw_holding_t, kw_loan_t, kw_receivables_t, kw_tranche_t, kw_convertible_t,
                        kw_account_t, kw_facility_t, kw_hedge_t> {};
struct block_decl : seq<block_kind, expect<decl_name>, expect<block>> {};
struct lease_fleet : seq<name, star<dot, word>, sp> {};  // a fleet, or one in a template instance (`F.gpus`)
struct lease_decl : seq<kw_lease_t, expect<decl_name>, expect<kw_on_t>, expect<lease_fleet>, expect<block>> {};
// `lease tape NAME on FLEET from "FILE.csv" { ... }` and `loan tape NAME from
// "FILE.csv" { ... }`: one lease or loan per row of the file (sema/tape.cpp).
// `tape` is a word only here: `lease tape on gpus` is still a lease named
// `tape`, so the tape forms commit only once a name follows `tape`.
struct tape_word : seq<TAO_PEGTL_STRING("tape"), not_at<ident_other>, sp> {};
struct tape_file : string_t {};
struct lease_tape_decl : seq<kw_lease_t, tape_word, not_at<kw_on>, decl_name, expect<kw_on_t>, expect<lease_fleet>,
                             expect<kw_from_t>, expect<tape_file>, expect<block>> {};
struct loan_tape_decl : seq<kw_loan_t, tape_word, not_at<one<'{'>>, decl_name, expect<kw_from_t>, expect<tape_file>, expect<block>> {};

struct dotted : seq<name, star<dot, name>, sp> {};
struct use_path : dotted {};
struct use_alias : name_t {};
struct use_decl : seq<kw_use_t, expect<use_path>, expect<kw_as_t>, expect<use_alias>, expect<block>> {};

// market { draw x = ...  factor f = ... [jumps poisson(...) size s]  correlate f, g = rho }
struct jump_rate : seq<postfix> {};
struct jump_size : expr {};
struct jumps : seq<kw_jumps_t, expect<jump_rate>, expect<kw_size_t>, expect<jump_size>> {};
struct draw_decl : seq<kw_draw_t, expect<decl_name>, expect<equals>, expect<decl_value>> {};
struct factor_decl : seq<kw_factor_t, expect<decl_name>, expect<equals>, expect<decl_value>, opt<jumps>> {};
struct correlate_second : name_t {};
struct correlate_decl
    : seq<kw_correlate_t, expect<decl_name>, expect<comma>, expect<correlate_second>, expect<equals>, expect<decl_value>> {};
struct market_item : sor<draw_decl, factor_decl, correlate_decl> {};
struct market_close : rbrace {};
struct market_decl : seq<kw_market_t, expect<lbrace>, star<market_item>, expect<market_close>> {};

// trigger name when cond [for N periods][, cure when cond [for N periods]]
struct trigger_when : expr {};
struct trigger_for : expr {};
struct cure_when : expr {};
struct cure_for : expr {};
struct cure_part : seq<comma, expect<kw_cure_t>, expect<kw_when_t>, expect<cure_when>, opt<kw_for_t, expect<cure_for>>> {};
struct trigger_decl : seq<kw_trigger_t, expect<decl_name>, expect<kw_when_t>, expect<trigger_when>,
                          opt<kw_for_t, expect<trigger_for>>, opt<cure_part>> {};

// waterfall steps
struct step;
struct steps_close : rbrace {};
struct step_block : nested<seq<lbrace, star<step>, expect<steps_close>>> {};
// A name or a dotted path into a template instance (`P.senior`).
struct dotted_ref : seq<name, star<dot, word>, sp> {};
struct group_member : dotted_ref {};
struct group_members : list<group_member, comma> {};
struct pro_rata_group : seq<kw_pro_rata_t, expect<lparen>, expect<group_members>, expect<rparen>> {};
struct target_member : seq<dot, expect<word>, sp> {};
struct target_head : name {};
struct target_member_plain : seq<dot, expect<word>> {};
struct target : sor<seq<pro_rata_group, expect<target_member>>, seq<target_head, star<target_member_plain>, sp>> {};
struct mode_scheduled : kw_scheduled_t {};
struct mode_in_full : seq<kw_in_t, expect<kw_full_t>> {};
struct mode_up_to : seq<kw_up_t, expect<kw_to_t>, expect<expr>> {};
struct mode_residual : kw_residual_t {};
struct pay_mode : sor<mode_scheduled, mode_in_full, mode_up_to, mode_residual> {};
struct pay_step : seq<kw_pay_t, expect<target>, opt<pay_mode>> {};
struct account_ref : dotted_ref {};
struct fill_target : kw_target_t {};
struct fill_level : sor<fill_target, expr> {};
struct fill_step : seq<kw_fill_t, expect<account_ref>, expect<kw_to_t>, expect<fill_level>> {};
struct draw_step : seq<kw_draw_t, expect<account_ref>, expect<kw_for_t>, expect<target>> {};
struct sweep_share : expr {};
struct sweep_step : seq<kw_sweep_t, expect<sweep_share>, expect<kw_to_t>, expect<target>> {};
struct liquidate_step : seq<kw_liquidate_t, expect<target>> {};
struct convert_step : seq<kw_convert_t, expect<target>> {};
struct if_cond : expr {};
struct else_if : seq<kw_else_t, kw_if_t, expect<if_cond>, expect<step_block>> {};
struct else_part : seq<kw_else_t, expect<step_block>> {};
struct if_step : seq<kw_if_t, expect<if_cond>, expect<step_block>, star<else_if>, opt<else_part>> {};
// `steps R` / `steps R.interest`: a template instance's step group, placed
// here. `steps` is not reserved (a curve may be named `steps`): no step
// starts with a name, so the word can only open a placement here.
struct place_path : dotted_ref {};
struct place_step : seq<kw_steps_t, expect<place_path>> {};
struct step : sor<pay_step, fill_step, draw_step, sweep_step, liquidate_step, convert_step, if_step, place_step> {};
struct waterfall_name : name_t {};
struct waterfall_when : expr {};
struct waterfall_decl : seq<kw_waterfall_t, opt<waterfall_name>, opt<kw_when_t, expect<waterfall_when>>, expect<step_block>> {};
// In a template: `steps [NAME] { ... }`, waterfall steps the deal places
// with `steps ALIAS[.NAME]`.
struct steps_name : name_t {};
struct steps_decl : seq<kw_steps_t, opt<steps_name>, expect<step_block>> {};

// report { series a, b  metrics A.loss  probability t  risk_free r }
struct report_section : sor<kw_series_t, kw_metrics_t, kw_probability_t, kw_risk_free_t> {};
struct report_items : list<expr, comma> {};
struct report_line : seq<report_section, expect<report_items>> {};
struct report_close : rbrace {};
struct report_decl : seq<kw_report_t, expect<lbrace>, star<report_line>, expect<report_close>> {};

// curve name = table { 0 months: 100%, ... } | expr
struct curve_point : seq<expr, expect<colon>, expect<expr>> {};
struct curve_close : rbrace {};
struct curve_table : seq<kw_table_t, expect<lbrace>, opt<list<curve_point, comma>>, opt<comma>, expect<curve_close>> {};
struct curve_body : sor<curve_table, expr> {};
struct curve_decl : seq<kw_curve_t, expect<decl_name>, expect<equals>, expect<curve_body>> {};

// holidays name { 2025-01-01, 2025-12-25 }
struct holiday_date : date_t {};
struct holidays_close : rbrace {};
struct holidays_decl : seq<kw_holidays_t, expect<decl_name>, expect<lbrace>, opt<list<holiday_date, comma>>, opt<comma>,
                           expect<holidays_close>> {};

struct member_decl : sor<unit_decl, holidays_decl, param_decl, let_decl, test_decl, market_decl, lease_tape_decl, loan_tape_decl, lease_decl, block_decl, expense_decl,
                         fee_decl, equity_decl, trigger_decl, waterfall_decl, steps_decl, report_decl, use_decl, curve_decl> {};

// stress NAME { F = path(C)  F falls 50% over 24 months  set P = V  default L at 18 months  POOL default cdr(8%) }
// Its words are not reserved (a deal may name a value `set` or `never`):
// each is a word only where the stress block expects it.
template <typename Word>
struct stress_word : seq<Word, not_at<ident_other>, sp> {};
struct kw_stress_t : stress_word<TAO_PEGTL_STRING("stress")> {};
struct stress_set_word : stress_word<TAO_PEGTL_STRING("set")> {};
struct stress_default_word : stress_word<TAO_PEGTL_STRING("default")> {};
struct stress_at_word : stress_word<TAO_PEGTL_STRING("at")> {};
struct stress_never : stress_word<TAO_PEGTL_STRING("never")> {};
struct stress_falls : stress_word<TAO_PEGTL_STRING("falls")> {};
struct stress_rises : stress_word<TAO_PEGTL_STRING("rises")> {};
struct stress_over_word : stress_word<TAO_PEGTL_STRING("over")> {};
struct stress_prepayment : stress_word<TAO_PEGTL_STRING("prepayment")> {};
struct stress_target : name_t {};
struct stress_value : expr {};
struct stress_over : expr {};
struct stress_at : seq<stress_at_word, expect<stress_value>> {};
struct stress_when : sor<stress_at, stress_never> {};
struct stress_direction : sor<stress_falls, stress_rises> {};
struct stress_set : seq<stress_set_word, stress_target, expect<equals>, expect<stress_value>> {};
struct stress_default : seq<stress_default_word, stress_target, expect<stress_when>> {};
struct stress_shock : seq<stress_target, stress_direction, expect<stress_value>, expect<stress_over_word>, expect<stress_over>> {};
struct stress_fix : seq<stress_target, equals, expect<stress_value>> {};
// `POOL default cdr(8%)`, `POOL prepayment cpr(20%)`: a pool's rate, as the
// pool declares it.
struct stress_rate : seq<stress_target, sor<stress_default_word, stress_prepayment>, expect<stress_value>> {};
struct stress_item : sor<stress_set, stress_default, stress_rate, stress_shock, stress_fix> {};
struct stress_close : rbrace {};
struct stress_decl : seq<kw_stress_t, expect<decl_name>, expect<lbrace>, star<stress_item>, expect<stress_close>> {};

// deal settings
struct period_kind : seq<sor<TAO_PEGTL_STRING("monthly"), TAO_PEGTL_STRING("quarterly"),
                             TAO_PEGTL_STRING("semiannual"), TAO_PEGTL_STRING("annual")>,
                         not_at<ident_other>, sp> {};
// A day-count spelling: `30/360`, `30E/360 ISDA`, `ACT/ACT ISDA`, `ACT/365F`.
struct dc_token : plus<ranges<'a', 'z', 'A', 'Z', '0', '9'>> {};
struct dc_qualifier : seq<sor<TAO_PEGTL_ISTRING("ISDA"), TAO_PEGTL_ISTRING("US"), TAO_PEGTL_ISTRING("Bond Basis"),
                              TAO_PEGTL_ISTRING("Fixed")>,
                          not_at<ident_other>> {};
struct day_count_spec : seq<dc_token, one<'/'>, dc_token, opt<plus<one<' ', '\t'>>, dc_qualifier>, sp> {};
struct currency_code : name_t {};
struct calendar_name : dotted {};
struct horizon_value : expr {};
struct setting_currency : seq<kw_currency_t, expect<currency_code>> {};
struct setting_start : seq<kw_start_t, expect<date_t>> {};
struct setting_first_payment : seq<kw_first_payment_t, expect<date_t>> {};
struct setting_period : seq<kw_period_t, expect<period_kind>> {};
struct setting_horizon : seq<kw_horizon_t, expect<horizon_value>> {};
struct setting_day_count : seq<kw_day_count_t, expect<day_count_spec>> {};
struct business_day_rule : seq<sor<TAO_PEGTL_STRING("modified_following"), TAO_PEGTL_STRING("following"),
                                    TAO_PEGTL_STRING("preceding"), TAO_PEGTL_STRING("unadjusted")>,
                                not_at<ident_other>, sp> {};
struct setting_calendar : seq<kw_calendar_t, expect<calendar_name>, opt<business_day_rule>> {};
// A term sheet's dates: `cutoff D`, `settlement D`, `payment_day N`, and the
// basis of the WAL and durations: `wal from settlement on 30/360`.
struct setting_cutoff : seq<kw_cutoff_t, expect<date_t>> {};
struct setting_settlement : seq<kw_settlement_t, expect<date_t>> {};
struct day_of_month : seq<plus<digit>, not_at<ident_other>, sp> {};
struct setting_payment_day : seq<kw_payment_day_t, expect<day_of_month>> {};
struct wal_origin : seq<sor<TAO_PEGTL_STRING("start"), TAO_PEGTL_STRING("cutoff"), TAO_PEGTL_STRING("settlement")>, not_at<ident_other>, sp> {};
struct wal_from : seq<kw_from_t, expect<wal_origin>> {};
struct wal_on : seq<kw_on_t, expect<day_count_spec>> {};
struct wal_basis : sor<seq<wal_from, opt<wal_on>>, wal_on> {};
struct setting_wal : seq<kw_wal_t, expect<wal_basis>> {};
struct setting : sor<setting_currency, setting_start, setting_first_payment, setting_period, setting_horizon, setting_day_count,
                     setting_calendar, setting_cutoff, setting_settlement, setting_payment_day, setting_wal> {};
struct deal_name : string_t {};
struct deal_close : rbrace {};
struct deal_decl : seq<kw_deal_t, expect<deal_name>, expect<lbrace>, star<sor<setting, member_decl, stress_decl>>, expect<deal_close>> {};

// templates
struct tparam_name : name_t {};
// A parameter's name is required once the list is open, so a keyword
// written as one (`level`) is reported as such, not as a missing `)`.
struct tparam : seq<expect<tparam_name>, expect<colon>, expect<type_name>, opt<equals, expect<expr>>> {};
struct tparams : seq<lparen, opt<not_at<rparen>, list<tparam, comma>>, expect<rparen>> {};
struct template_close : rbrace {};
struct template_decl : seq<kw_template_t, expect<decl_name>, expect<tparams>, expect<lbrace>, star<member_decl>,
                           expect<template_close>> {};

struct import_module : dotted {};
struct import_file : string_t {};
struct import_alias : name_t {};
struct import_target : sor<import_file, import_module> {};
struct import_decl : seq<kw_import_t, expect<import_target>, opt<kw_as_t, expect<import_alias>>> {};

struct top_item : sor<import_decl, unit_decl, holidays_decl, curve_decl, template_decl, deal_decl, stress_decl> {};
struct file_end : eof {};
struct value_end : eof {};
struct standalone_expr : seq<sp, expr, expect<value_end>> {};
struct file : seq<sp, star<top_item>, expect<file_end>> {};

}  // namespace grammar
}  // namespace sluice::syntax

// Teach PEGTL's grammar analysis about the two custom rules.
namespace tao::pegtl {
template <typename Name, typename Rule>
struct analyze_traits<Name, sluice::syntax::grammar::nested<Rule>> : analyze_seq_traits<Rule> {};
template <typename Name, bool Strict>
struct analyze_traits<Name, sluice::syntax::grammar::unit_name<Strict>> : analyze_any_traits<> {};
}  // namespace tao::pegtl
