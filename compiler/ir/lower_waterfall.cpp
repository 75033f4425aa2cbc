// The priority of payments. Branch-free: every step runs every period under
// a mask (1 where its branch is selected, 0 elsewhere) and pays
// mask * min(cash, what is still owed), so both back ends see straight-line
// code. Accounts that `cover` a claim pay its shortfall from their balance.
#include <fmt/format.h>
#include <functional>

#include "ir/lowerer.hpp"

namespace sluice::ir {

namespace {

struct Flow {
  Lowerer& L;
  int cash;                      // available funds, running
  std::vector<int> sources, uses;  // every inflow and every payment, for the conservation check
  std::map<EntityId, int> acct;       // account -> running balance
  std::map<EntityId, int> facility;   // facility -> running availability
  std::map<ClaimKey, int> due;   // claim -> amount owed this period (for the check)

  void inflow(int v) {
    cash = L.add(cash, v);
    sources.push_back(v);
  }
  int paid(const ClaimKey& c) {
    auto it = L.paid_.find(c);
    return it == L.paid_.end() ? L.k(0) : it->second;
  }
  void add_paid(const ClaimKey& c, int v) { add_paid(c, v, v); }
  // Cash of the deal's currency paid on a claim, and what it settles of the
  // claim in the claim's own currency (the same register for the deal's).
  void add_paid(const ClaimKey& c, int cash_v, int claim_v) {
    L.paid_[c] = L.add(paid(c), claim_v);
    uses.push_back(cash_v);
  }
  // A note in another currency (`fx`, lower_fx.cpp): its rate this period,
  // read once per period; -1 for a claim in the deal's currency.
  std::map<EntityId, int> rates;
  int rate(const ClaimKey& c) {
    auto it = rates.find(c.entity);
    if (it == rates.end()) it = rates.emplace(c.entity, L.m_.entities.contains(c.entity) ? L.fx_rate(c.entity) : -1).first;
    return it->second;
  }
  // An amount of the claim's currency in the deal's: E x rate.
  int to_cash(const ClaimKey& c, int v) { return rate(c) < 0 ? v : L.mul(v, rate(c)); }
  // Cash paid on a claim in the claim's currency: exactly what was owed
  // when the cash meets it (no residue of the round trip), else cash / rate.
  int from_cash(const ClaimKey& c, int cash_v, int owed_cash, int owed) {
    if (rate(c) < 0) return cash_v;
    return L.sel(L.emit(Op::Ge, cash_v, owed_cash), owed, L.div(cash_v, rate(c)));
  }
};

// Targets were checked by sema; the same resolution gives the claim, its
// part as the registry's member (Interest, Principal; None for a fee). A
// template's placed steps resolve in their instance's scope.
ClaimKey claim_of(Lowerer& L, const ast::Step& s) {
  auto [e, part] = L.m_.claim(L.m_.step_scope(s), s.target.path);
  return ClaimKey{e, part};
}
// The entity a step acts on; a template instance stands for its primary
// liability (`convert C` of `use std.notes.convertible_note as C`).
EntityId resolve_claim_entity(Lowerer& L, const ast::Step& s) {
  EntityId e = claim_of(L, s).entity;
  const auto& x = L.ent(e);
  return x.kind == EntityKind::Instance && x.primary ? x.primary : e;
}

}  // namespace

// The branches of an `if` step with their masks: branch i runs where its
// condition holds and no earlier one did; `else` where none did.
void Lowerer::each_branch(const ast::Step& s, int mask, const StepsVisitor& visit) {
  int none = k(1);
  for (std::size_t i = 0; i < s.conditions.size(); ++i) {
    int c = expr(*s.conditions[i]);
    visit(s.branches[i], mul(mask, mul(none, c)));
    none = mul(none, sub(k(1), c));
  }
  visit(s.else_steps, mul(mask, none));
}

// The selected waterfall: the first whose `when` holds, else the one without
// `when`. Calls `visit` with each waterfall's steps and its mask.
void Lowerer::each_waterfall(const StepsVisitor& visit) {
  int none = k(1);
  EntityId fallback;
  for (EntityId w : m_.waterfalls) {
    const auto* d = ent(w).decl;
    if (!d->when) {
      fallback = w;
      continue;
    }
    int c = expr(*d->when);
    visit(m_.steps_of(w), mul(none, c));
    none = mul(none, sub(k(1), c));
  }
  if (fallback) visit(m_.steps_of(fallback), none);
}

// Per target, 1 where a step of this kind (`liquidate`, `convert`) is on a
// selected branch this period. Masks depend only on conditions, so they are
// known before any cash moves. Only the conditions on the way to such a step
// are read: a condition elsewhere may read what the steps decide (an `if
// C.converted` beside a `convert C` is not a cycle).
std::map<EntityId, int> Lowerer::selected_steps(ast::StepKind kind) {
  std::function<bool(const std::vector<ast::Step>&)> holds = [&](const std::vector<ast::Step>& list) {
    for (const auto& s : list) {
      if (s.kind == kind) return true;
      if (s.kind == ast::StepKind::If) {
        for (const auto& b : s.branches)
          if (holds(b)) return true;
        if (holds(s.else_steps)) return true;
      }
    }
    return false;
  };
  std::map<EntityId, int> masks;
  bool any = false;
  for (EntityId w : m_.waterfalls) any = any || holds(m_.steps_of(w));
  if (!any) return masks;
  StepsVisitor visit = [&](const std::vector<ast::Step>& list, int mask) {
    for (const auto& s : list) {
      if (s.kind == kind) {
        EntityId id = resolve_claim_entity(*this, s);
        masks[id] = masks.count(id) ? max(masks[id], mask) : mask;
      } else if (s.kind == ast::StepKind::If) {
        bool inside = false;
        for (const auto& b : s.branches) inside = inside || holds(b);
        if (inside || holds(s.else_steps)) each_branch(s, mask, visit);
      }
    }
  };
  each_waterfall(visit);
  return masks;
}

// Does this account's or facility's `covers` list name the claim (or the
// expense)? Names resolve from its own scope, so an account inside a
// template covers the template's tranche.
bool Lowerer::covers_claim(EntityId account, const ClaimKey& c) {
  const auto* p = prop(account, P::Covers);
  if (!p) return false;
  for (const auto& cl : p->clauses) {
    std::vector<std::string> path;
    for (const ast::Expr* e = cl.value; e;) {
      path.insert(path.begin(), e->text);
      e = e->kind == ast::ExprKind::Member ? e->kids[0].get() : nullptr;
    }
    auto [who, part] = m_.claim(ent(account).scope, path);
    if (who == c.entity && part == c.part) return true;
  }
  return false;
}

void Lowerer::waterfall() {
  if (waterfall_done_) return;
  if (waterfall_busy_) {
    std::string path;
    bool on = false;
    for (const auto& [e, mem] : stack_) {
      if (!e) on = true;
      if (on) path += (!e ? std::string("waterfall") : ent(e).name + member_suffix(mem)) + " -> ";
    }
    auto& d = diags_.error(DiagCode::Cycle, ent(m_.waterfalls[0]).span, fmt::format("the waterfall depends on its own payments: {}waterfall", path));
    d.hints.push_back("a condition or amount the waterfall uses must not read this period's payments; read last period's with prev(...)");
    throw LowerError{};
  }
  waterfall_busy_ = true;
  stack_.push_back({EntityId::none(), M::None});
  Flow f{*this, k(0), {}, {}, {}, {}, {}};
  int is_last = ctx(ContextField::IsLast);
  // Negative cash in comes from the deal's own numbers (a negative price or
  // rent): say so at the declaration rather than as a broken invariant.
  for (EntityId id : m_.order) {
    auto kind = ent(id).kind;
    if (kind == EntityKind::Lease || kind == EntityKind::Loan || kind == EntityKind::Receivables)
      Lowerer::check(k(0), value(id, M::Collections), fmt::format("`{}` collects no negative cash", ent(id).name), ent(id).span, true);
    else if (kind == EntityKind::Fleet || kind == EntityKind::Holding)
      Lowerer::check(k(0), value(id, M::Value), fmt::format("`{}` has a value that is not negative", ent(id).name), ent(id).span, true);
  }
  f.inflow(collections());
  f.inflow(load(slot("cash.retained")));
  // What hedge counterparties pay the deal is available funds, with the
  // collections (lower_hedges.cpp).
  for (EntityId id : m_.order)
    if (ent(id).kind == EntityKind::Hedge) f.inflow(value(id, M::Receipts));
  // Operating expenses come first, before the waterfall, in declaration
  // order; accounts that cover one (in declaration order) pay what cash
  // could not, before the horizon releases them.
  std::map<EntityId, int> opex_draws;  // account -> drawn for expenses
  for (EntityId id : m_.order)
    if (ent(id).kind == EntityKind::Expense) {
      int due = value(id, M::Due);
      Lowerer::check(due, k(1e300), fmt::format("expense `{}` is a finite amount", ent(id).name), ent(id).span, true);
      int paid = min(max(f.cash, k(0)), due);
      f.cash = sub(f.cash, paid);
      f.uses.push_back(paid);
      for (EntityId a : m_.order)
        if (ent(a).kind == EntityKind::Account && covers_claim(a, ClaimKey{id, M::None})) {
          int drawn = opex_draws.count(a) ? opex_draws[a] : k(0);
          int draw = min(max(k(0), sub(value(a, M::Balance), drawn)), max(k(0), sub(due, paid)));
          opex_draws[a] = add(drawn, draw);
          f.sources.push_back(draw);
          f.uses.push_back(draw);
          paid = add(paid, draw);
        }
      expense_paid_[id] = paid;
    }
  // Which assets a selected `liquidate` step sells this period.
  std::map<EntityId, int> ordered = selected_steps(ast::StepKind::Liquidate);
  // At the horizon every account is released and unsold collateral is sold:
  // at value, unless a selected `liquidate` step sells it under its rule.
  for (EntityId id : m_.order) {
    auto kind = ent(id).kind;
    if (kind == EntityKind::Account) {
      int bal = value(id, M::Balance);
      if (opex_draws.count(id)) bal = sub(bal, opex_draws[id]);
      // A collection account releases what it holds on its payment dates
      // (the horizon is one).
      int on = payment_date(id);
      int rel = mul(on >= 0 ? on : is_last, bal);
      f.acct[id] = sub(bal, rel);
      f.inflow(rel);
      account_draws_[id] = opex_draws.count(id) ? add(opex_draws[id], rel) : rel;
      account_deposits_[id] = k(0);
    } else if (kind == EntityKind::Facility) {
      if (option(id, P::ConstructionInterest) == vocab::ConstructionInterest::Capitalize) {
        // Capex, then the interest during construction (lower_project.cpp),
        // drawn before the waterfall; the interest drawn is paid, not cash.
        int capex = prop_expr(id, P::Funds) ? value(id, M::CapexDraws) : k(0);
        int idc = value(id, M::CapitalizedInterest);
        f.facility[id] = sub(sub(value(id, M::Availability), capex), idc);
        facility_draws_[id] = add(capex, idc);
        paid_[ClaimKey{id, M::Interest}] = idc;
      } else if (prop_expr(id, P::Funds)) {  // capex drawn before the waterfall uses the commitment first
        f.facility[id] = sub(value(id, M::Availability), value(id, M::CapexDraws));
        facility_draws_[id] = value(id, M::CapexDraws);
      } else {
        f.facility[id] = value(id, M::Availability);
        facility_draws_[id] = k(0);
      }
    } else if (kind == EntityKind::Fleet || kind == EntityKind::Holding) {
      int sale = ordered.count(id) ? mul(is_last, sub(k(1), ordered[id])) : is_last;
      int under_way = k(0);
      if (paced_sale(id)) {
        // A sale under way sells this period's block (lower_sale.cpp); it is
        // not sold again at value at the horizon: what it has not sold by
        // then is not counted.
        sale_blocks_[id] = sale_block(id);
        int open = value(id, M::Liquidated);
        under_way = mul(open, sale_blocks_[id].proceeds);
        f.inflow(under_way);
        sale = mul(sale, sub(k(1), open));
      }
      int at_horizon = mul(sale, value(id, M::Value));
      f.inflow(at_horizon);
      sale_proceeds_[id] = paced_sale(id) ? add(under_way, at_horizon) : at_horizon;
      liquidated_now_[id] = sale;
    }
  }
  fund_at_cod(f.acct, facility_draws_);  // reserves funded at a facility's COD (lower_project.cpp)
  // Between its payment dates the collection account takes the available
  // funds before the steps run, so they pay from what the period raises
  // otherwise (draws on reserves and facilities, sale proceeds) and the
  // collections wait for the payment date.
  for (EntityId id : m_.order)
    if (ent(id).kind == EntityKind::Account)
      if (int on = payment_date(id); on >= 0) {
        int hold = mul(sub(k(1), on), max(f.cash, k(0)));
        f.acct[id] = add(f.acct[id], hold);
        f.cash = sub(f.cash, hold);
        f.uses.push_back(hold);
        account_deposits_[id] = hold;
      }
  const auto covers = [&](EntityId account, const ClaimKey& c) { return covers_claim(account, c); };
  // What is still owed on a claim (before this step pays).
  const auto owed = [&](const ClaimKey& c, ast::PayMode mode, const ast::Expr* upto) {
    int already = f.paid(c);
    const auto& e = ent(c.entity);
    int owe;
    if (e.kind == EntityKind::Fee) owe = sub(value(c.entity, M::Due), already);
    else if (e.kind == EntityKind::Hedge) owe = sub(value(c.entity, c.part == M::Termination ? M::TerminationDue : M::Due), already);
    else if (c.part == M::Interest) owe = sub(value(c.entity, M::InterestDue), already);
    else if (mode == ast::PayMode::InFull || mode == ast::PayMode::UpTo) owe = sub(value(c.entity, M::Payable), already);
    else if (prop_expr(c.entity, P::AccelerateOn))  // accelerated: the whole balance, from the period it happens
      owe = sub(sel(value(c.entity, M::Accelerated), value(c.entity, M::Payable), value(c.entity, M::PrincipalDue)), already);
    else owe = sub(value(c.entity, M::PrincipalDue), already);
    if (mode == ast::PayMode::UpTo) owe = min(owe, expr(*upto));
    return max(k(0), owe);
  };
  // Draws up to `want` from an account (its balance) or a facility (its
  // availability, which the draw uses up); the draw is a source of cash.
  const auto draw_from = [&](EntityId source, int want) {
    const bool is_account = ent(source).kind == EntityKind::Account;
    int& left = is_account ? f.acct[source] : f.facility[source];
    int draw = min(left, want);
    left = sub(left, draw);
    int& total = is_account ? account_draws_[source] : facility_draws_[source];
    total = add(total, draw);
    f.sources.push_back(draw);
    return draw;
  };
  const auto pay_claim = [&](const ClaimKey& c, int amount_from_cash, int amount_of_claim) {
    f.cash = sub(f.cash, amount_from_cash);
    f.add_paid(c, amount_from_cash, amount_of_claim);
  };
  StepsVisitor steps = [&](const std::vector<ast::Step>& list, int mask) {
    for (const auto& s : list) {
      switch (s.kind) {
        case ast::StepKind::Pay: {
          if (s.mode == ast::PayMode::Residual) {
            EntityId id = resolve_claim_entity(*this, s);
            int amt = mul(mask, max(f.cash, k(0)));
            f.cash = sub(f.cash, amt);
            f.uses.push_back(amt);
            distributions_[id] = distributions_.count(id) ? add(distributions_[id], amt) : amt;
            break;
          }
          std::vector<ClaimKey> claims;
          if (!s.target.group.empty()) {
            for (const auto& g : s.target.group) claims.push_back(ClaimKey{m_.resolve_source(m_.step_scope(s), g), sema::Model::claim_part(s.target.path[0])});
          } else {
            claims.push_back(claim_of(*this, s));
          }
          // What each claim is owed in its own currency, and in the deal's
          // cash (the same for a claim in the deal's currency).
          std::vector<int> owe, owe_claim;
          int total = k(0);
          for (const auto& c : claims) {
            owe_claim.push_back(mul(mask, owed(c, s.mode, s.amount.get())));
            owe.push_back(f.to_cash(c, owe_claim.back()));
            total = add(total, owe.back());
          }
          int pay = min(max(f.cash, k(0)), total);
          for (std::size_t i = 0; i < claims.size(); ++i) {
            // Fully paid: each gets exactly what it is owed (no rounding residue).
            int share = claims.size() == 1 ? pay
                        : sel(emit(Op::Ge, pay, total), owe[i], mul(pay, sel(emit(Op::Gt, total, k(0)), div(owe[i], total), k(0))));
            int before = f.paid(claims[i]);
            pay_claim(claims[i], share, f.from_cash(claims[i], share, owe[i], owe_claim[i]));
            // Accounts, then facilities, that cover this claim pay what
            // cash could not.
            int short_ = sub(owe[i], share);
            bool covered = false;
            for (auto kind : {EntityKind::Account, EntityKind::Facility})
              for (EntityId a : m_.order)
                if (ent(a).kind == kind && covers(a, claims[i])) {
                  int draw = draw_from(a, max(k(0), short_));
                  f.add_paid(claims[i], draw, f.rate(claims[i]) < 0 ? draw : div(draw, f.rate(claims[i])));
                  short_ = sub(short_, draw);
                  covered = true;
                }
            // Cash and cover draws that meet the claim in full pay exactly
            // what was owed: share + (owe - share) can differ from owe by an
            // ulp, and a "shortfall" of 1e-10 USD would breach a trigger such
            // as `prev(A.interest_shortfall) > 0 USD`. short_ is exactly 0
            // when the draws met what cash left unpaid.
            if (covered) paid_[claims[i]] = sel(emit(Op::Le, short_, k(0)), add(before, owe_claim[i]), f.paid(claims[i]));
          }
          break;
        }
        case ast::StepKind::Fill: {
          EntityId a = m_.resolve_source(m_.step_scope(s), s.account);
          int level = s.amount ? expr(*s.amount) : value(a, M::Target);
          level = mul(sub(k(1), is_last), level);  // nothing is reserved past the horizon
          int dep = mul(mask, min(max(f.cash, k(0)), max(k(0), sub(level, f.acct[a]))));
          f.acct[a] = add(f.acct[a], dep);
          f.cash = sub(f.cash, dep);
          f.uses.push_back(dep);
          account_deposits_[a] = add(account_deposits_[a], dep);
          if (const auto* r = prop(a, P::Release); r) {
            int rel = mul(mask, max(k(0), sub(f.acct[a], level)));
            f.acct[a] = sub(f.acct[a], rel);
            f.inflow(rel);
            account_draws_[a] = add(account_draws_[a], rel);
          }
          break;
        }
        case ast::StepKind::Draw: {
          ClaimKey c = claim_of(*this, s);
          int want = mul(mask, owed(c, ast::PayMode::Default, nullptr));
          int want_cash = f.to_cash(c, want);
          int drawn = draw_from(m_.resolve_source(m_.step_scope(s), s.account), want_cash);
          f.add_paid(c, drawn, f.from_cash(c, drawn, want_cash, want));
          break;
        }
        case ast::StepKind::Sweep: {
          ClaimKey c = claim_of(*this, s);
          int share = expr(*s.amount);
          int due = owed(c, ast::PayMode::InFull, nullptr);
          int due_cash = f.to_cash(c, due);
          int amt = mul(mask, min(mul(share, max(f.cash, k(0))), due_cash));
          pay_claim(c, amt, f.from_cash(c, amt, due_cash, due));
          break;
        }
        case ast::StepKind::Liquidate: {
          EntityId id = resolve_claim_entity(*this, s);
          int before = liquidated_now_.count(id) ? liquidated_now_[id] : k(0);
          int open = value(id, M::Liquidated);
          int go = mul(mask, mul(sub(k(1), open), sub(k(1), before)));
          int raised = mul(go, liquidation_proceeds(id));
          f.inflow(raised);
          if (sale_proceeds_.count(id)) sale_proceeds_[id] = add(sale_proceeds_[id], raised);
          liquidated_now_[id] = max(before, go);
          break;
        }
        case ast::StepKind::Convert:
          break;  // settled with the convertible's state (Lowerer::convertible_value)
        case ast::StepKind::Place:
          break;  // expanded by sema (Model::steps_of)
        case ast::StepKind::If:
          each_branch(s, mask, steps);
          break;
      }
    }
  };
  each_waterfall(steps);
  // Close: what is left is retained for next period; accounts close.
  store(slot("cash.retained"), f.cash);
  for (auto& [a, bal] : f.acct) {
    account_end_[a] = bal;
    store(slot(ent(a).name + ".balance"), bal);
  }
  for (auto& [id, flag] : liquidated_now_) {
    int open = value(id, M::Liquidated);
    if (paced_sale(id))  // the units left after this period's block, if the sale ran
      store(slot(ent(id).name + ".unsold"), sub(value(id, M::Units), mul(add(open, flag), sale_blocks_[id].units)));
    store(slot(ent(id).name + ".liquidated"), max(open, flag));
  }
  // Invariants: cash in equals cash out; nothing negative; no claim overpaid.
  auto sum = [&](const std::vector<int>& v) {
    int t = k(0);
    for (int x : v) t = add(t, x);
    return t;
  };
  const Span where = ent(m_.waterfalls[0]).span;
  auto check = [&](int a, int b, std::string what) { Lowerer::check(a, b, std::move(what), where, false); };
  int src = sum(f.sources);
  int use = add(sum(f.uses), f.cash);
  check(src, use, "cash is conserved: sources do not exceed uses plus retained cash");
  check(use, src, "cash is conserved: uses plus retained cash do not exceed sources");
  check(k(0), add(f.cash, k(0)), "retained cash is not negative");
  for (const auto& [c, p] : paid_) {
    // Put notes owe their put amount, above the balance for a premium put.
    const bool put = c.part == M::Principal && ent(c.entity).kind == EntityKind::Convertible && prop(c.entity, P::Put);
    int owed_total = put ? max(value(c.entity, M::Balance), value(c.entity, M::Payable))
                     : c.part == M::Principal ? value(c.entity, M::Balance)
                     : c.part == M::Interest ? value(c.entity, M::InterestDue)
                     : c.part == M::Termination ? value(c.entity, M::TerminationDue)
                                             : value(c.entity, M::Due);
    check(p, owed_total, fmt::format("`{}{}` is not paid more than it is owed", ent(c.entity).name, member_suffix(c.part)));
  }
  expenses_paid_ = k(0);
  stack_.pop_back();
  waterfall_busy_ = false;
  waterfall_done_ = true;
}

}  // namespace sluice::ir
