// `sluice fmt FILE`, `sluice fmt --check FILE...`, `sluice fmt --write FILE...`.
// A file that does not parse is reported like `sluice check` reports it and
// is never written; the others are handled one by one, and the exit status
// is the worst outcome.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <unistd.h>

#include "format/format.hpp"
#include "syntax/parser.hpp"

namespace sluice::format {

namespace {

// sysexits, as diagnostics/exit.hpp numbers them.
constexpr int kNotCanonical = 1, kUsage = 64, kBadDeal = 65, kNoInput = 66, kSoftware = 70, kCantCreate = 73;

// The first line (1-based) where two texts differ.
std::size_t first_difference(const std::string& a, const std::string& b) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) return line;
    if (a[i] == '\n') ++line;
  }
  return line;
}

// The new text beside the old file, then renamed over it: a reader sees the
// old file or the new one, never half of one. The file keeps its permissions.
bool replace_file(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".fmt-" + std::to_string(getpid()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f || !(f << text) || !f.flush()) {
      f.close();
      fs::remove(tmp, ec);
      return false;
    }
  }
  auto perms = fs::status(target, ec).permissions();
  if (!ec) fs::permissions(tmp, perms, ec);
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return false;
  }
  return true;
}

}  // namespace

int run_command(const CommandOptions& o, std::ostream& out, std::ostream& err) {
  if (o.check && o.write) {
    err << render(Unlocated{std::nullopt, "--check and --write cannot be combined", {}}, o.color);
    return kUsage;
  }
  if (!o.check && !o.write && o.files.size() != 1) {
    err << render(Unlocated{std::nullopt, "`sluice fmt FILE` prints one file; use --check or --write for several", {}}, o.color);
    return kUsage;
  }
  int status = 0;
  auto fail = [&](int code) { status = std::max(status, code); };
  for (const auto& path : o.files) {
    std::string text, why;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || !read_file(path, text, why, syntax::kMaxFileBytes)) {
      err << render(Unlocated{DiagCode::CannotRead, "cannot read `" + path + "`: " + (why.empty() ? "no such file" : why), {}}, o.color);
      fail(kNoInput);
      continue;
    }
    SourceManager sm;
    auto real = std::filesystem::weakly_canonical(path, ec);
    const auto id = sm.add(path, ec ? path : real.string(), text);
    Diagnostics diags;
    Formatted f = format_file(id, sm, diags);
    if (diags.has_errors()) {
      err << render_all(diags, sm, o.color);
      fail(kBadDeal);
      continue;
    }
    if (!f.text) {
      err << render(Unlocated{std::nullopt, "internal: `" + path + "` was not formatted: " + f.internal,
                              {"this is a bug in `sluice fmt`; please report it with the file"}},
                    o.color);
      fail(kSoftware);
      continue;
    }
    // The source manager dropped a leading byte order mark; the file keeps it.
    if (without_bom(text).size() != text.size()) f.text->insert(0, text, 0, 3);
    if (!o.check && !o.write) {
      out << *f.text;
    } else if (*f.text != text) {
      if (o.check) {
        out << path << ": not formatted (first difference at line " << first_difference(text, *f.text) << ")\n";
        fail(kNotCanonical);
      } else if (!replace_file(path, *f.text)) {
        err << render(Unlocated{DiagCode::CannotRead, "cannot write `" + path + "`", {}}, o.color);
        fail(kCantCreate);
      }
    }
  }
  return status;
}

}  // namespace sluice::format
