// What both back ends compute by calling one function instead of each
// generating its own instructions, so that they agree to the bit: a curve
// read (the Curve instruction) and the invariant tolerance (Check); the JIT
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

// An invariant `a <= b` holds within 1e-6 + 1e-9 relative; NaN never holds.
bool within_tolerance(double a, double b);

// Whether check `info`'s `a <= b` holds: exactly for a domain check, within
// the tolerance for the rest. Both engines call it where `a <= b` is not
// plainly true (a <= b implies both rules).
inline bool check_holds(const ir::CheckInfo& info, double a, double b) { return info.domain || info.fx ? a <= b : within_tolerance(a, b); }

// `rows` is periods x columns, as a trace or a batch records one path. The
// first rule broken, by period, is returned as a violation of its check.
std::optional<Violation> audit(const ir::Module& m, const double* rows, int periods);

}  // namespace sluice::exec
