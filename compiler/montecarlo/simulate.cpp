#include "montecarlo/simulate.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/path_metrics.hpp"
#include "analysis/path_stream.hpp"
#include "exec/semantics.hpp"
#include "montecarlo/lanes.hpp"

namespace sluice::mc {

namespace {

// What one worker accumulates; merged exactly after the pool joins.
struct Partial {
  std::vector<std::vector<stats::ExactSum>> discounted, series;
  std::vector<CreditSums> obligors, groups;
  std::vector<DefaultSums> defaults;  // [tranche]
  // One scenario's scratch: the groups' sums (Runner::credit).
  std::vector<double> group_defaults, group_loss;
  std::optional<Failure> failure;
};

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

class Runner;

// A worker's sink: each block of scenarios' rows, a period at a time,
// checked and fed to the block's metric stream, the worker's own state and
// the run's period sums, all the lanes at once, while the row is in cache
// (staged, for the JIT: read in place); each lane's metrics are read when
// the block closes. Every sum runs over a path's periods in order, as the
// base case's, so the same bits whichever engine, block or lane carried
// the scenario.
class Sink final : public exec::RowSink {
 public:
  Sink(Runner& run, Partial& part) : run_(run), part_(part) {}
  void begin(const exec::Batch& b) { batch_ = &b; }
  void open(int first, int lanes, const double* init, std::size_t init_stride) override;
  void period(int t, const double* row, std::size_t stride) override;
  void close() override;

 private:
  Runner& run_;
  Partial& part_;
  const exec::Batch* batch_ = nullptr;
  std::optional<analysis::PathStream> stream_;  // as many lanes as the widest block yet
  Lanes lanes_;
  int first_ = 0, count_ = 0;
  std::vector<int> live_;         // this period's lanes whose money is finite so far
  std::vector<double> addends_;   // a period sum's addends, a lane each (Runner::sums)
  // money_sign_ laid out as the block's staged row: per column, each lane
  // below count_ (lanes past it are a partial block's spare ones).
  std::vector<std::uint64_t> sign_;
  std::size_t sign_stride_ = 0;
  int sign_lanes_ = 0;
};

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
    columns_ = ColumnMetrics(m, sim.metrics, T_);
  }

  void work(Partial& part) {
    const auto& o = sim_.options;
    exec::Batch b;
    Sink sink(*this, part);
    const std::uint64_t end = sim_.first + sim_.count;
    for (;;) {
      std::uint64_t first = next_.fetch_add(static_cast<std::uint64_t>(o.batch));
      if (first >= end) break;
      // Past a failure, only lower scenarios matter (the report names the first).
      if (first > stop_at_.load() || cancelled_.load()) break;
      b.seed = o.seed;
      b.first = first;
      b.init_columns = m_.init_columns.size(), b.columns = m_.columns.size(), b.periods = T_;
      b.count = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(o.batch), end - first));
      sink.begin(b);
      if (o.audit) {
        audit(b, part, sink);
      } else {
        eval_.stream(b, sink);
        // A broken check outranks a money failure in the same scenario
        // (fail): it says more, where a NaN arose, than the column it reaches.
        fail_violation(b, part);
      }
      done_ += static_cast<std::uint64_t>(b.count);
    }
  }

  std::atomic<std::uint64_t> done_{0};
  std::atomic<bool> cancelled_{false};  // Options::cancel said stop: no further batch starts

 private:
  friend class Sink;

  // The first failure by scenario; in one scenario, a broken check before
  // a money cell (whichever was found first).
  void fail(Partial& part, const Failure& f) {
    if (!part.failure || f.scenario < part.failure->scenario || (f.scenario == part.failure->scenario && f.invariant && !part.failure->invariant))
      part.failure = f;
    std::uint64_t cur = stop_at_.load();
    while (f.scenario < cur && !stop_at_.compare_exchange_weak(cur, f.scenario)) {
    }
  }

  void fail_violation(const exec::Batch& b, Partial& part) {
    if (b.violation) fail(part, Failure{b.violation_scenario, b.violation->period, true, b.violation->check, -1, b.violation->a, b.violation->b});
  }

  // --check: an audit reads the whole table, so the batch is evaluated
  // into tables, and each scenario that passes is replayed into the sink.
  // Money that is not finite is checked first (the failure it names is the
  // money's where both fail).
  void audit(exec::Batch& b, Partial& part, Sink& sink) {
    const std::size_t C = m_.columns.size();
    eval_.evaluate(b);
    fail_violation(b, part);  // before the audit's own, which it outranks in the same scenario
    for (int i = 0; i < b.count; ++i) {
      const std::uint64_t id = b.first + static_cast<std::uint64_t>(i);
      const double* rows = b.rows.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(T_) * C;
      bool ok = true;
      for (int t = 0; t < T_ && ok; ++t) ok = money_finite(part, id, t, rows + static_cast<std::size_t>(t) * C, 1);
      if (!ok) continue;
      if (auto v = exec::audit(m_, rows, T_)) {
        fail(part, Failure{id, v->period, true, v->check, -1, v->a, v->b});
        continue;
      }
      exec::replay(b, i, sink);
    }
  }

  // Whether period t's money is finite in a row read at `stride`; if not,
  // the scenario fails there, at its first bad column.
  bool money_finite(Partial& part, std::uint64_t id, int t, const double* row, std::size_t stride) {
    for (std::size_t c = 0; c < money_sign_.size(); ++c)
      if (money_sign_[c] && !std::isfinite(row[c * stride])) {
        fail(part, Failure{id, t + 1, false, 0, static_cast<int>(c), row[c * stride], 0});
        return false;
      }
    return true;
  }

  // A block's scenarios open in lanes 0 .. n-1: their metrics empty.
  void open(Lanes& x, int n) const {
    const std::size_t W = x.W, N = static_cast<std::size_t>(n);
    columns_.open(x, N);
    for (std::size_t j = 0; j < m_.obligors.size(); ++j) {
      std::fill_n(x.obligor_loss.begin() + static_cast<std::ptrdiff_t>(j * W), N, 0.0);
      std::fill_n(x.obligor_defaulted.begin() + static_cast<std::ptrdiff_t>(j * W), N, 0.0);
    }
    std::fill_n(x.discount.begin(), N, 1.0);
    std::fill_n(x.alive.begin(), N, 1);
  }

  // Period t of lanes 0 .. n-1 (`stream` has read it), each quantity one
  // pass over the lanes; a lane whose money failed is carried along (the
  // lanes are independent) and never read. `local`: lane 0's scenario's
  // place in this run.
  void period(Lanes& x, const analysis::PathStream& stream, int n, std::uint64_t local, int t, const double* row, std::size_t stride) {
    const std::size_t W = x.W, N = static_cast<std::size_t>(n), u = static_cast<std::size_t>(t);
    const auto cells = [row, stride](int c) { return row + static_cast<std::size_t>(c) * stride; };
    columns_.period(t, row, stride, stream, N, x);
    // Expected discounted cash per tranche and period, for the break-even
    // spread: D_t = prod over k <= t of 1 / (1 + r_k yf_k).
    if (m_.risk_free >= 0) {
      constexpr auto nctx = static_cast<std::size_t>(ir::ContextField::kCount);
      const double yf = s_.context[u * nctx + static_cast<std::size_t>(ir::ContextField::YearFraction)];
      const double* r = cells(m_.risk_free);
      for (std::size_t l = 0; l < N; ++l) x.discount[l] /= 1 + r[l] * yf;
    }
    if (local < fan_held_)
      for (std::size_t j = 0; j < m_.series.size(); ++j) {
        const double* v = cells(m_.series[j]);
        double* fan = sim_.fan_values.data() + (j * static_cast<std::size_t>(T_) + u) * fan_held_;
        for (std::size_t l = 0; l < N && local + l < fan_held_; ++l)
          if (x.alive[l]) fan[local + l] = v[l];
      }
    for (std::size_t j = 0; j < m_.obligors.size(); ++j) {
      const auto& o = m_.obligors[j];
      const double *loss = cells(o.col_loss), *defaulted = cells(o.col_default);
      double* sum = x.obligor_loss.data() + j * W;
      for (std::size_t l = 0; l < N; ++l) sum[l] += loss[l];
      if (o.loan) {
        double* d = x.obligor_defaulted.data() + j * W;
        for (std::size_t l = 0; l < N; ++l) d[l] += defaulted[l];
        if (t == 0) std::copy_n(cells(o.col_exposure), N, x.obligor_exposure.data() + j * W);
      } else if (t == T_ - 1) {
        std::copy_n(defaulted, N, x.obligor_last.data() + j * W);
      }
    }
  }

  // Period t's additions to the run's period sums, from the lanes in
  // `live` (a period's lanes, those whose money is finite so far): each
  // sum takes every lane's addend at once (stats::ExactSum's runs).
  // The holders' cash is the stream's, which has read the period.
  void sums(int t, const double* row, std::size_t stride, const analysis::PathStream& stream, const std::vector<int>& live, const Lanes& x,
            Partial& part, std::vector<double>& addends) const {
    const auto u = static_cast<std::size_t>(t);
    const auto cells = [row, stride](int c) { return row + static_cast<std::size_t>(c) * stride; };
    addends.resize(live.size());
    for (std::size_t j = 0; j < m_.tranches.size(); ++j) {
      const double* cash = stream.holder_cash(j, t);
      for (std::size_t k = 0; k < live.size(); ++k) {
        const auto l = static_cast<std::size_t>(live[k]);
        addends[k] = cash[l] * x.discount[l];
      }
      part.discounted[j][u].add(addends.data(), live.size());
    }
    // The fan's mean is over the scenarios in which the value exists (an
    // undefined test is NaN): the sum's count is theirs.
    for (std::size_t j = 0; j < m_.series.size(); ++j) {
      const double* v = cells(m_.series[j]);
      std::size_t n = 0;
      for (int l : live)
        if (std::isfinite(v[l])) addends[n++] = v[l];
      part.series[j][u].add(addends.data(), n);
    }
  }

  // Lane l's scenario closes: its metrics into the run's columns and sums.
  void close(const Lanes& x, std::size_t l, const analysis::PathMetrics& pm, std::uint64_t local, Partial& part) {
    for (std::size_t k = 0; k < sim_.metrics.size(); ++k) {
      const Metric& m = sim_.metrics[k];
      sim_.values[k][local] = columns_.is_column(k) ? x.columns[k * x.W + l] : analysis::record_metric(pm, m.kind, static_cast<std::size_t>(m.index));
    }
    for (const auto& [k, g] : columns_.trigger_first()) sim_.values[k][local] = pm.triggers[g].first;
    for (std::size_t j = 0; j < pm.tranches.size(); ++j) {
      const auto& tr = pm.tranches[j];
      const bool d = tr.default_period > 0;
      auto& sums = part.defaults[j];
      sums.defaults.add(d ? 1.0 : 0.0);
      sums.period.add(tr.default_period);
      sums.exposure.add(d ? tr.exposure_at_default : 0.0);
      sums.loss.add(d ? tr.loss : 0.0);
      sums.loss_ex_interest.add(d ? tr.loss_ex_interest : 0.0);
    }
    credit(x, l, part);
  }

  // Losses by obligor (ir/lower_obligors.cpp says what the columns hold);
  // a group's are the sums of its obligors' in this scenario, in the
  // obligors' order, so the same bits wherever the scenario runs. The
  // period sums were taken row by row (Lanes::obligor_loss, _defaulted).
  void credit(const Lanes& x, std::size_t l, Partial& part) {
    if (m_.obligors.empty() || T_ == 0) return;
    std::fill(part.group_defaults.begin(), part.group_defaults.end(), 0.0);
    std::fill(part.group_loss.begin(), part.group_loss.end(), 0.0);
    for (std::size_t j = 0; j < m_.obligors.size(); ++j) {
      const auto& o = m_.obligors[j];
      const std::size_t at = j * x.W + l;
      const double loss = x.obligor_loss[at];
      double d = x.obligor_last[at];
      if (o.loan) {
        const double exposure = x.obligor_exposure[at];
        d = exposure > 0 ? x.obligor_defaulted[at] / exposure : 0;
      }
      auto& sums = part.obligors[j];
      sums.defaults.add(d);
      sums.loss.add(loss);
      sums.loss_sq.add(loss * loss);
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
  ColumnMetrics columns_;  // the plan's metrics read off columns
  std::vector<std::uint64_t> money_sign_;  // per column: the top bit if in the deal currency, else 0 (money_finite)
  std::atomic<std::uint64_t> next_;
  std::atomic<std::uint64_t> stop_at_{UINT64_MAX};
};

void Sink::open(int first, int lanes, const double* init, std::size_t init_stride) {
  first_ = first, count_ = lanes;
  const Runner& r = run_;
  if (!stream_ || stream_->lanes() < lanes) {
    stream_.emplace(r.m_, r.clock_, r.detail_, lanes);
    lanes_.size(static_cast<std::size_t>(lanes), r.sim_.metrics.size(), r.m_.obligors.size());
  }
  stream_->open(lanes, init, init_stride);
  r.open(lanes_, lanes);
}

void Sink::period(int t, const double* row, std::size_t stride) {
  Runner& r = run_;
  const std::size_t C = r.money_sign_.size();
  if (sign_stride_ != stride || sign_lanes_ != count_) {
    sign_.assign(C * stride, 0);
    for (std::size_t c = 0; c < C; ++c)
      for (int l = 0; l < count_; ++l) sign_[c * stride + static_cast<std::size_t>(l)] = r.money_sign_[c];
    sign_stride_ = stride, sign_lanes_ = count_;
  }
  // The common case is one pass over the whole block's row with no
  // failure; a lane's first bad column is looked for only when there is one.
  const std::uint64_t first = batch_->first + static_cast<std::uint64_t>(first_);
  if (not_finite_where(row, sign_.data(), sign_.size()) != 0)
    for (int l = 0; l < count_; ++l)
      if (lanes_.alive[static_cast<std::size_t>(l)] && !r.money_finite(part_, first + static_cast<std::uint64_t>(l), t, row + l, stride))
        lanes_.alive[static_cast<std::size_t>(l)] = 0;
  // Every lane, a failed one too (its metrics are never read): the lanes
  // are independent, and one pass over them is what pays.
  stream_->period(t, row, stride);
  r.period(lanes_, *stream_, count_, first - r.sim_.first, t, row, stride);
  live_.clear();
  for (int l = 0; l < count_; ++l)
    if (lanes_.alive[static_cast<std::size_t>(l)]) live_.push_back(l);
  r.sums(t, row, stride, *stream_, live_, lanes_, part_, addends_);
}

void Sink::close() {
  const std::uint64_t first = batch_->first + static_cast<std::uint64_t>(first_);
  for (int l = 0; l < count_; ++l)
    if (lanes_.alive[static_cast<std::size_t>(l)])
      run_.close(lanes_, static_cast<std::size_t>(l), stream_->close(l), first + static_cast<std::uint64_t>(l) - run_.sim_.first, part_);
}

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
