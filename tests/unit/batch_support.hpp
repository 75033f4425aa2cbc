// Helpers for unit tests that read a deal's Monte Carlo scenarios directly:
// a column's index by name, and one batch of random scenarios evaluated by
// either engine (the JIT compiled at once, no tier), into tables or
// streamed (exec::RowSink) and the tables rebuilt from what was handed over.
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "codegen/jit.hpp"
#include "interp/interpreter.hpp"
#include "ir/ir.hpp"
#include "table_sink.hpp"
#include "test_support.hpp"

namespace sluice::test {

inline std::size_t column(const ir::Module& m, const std::string& name) {
  for (std::size_t c = 0; c < m.columns.size(); ++c)
    if (m.columns[c].name == name) return c;
  throw std::runtime_error("no column " + name);
}

// `e`'s batch of scenarios 0 to count - 1 of seed `seed`, into tables or
// streamed (and rebuilt: a protocol broken throws).
inline exec::Batch run_batch(const exec::Evaluator& e, const Run& r, int count, std::uint64_t seed, bool streamed) {
  exec::Batch b;
  b.seed = seed;
  b.count = count;
  if (!streamed) {
    e.evaluate(b);
    return b;
  }
  const auto& m = *r.c.module;
  exec::Batch rebuilt;
  rebuilt.count = count;
  TableSink sink(rebuilt, m.init_columns.size(), m.columns.size(), r.schedule.periods());
  e.stream(b, sink);
  sink.finish();
  if (!sink.problem.empty()) throw std::runtime_error("stream: " + sink.problem);
  if (!b.rows.empty()) throw std::runtime_error("stream: a table was kept");
  if (b.init.size() != rebuilt.init.size() || std::memcmp(b.init.data(), rebuilt.init.data(), b.init.size() * sizeof(double)) != 0) throw std::runtime_error("stream: the init rows handed over are not the batch's");
  b.rows = std::move(rebuilt.rows);
  return b;
}

// Scenarios 0 to count - 1 of seed `seed`; the JIT at `lanes` lanes (0:
// the machine's).
inline exec::Batch random_batch(const Run& r, int count, std::uint64_t seed, bool jit, unsigned lanes = 0, bool streamed = false) {
  if (jit) {
    std::string error;
    codegen::JitOptions o;
    o.lanes = lanes;
    auto e = codegen::make_jit(*r.c.module, r.schedule, true, error, o);
    if (!e) throw std::runtime_error(error);
    return run_batch(*e, r, count, seed, streamed);
  }
  return run_batch(*interp::make_interpreter(*r.c.module, r.schedule), r, count, seed, streamed);
}

// Whether two batches hold the same bits in every cell and agree on
// whether an invariant broke.
inline bool same_bits(const exec::Batch& a, const exec::Batch& b) {
  return a.init.size() == b.init.size() && a.rows.size() == b.rows.size() &&
         std::memcmp(a.init.data(), b.init.data(), a.init.size() * sizeof(double)) == 0 &&
         std::memcmp(a.rows.data(), b.rows.data(), a.rows.size() * sizeof(double)) == 0 && a.violation.has_value() == b.violation.has_value();
}

}  // namespace sluice::test
