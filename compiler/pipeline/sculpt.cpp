#include "pipeline/sculpt.hpp"

#include <algorithm>

#include "interp/interpreter.hpp"

namespace sluice::pipeline {

void fill_sculpted(ir::Module& m, const exec::Schedule& s) {
  const bool any = std::any_of(m.tranches.begin(), m.tranches.end(), [](const ir::TrancheInfo& t) { return t.sculpt_curve >= 0; });
  const int T = s.periods();
  if (!any || T < 1) return;
  const auto base = interp::run_base_case(m, s);
  for (const auto& t : m.tranches) {
    if (t.sculpt_curve < 0) continue;
    auto& curve = m.curves[static_cast<std::size_t>(t.sculpt_curve)];
    curve.x.clear();
    curve.y.clear();
    double outstanding = base.rows[0][static_cast<std::size_t>(t.col_original)];
    for (int p = 1; p <= T; ++p) {
      const auto& row = base.rows[static_cast<std::size_t>(p - 1)];
      const double interest = outstanding * row[static_cast<std::size_t>(t.col_period_rate)];
      const double service = row[static_cast<std::size_t>(t.col_cfads)] / t.sculpt_dscr;
      // No negative principal (CFADS below X times the interest): the
      // balance waits; never more than is outstanding.
      outstanding -= std::clamp(service - interest, 0.0, outstanding);
      curve.x.push_back(p);
      curve.y.push_back(outstanding);
    }
  }
}

}  // namespace sluice::pipeline
