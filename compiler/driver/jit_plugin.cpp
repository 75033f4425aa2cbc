#include "driver/jit_plugin.hpp"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <fmt/format.h>
#include <mutex>
#include <vector>

namespace sluice::driver {

#ifdef SLUICE_JIT_PLUGIN_PATH
namespace {

using Abi = const char* (*)();
using Make = exec::Evaluator* (*)(const ir::Module*, const exec::Schedule*, bool, std::string*, const codegen::JitOptions*);

struct Plugin {
  Make make = nullptr;
  std::string error;  // why it could not be loaded
};

// Where the plugin may be: $SLUICE_JIT_PLUGIN, beside the running binary
// (a copied build), `../lib/sluice` beside it (an installed one: `cmake
// --install`), or the build tree it was built in.
std::vector<std::string> candidates() {
  std::vector<std::string> v;
  if (const char* env = std::getenv("SLUICE_JIT_PLUGIN"); env && *env) v.emplace_back(env);
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    v.push_back((exe.parent_path() / "sluice-jit.so").string());
    v.push_back((exe.parent_path() / ".." / "lib" / "sluice" / "sluice-jit.so").lexically_normal().string());
  }
  v.emplace_back(SLUICE_JIT_PLUGIN_PATH);
  return v;
}

const Plugin& plugin() {
  static Plugin p;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string tried;
    for (const auto& path : candidates()) {
      std::error_code ec;
      if (!std::filesystem::exists(path, ec)) {
        tried += (tried.empty() ? "" : ", ") + path;
        continue;
      }
      // Never closed: evaluators it made live as long as the process.
      void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!h) {
        p.error = fmt::format("cannot load {}: {}", path, dlerror());
        return;
      }
      auto abi = reinterpret_cast<Abi>(dlsym(h, "sluice_jit_abi"));
      auto make = reinterpret_cast<Make>(dlsym(h, "sluice_jit_make"));
      if (!abi || !make) {
        p.error = fmt::format("{} is not Sluice's JIT plugin", path);
        return;
      }
      if (std::string(abi()) != codegen::jit_abi()) {
        p.error = fmt::format("{} was built from other sources than this binary ({} against {})", path, abi(), codegen::jit_abi());
        return;
      }
      p.make = make;
      return;
    }
    p.error = fmt::format("sluice-jit.so is not installed (looked at {})", tried);
  });
  return p;
}

}  // namespace

bool jit_plugin_available(std::string& why) {
  why = plugin().error;
  return plugin().make != nullptr;
}

std::unique_ptr<exec::Evaluator> plugin_jit(const ir::Module& m, const exec::Schedule& s, bool random, std::string& error,
                                            const codegen::JitOptions& options) {
  const Plugin& p = plugin();
  if (!p.make) {
    error = p.error;
    return nullptr;
  }
  return std::unique_ptr<exec::Evaluator>(p.make(&m, &s, random, &error, &options));
}

#else
// A sanitizer or fuzz build: the JIT is linked in (compiler/CMakeLists.txt).
bool jit_plugin_available(std::string& why) {
  why.clear();
  return true;
}

std::unique_ptr<exec::Evaluator> plugin_jit(const ir::Module& m, const exec::Schedule& s, bool random, std::string& error,
                                            const codegen::JitOptions& options) {
  return codegen::make_jit(m, s, random, error, options);
}
#endif

}  // namespace sluice::driver
