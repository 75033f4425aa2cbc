#include "driver/pipeline.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

#include "ir/lower.hpp"
#include "sema/imports.hpp"

namespace sluice::driver {

// The standard library: $SLUICE_STDLIB, else the source tree's stdlib/
// (compiled in), else `../share/sluice/stdlib` beside the binary.
std::string stdlib_dir() {
  if (const char* env = std::getenv("SLUICE_STDLIB"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::exists(SLUICE_STDLIB_DIR, ec)) return SLUICE_STDLIB_DIR;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (exe.parent_path() / ".." / "share" / "sluice" / "stdlib").string();
}

interp::Schedule schedule_for(const sema::DealSettings& d) {
  if (d.calendar.empty()) return interp::make_schedule(d.start, d.months_per_period, d.periods, d.day_count);
  auto cal = cal::make_calendar(d.holidays);
  return interp::make_schedule(d.start, d.months_per_period, d.periods, d.day_count, &cal, d.business_day);
}

void compile(Compiled& c, const std::string& path, const std::vector<sema::ParamOverride>& sets, const std::string& last) {
  bool missing = false;
  if (!sema::load_program(path, stdlib_dir(), c.sources, c.diags, c.program, missing)) {
    c.exit = missing ? kNoInput : kBadDeal;
    return;
  }
  if (last == "parse") return;
  bool usage = false;
  c.model = sema::analyze(c.program, sets, c.diags, usage);
  if (!c.model) {
    c.exit = usage ? kUsage : kBadDeal;
    return;
  }
  if (last == "sema") return;
  c.module = ir::lower(*c.model, c.diags);
  if (!c.module) c.exit = kBadDeal;
}

}  // namespace sluice::driver
