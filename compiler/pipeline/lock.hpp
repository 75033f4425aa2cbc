// The lock file: `DEAL.lock` beside a deal pins, by SHA-256, each library
// file the deal imports (a module found in a library folder or the standard
// library, and what those import), so the deal reruns with exactly the
// templates it was built with. Files in the deal's own folder tree are not
// pinned: they travel and are versioned with the deal. `sluice lock DEAL`
// writes it (driver/cmd_library.cpp); every compile of a deal that has one
// checks it, and a difference is an error at the import that reads the file.
//
//   # sluice lock v1: the library files gpu.deal imports, by SHA-256.
//   # `sluice lock gpu.deal` rewrites it; every command that reads the deal checks it.
//   3f5a...(64 hex digits)  desk/gpu.deal
//   ab12...                 std/gpu.deal
//
// A file is named relative to the folder it was found in (a library
// folder, or the standard library's folder, whose modules are std/NAME.deal),
// so the lock holds on any machine whose folders hold the same files.
#pragma once
#include <string>
#include <vector>

#include "pipeline/pipeline.hpp"

namespace sluice::pipeline {

struct Pin {
  std::string key;    // desk/gpu.deal, std/gpu.deal
  std::string hash;   // 64 lowercase hex digits of the bytes compiled
  std::size_t file;   // index in program.files
};

// The library files of a loaded program, sorted by key.
std::vector<Pin> library_pins(const Compiled& c);

// The lock file's path for a deal named `deal_path`: `deal_path.lock`.
std::string lock_path(const std::string& deal_path);

// The lock file's text for these pins.
std::string lock_text(const std::string& deal_path, const std::vector<Pin>& pins);

// When `deal_path.lock` exists, checks the loaded program against it: every
// pinned file unchanged (E0225), every library file pinned (E0226), no pin
// left over (E0227), the file itself well formed (E0228). False on any of them.
bool check_lock(Compiled& c, const std::string& deal_path);

}  // namespace sluice::pipeline
