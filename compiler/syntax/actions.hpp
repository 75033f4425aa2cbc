// Which grammar rules become parse-tree nodes. The parse tree is the only
// thing the grammar produces; build_ast.cpp turns it into the AST.
#pragma once
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "syntax/grammar.hpp"

namespace sluice::syntax {

namespace g = grammar;
namespace pt = tao::pegtl::parse_tree;

template <typename Rule>
using selector = pt::selector<
    Rule,
    pt::store_content::on<
        // literals
        g::number, g::mantissa, g::scale, g::pct, g::bp, g::times, g::unit_first, g::unit_atom, g::unit_div,
        g::unit_mul, g::date, g::string_body, g::kw_true, g::kw_false,
        // expressions
        g::name_ref, g::member, g::call_args, g::arg, g::arg_name, g::per_unit, g::if_expr, g::neg, g::not_apply,
        g::mul_op, g::add_op, g::cmp_op, g::and_op, g::or_op,
        // properties
        g::block, g::property, g::prop_name, g::prop_value, g::phrase, g::lead_phrase, g::sculpted_phrase, g::for_part, g::on_part,
        // declarations
        g::decl_name, g::decl_value, g::type_name, g::unit_decl, g::param_decl, g::let_decl, g::test_decl,
        g::expense_decl, g::fee_decl, g::equity_decl, g::block_kind, g::block_decl, g::lease_decl, g::lease_fleet,
        g::lease_tape_decl, g::loan_tape_decl, g::tape_file,
        g::use_decl, g::use_path, g::use_alias, g::market_decl, g::draw_decl, g::factor_decl, g::jumps,
        g::jump_rate, g::jump_size, g::correlate_decl, g::correlate_second, g::trigger_decl, g::trigger_when,
        g::trigger_for, g::cure_part, g::cure_when, g::cure_for, g::report_decl, g::report_line,
        g::report_section, g::holidays_decl, g::holiday_date, g::business_day_rule, g::curve_decl, g::curve_table, g::curve_point,
        // waterfall
        g::waterfall_decl, g::waterfall_name, g::waterfall_when, g::step_block, g::pay_step, g::fill_step,
        g::draw_step, g::sweep_step, g::liquidate_step, g::convert_step, g::if_step, g::if_cond, g::else_if,
        g::else_part, g::target, g::target_head, g::target_member, g::target_member_plain, g::pro_rata_group,
        g::group_member, g::mode_scheduled, g::mode_in_full, g::mode_up_to, g::mode_residual, g::account_ref,
        g::fill_target, g::sweep_share, g::place_step, g::place_path, g::steps_decl, g::steps_name,
        // deal, templates, imports
        g::deal_decl, g::deal_name, g::setting_currency, g::setting_start, g::setting_first_payment, g::setting_period, g::setting_horizon,
        g::setting_day_count, g::setting_calendar, g::setting_cutoff, g::setting_settlement, g::setting_payment_day,
        g::setting_wal, g::day_of_month, g::wal_origin, g::wal_from, g::wal_on, g::currency_code, g::period_kind, g::day_count_spec,
        g::calendar_name, g::horizon_value, g::template_decl, g::tparams, g::tparam, g::tparam_name,
        g::import_decl, g::import_file, g::import_module, g::import_alias,
        // stresses
        g::stress_decl, g::stress_set, g::stress_default, g::stress_rate, g::stress_prepayment, g::stress_shock, g::stress_fix, g::stress_target, g::stress_value,
        g::stress_over, g::stress_never, g::stress_rises>,
    // Chains of one operand collapse to that operand.
    pt::fold_one::on<g::or_expr, g::and_expr, g::cmp_expr, g::add_expr, g::mul_expr, g::postfix>>;

}  // namespace sluice::syntax
