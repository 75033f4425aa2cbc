// The native back end: the IR compiled by LLVM's ORC JIT into a function
// that runs one scenario (init, then every period), behind the same
// exec::Evaluator interface as the interpreter. This header is free of
// LLVM; only compiler/codegen/*.cpp include LLVM headers.
#pragma once
#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include "exec/evaluator.hpp"
#include "exec/schedule.hpp"
#include "ir/ir.hpp"

namespace sluice::codegen {

struct JitOptions {
  // An on-disk object cache: objects are stored under a hash of the IR, the
  // mode, the CPU and its features and LLVM's version, and a hit skips
  // LLVM's optimizer and code generator. Empty: no cache, nothing written.
  std::string cache_dir;
  bool* cache_hit = nullptr;  // set to whether the object came from the cache
  // Scenarios per call (lanes of the vectors); 0: twice the host's vector
  // width in doubles. Results do not depend on it.
  unsigned lanes = 0;
  // The weight of IR one compiled function holds (codegen/chunks.hpp); 0:
  // the default. Results do not depend on it; tests make it small so that
  // every value crosses between functions.
  std::size_t chunk_budget = 0;
  // Only from the cache: a miss returns null with `error` empty, compiling
  // nothing (driver/tier.cpp asks this first, so a warm cache skips the tier).
  bool cache_only = false;
  // Set by another thread when the object is no longer wanted (the Monte
  // Carlo run it was compiled for has ended): the compile stops at its next
  // phase boundary (after emitting, after the code generator) and returns
  // null with `error` empty. A phase under way runs to its end: LLVM 19
  // has no way to stop its code generator (the pass gate, OptPassGate,
  // skips optional passes only), so `sluice` leaves such a compile behind
  // at exit instead (driver/tier.hpp, leave).
  const std::atomic<bool>* abandon = nullptr;
};

// The cache the commands use: the folder named by $SLUICE_JIT_CACHE, or
// none (a run writes no file it was not asked to).
inline std::string default_cache_dir() {
  const char* env = std::getenv("SLUICE_JIT_CACHE");
  return env ? env : "";
}

// The layout of what crosses between the `sluice` binary and the JIT plugin
// (codegen/plugin.cpp): the module, the schedule and the options going in,
// the exec::Batch the evaluator fills coming back (its Violation inline,
// so counted in its size). A plugin built from other headers is refused.
inline const char* jit_abi() {
  static const std::string abi = "sluice-jit 2: module " + std::to_string(sizeof(ir::Module)) + ", schedule " +
                                 std::to_string(sizeof(exec::Schedule)) + ", batch " + std::to_string(sizeof(exec::Batch)) +
                                 ", options " + std::to_string(sizeof(JitOptions));
  return abi.c_str();
}

// Compiles `m` for the host CPU: `random` scenarios (the generator's draws)
// or the base case (every shock at its mean, whatever the batch asks). On
// failure returns null and says why. The module and schedule must outlive
// the evaluator.
std::unique_ptr<exec::Evaluator> make_jit(const ir::Module& m, const exec::Schedule& s, bool random, std::string& error,
                                          const JitOptions& options = {});

}  // namespace sluice::codegen
