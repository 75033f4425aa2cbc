// When a test is undefined (docs/language.md, "Tests that are undefined").
// A coverage ratio with nothing to cover is not a number a covenant can be
// tested against: a DSCR in a period with no debt service due (x / 0), an
// LTV after the notes are repaid. Such a period records a quiet NaN in the
// test's column (never in money: E0901 still stops non-finite money), which
// every comparison reads as false, so an undefined DSCR never breaches
// `dscr < 1.20x`; the statistics skip it and count it.
#include <cmath>

#include "ir/lowerer.hpp"

namespace sluice::ir {

int Lowerer::test_value(EntityId id, int v) {
  // A condition is always 1 or 0; an amount of money is never undefined
  // (a DSRA target the waterfall reads: its non-finite values stop the run,
  // E0901); the close (day 0) has no period to skip.
  const auto& e = ent(id);
  if (e.type.kind == sema::Kind::Bool || sema::money_valued(e.type, m_.deal.currency) || in_init_) return v;
  // Finite: |v| < inf, false for an infinity and for a NaN (x / 0, 0 / 0).
  // A division by zero that an `if` did not take leaves no trace.
  int defined = emit(Op::Lt, emit(Op::Abs, v), k(INFINITY));
  // A test that reads the notes (an LTV, a DSCR on their debt service) is
  // in force only while the deal owes something (notes_outstanding); a test
  // of the collateral alone (a pool's amortization factor) goes on after.
  std::unordered_set<EntityId> seen;
  if (int owed = reads_notes(*e.bound, seen) ? notes_outstanding() : -1; owed >= 0) defined = emit(Op::And, defined, owed);
  // The NaN is emitted as it is (the constant table is keyed by value, and
  // a NaN equals no key): one bit pattern, the same under both engines.
  int undefined = emit(Op::Const, -1, -1, -1, 0, std::nan(""));
  return sel(defined, v, undefined);
}

// Does the expression read a tranche, a convertible or a facility, directly
// or through the tests and lets it reads?
bool Lowerer::reads_notes(const ast::Expr& x, std::unordered_set<EntityId>& seen) {
  if (EntityId d = m_.sema(x).entity; d.valid()) {
    const auto kind = ent(d).kind;
    if (kind == EntityKind::Tranche || kind == EntityKind::Convertible || kind == EntityKind::Facility) return true;
    if ((kind == EntityKind::Test || kind == EntityKind::Let || kind == EntityKind::TemplateArg) && ent(d).bound && seen.insert(d).second && reads_notes(*ent(d).bound, seen))
      return true;
  }
  for (const auto& kid : x.kids)
    if (kid && reads_notes(*kid, seen)) return true;
  return false;
}

// Once every tranche and convertible (and any facility) opens a period at a
// zero balance, the deal's covenants are over: its tests are undefined and
// its triggers neither breach nor stay curable (trigger_value). A deal
// without notes has no such end: -1.
int Lowerer::notes_outstanding() {
  int outstanding = -1;
  bool notes = false;
  for (EntityId d : m_.order) {
    const auto kind = ent(d).kind;
    if (kind != EntityKind::Tranche && kind != EntityKind::Convertible && kind != EntityKind::Facility) continue;
    notes = notes || kind != EntityKind::Facility;
    int owed = emit(Op::Gt, value(d, M::Balance), k(0));
    outstanding = outstanding < 0 ? owed : emit(Op::Or, outstanding, owed);
  }
  return notes ? outstanding : -1;
}

}  // namespace sluice::ir
