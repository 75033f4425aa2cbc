// `sluice lock` (pin the library files a deal imports, pipeline/lock.hpp)
// and `sluice doc` (a module's templates, params and doc comments,
// driver/module_doc.hpp): the commands for libraries a desk shares.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "driver/commands.hpp"
#include "driver/errors.hpp"
#include "driver/module_doc.hpp"
#include "pipeline/lock.hpp"
#include "sema/imports.hpp"
#include "syntax/parser.hpp"

namespace sluice::driver {

namespace {

namespace fs = std::filesystem;

struct LibraryOptions {
  std::string target;  // the deal (lock) or the module (doc)
  std::vector<std::string> libs;
};

// Compiles the deal without its lock (the lock is what is being written),
// then writes DEAL.lock beside it, atomically, never over one of its inputs.
int lock_deal(const LibraryOptions& o) {
  pipeline::Compiled c;
  c.libs = o.libs;
  c.check_lock = false;
  pipeline::compile(c, o.target, {}, "ir");
  if (c.exit) return report_compile(c, o.target);
  report_warnings(c);
  const auto pins = pipeline::library_pins(c);
  const std::string path = pipeline::lock_path(o.target);
  std::vector<std::string> inputs{o.target};
  for (std::uint32_t i = 0; i < c.sources.size(); ++i)
    if (!c.sources.file(i).real_path.empty()) inputs.push_back(c.sources.file(i).real_path);
  if (int rc = check_outputs({path}, inputs)) return rc;
  if (int rc = write_outputs({{path, pipeline::lock_text(o.target, pins)}})) return rc;
  std::cerr << fmt::format("{}: {} library file{} pinned\n", path, pins.size(), pins.size() == 1 ? "" : "s");
  return kOk;
}

// `std.gpu`, `desk.gpu` (found as a deal in the working folder would find
// it: that folder, each --lib, $SLUICE_PATH, the standard library), or a
// path to a .deal file.
int document(const LibraryOptions& o) {
  pipeline::Compiled c;
  std::error_code ec;
  std::string real, shown, where;
  const bool is_path = o.target.find('/') != std::string::npos || fs::path(o.target).extension() == ".deal";
  if (is_path) {
    if (!fs::is_regular_file(o.target, ec)) return refuse(kNoInput, DiagCode::CannotRead, fmt::format("cannot read `{}`: no such file", o.target));
    real = fs::canonical(o.target, ec).string();
    shown = o.target;
    where = "a file";
  } else {
    ast::Import im;
    for (std::size_t from = 0; from <= o.target.size();) {
      std::size_t dot = std::min(o.target.find('.', from), o.target.size());
      im.module.push_back(o.target.substr(from, dot - from));
      from = dot + 1;
    }
    im.target_span = Span::none();
    for (const auto& part : im.module)
      if (part.empty() || !std::all_of(part.begin(), part.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; }))
        return refuse(kUsage, DiagCode::ImportNotFound, fmt::format("`{}` is not a module name", o.target),
                      {"a module is named as a deal imports it, such as std.gpu or desk.gpu, or give a path to a .deal file"});
    c.program.stdlib_dir = pipeline::stdlib_dir();
    c.program.libraries = pipeline::library_folders(o.libs, c.diags);
    c.program.deal_dir = fs::current_path(ec).string();
    auto found = c.diags.has_errors() ? std::nullopt : sema::find_import(c.program, c.sources, c.diags, 0, im);
    if (!found) {
      std::cerr << render_all(c.diags, c.sources, stderr_color());
      const auto code = c.diags.all().front().code;
      return code == DiagCode::LibraryFolderMissing || code == DiagCode::ImportNotFound ? kNoInput : kBadDeal;
    }
    real = found->real;
    shown = o.target;
    where = im.module[0] == "std" ? fmt::format("std/{}.deal in the standard library", im.module[1]) : found->shown;
  }
  std::string text, err;
  if (!read_file(real, text, err, syntax::kMaxFileBytes)) return refuse(kNoInput, DiagCode::CannotRead, fmt::format("cannot read `{}`: {}", shown, err));
  auto id = c.sources.add(is_path ? o.target : where, real, std::move(text));
  auto file = syntax::parse(id, c.sources, c.diags);
  if (!file) {
    std::cerr << render_all(c.diags, c.sources, stderr_color());
    return kBadDeal;
  }
  return emit(module_doc(*file, c.sources.file(id), shown, where), "");
}

}  // namespace

Command add_lock(CLI::App& app) {
  auto o = std::make_shared<LibraryOptions>();
  auto* cmd = app.add_subcommand("lock", "Pin each library file a deal imports by SHA-256, in DEAL.lock beside it; every command "
                                         "that reads the deal then refuses a changed library file.");
  cmd->add_option("file", o->target, "the deal file")->required();
  add_lib_option(*cmd, o->libs);
  cmd->footer("Example: sluice lock deals/fleet.deal --lib /srv/desk-lib   (writes deals/fleet.deal.lock)");
  return {cmd, [o](Args) { return lock_deal(*o); }};
}

Command add_doc(CLI::App& app) {
  auto o = std::make_shared<LibraryOptions>();
  auto* cmd = app.add_subcommand("doc", "Print a module's documentation: its version (SHA-256), its curves, and its templates with "
                                        "their params, types, defaults and doc comments.");
  cmd->add_option("module", o->target, "a module as a deal imports it (std.gpu, desk.gpu) or a .deal file")->required();
  add_lib_option(*cmd, o->libs);
  cmd->footer("Examples:\n  sluice doc std.gpu\n  sluice doc desk.gpu --lib /srv/desk-lib");
  return {cmd, [o](Args) { return document(*o); }};
}

}  // namespace sluice::driver
