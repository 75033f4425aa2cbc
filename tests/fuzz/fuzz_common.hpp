// What the three fuzz targets share: the input as text, a folder for the
// deal that does not exist (so a fuzzed relative import or csv file reads
// nothing; std.NAME still loads the real standard library), and a check
// that fails loudly, so libFuzzer records the input.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace sluice::fuzz {

// The deal's path (for pipeline::compile_text): its folder does not exist.
inline constexpr const char* kPath = "/nonexistent/sluice-fuzz/fuzz.deal";
inline constexpr const char* kShown = "fuzz.deal";

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// A broken promise of the compiler (not a refused deal): abort, which
// libFuzzer and the replay test both report with the input.
[[noreturn]] inline void broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace sluice::fuzz
