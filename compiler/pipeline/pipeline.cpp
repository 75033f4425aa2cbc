#include "pipeline/pipeline.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

#include "exec/schedule.hpp"
#include "ir/lower.hpp"
#include "pipeline/lock.hpp"
#include "pipeline/sculpt.hpp"
#include "sema/imports.hpp"
#include "syntax/parser.hpp"

namespace sluice::pipeline {

// The standard library: $SLUICE_STDLIB, else `../share/sluice/stdlib`
// beside the binary when it is there (an installed sluice: `cmake
// --install`), else the source tree's stdlib/ (compiled in). A folder that
// does not exist holds nothing: imports confinement fails closed
// (sema::inside_folder).
std::string stdlib_dir() {
  if (const char* env = std::getenv("SLUICE_STDLIB"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = (exe.parent_path() / ".." / "share" / "sluice" / "stdlib").lexically_normal();
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return SLUICE_STDLIB_DIR;
}

namespace {

// The phases after loading, shared by compile and compile_text.
void analyze_and_lower(Compiled& c, const std::vector<sema::ParamOverride>& sets, const std::string& last) {
  if (last == "parse") return;
  bool usage = false;
  c.model = sema::analyze(c.program, sets, c.diags, usage, c.stress);
  if (!c.model) {
    c.exit = usage ? kUsage : kBadDeal;
    return;
  }
  if (last == "sema") return;
  c.module = ir::lower(*c.model, c.diags, c.record_factors, c.record_obligors);
  if (!c.module) c.exit = kBadDeal;
  else fill_sculpted(*c.module, exec::schedule_for(c.model->deal));
}

}  // namespace

std::vector<sema::LibraryFolder> library_folders(const std::vector<std::string>& libs, Diagnostics& diags) {
  namespace fs = std::filesystem;
  std::vector<sema::LibraryFolder> out;
  auto add = [&](const std::string& dir, const char* origin) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      auto& d = diags.error(DiagCode::LibraryFolderMissing, Span::none(),
                            fmt::format("the library folder `{}` ({}) {}", dir, origin, fs::exists(dir, ec) ? "is not a folder" : "does not exist"));
      d.hints.push_back(std::string(origin) == "--lib" ? "give --lib a folder that holds modules (desk/gpu.deal for `import desk.gpu`)"
                                                       : "create the folder or take it out of $SLUICE_PATH");
      return;
    }
    out.push_back({dir, fs::canonical(dir, ec).string(), origin});
  };
  for (const auto& l : libs) add(l, "--lib");
  if (const char* env = std::getenv("SLUICE_PATH")) {
    std::string all = env;
    for (std::size_t from = 0; from <= all.size();) {
      std::size_t colon = all.find(':', from);
      if (colon == std::string::npos) colon = all.size();
      if (colon > from) add(all.substr(from, colon - from), "SLUICE_PATH");
      from = colon + 1;
    }
  }
  return out;
}

void compile(Compiled& c, const std::string& path, const std::vector<sema::ParamOverride>& sets, const std::string& last) {
  auto libraries = library_folders(c.libs, c.diags);
  if (c.diags.has_errors()) {
    c.exit = kNoInput;
    return;
  }
  bool missing = false;
  if (!sema::load_program(path, stdlib_dir(), libraries, c.sources, c.diags, c.program, missing)) {
    c.exit = missing ? kNoInput : kBadDeal;
    return;
  }
  if (c.check_lock && !check_lock(c, path)) {
    c.exit = kBadDeal;
    return;
  }
  analyze_and_lower(c, sets, last);
}

namespace {

namespace fs = std::filesystem;

// One import of the in-memory file: found as the loader finds it (the same
// messages), then loaded with everything it imports into c.program.
void load_import(Compiled& c, std::uint32_t from, std::size_t index, const ast::Import& im) {
  auto& prog = c.program;
  auto found = sema::find_import(prog, c.sources, c.diags, from, im);
  if (!found) return;
  const std::string target = found->real;
  int idx = -1;
  for (std::size_t i = 0; i < prog.files.size(); ++i)
    if (c.sources.file(prog.files[i].file_id).real_path == target) idx = static_cast<int>(i);
  if (idx < 0) {
    sema::Program sub;
    bool missing = false;
    sema::load_program(target, prog.stdlib_dir, prog.libraries, c.sources, c.diags, sub, missing);
    if (missing) c.diags.error(DiagCode::CannotRead, im.target_span, fmt::format("cannot read `{}`", target));
    if (sub.files.empty()) return;
    const int base = static_cast<int>(prog.files.size());
    for (auto& f : sub.files) prog.files.push_back(std::move(f));
    for (const auto& [key, value] : sub.import_targets) prog.import_targets[key] = value + base;
    idx = base;
  }
  prog.import_targets[{from, index}] = idx;
  if (!prog.files[static_cast<std::size_t>(idx)].deals.empty())
    c.diags.error(DiagCode::ImportHasDeal, im.target_span,
                  fmt::format("`{}` declares a deal; an imported file may hold only templates, curves and units",
                              im.module.empty() ? im.file : found->shown));
}

}  // namespace

void compile_text(Compiled& c, const std::string& path, std::string text, const std::vector<sema::ParamOverride>& sets,
                  const std::string& last) {
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  fs::path real = fs::weakly_canonical(abs, ec);
  if (ec) real = abs.lexically_normal();
  c.program.sources = &c.sources;
  c.program.stdlib_dir = stdlib_dir();
  c.program.libraries = library_folders(c.libs, c.diags);
  c.program.deal_dir = real.parent_path().string();
  auto id = c.sources.add(path, real.string(), std::move(text));
  auto file = syntax::parse(id, c.sources, c.diags);
  if (!file) {
    c.exit = kBadDeal;
    return;
  }
  const auto imports = file->imports;
  c.program.files.push_back(std::move(*file));
  for (std::size_t i = 0; i < imports.size(); ++i) load_import(c, id, i, imports[i]);
  if (!c.diags.has_errors() && c.check_lock) check_lock(c, path);
  if (c.diags.has_errors()) {
    c.exit = kBadDeal;
    return;
  }
  analyze_and_lower(c, sets, last);
}

}  // namespace sluice::pipeline
