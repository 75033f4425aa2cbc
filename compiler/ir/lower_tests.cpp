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
  // A condition is always 1 or 0; the close (day 0) has no period to skip.
  if (ent(id).type.kind == sema::Kind::Bool || in_init_) return v;
  // Finite: |v| < inf, false for an infinity and for a NaN (x / 0, 0 / 0).
  // A division by zero that an `if` did not take leaves no trace.
  int defined = emit(Op::Lt, emit(Op::Abs, v), k(INFINITY));
  // In force while the deal owes something: once every tranche and
  // convertible (and any facility) opens a period at a zero balance, the
  // deal's tests are over. A deal without notes has no such end.
  int outstanding = -1;
  bool notes = false;
  for (EntityId d : m_.order) {
    const auto kind = ent(d).kind;
    if (kind != EntityKind::Tranche && kind != EntityKind::Convertible && kind != EntityKind::Facility) continue;
    notes = notes || kind != EntityKind::Facility;
    int owed = emit(Op::Gt, value(d, M::Balance), k(0));
    outstanding = outstanding < 0 ? owed : emit(Op::Or, outstanding, owed);
  }
  if (notes) defined = emit(Op::And, defined, outstanding);
  // The NaN is emitted as it is (the constant table is keyed by value, and
  // a NaN equals no key): one bit pattern, the same under both engines.
  int undefined = emit(Op::Const, -1, -1, -1, 0, std::nan(""));
  return sel(defined, v, undefined);
}

}  // namespace sluice::ir
