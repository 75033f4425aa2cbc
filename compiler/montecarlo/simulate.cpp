#include "montecarlo/simulate.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/path_metrics.hpp"
#include "analysis/path_stream.hpp"
#include "exec/semantics.hpp"

namespace sluice::mc {

namespace {

// What one worker accumulates; merged exactly after the pool joins.
struct Partial {
  std::vector<std::vector<stats::ExactSum>> discounted, series;
  std::vector<CreditSums> obligors, groups;
  std::vector<DefaultSums> defaults;  // [tranche]
  // One scenario's scratch: the groups' sums, the obligors' period sums,
  // and the metrics read off columns (Runner::column_metrics).
  std::vector<double> group_defaults, group_loss;
  std::vector<double> obligor_loss, obligor_defaulted, column_values;
  std::optional<Failure> failure;
};

// The plan's metrics that are read off columns (Runner::column_metrics),
// each as (its place in the plan, its column or trigger).
struct ColumnPlan {
  using Slots = std::vector<std::pair<std::size_t, int>>;
  Slots conditions;              // a condition that is not a trigger: its column
  Slots trigger_first;           // a trigger's first period: the trigger's place in the module
  Slots factor_min, horizon;     // the factor's or report number's column
  std::vector<Slots> at_breach;  // per trigger of the module: the factors' columns read when it first comes on
  std::vector<char> is_column;   // per plan metric
};

ColumnPlan plan_columns(const ir::Module& m, const std::vector<Metric>& plan) {
  ColumnPlan c;
  c.at_breach.resize(m.triggers.size());
  c.is_column.assign(plan.size(), 1);
  auto trigger_at = [&](int col) {
    for (std::size_t g = 0; g < m.triggers.size(); ++g)
      if (m.triggers[g].col == col) return static_cast<int>(g);
    return -1;
  };
  for (std::size_t k = 0; k < plan.size(); ++k) {
    const Metric& x = plan[k];
    switch (x.kind) {
      case MetricKind::FirstBreach:
        if (int g = trigger_at(x.index); g >= 0) c.trigger_first.emplace_back(k, g);
        else c.conditions.emplace_back(k, x.index);
        break;
      case MetricKind::FactorMin: c.factor_min.emplace_back(k, x.index); break;
      case MetricKind::FactorAtBreach:  // (a trigger not in the module never comes on: NaN)
        if (int g = trigger_at(x.trigger); g >= 0) c.at_breach[static_cast<std::size_t>(g)].emplace_back(k, x.index);
        break;
      case MetricKind::Horizon: c.horizon.emplace_back(k, x.index); break;
      default: c.is_column[k] = 0; break;
    }
  }
  return c;
}

// The top bit of the result is set where a cell whose `sign` word has it
// is not finite: where its exponent bits are all ones, (~bits & exponent)
// is 0, the one case in which subtracting 1 sets the top bit. One pass over
// the whole row with no branch, which the compiler puts in vector registers
// (four cells at a time where the machine has AVX2).
__attribute__((target_clones("avx2", "default"))) std::uint64_t not_finite_where(const double* row, const std::uint64_t* sign,
                                                                                  std::size_t n) {
  constexpr std::uint64_t kExponent = std::uint64_t{0x7ff} << 52;
  std::uint64_t bad = 0;
  for (std::size_t c = 0; c < n; ++c) {
    std::uint64_t bits;
    std::memcpy(&bits, row + c, sizeof bits);
    bad |= ((~bits & kExponent) - 1) & sign[c];
  }
  return bad;
}

class Runner {
 public:
  // group_of: each obligor's tape group, or -1 (PlanOwners::obligor_group).
  Runner(const ir::Module& m, const exec::Schedule& s, const exec::Evaluator& e, Simulation& sim, std::vector<int> group_of)
      : group_of_(std::move(group_of)), m_(m), s_(s), eval_(e), sim_(sim), T_(s.periods()), fan_held_(sim.fan_held()),
        clock_(analysis::path_clock(s, sim.options.months_per_period)), next_(sim.first) {
    for (const auto& col : m.columns) money_sign_.push_back(m.money_unit(col.unit) ? std::uint64_t{1} << 63 : 0);
    // The yield and durations cost a root search per tranche: only for a plan that keeps one.
    detail_ = analysis::kRiskOnly;
    detail_.yield = needs_yield(sim.metrics);
    columns_ = plan_columns(m, sim.metrics);
  }

  // A worker's scratch for one scenario, sized for this run.
  void size_scratch(Partial& part) const {
    part.column_values.assign(sim_.metrics.size(), 0.0);
    part.obligor_loss.assign(m_.obligors.size(), 0.0);
    part.obligor_defaulted.assign(m_.obligors.size(), 0.0);
  }

  void work(Partial& part) {
    const auto& o = sim_.options;
    exec::Batch b;
    analysis::PathStream stream(m_, clock_, detail_);
    size_scratch(part);
    const std::uint64_t end = sim_.first + sim_.count;
    for (;;) {
      std::uint64_t first = next_.fetch_add(static_cast<std::uint64_t>(o.batch));
      if (first >= end) break;
      // Past a failure, only lower scenarios matter (the report names the first).
      if (first > stop_at_.load() || cancelled_.load()) break;
      b.seed = o.seed;
      b.first = first;
      b.count = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(o.batch), end - first));
      eval_.evaluate(b);
      // A broken check first: in the same scenario it says more (where a
      // NaN arose) than the money column it reaches.
      if (b.violation) fail(part, Failure{b.violation_scenario, b.violation->period, true, b.violation->check, -1, b.violation->a, b.violation->b});
      for (int i = 0; i < b.count; ++i) scenario(b, i, part, stream);
      done_ += static_cast<std::uint64_t>(b.count);
    }
  }

  std::atomic<std::uint64_t> done_{0};
  std::atomic<bool> cancelled_{false};  // Options::cancel said stop: no further batch starts

 private:
  void fail(Partial& part, const Failure& f) {
    if (!part.failure || f.scenario < part.failure->scenario) part.failure = f;
    std::uint64_t cur = stop_at_.load();
    while (f.scenario < cur && !stop_at_.compare_exchange_weak(cur, f.scenario)) {
    }
  }

  // One scenario, one pass over its rows in period order: each row is
  // checked, fed to the path's metric stream and to the run's sums while
  // it is in cache, and the scenario's metrics are read when the stream
  // closes. Every sum runs over the periods in order, as the base case's.
  void scenario(const exec::Batch& b, int i, Partial& part, analysis::PathStream& stream) {
    const std::size_t C = m_.columns.size(), IC = m_.init_columns.size();
    const std::uint64_t id = b.first + static_cast<std::uint64_t>(i);
    const std::uint64_t local = id - sim_.first;
    analysis::PathView path{b.init.data() + static_cast<std::size_t>(i) * IC,
                          b.rows.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(T_) * C, C};
    // Money that is not finite stops the run, as in the base case: the
    // first such cell by period, then column. An audit reads the whole
    // table, so it needs that check done first (the failure it names is
    // the money's where both fail).
    const bool audit = sim_.options.audit;
    if (audit) {
      for (int t = 0; t < T_; ++t)
        if (!money_finite(part, id, t, path.rows + static_cast<std::size_t>(t) * C)) return;
      if (auto v = exec::audit(m_, path.rows, T_)) {
        fail(part, Failure{id, v->period, true, v->check, -1, v->a, v->b});
        return;
      }
    }
    stream.open(path.init);
    auto& columns = part.column_values;
    std::fill(columns.begin(), columns.end(), std::nan(""));
    for (const auto& [k, col] : columns_.conditions) columns[k] = 0;
    std::fill(part.obligor_loss.begin(), part.obligor_loss.end(), 0.0);
    std::fill(part.obligor_defaulted.begin(), part.obligor_defaulted.end(), 0.0);
    // Expected discounted cash per tranche and period, for the break-even
    // spread: D_t = prod over k <= t of 1 / (1 + r_k yf_k).
    double discount = 1;
    const auto nctx = static_cast<std::size_t>(ir::ContextField::kCount);
    for (int t = 0; t < T_; ++t) {
      const double* row = path.rows + static_cast<std::size_t>(t) * C;
      if (!audit && !money_finite(part, id, t, row)) return;
      const auto at = [row](int c) { return row[c]; };
      stream.period(t, row);
      column_metrics(t, row, stream, columns);
      if (m_.risk_free >= 0) {
        double yf = s_.context[static_cast<std::size_t>(t) * nctx + static_cast<std::size_t>(ir::ContextField::YearFraction)];
        discount /= 1 + row[m_.risk_free] * yf;
      }
      for (std::size_t j = 0; j < m_.tranches.size(); ++j)
        part.discounted[j][static_cast<std::size_t>(t)].add(ir::holder_cash(m_.tranches[j], at) * discount);
      for (std::size_t j = 0; j < m_.series.size(); ++j) {
        double v = row[m_.series[j]];
        // The fan's mean is over the scenarios in which the value exists (an
        // undefined test is NaN): the sum's count is theirs.
        if (std::isfinite(v)) part.series[j][static_cast<std::size_t>(t)].add(v);
        if (local < fan_held_) sim_.fan_values[(j * static_cast<std::size_t>(T_) + static_cast<std::size_t>(t)) * fan_held_ + local] = v;
      }
      for (std::size_t j = 0; j < m_.obligors.size(); ++j) {
        const auto& o = m_.obligors[j];
        part.obligor_loss[j] += row[o.col_loss];
        if (o.loan) part.obligor_defaulted[j] += row[o.col_default];
      }
    }
    const auto& pm = stream.close();
    for (const auto& [k, g] : columns_.trigger_first) columns[k] = pm.triggers[g].first;
    for (std::size_t k = 0; k < sim_.metrics.size(); ++k) {
      const Metric& x = sim_.metrics[k];
      sim_.values[k][local] = columns_.is_column[k] ? columns[k] : analysis::record_metric(pm, x.kind, static_cast<std::size_t>(x.index));
    }
    for (std::size_t j = 0; j < pm.tranches.size(); ++j) {
      const auto& x = pm.tranches[j];
      const bool d = x.default_period > 0;
      auto& sums = part.defaults[j];
      sums.defaults.add(d ? 1.0 : 0.0);
      sums.period.add(x.default_period);
      sums.exposure.add(d ? x.exposure_at_default : 0.0);
      sums.loss.add(d ? x.loss : 0.0);
      sums.loss_ex_interest.add(d ? x.loss_ex_interest : 0.0);
    }
    credit(path, part);
  }

  // Whether period t's money is finite; if not, the scenario fails there.
  // The common case is one pass over the whole row (money columns lie
  // anywhere in it); the first bad column is looked for only when there
  // is one.
  bool money_finite(Partial& part, std::uint64_t id, int t, const double* row) {
    if (!not_finite_where(row, money_sign_.data(), money_sign_.size())) return true;
    for (std::size_t c = 0; c < money_sign_.size(); ++c)
      if (money_sign_[c] && !std::isfinite(row[c])) {
        fail(part, Failure{id, t + 1, false, 0, static_cast<int>(c), row[c], 0});
        return false;
      }
    return true;
  }

  // The metrics read off columns rather than records, period by period:
  // a condition's first period on (0 if never), a draw's or factor's
  // minimum over the periods (NaN where none is finite), its value in the
  // period a trigger first came on (NaN where the trigger never did: what
  // --scenarios-out attributes a loss by), and a report number's value in
  // the last period. A trigger's first period is the stream's record of it.
  void column_metrics(int t, const double* row, const analysis::PathStream& stream, std::vector<double>& v) const {
    const auto& c = columns_;
    for (const auto& [k, col] : c.conditions)
      if (v[k] == 0 && row[col] != 0) v[k] = t + 1;
    for (const auto& [k, col] : c.factor_min)
      if (const double here = row[col]; std::isfinite(here) && (std::isnan(v[k]) || here < v[k])) v[k] = here;
    for (std::size_t g = 0; g < c.at_breach.size(); ++g)
      if (stream.trigger_first(g) == t + 1)
        for (const auto& [k, col] : c.at_breach[g]) v[k] = row[col];
    if (t == T_ - 1)
      for (const auto& [k, col] : c.horizon) v[k] = row[col];
  }

  // Losses by obligor (ir/lower_obligors.cpp says what the columns hold);
  // a group's are the sums of its obligors' in this scenario, in the
  // obligors' order, so the same bits wherever the scenario runs. The
  // period sums were taken row by row (Partial::obligor_loss, _defaulted).
  void credit(const analysis::PathView& path, Partial& part) {
    if (m_.obligors.empty() || T_ == 0) return;
    std::fill(part.group_defaults.begin(), part.group_defaults.end(), 0.0);
    std::fill(part.group_loss.begin(), part.group_loss.end(), 0.0);
    for (std::size_t j = 0; j < m_.obligors.size(); ++j) {
      const auto& o = m_.obligors[j];
      double d = 0;
      const double loss = part.obligor_loss[j];
      if (!o.loan) {
        d = path.at(T_ - 1, o.col_default);
      } else {
        const double exposure = path.at(0, o.col_exposure);
        d = exposure > 0 ? part.obligor_defaulted[j] / exposure : 0;
      }
      auto& x = part.obligors[j];
      x.defaults.add(d);
      x.loss.add(loss);
      x.loss_sq.add(loss * loss);
      if (int g = group_of_[j]; g >= 0) {
        part.group_defaults[static_cast<std::size_t>(g)] += d;
        part.group_loss[static_cast<std::size_t>(g)] += loss;
      }
    }
    for (std::size_t g = 0; g < part.groups.size(); ++g) {
      part.groups[g].defaults.add(part.group_defaults[g]);
      part.groups[g].loss.add(part.group_loss[g]);
      part.groups[g].loss_sq.add(part.group_loss[g] * part.group_loss[g]);
    }
  }

  const std::vector<int> group_of_;  // PlanOwners::obligor_group
  const ir::Module& m_;
  const exec::Schedule& s_;
  const exec::Evaluator& eval_;
  Simulation& sim_;
  const int T_;
  const std::uint64_t fan_held_;
  const analysis::PathClock clock_;  // the schedule's dates as path_metrics reads them, once for every scenario
  analysis::Detail detail_;
  ColumnPlan columns_;  // the plan's metrics read off columns (column_metrics)
  std::vector<std::uint64_t> money_sign_;  // per column: the top bit if in the deal currency, else 0 (money_finite)
  std::atomic<std::uint64_t> next_;
  std::atomic<std::uint64_t> stop_at_{UINT64_MAX};
};

}  // namespace

void merge_credit(CreditSums& into, const CreditSums& from) {
  into.defaults.merge(from.defaults);
  into.loss.merge(from.loss);
  into.loss_sq.merge(from.loss_sq);
}

void merge_defaults(DefaultSums& into, const DefaultSums& from) {
  into.defaults.merge(from.defaults);
  into.period.merge(from.period);
  into.exposure.merge(from.exposure);
  into.loss.merge(from.loss);
  into.loss_ex_interest.merge(from.loss_ex_interest);
}

namespace {

void draw_progress(std::uint64_t done, std::uint64_t total, bool final) {
  const int width = 30;
  int filled = total ? static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * width) : width;
  std::fprintf(stderr, "\r[%.*s%*s] %3d%% %llu/%llu scenarios", filled, "##############################", width - filled, "",
               total ? static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total)) : 100,
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  if (final) std::fprintf(stderr, "\r%*s\r", 80, "");
  std::fflush(stderr);
}

}  // namespace

Simulation simulate(const ir::Module& m, const exec::Schedule& s, const exec::Evaluator& eval, const Options& o) {
  Simulation sim;
  sim.options = o;
  const auto T = static_cast<std::size_t>(s.periods());
  // Memory caps that change no result: a batch's period tables stay under
  // 2^24 doubles (128 MiB a thread) and the fan-chart sample under 2^25
  // doubles, however large --batch, --fan-sample or the deal.
  const std::size_t table = std::max<std::size_t>(1, T * m.columns.size());
  sim.options.batch = static_cast<int>(std::clamp<std::size_t>(static_cast<std::size_t>(std::max(1, o.batch)), 1, std::max<std::size_t>(1, (std::size_t{1} << 24) / table)));
  sim.first = std::min(o.first, o.scenarios);
  sim.count = std::min(o.count, o.scenarios - sim.first);
  sim.metrics = metric_plan(m);
  sim.values.assign(sim.metrics.size(), std::vector<double>(sim.count, 0.0));
  const std::size_t fan_cap = std::max<std::size_t>(1, (std::size_t{1} << 25) / std::max<std::size_t>(1, T * m.series.size()));
  sim.fan = std::min<std::uint64_t>({o.scenarios, o.fan_sample, fan_cap});
  sim.fan_values.assign(m.series.size() * T * sim.fan_held(), 0.0);

  int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::uint64_t batches = (sim.count + static_cast<std::uint64_t>(sim.options.batch) - 1) / static_cast<std::uint64_t>(sim.options.batch);
  threads = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(threads), std::max<std::uint64_t>(1, batches)));

  std::vector<Partial> parts(static_cast<std::size_t>(threads));
  for (auto& p : parts) {
    p.discounted.assign(m.tranches.size(), std::vector<stats::ExactSum>(T));
    p.series.assign(m.series.size(), std::vector<stats::ExactSum>(T));
    p.defaults.resize(m.tranches.size());
  }
  const PlanOwners owners = plan_owners(m);
  for (auto& p : parts) {
    p.obligors.resize(owners.obligors.size());
    p.groups.resize(owners.groups.size());
    p.group_defaults.resize(owners.groups.size());
    p.group_loss.resize(owners.groups.size());
  }
  Runner runner(m, s, eval, sim, owners.obligor_group);
  std::vector<std::thread> pool;
  std::atomic<int> running{threads};
  for (int i = 0; i < threads; ++i)
    pool.emplace_back([&, i] {
      runner.work(parts[static_cast<std::size_t>(i)]);
      --running;
    });
  // The calling thread watches: it draws the progress bar and asks the
  // cancellation hook, between the workers' batches.
  if (o.progress || o.cancel) {
    int tick = 0;
    while (running.load() > 0) {
      if (o.cancel && !runner.cancelled_.load() && o.cancel()) runner.cancelled_ = true;
      if (o.progress && tick++ % 2 == 0) draw_progress(runner.done_.load(), sim.count, false);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (o.progress) draw_progress(sim.count, sim.count, true);
  }
  for (auto& t : pool) t.join();
  sim.cancelled = runner.cancelled_.load();

  sim.discounted_flows.assign(m.tranches.size(), std::vector<stats::ExactSum>(T));
  sim.series_sums.assign(m.series.size(), std::vector<stats::ExactSum>(T));
  sim.obligor_sums.assign(owners.obligors.size(), {});
  sim.group_sums.assign(owners.groups.size(), {});
  sim.default_sums.assign(m.tranches.size(), {});
  for (const auto& p : parts) {
    for (std::size_t j = 0; j < p.defaults.size(); ++j) merge_defaults(sim.default_sums[j], p.defaults[j]);
    for (std::size_t j = 0; j < p.discounted.size(); ++j)
      for (std::size_t t = 0; t < T; ++t) sim.discounted_flows[j][t].merge(p.discounted[j][t]);
    for (std::size_t j = 0; j < p.series.size(); ++j)
      for (std::size_t t = 0; t < T; ++t) sim.series_sums[j][t].merge(p.series[j][t]);
    for (std::size_t j = 0; j < p.obligors.size(); ++j) merge_credit(sim.obligor_sums[j], p.obligors[j]);
    for (std::size_t j = 0; j < p.groups.size(); ++j) merge_credit(sim.group_sums[j], p.groups[j]);
    if (p.failure && (!sim.failure || p.failure->scenario < sim.failure->scenario)) sim.failure = p.failure;
  }
  return sim;
}

}  // namespace sluice::mc
