// Helpers for unit tests: compile a deal given as text, run its base case.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "driver/report.hpp"
#include "interp/interpreter.hpp"
#include "pipeline/pipeline.hpp"

namespace sluice::test {

// A file of the source tree (SLUICE_SOURCE_DIR), whole; throws when missing.
inline std::string read_source(const std::string& rel) {
  std::ifstream in(std::string(SLUICE_SOURCE_DIR) + "/" + rel);
  if (!in) throw std::runtime_error("cannot read " + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string write_temp(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / "sluice_unit";
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

struct Run {
  pipeline::Compiled c;
  exec::Schedule schedule;
  exec::Trace trace;
  // The value of column `name` in period t (1-based).
  double at(const std::string& name, int t) const {
    const auto& cols = c.module->columns;
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (cols[i].name == name) return trace.rows.at(static_cast<std::size_t>(t - 1))[i];
    throw std::runtime_error("no column " + name);
  }
  std::string diagnostics() const { return render_all(c.diags, c.sources, false); }
};

// Compiles (and, when it compiles, runs) a deal file.
inline std::unique_ptr<Run> run_file(const std::string& path, std::vector<sema::ParamOverride> sets = {}) {
  auto r = std::make_unique<Run>();
  pipeline::compile(r->c, path, sets, "ir");
  if (!r->c.module) return r;
  r->schedule = exec::schedule_for(r->c.model->deal);
  r->trace = interp::run_base_case(*r->c.module, r->schedule);
  return r;
}

inline std::unique_ptr<Run> run_text(const std::string& name, const std::string& text, std::vector<sema::ParamOverride> sets = {}) {
  return run_file(write_temp(name, text), std::move(sets));
}

}  // namespace sluice::test
