// `sluice_bench --e2e` (the second half of `make bench`): `sluice run -n N`
// timed end to end, as a user runs it (the process spawned, from spawn to
// exit, output to a file), for the flagship and bench.deal at 1e5 and 1e6
// scenarios on 1 and 2 threads, with the baselines of the same run: the
// interpreter end to end (`--engine interp`), the JIT compiled before the
// first scenario (`--engine jit`) and, for bench.deal, the hand-written
// evaluator driven in this process through the same steps `sluice run`
// takes (front end, mc::simulate, the risk report formatted). Every output
// of one size must be the same bytes. docs/performance.md, "End to end".
#pragma once
#include <cstdint>
#include <string>

namespace sluice::bench {

struct EndToEndPlan {
  bool quick = false;  // 1e4 and 1e5 scenarios instead of 1e5 and 1e6
  int reps = 3;        // at the smaller size; the larger runs once
  std::uint64_t small = 0;  // another smaller size (the larger is 10x): to try the section out
  std::string sluice, flagship, bench_deal, json_path;
};

// Returns the exit status: 1 when two outputs of one size differ.
int end_to_end(const EndToEndPlan& plan);

}  // namespace sluice::bench
