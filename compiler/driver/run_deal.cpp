#include "driver/run_deal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <iostream>
#include <optional>
#include <thread>
#include <tuple>

#include "base/text.hpp"
#include "analysis/market.hpp"
#include "driver/engine.hpp"
#include "driver/errors.hpp"
#include "driver/tier.hpp"
#include "exec/schedule.hpp"
#include "interp/interpreter.hpp"
#include "ir/ir.hpp"

namespace sluice::driver {

namespace {

// Where a period-table column is declared: the declaration it belongs to
// (`A` for `A.interest_due`), none for the deal's own totals.
std::optional<Span> column_owner_span(const pipeline::Compiled& c, const ir::Column& col) {
  const std::string owner = !col.owner.empty() ? col.owner : col.name.substr(0, col.name.find('.'));
  for (const auto& e : c.model->entities)
    if (e.name == owner) return e.span;
  return std::nullopt;
}

// A run that stopped: a broken invariant (an engine bug, or the deal's own
// numbers when the check says so) or money that is not finite. `where`
// names the point of a sweep or solve and the scenario of a Monte Carlo run.
int report_failure(const pipeline::Compiled& c, const exec::Schedule& schedule, const std::string& where, int period, bool invariant,
                   std::size_t check, int column, double a, double b) {
  Diagnostic d;
  const bool color = stderr_color();
  std::string when = fmt::format("{}period {} ({})", where, period, cal::format_date(schedule.dates[static_cast<std::size_t>(period)]));
  if (!invariant) {
    const auto& col = c.module->columns[static_cast<std::size_t>(column)];
    d.code = DiagCode::NonFinite;
    d.message = fmt::format("{}: `{}` is {}, not an amount of money", when, col.name, std::isnan(a) ? "NaN" : "infinite");
    // The column's declaration, so the error has a place (a coupon of 1e15
    // overflows the interest of the tranche that owns it).
    if (auto span = column_owner_span(c, col)) d.labels.push_back(Label{*span, fmt::format("`{}` belongs to this", col.name), true});
    d.hints.push_back("look for a division by a value that can be zero, or a rate or amount so large that it overflows, in what feeds it");
    std::cerr << render(d, c.sources, color);
    return kBadDeal;
  }
  const auto& info = c.module->checks.at(check);
  if (info.fx) {
    const double v = a;  // a range check's violation: the value, then the bound it broke
    d.code = DiagCode::FxRateNotPositive;
    d.message = fmt::format("{}: {} is {}, not a positive, finite number", when, info.what, std::isnan(v) ? std::string("NaN") : ir::shown(false, v));
    d.labels.push_back(Label{info.span, "the exchange rate", true});
    d.hints.push_back("an exchange rate is the deal's currency per one unit of the note's: keep it above zero, such as with a lognormal factor, or max(F, FLOOR)");
    std::cerr << render(d, c.sources, color);
    return kBadDeal;
  }
  if (info.domain) {
    const double v = a;
    const auto& dom = vocab::info(info.range);
    d.code = DiagCode::OutOfDomainAtRun;
    d.message = fmt::format("{}: {} is {}, outside its domain {}: {}", when, info.what, ir::shown(info.ratio, v), dom.name, dom.range);
    d.labels.push_back(Label{info.span, "this expression", true});
    d.hints.push_back(std::isnan(v) ? std::string("NaN is not a number: look for 0/0 in what this expression reads")
                                    : fmt::format("bound it where it is computed, such as min(max(X, LO), HI), so it stays {}", dom.range));
    std::cerr << render(d, c.sources, color);
    return kBadDeal;
  }
  if (!info.input && !info.finite && !info.step && (!std::isfinite(a) || !std::isfinite(b))) {
    // The engine's rules are about amounts; one that is no longer a number
    // means the deal's own values overflowed (a huge coupon compounding, a
    // division by zero upstream) before any domain caught them.
    d.code = DiagCode::NonFinite;
    d.message = fmt::format("{}: the deal's amounts are no longer finite: {} ({} against {})", when, info.what, ir::shown(false, a), ir::shown(false, b));
    d.labels.push_back(Label{info.span, "", true});
    d.hints.push_back("look for a rate or amount so large that it overflows, or a division by a value that can be zero, in what this step pays");
    std::cerr << render(d, c.sources, color);
    return kBadDeal;
  }
  if (info.finite) {
    d.code = DiagCode::NonFinite;
    d.message = fmt::format("{}: `{}` is {}, not an amount of money", when, info.what, std::isnan(a) ? "NaN" : "infinite");
    d.labels.push_back(Label{info.span, "this division", true});
    d.hints.push_back("guard the division, e.g. `if D > 0 then X / D else 0 USD`, or give the divisor a floor with max(...)");
    std::cerr << render(d, c.sources, color);
    return kBadDeal;
  }
  if (info.step) {
    d.code = DiagCode::BadStep;
    d.message = fmt::format("{}: {}", when, info.what);
    d.labels.push_back(Label{info.span, "in this period", true});
    d.hints.push_back("a rounding step must stay above zero, and a divisor away from zero: bound it, such as max(step, 0.01 USD)");
    std::cerr << render(d, c.sources, color);
    return kBadDeal;
  }
  if (info.capex) {
    d.code = DiagCode::CapexDrawAboveCapex;
    d.message = fmt::format("{}: a facility drew {} for capex, but the fleets' deliveries cost {}", when, full_number(a), full_number(b));
    d.labels.push_back(Label{info.span, "what it is drawn for", true});
    d.hints.push_back("draw a share of what is delivered: `funds 80% * gpus.capex`");
    std::cerr << render(d, c.sources, color);
    return kBadDeal;
  }
  d.code = DiagCode::InvariantViolated;
  d.message = fmt::format("{}: invariant broken: {} ({} against {})", when, info.what, full_number(a), full_number(b));
  d.labels.push_back(Label{info.span, "", true});
  if (info.input) {
    d.hints.push_back("the deal's own numbers break this rule: check the values declared here");
    std::cerr << render(d, c.sources, color);
    return kBadDeal;
  }
  d.hints.push_back("this is a bug in Sluice or a deal the engine cannot settle; please report it with the deal file");
  std::cerr << render(d, c.sources, color);
  return kSoftware;
}

// A base case that broke an invariant or produced money that is not finite
// (a division by zero upstream) is a deal error.
int base_failure(const pipeline::Compiled& c, const exec::Schedule& schedule, const std::string& where, const exec::Trace& trace) {
  if (trace.violation) {
    const auto& v = *trace.violation;
    return report_failure(c, schedule, where, v.period, true, v.check, -1, v.a, v.b);
  }
  for (std::size_t t = 0; t < trace.rows.size(); ++t)
    for (std::size_t col = 0; col < c.module->columns.size(); ++col) {
      double v = trace.rows[t][col];
      if (c.module->money_unit(c.module->columns[col].unit) && !std::isfinite(v))
        return report_failure(c, schedule, where, static_cast<int>(t + 1), false, 0, static_cast<int>(col), v, 0);
    }
  return kOk;
}

// The base case: the interpreter unless --engine jit.
int run_base(const DealRequest& r, DealRun& out, const std::string& where) {
  const pipeline::Compiled& c = out.compiled;
  exec::Trace trace;
  if (r.engine == "jit") {
    auto jit = make_engine(*c.module, out.schedule, "jit", false);
    if (!jit) return kSoftware;
    out.engine = jit->name();
    trace = base_case_with(*jit, *c.module, out.schedule);
  } else {
    out.engine = "interp";
    trace = interp::run_base_case(*c.module, out.schedule);
  }
  if (int rc = base_failure(c, out.schedule, where, trace)) return rc;
  out.base = std::move(trace);
  return kOk;
}

// One scenario of a Monte Carlo run alone, on the interpreter unless
// --engine jit: the draws are keyed by (seed, scenario), so it is the same
// path the scenario takes inside a whole run, and it is audited as a base
// case is.
int run_path(const DealRequest& r, DealRun& out, const std::string& where) {
  const pipeline::Compiled& c = out.compiled;
  const std::uint64_t seed = r.monte_carlo->seed, k = *r.path;
  exec::Trace trace;
  if (r.engine == "jit") {
    auto jit = make_engine(*c.module, out.schedule, "jit", true);
    if (!jit) return kSoftware;
    out.engine = jit->name();
    trace = base_case_with(*jit, *c.module, out.schedule, seed, k);
  } else {
    out.engine = "interp";
    trace = interp::run_scenario(*c.module, out.schedule, interp::ScenarioKey{seed, k});
  }
  if (int rc = base_failure(c, out.schedule, fmt::format("{}scenario {} (seed {}), ", where, k, seed), trace)) return rc;
  out.base = std::move(trace);
  return kOk;
}

// A Monte Carlo run: the tier (the interpreter at once, the JIT once
// compiled) unless --engine interp or jit.
int run_monte_carlo(const DealRequest& r, DealRun& out, const std::string& where) {
  const pipeline::Compiled& c = out.compiled;
  const auto& deal = c.model->deal;
  mc::Options& mo = out.options;
  mo = *r.monte_carlo;
  mo.months_per_period = deal.months_per_period;
  const std::optional<Shard> slice =
      r.mpi ? Shard{static_cast<std::uint64_t>(r.mpi->rank()), static_cast<std::uint64_t>(r.mpi->size())} : r.shard;
  if (slice) std::tie(mo.first, mo.count) = shard_range(*slice, mo.scenarios);
  bool bad_handover = false;
  const auto handover = r.engine == "auto" ? forced_handover(bad_handover) : std::nullopt;
  if (bad_handover)
    return refuse(kUsage, DiagCode::BadHandover, fmt::format("SLUICE_HANDOVER={}: not a scenario number or `never`", std::getenv("SLUICE_HANDOVER")),
                  {"SLUICE_HANDOVER=K runs the batches that start before scenario K on the interpreter and the rest on the JIT; unset it "
                   "for the usual handover"});
  out.started = std::chrono::steady_clock::now();
  const int threads = mo.threads > 0 ? mo.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto batch = static_cast<std::uint64_t>(std::max(1, mo.batch));
  const std::uint64_t count = std::min(mo.count, mo.scenarios - std::min(mo.first, mo.scenarios));
  std::shared_ptr<exec::Evaluator> evaluator = make_monte_carlo_engine(*c.module, out.schedule, r.engine, (count + batch - 1) / batch, threads, handover);
  if (!evaluator) return kSoftware;
  auto sim = mc::simulate(*c.module, out.schedule, *evaluator, mo);
  std::optional<std::string> jit_failure;
  if (auto* tier = dynamic_cast<Tier*>(evaluator.get())) {
    jit_failure = tier->finish();
    if (std::getenv("SLUICE_TIER_LOG")) std::cerr << tier->summary() << "\n";
  }
  out.engine = evaluator->name();
  out.evaluator = std::move(evaluator);
  out.shape = mc::risk_shape(*c.module, out.schedule, out.day_count, deal.period_name);
  if (r.mpi) {
    // From here on rank 0 holds the whole run, exactly as one process would.
    auto all = mpi::gather(*r.mpi, part_identity(c, r.sets, mo), *out.shape, sim);
    const bool root = all.has_value(), fits = !root || all->error.empty();
    if (root && fits) {
      if (all->failure) sim.failure = all->failure;
      else sim = std::move(all->whole->sim);
    }
    // Every rank hears whether rank 0 goes on, so that a sweep's ranks stay
    // at one point and none waits on a rank 0 that has reported and left.
    const bool go = mpi::proceed(*r.mpi, root && fits && !sim.failure);
    if (!root) {
      out.worker = true;
      return go ? kOk : kBadDeal;
    }
    if (!fits) return refuse_uncoded(kSoftware, "the ranks' partial results do not fit together: " + all->error);
  }
  if (sim.cancelled) return kCancelled;
  // As --engine jit would have refused before running (the same bits came
  // from the interpreter, but auto promised the JIT).
  if (jit_failure) return refuse_uncoded(kSoftware, *jit_failure, {"--engine interp runs the deal on the interpreter"});
  if (sim.failure) {
    const auto& f = *sim.failure;
    return report_failure(c, out.schedule, fmt::format("{}scenario {} (seed {}), ", where, f.scenario, mo.seed), f.period, f.invariant,
                          f.check, f.column, f.a, f.b);
  }
  out.sim = std::move(sim);
  // A quoted tranche is read against the base case's promised flows.
  if (r.base_case_too || analysis::has_quote(*c.module)) {
    out.base = interp::run_base_case(*c.module, out.schedule);
    if (int rc = base_failure(c, out.schedule, where, *out.base)) return rc;
  }
  return kOk;
}

}  // namespace

std::optional<analysis::MarketBasis> market_basis(const DealRun& run) {
  const auto& m = *run.compiled.module;
  if (!run.base || !analysis::has_quote(m)) return std::nullopt;
  return analysis::market_basis(m, *run.base, run.schedule, run.compiled.model->deal.months_per_period);
}

mc::RiskReport risk_report(const DealRun& run) {
  auto risk = mc::aggregate(*run.shape, *run.sim);
  if (auto basis = market_basis(run)) risk.market = mc::read_quotes(*run.shape, risk, *basis);
  return risk;
}

int run_deal(const DealRequest& r, DealRun& out) {
  pipeline::Compiled& c = out.compiled;
  c.libs = r.libs;
  c.record_factors = r.factors;
  c.record_obligors = r.monte_carlo && !r.path;  // losses by obligor: the risk report's, never a path's table
  c.stress = r.stress;
  pipeline::compile(c, r.file, r.sets, "ir");
  if (c.exit) {
    int rc = report_compile(c, r.file);
    if (!r.point.empty()) std::cerr << fmt::format("  (at the point {})\n", r.point);
    else if (!r.stress.empty() && c.model) std::cerr << fmt::format("  (under the stress {})\n", r.stress);
    return rc;
  }
  report_warnings(c);
  const auto& deal = c.model->deal;
  out.schedule = exec::schedule_for(deal);
  out.day_count = std::string(cal::day_count_name(deal.day_count));
  if (r.before_run)
    if (int rc = r.before_run(c)) return rc;
  const std::string where = !r.point.empty()    ? fmt::format("at the point {}, ", r.point)
                            : !r.stress.empty() ? fmt::format("under the stress {}, ", r.stress)
                                                : "";
  if (r.path && r.monte_carlo) return run_path(r, out, where);
  return r.monte_carlo ? run_monte_carlo(r, out, where) : run_base(r, out, where);
}

}  // namespace sluice::driver
