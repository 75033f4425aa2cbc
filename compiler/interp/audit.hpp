// The audit: ledger identities recomputed from a path's recorded period
// table, after the run, apart from the program that produced it. The
// checks lowered into the program hold each period's books from the inside;
// the audit holds the table a user reads (and the JIT's lanes and state
// slots) to the same rules from the outside.
#pragma once
#include <optional>

#include "interp/interpreter.hpp"

namespace sluice::interp {

// `rows` is periods x columns, as a trace or a batch records one path. The
// first rule broken, by period, is returned as a violation of its check.
std::optional<Violation> audit(const ir::Module& m, const double* rows, int periods);

}  // namespace sluice::interp
