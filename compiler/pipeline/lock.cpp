#include "pipeline/lock.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>

#include "base/sha256.hpp"
#include "sema/imports.hpp"

namespace sluice::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr const char* kHeader = "# sluice lock v1";
constexpr std::size_t kMaxLockBytes = 1u << 20;

// The import that first reads `file` (the deal's own imports first): where a
// problem with that file is shown.
const ast::Import* import_of(const sema::Program& prog, std::size_t file) {
  for (const auto& [key, target] : prog.import_targets) {
    if (target != static_cast<int>(file)) continue;
    for (const auto& f : prog.files)
      if (f.file_id == key.first && key.second < f.imports.size()) return &f.imports[key.second];
  }
  return nullptr;
}

bool is_hex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); });
}

}  // namespace

std::vector<Pin> library_pins(const Compiled& c) {
  std::error_code ec;
  const auto& prog = c.program;
  // The standard library first: a library folder that holds it (or is
  // inside it) must not rename std/gpu.deal.
  std::vector<std::string> roots;
  auto std_real = fs::canonical(prog.stdlib_dir, ec);
  roots.push_back(ec ? std::string() : std_real.string());
  for (const auto& l : prog.libraries) roots.push_back(l.real);
  std::vector<Pin> pins;
  for (std::size_t i = 1; i < prog.files.size(); ++i) {
    const auto& src = c.sources.file(prog.files[i].file_id);
    for (const auto& root : roots)
      if (sema::inside_folder(fs::path(root), fs::path(src.real_path))) {
        pins.push_back({fs::path(src.real_path).lexically_relative(root).generic_string(), sha256_hex(src.text), i});
        break;
      }
  }
  std::sort(pins.begin(), pins.end(), [](const Pin& a, const Pin& b) { return a.key < b.key; });
  return pins;
}

std::string lock_path(const std::string& deal_path) { return deal_path + ".lock"; }

std::string lock_text(const std::string& deal_path, const std::vector<Pin>& pins) {
  const std::string name = fs::path(deal_path).filename().string();
  std::string out = fmt::format("{}: the library files {} imports, by SHA-256.\n", kHeader, name);
  out += fmt::format("# `sluice lock {}` rewrites it; every command that reads the deal checks it.\n", name);
  for (const auto& p : pins) out += fmt::format("{}  {}\n", p.hash, p.key);
  return out;
}

bool check_lock(Compiled& c, const std::string& deal_path) {
  std::error_code ec;
  const std::string path = lock_path(deal_path);
  if (!fs::exists(path, ec)) return true;
  const std::string name = fs::path(deal_path).filename().string();
  const std::string relock = fmt::format("if the change is meant, `sluice lock {}` pins the files as they are now", deal_path);
  std::string text, err;
  if (!fs::is_regular_file(path, ec) || !read_file(path, text, err, kMaxLockBytes) || text.size() > kMaxLockBytes) {
    c.diags.error(DiagCode::BadLockFile, Span::none(), fmt::format("cannot read the lock file `{}`: {}", path, err.empty() ? "not a regular file under 1 MiB" : err));
    return false;
  }
  const auto id = c.sources.add(path, fs::canonical(path, ec).string(), std::move(text));
  const SourceFile& lock = c.sources.file(id);
  // key -> (hash, the line's span)
  std::map<std::string, std::pair<std::string, Span>> pinned;
  bool ok = true;
  for (std::uint32_t line = 1; line <= lock.line_starts.size(); ++line) {
    std::string_view s = lock.line_text(line);
    const auto begin = lock.line_starts[line - 1];
    const Span at{id, begin, static_cast<std::uint32_t>(begin + s.size())};
    if (line == 1 && s.rfind(kHeader, 0) != 0) {
      c.diags.error(DiagCode::BadLockFile, at, fmt::format("`{}` is not a lock file `sluice lock` writes", path), "expected `# sluice lock v1`")
          .hints.push_back(fmt::format("`sluice lock {}` writes it afresh", deal_path));
      return false;
    }
    if (s.empty() || s[0] == '#') continue;
    auto gap = s.find("  ");
    std::string key = gap == std::string_view::npos ? "" : std::string(s.substr(gap + 2));
    if (gap != 64 || !is_hex64(s.substr(0, 64)) || key.empty() || pinned.count(key)) {
      c.diags.error(DiagCode::BadLockFile, at, key.size() && pinned.count(key) ? fmt::format("`{}` is pinned twice", key) : "a lock line is `HASH  FILE`",
                    "not a line `sluice lock` writes")
          .hints.push_back(fmt::format("`sluice lock {}` writes the file afresh", deal_path));
      ok = false;
      continue;
    }
    pinned[key] = {std::string(s.substr(0, 64)), at};
  }
  if (!ok) return false;
  for (const auto& pin : library_pins(c)) {
    const ast::Import* im = import_of(c.program, pin.file);
    const Span where = im ? im->target_span : Span::none();
    const std::string module = im ? std::string(c.sources.text(im->target_span)) : pin.key;
    const auto& real = c.sources.file(c.program.files[pin.file].file_id).real_path;
    auto it = pinned.find(pin.key);
    if (it == pinned.end()) {
      auto& d = c.diags.error(DiagCode::LockUnpinned, where, fmt::format("`{}` is not pinned by {}.lock", module, name), pin.key);
      d.hints.push_back(fmt::format("the file: {}", real));
      d.hints.push_back(fmt::format("a new import needs a new lock: `sluice lock {}`", deal_path));
      continue;
    }
    if (it->second.first != pin.hash) {
      auto& d = c.diags.error(DiagCode::LockMismatch, where, fmt::format("`{}` changed since {}.lock pinned it", module, name), pin.key);
      d.hints.push_back(fmt::format("the file: {}", real));
      d.hints.push_back(fmt::format("pinned sha256 {}", it->second.first));
      d.hints.push_back(fmt::format("now    sha256 {}", pin.hash));
      d.hints.push_back(relock);
    }
    pinned.erase(it);
  }
  for (const auto& [key, entry] : pinned)
    c.diags.error(DiagCode::LockStale, entry.second, fmt::format("{}.lock pins `{}`, which the deal does not import", name, key))
        .hints.push_back(fmt::format("`sluice lock {}` writes the pins of what the deal imports now", deal_path));
  return !c.diags.has_errors();
}

}  // namespace sluice::pipeline
