#include "exec/semantics.hpp"

#include <algorithm>
#include <cmath>

namespace sluice::exec {

double curve_at(const ir::CurveTable& c, double x) {
  if (c.x.empty()) return 0;
  if (std::isnan(x)) return x;  // not a point on the curve
  if (x <= c.x.front()) return c.y.front();
  if (x >= c.x.back()) return c.y.back();
  auto it = std::upper_bound(c.x.begin(), c.x.end(), x);
  std::size_t i = static_cast<std::size_t>(it - c.x.begin());
  double x0 = c.x[i - 1], x1 = c.x[i];
  double w = (x - x0) / (x1 - x0);
  return c.y[i - 1] + w * (c.y[i] - c.y[i - 1]);
}

bool within_tolerance(double a, double b) {
  if (!std::isfinite(a) || !std::isfinite(b)) return a <= b;  // NaN never holds; inf only against inf
  return a <= b + 1e-6 + 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

namespace {

// a == b within the money tolerance, in both directions.
bool agrees(double a, double b) { return within_tolerance(a, b) && within_tolerance(b, a); }

}  // namespace

std::optional<Violation> audit(const ir::Module& m, const double* rows, int periods) {
  const std::size_t cols = m.columns.size();
  for (int t = 1; t <= periods; ++t) {
    const double* row = rows + static_cast<std::size_t>(t - 1) * cols;
    const double* prev = t > 1 ? row - cols : nullptr;
    auto at = [](const double* r, int col) { return r[static_cast<std::size_t>(col)]; };
    for (const auto& tr : m.tranches) {
      // The opening balance is last period's close; period 1 opens at the
      // original balance.
      const double opening = prev ? at(prev, tr.col_end_balance) : at(row, tr.col_original);
      const double unpaid = at(row, tr.col_interest_due) - at(row, tr.col_interest_paid);
      const double expected = opening - at(row, tr.col_principal_paid) + (tr.capitalizes ? unpaid : 0.0) +
                              ir::balance_other_change(tr, [&](int col) { return at(row, col); });
      const double closing = at(row, tr.col_end_balance);
      if (!agrees(closing, expected)) return Violation{t, tr.rolls_forward, closing, expected};
      const double carried = at(row, tr.col_interest_unpaid), owed = tr.capitalizes ? 0.0 : unpaid;
      if (!agrees(carried, owed)) return Violation{t, tr.carries, carried, owed};
    }
    for (const auto& [col, check] : m.audit_not_negative)
      if (!within_tolerance(0.0, at(row, col))) return Violation{t, check, 0.0, at(row, col)};
  }
  return std::nullopt;
}

}  // namespace sluice::exec
