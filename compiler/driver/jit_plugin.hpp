// Loading the JIT plugin (codegen/plugin.cpp): the `sluice` binary does not
// link LLVM; it loads sluice-jit.so on the first compile. In the sanitizer
// and fuzz builds the JIT is linked in and these call it directly
// (compiler/CMakeLists.txt says why).
#pragma once
#include <memory>
#include <string>

#include "codegen/jit.hpp"

namespace sluice::driver {

// Whether the plugin is loaded (loading it on the first call); `why` says
// why not.
bool jit_plugin_available(std::string& why);

// Compiles `m` with the plugin's JIT (see codegen::make_jit). Null with
// `error` set when the plugin cannot be loaded or the deal cannot be
// compiled.
std::unique_ptr<exec::Evaluator> plugin_jit(const ir::Module& m, const exec::Schedule& s, bool random, std::string& error,
                                            const codegen::JitOptions& options);

}  // namespace sluice::driver
