#include "pipeline/pipeline.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

#include "exec/schedule.hpp"
#include "ir/lower.hpp"
#include "pipeline/sculpt.hpp"
#include "sema/imports.hpp"
#include "syntax/parser.hpp"

namespace sluice::pipeline {

// The standard library: $SLUICE_STDLIB, else the source tree's stdlib/
// (compiled in), else `../share/sluice/stdlib` beside the binary.
std::string stdlib_dir() {
  if (const char* env = std::getenv("SLUICE_STDLIB"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::exists(SLUICE_STDLIB_DIR, ec)) return SLUICE_STDLIB_DIR;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (exe.parent_path() / ".." / "share" / "sluice" / "stdlib").string();
}

namespace {

// The phases after loading, shared by compile and compile_text.
void analyze_and_lower(Compiled& c, const std::vector<sema::ParamOverride>& sets, const std::string& last) {
  if (last == "parse") return;
  bool usage = false;
  c.model = sema::analyze(c.program, sets, c.diags, usage);
  if (!c.model) {
    c.exit = usage ? kUsage : kBadDeal;
    return;
  }
  if (last == "sema") return;
  c.module = ir::lower(*c.model, c.diags, c.record_factors);
  if (!c.module) c.exit = kBadDeal;
  else fill_sculpted(*c.module, exec::schedule_for(c.model->deal));
}

}  // namespace

void compile(Compiled& c, const std::string& path, const std::vector<sema::ParamOverride>& sets, const std::string& last) {
  bool missing = false;
  if (!sema::load_program(path, stdlib_dir(), c.sources, c.diags, c.program, missing)) {
    c.exit = missing ? kNoInput : kBadDeal;
    return;
  }
  analyze_and_lower(c, sets, last);
}

namespace {

namespace fs = std::filesystem;

// One import of the in-memory file: found as the loader finds it (the same
// messages), then loaded with everything it imports into c.program.
void load_import(Compiled& c, std::uint32_t from, std::size_t index, const ast::Import& im, const fs::path& main_real) {
  auto& prog = c.program;
  std::error_code ec;
  fs::path target;
  if (!im.module.empty()) {
    if (im.module[0] != "std" || im.module.size() != 2) {
      c.diags.error(DiagCode::ImportNotFound, im.target_span, "only standard-library modules `std.NAME` can be imported by name")
          .hints.push_back("import a file of your own by its quoted path: import \"./lib/terms.deal\"");
      return;
    }
    target = fs::path(prog.stdlib_dir) / "std" / (im.module[1] + ".deal");
    if (!fs::exists(target, ec)) {
      std::vector<std::string> known;
      for (const auto& e : fs::directory_iterator(fs::path(prog.stdlib_dir) / "std", ec))
        if (e.path().extension() == ".deal") known.push_back(e.path().stem().string());
      auto& d = c.diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("there is no standard-library module `std.{}`", im.module[1]));
      auto near = closest_name(im.module[1], known);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `std.{}`?", near));
      return;
    }
    target = fs::canonical(target, ec);
  } else {
    fs::path base = main_real.parent_path();
    fs::path raw = fs::path(im.file).is_absolute() ? fs::path(im.file) : base / im.file;
    if (!fs::exists(raw, ec)) {
      c.diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("cannot find `{}`", im.file))
          .hints.push_back(fmt::format("paths are relative to the importing file's folder ({})", base.string()));
      return;
    }
    target = fs::canonical(raw, ec);
    bool in_std = sema::inside_folder(fs::canonical(prog.stdlib_dir, ec), target);
    if (!sema::inside_folder(fs::path(prog.deal_dir), target) && !in_std) {
      auto& d = c.diags.error(DiagCode::ImportOutside, im.target_span, fmt::format("`{}` is outside the deal's folder tree", im.file),
                              "outside " + prog.deal_dir);
      d.hints.push_back("a deal may import the standard library and files in its own folder or below, nothing else");
      return;
    }
    if (!fs::is_regular_file(target, ec)) {
      c.diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("`{}` is not a file", im.file));
      return;
    }
  }
  int idx = -1;
  for (std::size_t i = 0; i < prog.files.size(); ++i)
    if (c.sources.file(prog.files[i].file_id).real_path == target.string()) idx = static_cast<int>(i);
  if (idx < 0) {
    sema::Program sub;
    bool missing = false;
    sema::load_program(target.string(), prog.stdlib_dir, c.sources, c.diags, sub, missing);
    if (missing) c.diags.error(DiagCode::CannotRead, im.target_span, fmt::format("cannot read `{}`", target.string()));
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
                              im.module.empty() ? im.file : "std." + im.module[1]));
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
  c.program.deal_dir = real.parent_path().string();
  auto id = c.sources.add(path, real.string(), std::move(text));
  auto file = syntax::parse(id, c.sources, c.diags);
  if (!file) {
    c.exit = kBadDeal;
    return;
  }
  const auto imports = file->imports;
  c.program.files.push_back(std::move(*file));
  for (std::size_t i = 0; i < imports.size(); ++i) load_import(c, id, i, imports[i], real);
  if (c.diags.has_errors()) {
    c.exit = kBadDeal;
    return;
  }
  analyze_and_lower(c, sets, last);
}

}  // namespace sluice::pipeline
