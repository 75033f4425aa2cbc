// One point of a sweep or a solve: the deal compiled with some params set,
// run (its base case, or Monte Carlo under a seed shared by every point, so
// points differ by the params alone) and summarized as named metrics.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "driver/mpi_run.hpp"
#include "montecarlo/simulate.hpp"
#include "pipeline/pipeline.hpp"
#include "sema/analyze.hpp"

namespace sluice::driver {

// How every point runs.
struct PointRun {
  std::optional<mc::Options> monte_carlo;  // none: each point's base case
  std::string engine = "auto";
  std::vector<std::string> libs;  // --lib folders, in order
  // `--stress NAME`: every point's base case under the deal's stress NAME
  // (its fixed paths, draws, params, defaults and pool rates).
  std::string stress;
  bool color = false;
  // Under `mpirun ... --mpi`: each point's scenarios are spread over the
  // ranks; rank 0 alone gets the metrics.
  const mpi::Session* mpi = nullptr;
  // Called at each point once the deal has compiled, before it runs
  // (DealRequest::before_run): the command refuses there an output that
  // names the deal or a file it imports or reads.
  std::function<int(const pipeline::Compiled&)> before_run;
};

// A point's metrics, in a fixed order for a given deal: "A PD", "A EL",
// "A IRR p50", "A break-even", "A indicative rating", "E IRR p50", "dscr
// min p5", "cash_trap P(ever)" for Monte Carlo; "A loss", "A IRR", "A WAL", "E IRR", "dscr min",
// "cash_trap first" for a base case.
// Period: 0 means never; Money: whole units with separators; Grade: an
// indicative rating's score (mc::grade_score), shown as its grade's name.
enum class Shown : char { Number, Percent, Period, Money, Grade };
struct PointMetrics {
  std::vector<std::string> names;
  std::vector<Shown> shown;
  std::vector<double> values;  // NaN: none (an IRR that does not exist)
  void add(std::string name, double v, Shown how);
};
// A Shown::Grade value as printed: its grade's name ("Baa"), "n/a" for none.
std::string grade_text(double score);

enum class PointStatus { Ok, Worker, Failed };
// Compiles `file` with `sets` and runs it (driver::run_deal). On Failed,
// diagnostics are on stderr (naming the point as `where`, "advance_A=55%")
// and `exit` holds the exit code. Worker: an MPI rank other than 0, which
// has nothing to report.
PointStatus run_point(const std::string& file, const std::vector<sema::ParamOverride>& sets, const PointRun& o, const std::string& where,
                      PointMetrics& m, int& exit);

// "-40%" -> (-40, "%"); "1_000 gpu" -> (1000, " gpu"): the number a deal
// literal may start with, and the rest (suffix and unit) kept as text.
bool split_number(const std::string& text, double& value, std::string& suffix);
// v to twelve significant digits, without trailing zeros (-0 as 0): the
// value a sweep or solve hands to --set, as its user would write it.
std::string number_text(double v);
std::string trim(std::string s);

}  // namespace sluice::driver
