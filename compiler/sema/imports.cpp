#include "sema/imports.hpp"

#include <filesystem>
#include <fmt/format.h>

#include "syntax/parser.hpp"

namespace sluice::sema {

namespace fs = std::filesystem;

// Fails closed: an empty root (the canonical path of a folder that does
// not exist, such as a missing standard library) contains nothing; as a
// prefix of every path it used to let `import "/etc/passwd"` through.
bool inside_folder(const fs::path& root, const fs::path& p) {
  auto r = root.lexically_normal().string();
  auto s = p.lexically_normal().string();
  if (r.empty() || s.empty()) return false;
  if (r.back() != '/') r += '/';
  return s.rfind(r, 0) == 0;
}

namespace {

struct Loader {
  SourceManager& sm;
  Diagnostics& diags;
  Program& prog;
  std::vector<std::string> stack;  // real paths being loaded, for cycles

  // Loads one file; returns its index in prog.files or -1.
  int load(const std::string& shown, const std::string& real, Span from) {
    // The stack first: the deal's own file is already in prog.files, and an
    // import that leads back to it is a cycle, not a file loaded before.
    for (const auto& s : stack)
      if (s == real) {
        diags.error(DiagCode::ImportCycle, from, fmt::format("`{}` imports itself through this import", shown));
        return -1;
      }
    for (std::size_t i = 0; i < prog.files.size(); ++i)
      if (sm.file(prog.files[i].file_id).real_path == real) return static_cast<int>(i);
    std::string text, err;
    if (!read_file(real, text, err, syntax::kMaxFileBytes)) {
      diags.error(DiagCode::CannotRead, from, fmt::format("cannot read `{}`: {}", shown, err));
      return -1;
    }
    auto id = sm.add(shown, real, std::move(text));
    auto file = syntax::parse(id, sm, diags);
    if (!file) return -1;
    stack.push_back(real);
    for (std::size_t i = 0; i < file->imports.size(); ++i) resolve(file->file_id, i, file->imports[i]);
    stack.pop_back();
    prog.files.push_back(std::move(*file));
    return static_cast<int>(prog.files.size() - 1);
  }

  void resolve(std::uint32_t from_file, std::size_t index, const ast::Import& im) {
    std::error_code ec;
    fs::path target;
    std::string shown;
    if (!im.module.empty()) {
      if (im.module[0] != "std" || im.module.size() != 2) {
        auto& d = diags.error(DiagCode::ImportNotFound, im.target_span, "only standard-library modules `std.NAME` can be imported by name");
        d.hints.push_back("import a file of your own by its quoted path: import \"./lib/terms.deal\"");
        return;
      }
      target = fs::path(prog.stdlib_dir) / "std" / (im.module[1] + ".deal");
      shown = "std." + im.module[1];
      if (!fs::exists(target, ec)) {
        std::vector<std::string> known;
        for (const auto& e : fs::directory_iterator(fs::path(prog.stdlib_dir) / "std", ec))
          if (e.path().extension() == ".deal") known.push_back(e.path().stem().string());
        auto& d = diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("there is no standard-library module `{}`", shown));
        auto near = closest_name(im.module[1], known);
        if (!near.empty()) d.hints.push_back(fmt::format("did you mean `std.{}`?", near));
        return;
      }
      target = fs::canonical(target, ec);
    } else {
      const auto& here = sm.file(from_file).real_path;
      fs::path base = fs::path(here).parent_path();
      fs::path raw = fs::path(im.file).is_absolute() ? fs::path(im.file) : base / im.file;
      // Named from where the importer is named, so an error inside a file
      // that a file in a subfolder imports is located at a path that exists
      // (`lib/b.deal:2:8`, not `b.deal:2:8`).
      shown = fs::path(im.file).is_absolute()
                  ? im.file
                  : (fs::path(sm.file(from_file).path).parent_path() / im.file).lexically_normal().string();
      if (!fs::exists(raw, ec)) {
        diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("cannot find `{}`", im.file))
            .hints.push_back(fmt::format("paths are relative to the importing file's folder ({})", base.string()));
        return;
      }
      target = fs::canonical(raw, ec);  // symlinks resolved before the check
      bool in_std = inside_folder(fs::canonical(prog.stdlib_dir, ec), target);
      if (!inside_folder(fs::path(prog.deal_dir), target) && !in_std) {
        auto& d = diags.error(DiagCode::ImportOutside, im.target_span,
                              fmt::format("`{}` is outside the deal's folder tree", im.file), "outside " + prog.deal_dir);
        d.hints.push_back("a deal may import the standard library and files in its own folder or below, nothing else");
        return;
      }
      if (!fs::is_regular_file(target, ec)) {
        diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("`{}` is not a file", im.file));
        return;
      }
    }
    int idx = load(shown, target.string(), im.target_span);
    if (idx >= 0) prog.import_targets[{from_file, index}] = idx;
    if (idx >= 0 && !prog.files[static_cast<std::size_t>(idx)].deals.empty())
      diags.error(DiagCode::ImportHasDeal, im.target_span,
                  fmt::format("`{}` declares a deal; an imported file may hold only templates, curves and units", shown));
  }
};

}  // namespace

bool load_program(const std::string& path, const std::string& stdlib_dir, SourceManager& sm, Diagnostics& diags,
                  Program& out, bool& missing_main) {
  std::error_code ec;
  missing_main = false;
  out.sources = &sm;
  out.stdlib_dir = stdlib_dir;
  if (!fs::exists(path, ec) || fs::is_directory(path, ec)) {
    missing_main = true;
    return false;
  }
  fs::path real = fs::canonical(path, ec);
  out.deal_dir = real.parent_path().string();
  std::string text, err;
  if (!read_file(real.string(), text, err, syntax::kMaxFileBytes)) {
    missing_main = true;
    return false;
  }
  auto id = sm.add(path, real.string(), std::move(text));
  auto file = syntax::parse(id, sm, diags);
  if (!file) return false;
  // The deal's file is files[0]; its imports follow.
  const auto imports = file->imports;
  out.files.push_back(std::move(*file));
  Loader loader{sm, diags, out, {real.string()}};
  for (std::size_t i = 0; i < imports.size(); ++i) loader.resolve(id, i, imports[i]);
  return !diags.has_errors();
}

}  // namespace sluice::sema
