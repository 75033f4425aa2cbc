// The JIT as a plugin: the `sluice` binary loads this module (sluice-jit.so)
// the first time a command compiles a deal (driver/jit_plugin.cpp), so the
// commands that never compile one (check, fmt, a base case, the language
// server) start without loading LLVM, about 20 ms of every process start.
// The module carries its own copy of the IR and execution-seam libraries it
// uses (not the interpreter: the JIT implements exec::Evaluator beside it),
// hidden (-Wl,--exclude-libs,ALL); its only exports are below.
#include "codegen/jit.hpp"

#define SLUICE_EXPORT extern "C" __attribute__((visibility("default")))

// The layout both sides were built with; the loader refuses a module built
// from other headers.
SLUICE_EXPORT const char* sluice_jit_abi() { return sluice::codegen::jit_abi(); }

SLUICE_EXPORT sluice::exec::Evaluator* sluice_jit_make(const sluice::ir::Module* m, const sluice::exec::Schedule* s, bool random,
                                                       std::string* error, const sluice::codegen::JitOptions* options) {
  return sluice::codegen::make_jit(*m, *s, random, *error, *options).release();
}
