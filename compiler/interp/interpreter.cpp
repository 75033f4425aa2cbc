#include "interp/interpreter.hpp"

#include "interp/audit.hpp"
#include "interp/timeline.hpp"

#include "random/random.hpp"

#include <algorithm>
#include <cmath>

namespace sluice::interp {

using ir::ContextField;
using ir::Op;

Schedule make_schedule(cal::Date start, int months_per_period, int periods, cal::DayCount dc,
                       const cal::HolidayCalendar* calendar, cal::BusinessDay rule, std::optional<cal::Date> first_end) {
  Schedule s;
  double stub_months = months_per_period;
  if (first_end) {
    s.dates = {start};
    for (const auto& d : cal::period_schedule(*first_end, months_per_period, periods - 1, true)) s.dates.push_back(d);
    const cal::Date regular = cal::add_months(*first_end, -months_per_period, cal::is_end_of_month(*first_end));
    stub_months = months_per_period * static_cast<double>(cal::days_between(start, *first_end)) / cal::days_between(regular, *first_end);
  } else {
    s.dates = cal::period_schedule(start, months_per_period, periods, true);
  }
  if (calendar)
    for (std::size_t i = 1; i < s.dates.size(); ++i) s.dates[i] = cal::adjust(s.dates[i], rule, *calendar);
  const auto n = static_cast<std::size_t>(ContextField::kCount);
  s.context.assign(static_cast<std::size_t>(periods) * n, 0.0);
  double years = 0;
  for (int t = 1; t <= periods; ++t) {
    double* c = &s.context[static_cast<std::size_t>(t - 1) * n];
    const cal::Date a = s.dates[static_cast<std::size_t>(t - 1)], b = s.dates[static_cast<std::size_t>(t)];
    double yf = cal::year_fraction(dc, a, b);
    years += yf;
    c[static_cast<std::size_t>(ContextField::PeriodNumber)] = t;
    c[static_cast<std::size_t>(ContextField::YearFraction)] = yf;
    c[static_cast<std::size_t>(ContextField::Hours)] = 24.0 * cal::days_between(a, b);
    // Months run from the stub's end in whole periods (no stub: the stub is
    // a whole period).
    c[static_cast<std::size_t>(ContextField::Months)] = t == 1 ? stub_months : months_per_period;
    c[static_cast<std::size_t>(ContextField::MonthsAtStart)] = t == 1 ? 0 : stub_months + (t - 2) * months_per_period;
    c[static_cast<std::size_t>(ContextField::MonthsAtEnd)] = stub_months + (t - 1) * months_per_period;
    c[static_cast<std::size_t>(ContextField::YearsAtEnd)] = years;
    c[static_cast<std::size_t>(ContextField::IsLast)] = t == periods ? 1 : 0;
    c[static_cast<std::size_t>(ContextField::AccrualFraction)] = yf;  // notes accrue over the period itself
    for (int k = 0; k < 7; ++k)  // ... or on their own day count
      c[static_cast<std::size_t>(ContextField::AccrualByDayCount) + static_cast<std::size_t>(k)] = cal::year_fraction(static_cast<cal::DayCount>(k), a, b);
  }
  // Without a cut-off the notes are paid on the period ends, and the WAL is
  // measured in ACT/365F years from the start (interp/timeline.cpp moves both).
  s.pay = s.dates;
  for (int t = 1; t <= periods; ++t) s.wal_years.push_back(cal::year_fraction(cal::DayCount::Act365Fixed, s.dates[0], s.dates[static_cast<std::size_t>(t)]));
  s.wal_basis = default_wal_basis(s.dates[0]);
  return s;
}

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

// Runs one program. `next` receives stores; `out` the outputs. `key` is
// null for the base case.
void exec(const ir::Module& m, const ir::Program& p, std::vector<double>& regs, const std::vector<double>& state,
          std::vector<double>& next, double* out, const double* ctx, int period, const ScenarioKey* key,
          std::optional<Violation>& violation) {
  auto uniform = [&](std::uint32_t stream) {
    return rng::uniform(key->seed, key->scenario, m.streams[stream].key, static_cast<std::uint32_t>(period));
  };
  regs.resize(p.code.size());
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const ir::Instr& in = p.code[i];
    auto A = [&] { return regs[static_cast<std::size_t>(in.a)]; };
    auto B = [&] { return regs[static_cast<std::size_t>(in.b)]; };
    double r = 0;
    switch (in.op) {
      case Op::Const: r = in.imm; break;
      case Op::Add: r = A() + B(); break;
      case Op::Sub: r = A() - B(); break;
      case Op::Mul: r = A() * B(); break;
      case Op::Div: r = A() / B(); break;
      case Op::Neg: r = -A(); break;
      case Op::Min: r = std::min(A(), B()); break;
      case Op::Max: r = std::max(A(), B()); break;
      case Op::Abs: r = std::fabs(A()); break;
      case Op::Pow: r = std::pow(A(), B()); break;
      case Op::Exp: r = std::exp(A()); break;
      case Op::Log: r = std::log(A()); break;
      case Op::Sqrt: r = std::sqrt(A()); break;
      case Op::NormCdf: r = rng::normal_cdf(A()); break;
      case Op::Floor: r = std::floor(A()); break;
      case Op::Ceil: r = std::ceil(A()); break;
      case Op::Round: r = std::round(A()); break;
      case Op::Mod: r = ir::spreadsheet_mod(A(), B()); break;
      case Op::Lt: r = A() < B(); break;
      case Op::Le: r = A() <= B(); break;
      case Op::Gt: r = A() > B(); break;
      case Op::Ge: r = A() >= B(); break;
      case Op::Eq: r = A() == B(); break;
      case Op::Ne: r = A() != B(); break;
      case Op::And: r = (A() != 0) && (B() != 0); break;
      case Op::Or: r = (A() != 0) || (B() != 0); break;
      case Op::Not: r = A() == 0; break;
      case Op::Select: r = A() != 0 ? B() : regs[static_cast<std::size_t>(in.c)]; break;
      case Op::Load: r = state[in.aux]; break;
      case Op::Store: next[in.aux] = A(); break;
      case Op::Context: r = ctx ? ctx[in.aux] : 0.0; break;
      case Op::Curve: r = curve_at(m.curves[in.aux], A()); break;
      // The base case has every shock at its mean; a scenario draws.
      case Op::Normal: r = key ? rng::inverse_normal(uniform(in.aux)) : 0; break;
      case Op::Uniform: r = key ? uniform(in.aux) : 0.5; break;
      case Op::Scenario: r = key ? 1 : 0; break;
      case Op::Poisson: r = key ? rng::poisson(A(), uniform(in.aux)) : 0; break;
      case Op::Output: out[in.aux] = A(); break;
      case Op::Check:
        if (!violation && !within_tolerance(A(), B())) violation = Violation{period, in.aux, A(), B()};
        break;
    }
    regs[i] = r;
  }
}

}  // namespace

void Machine::run(const ScenarioKey* key, double* init_out, double* rows_out, std::optional<Violation>& violation) {
  state_.assign(m_.state.size(), 0.0);
  next_.assign(m_.state.size(), 0.0);
  exec(m_, m_.init, regs_, state_, next_, init_out, nullptr, 0, key, violation);
  state_.swap(next_);
  const auto n = static_cast<std::size_t>(ContextField::kCount);
  const std::size_t cols = m_.columns.size();
  for (int t = 1; t <= s_.periods(); ++t) {
    double* row = rows_out + static_cast<std::size_t>(t - 1) * cols;
    std::fill(row, row + cols, 0.0);
    next_ = state_;
    exec(m_, m_.step, regs_, state_, next_, row, &s_.context[static_cast<std::size_t>(t - 1) * n], t, key, violation);
    state_.swap(next_);
  }
}

namespace {
Trace run_path(const ir::Module& m, const Schedule& s, const ScenarioKey* key) {
  Trace tr;
  tr.init.assign(m.init_columns.size(), 0.0);
  std::vector<double> flat(static_cast<std::size_t>(s.periods()) * m.columns.size());
  Machine(m, s).run(key, tr.init.data(), flat.data(), tr.violation);
  if (!tr.violation) tr.violation = audit(m, flat.data(), s.periods());
  for (int t = 0; t < s.periods(); ++t) {
    auto from = flat.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(t) * m.columns.size());
    tr.rows.emplace_back(from, from + static_cast<std::ptrdiff_t>(m.columns.size()));
  }
  return tr;
}
}  // namespace

Trace run_base_case(const ir::Module& m, const Schedule& s) { return run_path(m, s, nullptr); }
Trace run_scenario(const ir::Module& m, const Schedule& s, ScenarioKey key) { return run_path(m, s, &key); }

}  // namespace sluice::interp
