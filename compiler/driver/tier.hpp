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
  // run), and the destructor waits for the thread. Returns the JIT's
  // failure, if it is known to have failed (the plugin missing, a deal it
  // cannot compile), for the caller to report as --engine jit would.
  virtual std::optional<std::string> finish() = 0;
  // What the handover looked like (for SLUICE_TIER_LOG): when the JIT was
  // ready and the first batch done, in ms from the tier's start, and the
  // scenarios each engine ran.
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
std::unique_ptr<Tier> make_tier(const ir::Module& m, const exec::Schedule& s, std::optional<std::uint64_t> handover);

}  // namespace sluice::driver
