#include "driver/errors.hpp"

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <iostream>
#include <set>
#include <unistd.h>

namespace sluice::driver {

bool stderr_color() { return !std::getenv("NO_COLOR") && isatty(fileno(stderr)); }
bool stdout_color() { return !std::getenv("NO_COLOR") && isatty(fileno(stdout)); }

int refuse(int exit, DiagCode code, std::string message, std::vector<std::string> hints) {
  std::cerr << render(Unlocated{code, std::move(message), std::move(hints)}, stderr_color());
  return exit;
}

int refuse_uncoded(int exit, std::string message, std::vector<std::string> hints) {
  std::cerr << render(Unlocated{std::nullopt, std::move(message), std::move(hints)}, stderr_color());
  return exit;
}

int report_compile(const pipeline::Compiled& c, const std::string& file) {
  // The loader reports a missing deal file by exit code alone: there is no
  // source to point into.
  if (c.exit == kNoInput && !c.diags.has_errors()) return refuse(kNoInput, DiagCode::CannotRead, fmt::format("cannot read `{}`: no such file", file));
  std::cerr << render_all(c.diags, c.sources, stderr_color());
  return c.exit;
}

int report_warnings(const pipeline::Compiled& c) {
  static std::set<std::string> shown;
  for (const auto& d : c.diags.all()) {
    if (d.severity != Severity::Warning) continue;
    std::string text = render(d, c.sources, stderr_color());
    if (shown.insert(text).second) std::cerr << text;
  }
  return kOk;
}

}  // namespace sluice::driver
