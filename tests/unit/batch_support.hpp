// Helpers for unit tests that read a deal's Monte Carlo scenarios directly:
// a column's index by name, and one batch of random scenarios evaluated by
// either engine (the JIT compiled at once, no tier).
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "codegen/jit.hpp"
#include "interp/interpreter.hpp"
#include "ir/ir.hpp"
#include "test_support.hpp"

namespace sluice::test {

inline std::size_t column(const ir::Module& m, const std::string& name) {
  for (std::size_t c = 0; c < m.columns.size(); ++c)
    if (m.columns[c].name == name) return c;
  throw std::runtime_error("no column " + name);
}

// Scenarios 0 to count - 1 of seed `seed`; the JIT at `lanes` lanes (0:
// the machine's).
inline exec::Batch random_batch(const Run& r, int count, std::uint64_t seed, bool jit, unsigned lanes = 0) {
  exec::Batch b;
  b.seed = seed;
  b.count = count;
  if (jit) {
    std::string error;
    codegen::JitOptions o;
    o.lanes = lanes;
    auto e = codegen::make_jit(*r.c.module, r.schedule, true, error, o);
    if (!e) throw std::runtime_error(error);
    e->evaluate(b);
  } else {
    interp::make_interpreter(*r.c.module, r.schedule)->evaluate(b);
  }
  return b;
}

// Whether two batches hold the same bits in every cell and agree on
// whether an invariant broke.
inline bool same_bits(const exec::Batch& a, const exec::Batch& b) {
  return a.init.size() == b.init.size() && a.rows.size() == b.rows.size() &&
         std::memcmp(a.init.data(), b.init.data(), a.init.size() * sizeof(double)) == 0 &&
         std::memcmp(a.rows.data(), b.rows.data(), a.rows.size() * sizeof(double)) == 0 && a.violation.has_value() == b.violation.has_value();
}

}  // namespace sluice::test
