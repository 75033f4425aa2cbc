// Lowering's driver: which values each period computes, in what order the
// state closes, and what the run records.
#include <algorithm>
#include <fmt/format.h>

#include "ir/lowerer.hpp"
#include "sema/written_unit.hpp"

namespace sluice::ir {


int Lowerer::value(EntityId id, M member) {
  if (!m_.entities.contains(id))
    fail(DiagCode::Unsupported, Span::none(), "internal: a name reached lowering unresolved; please report the deal file");
  auto key = std::make_pair(id, member);
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  for (const auto& s : stack_)
    if (s == key) {
      std::string path;
      bool on = false;
      for (const auto& [e, mem] : stack_) {
        if (e == id && mem == member) on = true;
        if (on) path += (!e ? std::string("waterfall") : ent(e).name + member_suffix(mem)) + " -> ";
      }
      path += ent(id).name + member_suffix(member);
      auto& d = diags_.error(DiagCode::Cycle, ent(id).span, fmt::format("`{}` depends on itself within one period: {}", ent(id).name, path));
      d.hints.push_back("read last period's value with prev(...) to break the loop");
      throw LowerError{};
    }
  stack_.push_back(key);
  auto& e = ent(id);
  int r = -1;
  switch (e.kind) {
    case EntityKind::Param:
    case EntityKind::Let:
    case EntityKind::TemplateArg: r = expr(*e.bound); break;
    case EntityKind::Test: r = test_value(id, expr(*e.bound)); break;
    case EntityKind::Draw: r = stressed_draw(id); break;
    case EntityKind::Factor: r = stressed_factor(id, member); break;
    case EntityKind::Builtin:
      switch (e.builtin) {
        case vocab::Builtin::Collections: r = collections(); break;
        case vocab::Builtin::YearFraction: r = ctx(ContextField::YearFraction); break;
        case vocab::Builtin::Hours: r = ctx(ContextField::Hours); break;
        case vocab::Builtin::PeriodNumber: r = ctx(ContextField::PeriodNumber); break;
        case vocab::Builtin::MonthsElapsed: r = ctx(ContextField::MonthsAtEnd); break;
      }
      break;
    case EntityKind::Fleet: r = fleet_value(id, member); break;
    case EntityKind::Lease: r = lease_value(id, member == M::None ? M::Collections : member); break;
    case EntityKind::Holding: r = holding_value(id, member); break;
    case EntityKind::Loan:
    case EntityKind::Receivables:
      if (member == M::Called || member == M::CallPrice || (prop(id, P::CleanUpCall) && !in_init_)) r = clean_up_pool(id, member == M::None ? M::Collections : member);
      else r = pool_value(id, member == M::None ? M::Collections : member);
      break;
    case EntityKind::Expense: r = expense_value(id, member); break;
    case EntityKind::Fee: r = fee_value(id, member); break;
    case EntityKind::Tranche:
    case EntityKind::Convertible:
    case EntityKind::Facility: r = tranche_value(id, member); break;
    case EntityKind::Account: r = account_value(id, member); break;
    case EntityKind::Hedge: r = hedge_value(id, member); break;
    case EntityKind::Trigger: r = trigger_value(id); break;
    case EntityKind::Equity:
      if (member == M::Contributions) {
        r = equity_contributions();
        break;
      }
      if (member == M::Ownership) {
        r = equity_ownership(id);  // lower_dilution.cpp
        break;
      }
      waterfall();
      r = distributions_.count(id) ? distributions_[id] : k(0);
      if (prop_expr(id, P::Shares)) r = mul(r, value(id, M::Ownership));  // diluted by conversions
      break;
    case EntityKind::Instance:
      // Sema resolved `I.x` to the instance's declaration `x` where it has
      // one; any other member is its primary liability's.
      if (!e.primary) fail(DiagCode::Unsupported, e.span, fmt::format("internal: template instance `{}` has no value", e.name));
      r = value(e.primary, member);
      break;
    default: fail(DiagCode::Unsupported, e.span, fmt::format("{} `{}` has no per-period value", sema::entity_kind_name(e.kind), e.name));
  }
  stack_.pop_back();
  memo_[key] = r;
  return r;
}

std::optional<Module> Lowerer::run() {
  mod_.deal_name = m_.deal.name;
  mod_.currency = m_.deal.currency;
  const std::string cur = m_.deal.currency;
  try {
    // init: draws, then each state's opening value.
    prog_ = &mod_.init;
    in_init_ = true;
    for (EntityId i : m_.entities.ids())
      if (ent(i).kind == EntityKind::Draw) value(i, M::None);
    int equity_in = k(0);
    for (EntityId id : m_.order) {
      auto& e = ent(id);
      switch (e.kind) {
        case EntityKind::Tranche:
        case EntityKind::Convertible:
        case EntityKind::Facility: {
          int b = value(id, M::None);
          store(slot(e.name + ".balance"), b);
          store(slot(e.name + ".original"), b);
          // A note in another currency funds the deal at the rate at the close (lower_fx.cpp).
          const int rate = fx_rate(id);
          equity_in = sub(equity_in, rate >= 0 ? mul(b, rate) : b);
          if (e.kind == EntityKind::Facility) check_delayed_draw_terms(id);  // lower_debt.cpp
          if (e.kind == EntityKind::Convertible) check_put_terms(id);        // lower_dilution.cpp
          const P opening = e.kind == EntityKind::Convertible ? P::Principal : e.kind == EntityKind::Facility ? P::Drawn : P::Balance;
          check(k(0), b, fmt::format("`{}` starts with a balance that is not negative", e.name), prop(id, opening) ? prop(id, opening)->decl->span : e.span, true);
          break;
        }
        case EntityKind::Loan:
        case EntityKind::Receivables: {
          int b = value(id, M::None);
          store(slot(e.name + ".balance"), b);
          store(slot(e.name + ".original"), b);
          equity_in = add(equity_in, b);
          break;
        }
        case EntityKind::Account: {
          int b = value(id, M::None);
          store(slot(e.name + ".balance"), b);
          equity_in = add(equity_in, b);
          check(k(0), b, fmt::format("account `{}` starts with a balance that is not negative", e.name), e.span, true);
          break;
        }
        case EntityKind::Fleet: {
          // Equity buys the units there are at the close; nobody pays for
          // more later, so a fleet may shrink (sales, retirements) but not
          // grow (the step checks it).
          int units = value(id, M::Units);
          store(slot(e.name + ".units_at_close"), units);
          equity_in = add(equity_in, mul(units, value(id, M::Cost)));
          open_fleet(id, units, value(id, M::Cost));  // lower_deliveries.cpp
          break;
        }
        case EntityKind::Holding: equity_in = add(equity_in, value(id, M::Value)); break;
        case EntityKind::Hedge: equity_in = add(equity_in, hedge_premium_at_close(id)); break;  // a cap bought at the close
        case EntityKind::Factor:
          if (vocab::info(factor_process(id)).motion == vocab::Motion::Stochastic) store(slot(e.name), value(id, M::None));  // a path or csv factor keeps no state
          break;
        case EntityKind::Lease:
          if (prop(id, P::Default)) {
            store(slot(e.name + ".default_time"), default_threshold(id));
            store(slot(e.name + ".hazard"), k(0));  // the cumulative hazard
            for (int i = 1, n = lease_periods(id, P::Downtime, 0) + release_history(id); i <= n; ++i) store(slot(fmt::format("{}.performing_ago_{}", e.name, i)), k(1));
          }
          break;
        default: break;
      }
    }
    // Day 0 sources and uses: equity funds what the debt does not.
    int eq_col = column("equity.investment", "", Role::Original, cur);
    output(eq_col, equity_in);
    // step: every period.
    prog_ = &mod_.step;
    in_init_ = false;
    memo_.clear();
    consts_.clear();
    int c_coll = column("collections", "", Role::Collections, cur);
    output(c_coll, collections());
    waterfall();
    int exp_total = k(0);
    for (auto& [id, paid] : expense_paid_) exp_total = add(exp_total, paid);
    output(column("expenses", "", Role::Expenses, cur), exp_total);
    for (EntityId id : m_.order) {
      auto& e = ent(id);
      switch (e.kind) {
        case EntityKind::Factor: value(id, M::None); break;
        case EntityKind::Fleet: {
          int leased = k(0);
          bool any = false;
          for (EntityId l : m_.order)
            if (ent(l).kind == EntityKind::Lease && ent(l).fleet == id) leased = add(leased, value(l, M::Units)), any = true;
          if (any) check(leased, value(id, M::Units), fmt::format("the leases on `{}` lease no more units than it has", e.name), e.span, true);
          if (fleet_grows(id)) {  // its deliveries are bought when they come (lower_deliveries.cpp)
            close_fleet(id);
            break;
          }
          check(value(id, M::Units), load(slot(e.name + ".units_at_close")),
                fmt::format("`{}` has no more units than it bought at the close (a fleet delivered over time needs its purchases "
                            "modelled; this version buys every unit at day 0)", e.name),
                prop(id, P::Units)->decl->span, true);
          break;
        }
        case EntityKind::Expense:
          store(slot(e.name + ".carried"), value(id, M::Shortfall));
          break;
        case EntityKind::Fee: {
          check(value(id, M::Due), k(1e300), fmt::format("fee `{}` is a finite amount", e.name), e.span, true);
          output(column(e.name + ".paid", e.name, Role::FeePaid, cur), value(id, M::Paid));
          store(slot(e.name + ".carried"), value(id, M::Shortfall));
          break;
        }
        case EntityKind::Tranche:
        case EntityKind::Convertible:
        case EntityKind::Facility: {
          TrancheInfo t{e.name};
          // A note in another currency (`fx`) has its money columns in it.
          t.currency = e.currency;
          const std::string cur = e.currency.empty() ? mod_.currency : e.currency;
          if (!e.currency.empty() && std::find(mod_.note_currencies.begin(), mod_.note_currencies.end(), cur) == mod_.note_currencies.end())
            mod_.note_currencies.push_back(cur);
          t.col_interest_due = column(e.name + ".interest_due", e.name, Role::InterestDue, cur);
          output(t.col_interest_due, value(id, M::InterestDue));
          t.col_interest_paid = column(e.name + ".interest_paid", e.name, Role::InterestPaid, cur);
          output(t.col_interest_paid, value(id, M::InterestPaid));
          t.col_principal_paid = column(e.name + ".principal_paid", e.name, Role::PrincipalPaid, cur);
          output(t.col_principal_paid, value(id, M::PrincipalPaid));
          t.col_end_balance = column(e.name + ".end_balance", e.name, Role::EndBalance, cur);
          int end = value(id, M::EndBalance);
          output(t.col_end_balance, end);
          t.col_original = column(e.name + ".original", e.name, Role::Original, cur);
          output(t.col_original, value(id, M::OriginalBalance));
          store(slot(e.name + ".balance"), end);
          if (e.kind == EntityKind::Convertible) {
            t.col_converted = column(e.name + ".converted_balance", e.name, Role::Converted, cur);
            output(t.col_converted, value(id, M::ConvertedBalance));
            t.col_conversion_value = column(e.name + ".conversion_value", e.name, Role::ReportValue, cur);
            output(t.col_conversion_value, value(id, M::ConversionValue));
            store(slot(e.name + ".converted"), value(id, M::Converted));
            if (prop(id, P::Put)) close_put(id, t);
          } else if (e.kind == EntityKind::Facility) {
            t.col_drawn = column(e.name + ".draws", e.name, Role::Drawn, cur);
            output(t.col_drawn, value(id, M::Draws));
            if (prop_expr(id, P::DrawPeriod)) {  // the base its amortization starts from (lower_debt.cpp)
              int s = slot(e.name + ".drawn_at_draw_end");
              store(s, sel(value(id, M::Drawing), end, load(s)));
            }
          }
          if (prop_expr(id, P::AccelerateOn)) store(slot(e.name + ".accelerated"), value(id, M::Accelerated));  // sticky (lower_project.cpp)
          bool capitalize = option(id, P::Shortfall) == vocab::Shortfall::Capitalize;
          int carried = capitalize ? k(0) : value(id, M::InterestShortfall);
          store(slot(e.name + ".interest_carried"), carried);
          if (payment_date(id) >= 0) {  // what accrued waits for the next payment date (lower_paydates.cpp)
            int accrues = mul(mul(value(id, M::Balance), value(id, M::Coupon)), accrual(id));
            close_payment_dates(id, e.kind == EntityKind::Facility ? add(accrues, value(id, M::CommitmentFee)) : accrues);
          }
          t.col_interest_unpaid = column(e.name + ".interest_unpaid", e.name, Role::InterestShortfall, cur);
          output(t.col_interest_unpaid, carried);
          t.capitalizes = capitalize;
          const auto* am = prop(id, P::Amortization);
          const bool sculpted = option(id, P::Amortization) == vocab::Amortization::Sculpted;
          if (sculpted || prop(id, P::Cfads)) {
            t.col_cfads = column(e.name + ".cfads", e.name, Role::ReportValue, cur);
            output(t.col_cfads, cfads_value(id));
            t.col_period_rate = column(e.name + ".period_rate", e.name, Role::ReportValue, "1");
            output(t.col_period_rate, mul(value(id, M::Coupon), accrual(id)));
            t.col_principal_due = column(e.name + ".principal_due", e.name, Role::ReportValue, cur);
            output(t.col_principal_due, value(id, M::PrincipalDue));
          }
          lower_quote(id, t);
          if (sculpted) {
            auto x = constant(*am->value());
            if (!x || !(*x > 0)) fail(DiagCode::BadPropertyForm, am->value()->span, "the sculpting DSCR must be a positive number fixed before the run (numbers and params)");
            t.sculpt_dscr = *x;
            sculpted_outstanding(id);  // the curve exists even if nothing scheduled it yet
            t.sculpt_curve = sculpt_curves_.at(id);
          }
          t.rolls_forward = audit_rule(fmt::format("`{}` closes at its opening balance less principal paid{}{}{}", e.name, capitalize ? " plus capitalized interest" : "",
                                                   e.kind == EntityKind::Convertible ? " less the balance converted" : "",
                                                   e.kind == EntityKind::Facility ? " plus draws" : ""),
                                       e.span);
          t.carries = audit_rule(fmt::format("`{}` carries forward {}", e.name, capitalize ? "no interest (it capitalizes)" : "exactly the interest due and not paid"), e.span);
          check(k(0), end, fmt::format("`{}` balance is not negative", e.name), e.span, false);
          mod_.tranches.push_back(t);
          break;
        }
        case EntityKind::Loan:
        case EntityKind::Receivables:
          store(slot(e.name + ".balance"), value(id, M::EndBalance));
          record_clean_up(id);
          break;
        case EntityKind::Hedge: close_hedge(id); break;
        case EntityKind::Account: {
          int col = column(e.name + ".end_balance", e.name, Role::AccountBalance, cur);
          output(col, value(id, M::EndBalance));
          mod_.audit_not_negative.emplace_back(col, audit_rule(fmt::format("account `{}` balance is not negative", e.name), e.span));
          break;
        }
        case EntityKind::Equity: {
          EquityInfo q{e.name};
          q.col_distribution = column(e.name + ".distributions", e.name, Role::Distribution, cur);
          mod_.audit_not_negative.emplace_back(q.col_distribution, audit_rule(fmt::format("`{}` receives no negative distribution", e.name), e.span));
          output(q.col_distribution, value(id, M::None));
          close_dilution(id);  // the shares delivered so far (lower_dilution.cpp)
          q.col_investment = eq_col;
          if (has_deliveries()) {  // capex paid after the close (lower_deliveries.cpp)
            q.col_contribution = column(e.name + ".contributions", e.name, Role::Contributed, cur);
            output(q.col_contribution, value(id, M::Contributions));
            check_capex_funding();
          }
          mod_.equities.push_back(q);
          break;
        }
        case EntityKind::Test: {
          int col = column(e.name, "", Role::Test, sema::dim_text(e.type.dim));
          output(col, value(id, M::None));
          mod_.tests.push_back(TestInfo{e.name, col});
          break;
        }
        case EntityKind::Trigger: {
          int col = column(e.name, "", Role::Trigger, "Bool");
          output(col, value(id, M::None));
          mod_.triggers.push_back(TriggerInfo{e.name, col});
          break;
        }
        case EntityKind::Let: value(id, M::None); break;
        default: break;
      }
    }
    // The report's series (columns for those already recorded are reused).
    if (m_.report) {
      for (const auto& line : m_.report->report) {
        for (const auto& item : line.items) {
          std::string name = ast::expr_display(*item);
          using S = ast::ReportSection;
          const bool metric = line.kind == S::Metrics;
          if (metric && m_.sema(*item).metric) {  // sema named the run metric
            mod_.metrics.emplace_back(ent(m_.sema(*item).entity).name, *m_.sema(*item).metric);
            continue;
          }
          int existing = -1;
          for (std::size_t c = 0; c < mod_.columns.size(); ++c)
            if (mod_.columns[c].name == name) existing = static_cast<int>(c);
          const bool shown = line.kind == S::Series || line.kind == S::Probability;
          // A recorded column the tables leave out (a conversion's value) is
          // shown once the report names it as a series.
          if (existing >= 0 && shown && mod_.columns[static_cast<std::size_t>(existing)].role == Role::ReportValue)
            mod_.columns[static_cast<std::size_t>(existing)].role = Role::Series;
          if (existing < 0) {
            const auto& t = m_.type_of(*item);
            existing = column(name, "", shown ? Role::Series : Role::ReportValue, t.kind == sema::Kind::Bool ? "Bool" : sema::dim_text(t.dim));
            output(existing, expr(*item));
          }
          switch (line.kind) {
            case S::Metrics: mod_.horizon_metrics.emplace_back(name, existing); break;  // a number: its value at the horizon
            case S::Probability:
              // A clean-up call is already one (lower_cleanup.cpp).
              if (std::find(mod_.probabilities.begin(), mod_.probabilities.end(), name) == mod_.probabilities.end()) mod_.probabilities.push_back(name);
              break;
            case S::RiskFree: mod_.risk_free = existing; break;
            case S::Series: {
              mod_.series.push_back(existing);
              // Shown in the unit the deal wrote it in (`USD/PH/day`), not its base unit.
              auto& col = mod_.columns[static_cast<std::size_t>(existing)];
              if (auto w = sema::written_unit(m_, *item); w && col.written_unit.empty()) col.written_unit = w->text, col.per_written = w->per_base;
              break;
            }
          }
        }
      }
    }
    // prev(x): store this period's x for next period's reads (new prev()
    // uses can appear while storing, so repeat until none are new).
    std::set<PrevKey> stored;
    for (bool more = true; more;) {
      more = false;
      auto pending = prev_slots_;
      for (const auto& [key, s] : pending) {
        if (stored.count(key)) continue;
        stored.insert(key);
        more = true;
        store(s, value(key.entity, key.member));
      }
    }
    // `sluice run --path K`: each draw's and factor's value every period, as
    // columns after all the others, so every other column keeps its place
    // (and its value: the factors were stepped above, and draws are keyed
    // by their names, not by their order).
    if (record_factors)
      for (EntityId id : m_.order) {
        auto& e = ent(id);
        if (e.kind != EntityKind::Draw && e.kind != EntityKind::Factor) continue;
        int col = -1;  // a report series of the same name is already its column
        for (std::size_t c = 0; c < mod_.columns.size(); ++c)
          if (mod_.columns[c].name == e.name) col = static_cast<int>(c);
        if (col < 0) {
          col = column(e.name, "", Role::ReportValue, sema::dim_text(e.type.dim));
          output(col, value(id, M::None));
        }
        mod_.factors.push_back(col);
      }
    if (record_obligors) record_obligor_losses();  // lower_obligors.cpp
    // Initial values of prev() slots (0 unless prev(x, initial)).
    if (!prev_initial_.empty()) {
      Program step = std::move(mod_.step);
      prog_ = &mod_.init;
      in_init_ = true;
      memo_.clear();
      consts_.clear();
      for (const auto& [key, init] : prev_initial_)
        if (init) store(prev_slots_.at(key), expr(*init));
      mod_.step = std::move(step);
    }
  } catch (const LowerError&) {
    return std::nullopt;
  }
  if (diags_.has_errors()) return std::nullopt;
  optimize(mod_.init);
  optimize(mod_.step);
  return std::move(mod_);
}

std::optional<Module> lower(sema::Model& model, Diagnostics& diags, bool record_factors, bool record_obligors) {
  Lowerer l(model, diags);
  l.record_factors = record_factors;
  l.record_obligors = record_obligors;
  return l.run();
}

}  // namespace sluice::ir
