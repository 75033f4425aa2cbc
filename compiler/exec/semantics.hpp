// What both back ends compute by calling one function instead of each
// generating its own instructions, so that they agree to the bit: a curve
// read (the Curve instruction), the invariant tolerance (Check) and a range
// (CheckRange); the JIT
// reaches them through codegen/runtime_bridge.cpp. And the audit: ledger
// identities recomputed from a path's recorded period table, after the run,
// apart from the program that produced it. The checks lowered into the
// program hold each period's books from the inside; the audit holds the
// table a user reads (and the JIT's lanes and state slots) to the same rules
// from the outside, whichever engine filled it.
#pragma once
#include <optional>

#include "exec/evaluator.hpp"
#include "ir/ir.hpp"

namespace sluice::exec {

// A curve table read at x: linear between points, flat outside, NaN at NaN.
double curve_at(const ir::CurveTable& c, double x);

// An invariant `a <= b` (the Check instruction) holds within 1e-6 + 1e-9
// relative; NaN never holds. Both engines call it where `a <= b` is not
// plainly true (a <= b implies it).
bool within_tolerance(double a, double b);

// A range check (the CheckRange instruction: a domain's or an exchange
// rate's bounds around a value): `lo <= v <= hi` exactly, ordered, so a NaN
// fails. One definition for the interpreter and the JIT's bridge, which
// calls it only where the vector compare found a lane outside.
inline bool in_range(double lo, double v, double hi) { return lo <= v && v <= hi; }
// Its violation: the value as a, and the bound it broke as b (lo for a NaN).
inline Violation range_violation(int period, std::size_t check, double lo, double v, double hi) {
  return Violation{period, check, v, lo <= v ? hi : lo};
}

// `rows` is periods x columns, as a trace or a batch records one path. The
// first rule broken, by period, is returned as a violation of its check.
std::optional<Violation> audit(const ir::Module& m, const double* rows, int periods);

}  // namespace sluice::exec
