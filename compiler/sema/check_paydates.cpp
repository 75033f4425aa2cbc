// Payment dates that are not the period's (docs/language.md, Payment
// dates): a note's `payment_frequency` and the collection account that holds
// the cash until its payment dates. A note paying quarterly on a monthly
// deal would otherwise let the two months between its payment dates flow
// down the waterfall to equity, leaving its payment date one month's cash:
// so such a note needs a collection account on the same dates (E0276), and
// that account is a pure holding account, the deal's only one (E0277).
// The checks on values fixed before the run (a draw period that does not
// end on a payment date, E0275) are in ir/lower_paydates.cpp.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

using vocab::PropId;

namespace {
// The months of a `payment_frequency` word; 0 where the form is wrong.
int frequency_months(const Entity& e, const ast::Property& p) {
  const auto& c = p.clauses[0];
  const bool named = p.clauses.size() == 1 && (c.words.size() == 1 ? !c.value : c.words.empty() && c.value && c.value->kind == ast::ExprKind::Name);
  if (!named) return 0;
  switch (e.option(PropId::PaymentFrequency)) {
    case vocab::PaymentFrequency::Monthly: return 1;
    case vocab::PaymentFrequency::Quarterly: return 3;
    case vocab::PaymentFrequency::Semiannual: return 6;
    case vocab::PaymentFrequency::Annual: return 12;
    default: return 0;
  }
}
}  // namespace

void Checker::check_payment_dates() {
  const int per = m.deal.months_per_period;
  std::map<EntityId, int> months;  // entity -> months between its payment dates, where the form is right
  for (std::size_t i = 0; i < m.entities.size(); ++i) {
    const EntityId id(i);
    const Entity& e = m.entities[id];
    const auto* p = e.kind == EntityKind::Instance ? nullptr : m.prop(id, PropId::PaymentFrequency);
    if (!p) continue;
    int n = frequency_months(e, *p);
    if (n == 0) {
      diags.error(DiagCode::BadPropertyForm, p->span, "`payment_frequency` is `monthly`, `quarterly`, `semiannual` or `annual`");
      continue;
    }
    if (per <= 0) continue;  // the deal's period is refused elsewhere
    if (n < per || n % per != 0) {
      diags.error(DiagCode::PaymentFrequencyShort, p->span,
                  fmt::format("`{}` pays every {} month{} on a deal whose period is {} months: a payment date is the end of a period", e.name, n, n == 1 ? "" : "s", per))
          .hints.push_back("pay every period (leave `payment_frequency` out) or on a multiple of the deal's period");
      continue;
    }
    months[id] = n;
  }
  // The collection account: the deal's only one, and only a holding account.
  EntityId collection;
  for (const auto& [id, n] : months) {
    const Entity& e = m.entities[id];
    if (e.kind != EntityKind::Account) continue;
    if (collection) {
      diags.error(DiagCode::CollectionAccountForm, m.prop(id, PropId::PaymentFrequency)->span,
                  fmt::format("account `{}` is a second collection account: `{}` already holds the deal's cash between payment dates", e.name, m.entities[collection].name))
          .hints.push_back("one collection account holds all the available funds; give the other account a `target` and `fill` it instead");
      continue;
    }
    collection = id;
    for (PropId q : {PropId::Initial, PropId::Target, PropId::Covers, PropId::Release, PropId::FundedAtCod})
      if (const auto* x = m.prop(id, q))
        diags.error(DiagCode::CollectionAccountForm, x->span,
                    fmt::format("collection account `{}` holds the available funds until its payment dates, and so takes no `{}`", e.name, vocab::word(q)))
            .hints.push_back("keep reserves in their own account (`account reserve { target ... covers ... }`) beside the collection account");
  }
  // Each note that pays less often than every period needs the collection
  // account on its dates.
  for (const auto& [id, n] : months) {
    const Entity& e = m.entities[id];
    if (e.kind == EntityKind::Account || n == per) continue;
    if (collection && months[collection] == n) continue;
    const auto* p = m.prop(id, PropId::PaymentFrequency);
    auto& d = diags.error(DiagCode::NoCollectionAccount, p->span,
                          collection ? fmt::format("`{}` pays every {} months and collection account `{}` releases every {}: the cash of the months between would not wait for `{}`'s payment date",
                                                   e.name, n, m.entities[collection].name, months[collection], e.name)
                                     : fmt::format("`{}` pays every {} months and no collection account holds the cash until then: the months between would pay it to equity", e.name, n));
    d.hints.push_back(fmt::format("declare `account collection {{ payment_frequency {} }}`: it holds the available funds between payment dates",
                                  vocab::word(m.entities[id].option(PropId::PaymentFrequency))));
  }
}

}  // namespace sluice::sema
