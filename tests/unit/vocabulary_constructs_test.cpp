// The registry of constructs (compiler/vocabulary) is consistent with
// itself, and sema records what lowering reads from it: checked property
// records with their keyword options, members resolved to their ids.
#include <catch2/catch.hpp>
#include <set>

#include "sema/checker.hpp"
#include "test_support.hpp"

using namespace sluice;
using vocab::Construct;
using vocab::MemberId;
using vocab::PropId;

TEST_CASE("each construct's property and member words are unique, and every option set is used", "[vocabulary]") {
  std::set<vocab::OptionSet> used;
  for (const auto& c : vocab::kConstructs) {
    std::set<std::string_view> props, members;
    for (const auto* p : vocab::properties_of(c.id)) {
      CHECK(props.insert(p->word).second);
      CHECK(vocab::property(c.id, p->word) == p);
      CHECK(!p->doc.empty());
      used.insert(p->options);
    }
    for (const auto* m : vocab::members_of(c.id)) {
      CHECK(members.insert(m->word).second);
      CHECK(vocab::member(c.id, m->word) == m);
      CHECK(vocab::member_named(m->word) == m->id);
      CHECK(!m->doc.empty());
      // A member typed as its property needs that property.
      if (m->type == vocab::MemberType::OfProperty) CHECK(vocab::property(c.id, m->word) != nullptr);
    }
  }
  for (const auto& o : vocab::kOptions) {
    CHECK(used.count(o.set) == 1);
    CHECK(vocab::option_named(o.set, o.word) == o.id);
    CHECK(vocab::word(o.id) == o.word);
  }
  // Properties with options are the ones whose rule reads them.
  for (const auto& p : vocab::kProperties) {
    using R = vocab::PropRule;
    const bool reads = p.rule == R::Keyword || p.rule == R::Amortization || p.rule == R::RateConvention || p.rule == R::Liquidation ||
                       p.rule == R::BoundedAnnualRate || p.rule == R::Rent || p.rule == R::LeaseDefault || p.rule == R::Condition ||
                       p.rule == R::Ramp;  // `U0, over N months`
    CHECK(reads == (p.options != vocab::OptionSet::None));
  }
}

TEST_CASE("sema's member lists come from the registry, in its order", "[vocabulary]") {
  auto tranche = sema::members_of(sema::EntityKind::Tranche);
  REQUIRE(tranche.size() == vocab::members_of(Construct::Tranche).size());
  CHECK(tranche.front() == "balance");
  auto conv = sema::members_of(sema::EntityKind::Convertible);
  CHECK(std::find(conv.begin(), conv.end(), "conversion_value") != conv.end());
  CHECK(std::find(tranche.begin(), tranche.end(), "conversion_value") == tranche.end());
  CHECK(sema::members_of(sema::EntityKind::Let).empty());
  CHECK(sema::is_claim_part(sema::EntityKind::Facility, "interest"));
  CHECK(!sema::is_claim_part(sema::EntityKind::Loan, "interest"));  // a pool's interest is a value
}

TEST_CASE("sema records typed properties and member ids that lowering reads", "[vocabulary][sema]") {
  auto r = test::run_text("vocabulary.deal", R"(deal "t" {
  currency USD  start 2025-01-31  period monthly  horizon 24 months  day_count 30/360
  loan pool { balance 100m USD  rate 8%  amortization level over 24 months  prepayment psa(150%)  advancing interest }
  tranche A { balance 60m USD  coupon 5%, cap 7%, floor 1%  amortization sculpted dscr 1.30x  shortfall capitalize }
  tranche B { balance 30m USD  coupon 6% }
  equity E
  test due = A.interest_due + pool.defaults
  waterfall {
    pay A.interest
    pay A.principal
    pay B.interest
    pay B.principal
    pay E residual
  }
}
)");
  INFO(r->diagnostics());
  REQUIRE(r->c.model);
  const auto& m = *r->c.model;
  auto entity = [&](const std::string& name) -> const sema::Entity& {
    for (const auto& e : m.entities)
      if (e.name == name) return e;
    FAIL("no entity " << name);
    throw 0;
  };
  const auto& a = entity("A");
  CHECK(a.option(PropId::Amortization) == vocab::Amortization::Sculpted);
  CHECK(a.option(PropId::Shortfall) == vocab::Shortfall::Capitalize);
  const auto* coupon = a.property(PropId::Coupon);
  REQUIRE(coupon);
  REQUIRE(coupon->clauses.size() == 3);
  CHECK(coupon->value()->value == Approx(0.05));
  CHECK(coupon->clauses[1].keyword == vocab::RateBound::Cap);
  CHECK(coupon->clauses[2].keyword == vocab::RateBound::Floor);
  CHECK(a.prop(PropId::Maturity) == nullptr);
  CHECK(entity("B").option(PropId::Amortization) == vocab::Option::None);  // bullet, by default
  const auto& pool = entity("pool");
  CHECK(pool.option(PropId::Amortization) == vocab::Amortization::Level);
  CHECK(pool.option(PropId::Prepayment) == vocab::Prepayment::Psa);
  REQUIRE(pool.prop(PropId::Prepayment));
  CHECK(pool.prop(PropId::Prepayment)->value == Approx(1.5));  // the call's argument
  CHECK(pool.option(PropId::Advancing) == vocab::Advancing::Interest);
  // `A.interest_due + pool.defaults`: each member carries its id.
  const ast::Expr* sum = entity("due").bound;
  REQUIRE(sum);
  CHECK(m.sema(*sum->kids[0]).member_id == MemberId::InterestDue);
  CHECK(m.sema(*sum->kids[1]).member_id == MemberId::Defaults);
  // A waterfall claim resolves to (entity, member id).
  auto [who, part] = m.claim(m.deal_scope, {"A", "principal"});
  CHECK(who == m.entities.id_of(a));
  CHECK(part == MemberId::Principal);
}
