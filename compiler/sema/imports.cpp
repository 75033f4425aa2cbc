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

std::string joined(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// `import std.gpu`: the standard library alone; a library folder's `std/`
// is never searched, so no library can stand in for a std module.
std::optional<ImportTarget> find_std(const Program& prog, Diagnostics& diags, const ast::Import& im) {
  std::error_code ec;
  const std::string name = joined(im.module, ".");
  if (im.module.size() != 2) {
    diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("there is no standard-library module `{}`", name))
        .hints.push_back("a standard-library module is named `std.NAME`, such as `std.gpu`");
    return std::nullopt;
  }
  fs::path target = fs::path(prog.stdlib_dir) / "std" / (im.module[1] + ".deal");
  if (!fs::exists(target, ec)) {
    std::vector<std::string> known;
    for (const auto& e : fs::directory_iterator(fs::path(prog.stdlib_dir) / "std", ec))
      if (e.path().extension() == ".deal") known.push_back(e.path().stem().string());
    auto& d = diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("there is no standard-library module `{}`", name));
    auto near = closest_name(im.module[1], known);
    if (!near.empty()) d.hints.push_back(fmt::format("did you mean `std.{}`?", near));
    return std::nullopt;
  }
  return ImportTarget{fs::canonical(target, ec).string(), name};
}

// `import desk.gpu`: desk/gpu.deal in the deal's folder, then in each
// library folder in order. A candidate whose real path leaves its folder (a
// symlink out of it) is refused, not skipped: a search that went on to the
// next folder would let a planted link decide which file is read.
std::optional<ImportTarget> find_module(const Program& prog, const SourceManager& sm, Diagnostics& diags, const ast::Import& im) {
  std::error_code ec;
  const std::string name = joined(im.module, ".");
  const std::string rel = joined(im.module, "/") + ".deal";
  std::vector<LibraryFolder> roots;
  const std::string deal_named = prog.files.empty() ? "" : fs::path(sm.file(prog.files[0].file_id).path).parent_path().string();
  roots.push_back({deal_named, prog.deal_dir, "the deal's folder"});
  for (const auto& l : prog.libraries) roots.push_back(l);
  std::vector<std::pair<ImportTarget, const LibraryFolder*>> found;
  for (const auto& root : roots) {
    if (root.real.empty()) continue;  // a folder that does not exist holds nothing
    fs::path candidate = fs::path(root.real) / rel;
    if (!fs::exists(candidate, ec)) continue;
    fs::path real = fs::canonical(candidate, ec);
    const std::string shown = (fs::path(root.shown) / rel).lexically_normal().string();
    if (ec || !inside_folder(fs::path(root.real), real)) {
      auto& d = diags.error(DiagCode::ImportOutside, im.target_span, fmt::format("`{}` ({}) leads outside its folder", name, shown),
                            "a link to " + real.string());
      d.hints.push_back(fmt::format("a module must lie inside the folder it is found in ({}, {})", root.shown.empty() ? "." : root.shown,
                                    root.origin));
      return std::nullopt;
    }
    if (!fs::is_regular_file(real, ec)) {
      diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("`{}` ({}) is not a file", name, shown));
      return std::nullopt;
    }
    found.push_back({ImportTarget{real.string(), shown}, &root});
  }
  if (found.empty()) {
    auto& d = diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("there is no module `{}`", name),
                          fmt::format("no {} here", rel));
    std::string searched;
    for (const auto& r : roots)
      searched += fmt::format("{}{} ({})", searched.empty() ? "" : ", ", r.shown.empty() ? "." : r.shown, r.origin);
    d.hints.push_back(fmt::format("`{}` is the file {} in the deal's folder or a library folder (--lib DIR, $SLUICE_PATH); searched {}",
                                  name, rel, searched));
    d.hints.push_back("or import a file of your own by its quoted path: import \"./lib/terms.deal\"");
    return std::nullopt;
  }
  if (found.size() > 1) {
    auto& d = diags.warning(DiagCode::ModuleInSeveralFolders, im.target_span,
                            fmt::format("`{}` is in {} folders; the first, {}, is used", name, found.size(), found[0].first.shown));
    for (std::size_t i = 1; i < found.size(); ++i)
      d.hints.push_back(fmt::format("also {} ({}), not used", found[i].first.shown, found[i].second->origin));
    d.hints.push_back("the deal's folder comes first, then each --lib in order, then $SLUICE_PATH's folders");
  }
  return found[0].first;
}

}  // namespace

std::optional<ImportTarget> find_import(const Program& prog, const SourceManager& sm, Diagnostics& diags, std::uint32_t from_file,
                                        const ast::Import& im) {
  std::error_code ec;
  if (!im.module.empty()) return im.module[0] == "std" ? find_std(prog, diags, im) : find_module(prog, sm, diags, im);
  const auto& here = sm.file(from_file).real_path;
  fs::path base = fs::path(here).parent_path();
  fs::path raw = fs::path(im.file).is_absolute() ? fs::path(im.file) : base / im.file;
  // Named from where the importer is named, so an error inside a file
  // that a file in a subfolder imports is located at a path that exists
  // (`lib/b.deal:2:8`, not `b.deal:2:8`).
  std::string shown = fs::path(im.file).is_absolute()
                          ? im.file
                          : (fs::path(sm.file(from_file).path).parent_path() / im.file).lexically_normal().string();
  if (!fs::exists(raw, ec)) {
    diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("cannot find `{}`", im.file))
        .hints.push_back(fmt::format("paths are relative to the importing file's folder ({})", base.string()));
    return std::nullopt;
  }
  fs::path target = fs::canonical(raw, ec);  // symlinks resolved before the check
  bool inside = inside_folder(fs::path(prog.deal_dir), target) || inside_folder(fs::canonical(prog.stdlib_dir, ec), target);
  for (const auto& l : prog.libraries) inside = inside || inside_folder(fs::path(l.real), target);
  if (!inside) {
    auto& d = diags.error(DiagCode::ImportOutside, im.target_span,
                          fmt::format("`{}` is outside the deal's folder tree{}", im.file, prog.libraries.empty() ? "" : " and the library folders"),
                          "outside " + prog.deal_dir);
    d.hints.push_back("a deal may import the standard library and files in its own folder or below, nothing else");
    if (!prog.libraries.empty()) d.hints.push_back("and files inside its library folders (--lib DIR, $SLUICE_PATH)");
    return std::nullopt;
  }
  if (!fs::is_regular_file(target, ec)) {
    diags.error(DiagCode::ImportNotFound, im.target_span, fmt::format("`{}` is not a file", im.file));
    return std::nullopt;
  }
  return ImportTarget{target.string(), shown};
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
    auto target = find_import(prog, sm, diags, from_file, im);
    if (!target) return;
    int idx = load(target->shown, target->real, im.target_span);
    if (idx >= 0) prog.import_targets[{from_file, index}] = idx;
    if (idx >= 0 && !prog.files[static_cast<std::size_t>(idx)].deals.empty())
      diags.error(DiagCode::ImportHasDeal, im.target_span,
                  fmt::format("`{}` declares a deal; an imported file may hold only templates, curves and units", target->shown));
  }
};

}  // namespace

bool load_program(const std::string& path, const std::string& stdlib_dir, const std::vector<LibraryFolder>& libraries,
                  SourceManager& sm, Diagnostics& diags, Program& out, bool& missing_main) {
  std::error_code ec;
  missing_main = false;
  out.sources = &sm;
  out.stdlib_dir = stdlib_dir;
  out.libraries = libraries;
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
