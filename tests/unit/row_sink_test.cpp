// Streamed batches (exec::RowSink): each engine hands over the rows it
// would have written to its tables, the same bits, a block at a time in
// order, with no table kept: the JIT its staged rows in place at every
// lane count (a partial last block included), the interpreter a path at a
// time. What Monte Carlo reads (mc::simulate streams every batch but an
// audited one) is therefore what the differential tests compare.
#include <catch2/catch.hpp>

#include "batch_support.hpp"

using namespace sluice;

TEST_CASE("A streamed batch hands over the rows each engine writes to its tables", "[codegen][exec]") {
  auto r = test::run_file(std::string(SLUICE_SOURCE_DIR) + "/examples/gpu_lease_abs/gpu_lease_abs.deal");
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const exec::Batch a = test::random_batch(*r, 37, 11, false);
  REQUIRE_FALSE(a.rows.empty());
  CHECK(test::same_bits(a, test::random_batch(*r, 37, 11, false, 0, true)));
  for (unsigned lanes : {0u, 1u, 3u}) {
    INFO("lanes " << lanes);
    CHECK(test::same_bits(a, test::random_batch(*r, 37, 11, true, lanes, true)));
  }
}

TEST_CASE("A stream's protocol is checked: a sink sees a block out of turn", "[exec]") {
  // The checking sink itself must fail on a broken protocol, or the test
  // above would say nothing.
  exec::Batch b;
  b.count = 4;
  test::TableSink sink(b, 0, 1, 2);
  const double row[4] = {1, 2, 3, 4};
  sink.open(0, 2, nullptr, 0);
  sink.period(0, row, 2);
  sink.close();  // closed before period 1
  CHECK(sink.problem == "a block closed before its periods");
  test::TableSink skips(b, 0, 1, 1);
  skips.open(2, 2, nullptr, 0);  // scenarios 0 and 1 never opened
  CHECK(skips.problem == "a block opened out of turn");
}
