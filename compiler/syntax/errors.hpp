// What each commit point (`must<>`) says when it fails. The text before `|`
// is the diagnostic code. must_if refuses to compile a must<> without one.
#pragma once
#include "syntax/grammar.hpp"

namespace sluice::syntax {

namespace g = grammar;

template <typename>
inline constexpr const char* error_message = nullptr;

#define SLUICE_ERR(rule, text) \
  template <>                  \
  inline constexpr const char* error_message<g::req<rule>> = text

SLUICE_ERR(g::block_comment_rest, "E0108|block comment is not closed with `*/`");
SLUICE_ERR(g::string_close, "E0107|string is not closed with `\"` on its line");
SLUICE_ERR(g::expr, "E0101|expected an expression");
SLUICE_ERR(g::decl_value, "E0101|expected an expression after `=`");
SLUICE_ERR(g::unary, "E0101|expected an operand");
SLUICE_ERR(g::mul_expr, "E0101|expected an operand after the operator");
SLUICE_ERR(g::add_expr, "E0101|expected an operand after the comparison");
SLUICE_ERR(g::not_expr, "E0101|expected a condition");
SLUICE_ERR(g::and_expr, "E0101|expected a condition after `or`");
SLUICE_ERR(g::rparen, "E0102|expected `)`");
SLUICE_ERR(g::word, "E0103|expected a member name after `.`");
SLUICE_ERR(g::per_unit_expr, "E0104|expected a unit of time after `per` (h, day, month, year)");
SLUICE_ERR(g::kw_then_t, "E0104|expected `then` in `if ... then ... else ...`");
SLUICE_ERR(g::kw_else_t, "E0104|expected `else`: an `if` expression needs both branches");
SLUICE_ERR(g::clause_value, "E0101|expected a value after this word");
SLUICE_ERR(g::prop_value, "E0101|expected a value for this property");
SLUICE_ERR(g::block_close, "E0102|expected a property name or `}`");
SLUICE_ERR(g::block, "E0104|expected `{` to open the declaration's block");
SLUICE_ERR(g::tparam_name, "E0103|expected a parameter name (a keyword such as `level`, `cure` or `receivables` cannot be a name)");
SLUICE_ERR(g::decl_name, "E0103|expected a name for the declaration (a keyword cannot be a name)");
SLUICE_ERR(g::colon, "E0104|expected `:`");
SLUICE_ERR(g::type_name, "E0103|expected a type name (Money, Ratio, Rate, Quantity, Date, Duration, Bool, Curve)");
SLUICE_ERR(g::equals, "E0104|expected `=`");
SLUICE_ERR(g::lease_fleet, "E0103|expected the fleet the lease draws its units from");
SLUICE_ERR(g::kw_on_t, "E0104|expected `on FLEET` after the lease name");
SLUICE_ERR(g::kw_from_t, "E0104|expected `from \"FILE.csv\"` after the tape's name (and its fleet)");
SLUICE_ERR(g::tape_file, "E0104|expected the tape's file in quotes, such as `\"leases.csv\"`");
SLUICE_ERR(g::use_path, "E0103|expected a template name, such as `std.crypto.margin_loan`");
SLUICE_ERR(g::kw_as_t, "E0104|expected `as NAME`");
SLUICE_ERR(g::use_alias, "E0103|expected the instance name after `as`");
SLUICE_ERR(g::jump_rate, "E0101|expected the jump process, such as `poisson(0.5 per year)`");
SLUICE_ERR(g::kw_size_t, "E0104|expected `size` and the relative jump size");
SLUICE_ERR(g::jump_size, "E0101|expected the jump size, such as `-20%`");
SLUICE_ERR(g::comma, "E0104|expected `,`");
SLUICE_ERR(g::correlate_second, "E0103|expected the second factor");
SLUICE_ERR(g::lbrace, "E0104|expected `{`");
SLUICE_ERR(g::market_close, "E0102|expected `draw`, `factor`, `correlate` or `}` in the market block");
SLUICE_ERR(g::trigger_when, "E0101|expected the trigger's condition");
SLUICE_ERR(g::trigger_for, "E0101|expected a number of periods after `for`");
SLUICE_ERR(g::kw_cure_t, "E0104|expected `cure when ...` after the comma");
SLUICE_ERR(g::kw_when_t, "E0104|expected `when` and a condition");
SLUICE_ERR(g::cure_when, "E0101|expected the cure condition");
SLUICE_ERR(g::cure_for, "E0101|expected a number of periods after `for`");
SLUICE_ERR(g::steps_close, "E0102|expected a waterfall step (pay, fill, draw, sweep, liquidate, convert, if, steps) or `}`");
SLUICE_ERR(g::lparen, "E0104|expected `(`");
SLUICE_ERR(g::group_members, "E0103|expected the names of the pro-rata group");
SLUICE_ERR(g::target_member, "E0103|expected `.principal` or `.interest` after the pro-rata group");
SLUICE_ERR(g::kw_full_t, "E0104|expected `full` after `in`");
SLUICE_ERR(g::kw_to_t, "E0104|expected `to`");
SLUICE_ERR(g::target, "E0103|expected what the step pays or acts on, such as `A.interest`");
SLUICE_ERR(g::account_ref, "E0103|expected an account name");
SLUICE_ERR(g::fill_level, "E0101|expected `target` or an amount");
SLUICE_ERR(g::kw_for_t, "E0104|expected `for` and the claim to draw for");
SLUICE_ERR(g::sweep_share, "E0101|expected the share to sweep, such as `50%`");
SLUICE_ERR(g::place_path, "E0103|expected the template instance whose steps go here, such as `steps R` or `steps N.interest`");
SLUICE_ERR(g::if_cond, "E0101|expected a condition after `if`");
SLUICE_ERR(g::step_block, "E0104|expected `{` to open the steps");
SLUICE_ERR(g::waterfall_when, "E0101|expected the condition that selects this waterfall");
SLUICE_ERR(g::report_items, "E0101|expected what to report, such as `dscr, A.balance`");
SLUICE_ERR(g::report_close, "E0102|expected `series`, `metrics`, `probability` or `}` in the report block");
SLUICE_ERR(g::holidays_close, "E0102|expected a date (YYYY-MM-DD), `,` or `}` in the holiday list");
SLUICE_ERR(g::curve_close, "E0102|expected `,` or `}` in the curve table");
SLUICE_ERR(g::curve_body, "E0101|expected `table { x: y, ... }` or an expression");
SLUICE_ERR(g::currency_code, "E0103|expected a currency code, such as USD");
SLUICE_ERR(g::date_t, "E0106|expected a date, written YYYY-MM-DD");
SLUICE_ERR(g::period_kind, "E0111|expected monthly, quarterly, semiannual or annual");
SLUICE_ERR(g::horizon_value, "E0101|expected the horizon, such as `84 months`");
SLUICE_ERR(g::day_count_spec, "E0111|expected a day count: 30/360, 30E/360, 30/360 US, 30E/360 ISDA, ACT/360, ACT/365F or ACT/ACT ISDA");
SLUICE_ERR(g::day_of_month, "E0101|expected a day of the month, such as `15`");
SLUICE_ERR(g::wal_origin, "E0111|expected where the WAL is measured from: start, cutoff or settlement");
SLUICE_ERR(g::wal_basis, "E0111|expected the WAL's basis, such as `from settlement on 30/360` or `on months/12`");
SLUICE_ERR(g::calendar_name, "E0103|expected a calendar name");
SLUICE_ERR(g::deal_name, "E0104|expected the deal's name as a string, such as deal \"ABS 2025-1\"");
SLUICE_ERR(g::deal_close, "E0102|expected a declaration or `}` closing the deal");
SLUICE_ERR(g::stress_value, "E0101|expected a value, such as `path(rents_down)`, `50%` or `18 months`");
SLUICE_ERR(g::stress_over_word, "E0104|expected `over` and the months the shock takes, such as `falls 50% over 24 months`");
SLUICE_ERR(g::stress_over, "E0101|expected how long the shock takes, such as `24 months`");
SLUICE_ERR(g::stress_when, "E0104|expected `at` and when the lessee defaults (`default anchor at 18 months`), or `never`");
SLUICE_ERR(g::stress_close, "E0102|expected `NAME = path(CURVE)`, `NAME falls P over N months`, `set PARAM = VALUE`, `default LEASE at N months` or `}` in the stress");
SLUICE_ERR(g::tparams, "E0104|expected the template's parameters in parentheses");
SLUICE_ERR(g::template_close, "E0102|expected a declaration or `}` closing the template");
SLUICE_ERR(g::import_target, "E0103|expected a module (std.gpu) or a quoted file path after `import`");
SLUICE_ERR(g::import_alias, "E0103|expected a name after `as`");
SLUICE_ERR(g::value_end, "E0101|unexpected text after the value");
SLUICE_ERR(g::file_end, "E0100|expected `deal`, `import`, `unit`, `curve` or `template`");

#undef SLUICE_ERR

struct error_table {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;
};

template <typename Rule>
using control = tao::pegtl::must_if<error_table>::control<Rule>;

}  // namespace sluice::syntax
