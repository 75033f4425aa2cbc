// The Monte Carlo tier of `--engine auto`: scenarios start on the
// interpreter at once while the JIT compiles the deal on a background
// thread; once the compiled evaluator is ready, every batch that starts
// after it runs on it. The two engines compute the same bits and a batch's
// results do not depend on which engine ran it (mc::simulate keeps values by
// scenario and exact sums), so the printed output is the same bytes however
// the batches split, which `SLUICE_HANDOVER` lets a test choose.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "exec/evaluator.hpp"
#include "ir/ir.hpp"

namespace sluice::driver {

class Tier : public exec::Evaluator {
 public:
  // The engine that ran the batches: "interp", "jit" or "interp+jit".
  const char* name() const override = 0;
  // The run is over: a compile still under way is abandoned at its next
  // phase boundary (unless it fills an object cache, which outlasts the
  // run). The destructor waits for the thread, or, under `sluice` (below),
  // leaves an abandoned compile to the process. Returns the JIT's failure,
  // if it is known to have failed (the plugin missing, a deal it cannot
  // compile), for the caller to report as --engine jit would.
  virtual std::optional<std::string> finish() = 0;
  // What the handover looked like (for SLUICE_TIER_LOG): when the JIT was
  // ready and the first batch done, in ms from the tier's start, the most
  // batches interpreted at once while it compiled (at most one fewer than
  // the machine's cores, so that the compile keeps one), and the scenarios
  // each engine ran.
  virtual std::string summary() const = 0;
};

// The handover a test forces: SLUICE_HANDOVER=K (K a whole number, or
// `never`) runs on the interpreter every batch that starts before scenario
// K and on the JIT, waited for, every batch from K on. Unset: the handover
// comes when the compile does. A value that is neither refuses the run
// (E0728, exit 64) with `bad` set.
std::optional<std::uint64_t> forced_handover(bool& bad);

// The tier for `m` over `s` (random scenarios), compiling with the object
// cache $SLUICE_JIT_CACHE names, if any.
// SLUICE_TIER_STALL set (a test hook) makes its compile run to its end
// whatever the run, then hold its result until a batch waits for it or the
// tier is destroyed, so that a short run certainly ends with it in flight.
std::unique_ptr<Tier> make_tier(const ir::Module& m, const exec::Schedule& s, std::optional<std::uint64_t> handover);

// How `sluice` ends. An abandoned compile may be inside LLVM's code
// generator, which has no way to be stopped (LLVM 19's only gate,
// OptPassGate, skips optional passes, not instruction selection or register
// allocation), for hundreds of milliseconds after the run's last scenario.
// A library (the Python module) waits for it when the tier is destroyed: no
// thread outlives a run. `sluice`'s main calls leave_compiles_to_exit()
// before its command: a tier then hands an abandoned compile to the process
// instead of waiting; one compile runs at a time (a later tier's compile
// waits its turn while its run interprets, and one whose run ends first
// never starts), and those that ended are joined when a later tier starts.
void leave_compiles_to_exit();

// Then main returns leave(rc), rc the command's exit code, its output
// written. If every compile left to the process has ended, they are joined
// and rc is returned; if one is still under way, the process flushes its
// streams and ends at once with rc (_exit: static destructors would race
// with the compiling thread; under ASan the leak check runs first, the
// thread stopped and its stack scanned as at any exit), saying so on
// stderr with SLUICE_TIER_LOG. An abandoned compile writes no file (only a
// cache fill writes, and a compile that fills the cache is never
// abandoned), so nothing is left half-done.
int leave(int rc);

}  // namespace sluice::driver
