// `sluice run FILE --stress all`: the base case and every named stress the
// deal sees, each a deterministic run (its own compile with the stress
// lowered into the base case's inputs), side by side, next to the Monte
// Carlo run when -n is given; and the run record the HTML report keeps.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "driver/run_deal.hpp"
#include "report/run_record.hpp"

namespace sluice::driver {

struct StressRequest {
  std::string file, format = "table", out, report_path, engine = "auto", command;
  std::vector<sema::ParamOverride> sets;
  std::vector<std::string> set_texts, libs;  // each --set as given
  std::optional<mc::Options> monte_carlo;    // -n: the distribution beside the stresses
  // Called once the base case has compiled (refuses outputs that name an input).
  std::function<int(const pipeline::Compiled&)> before_run;
};

int run_stresses(const StressRequest& r);

// The record of a run for the HTML report: the deal file, the command, each
// param of the deal as the run used it, the seed and scenario count of a
// Monte Carlo run, the engine and the version.
report::RunRecord run_record(const DealRun& run, const std::string& file, const std::string& command, const std::vector<std::string>& set_texts,
                             const std::vector<sema::ParamOverride>& sets, const std::string& stress);

// The stress table as text, CSV or JSON (schema in docs/output.md).
std::string format_stress_table(const report::StressTable& t, bool color);
std::string format_stress_csv(const report::StressTable& t);
std::string format_stress_json(const report::StressTable& t);

}  // namespace sluice::driver
