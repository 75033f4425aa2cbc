#include "measure.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>
#include <thread>

#include "montecarlo/simulate.hpp"
#include "table_sink.hpp"

namespace sluice::bench {

Stats repeat(int reps, bool warm_up, const std::function<void()>& fn) {
  if (warm_up) fn();
  std::vector<double> s;
  for (int i = 0; i < reps; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    s.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(s.begin(), s.end());
  Stats r;
  r.reps = reps;
  r.min = s.front();
  r.max = s.back();
  const std::size_t mid = s.size() / 2;
  r.median = s.size() % 2 ? s[mid] : 0.5 * (s[mid - 1] + s[mid]);
  return r;
}

void evaluate_only(const exec::Evaluator& eval, std::uint64_t n, int batch, std::uint64_t seed, int threads) {
  std::atomic<std::uint64_t> next{0};
  auto worker = [&] {
    exec::Batch b;
    b.seed = seed;
    for (std::uint64_t first; (first = next.fetch_add(static_cast<std::uint64_t>(batch))) < n;) {
      b.first = first;
      b.count = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(batch), n - first));
      eval.evaluate(b);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

namespace {
class Replay final : public exec::Evaluator {
 public:
  explicit Replay(exec::Batch b) : b_(std::move(b)) {}
  const char* name() const override { return "replay"; }
  void evaluate(exec::Batch& b) const override {
    const std::size_t per_row = b_.rows.size() / static_cast<std::size_t>(b_.count), per_init = b_.init.size() / static_cast<std::size_t>(b_.count);
    const auto n = static_cast<std::size_t>(b.count);
    b.rows.assign(b_.rows.begin(), b_.rows.begin() + static_cast<std::ptrdiff_t>(n * per_row));
    b.init.assign(b_.init.begin(), b_.init.begin() + static_cast<std::ptrdiff_t>(n * per_init));
    b.violation.reset();
  }

 private:
  exec::Batch b_;
};
}  // namespace

std::unique_ptr<exec::Evaluator> make_replay(const exec::Evaluator& source, int batch, std::uint64_t seed) {
  exec::Batch b;
  b.seed = seed;
  b.first = 0;
  b.count = batch;
  source.evaluate(b);
  return std::make_unique<Replay>(std::move(b));
}

void monte_carlo(const Deal& d, const exec::Evaluator& eval, std::uint64_t n, int threads, std::uint64_t seed) {
  mc::Options o;
  o.scenarios = n;
  o.seed = seed;
  o.threads = threads;
  o.months_per_period = d.compiled->model->deal.months_per_period;
  auto sim = mc::simulate(d.module(), d.schedule, eval, o);
  // A broken invariant stops the driver early: the time would be wrong.
  if (sim.failure) throw std::runtime_error(fmt::format("{}: scenario {} fails in period {}", eval.name(), sim.failure->scenario, sim.failure->period));
}

namespace {
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
}  // namespace

bool same_tables(const Deal& d, const exec::Evaluator& reference, const exec::Evaluator& eval, std::uint64_t n, int batch,
                 std::uint64_t seed, std::string& why) {
  const auto cols = d.module().columns.size(), init_cols = d.module().init_columns.size();
  const auto periods = static_cast<std::size_t>(d.periods());
  exec::Batch x, y;
  x.seed = y.seed = seed;
  // `got`'s tables against the reference's; `how`: evaluated or streamed.
  const auto differs = [&](const exec::Batch& got, const char* how) {
    const std::size_t want = static_cast<std::size_t>(x.count) * periods * cols;
    if (x.rows.size() != want || got.rows.size() != want || x.init.size() != got.init.size()) {
      why = fmt::format("{} ({}): tables of {} and {} values, {} expected", eval.name(), how, got.rows.size(), x.rows.size(), want);
      return true;
    }
    for (std::size_t i = 0; i < x.init.size(); ++i)
      if (!same_bits(x.init[i], got.init[i])) {
        why = fmt::format("{} ({}): init value {} of batch at {}: {:.17g} vs {:.17g}", eval.name(), how, i, x.first, got.init[i], x.init[i]);
        return true;
      }
    for (std::size_t i = 0; i < want; ++i)
      if (!same_bits(x.rows[i], got.rows[i])) {
        const std::size_t s = i / (periods * cols), t = i / cols % periods + 1, c = i % cols;
        why = fmt::format("{} ({}): scenario {}, period {}, `{}`: {:.17g}, the interpreter {:.17g}", eval.name(), how, x.first + s, t,
                          d.module().columns[c].name, got.rows[i], x.rows[i]);
        return true;
      }
    return false;
  };
  for (std::uint64_t first = 0; first < n; first += static_cast<std::uint64_t>(batch)) {
    x.first = y.first = first;
    x.count = y.count = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(batch), n - first));
    reference.evaluate(x);
    eval.evaluate(y);
    if (differs(y, "evaluated")) return false;
    // What a Monte Carlo run reads: the rows eval's stream hands over
    // (exec::RowSink), rebuilt into tables, the protocol checked.
    exec::Batch z, rebuilt;
    z.seed = seed, z.first = first, z.count = x.count;
    z.init_columns = init_cols, z.columns = cols, z.periods = static_cast<int>(periods);
    rebuilt.first = first, rebuilt.count = x.count;
    test::TableSink sink(rebuilt, init_cols, cols, static_cast<int>(periods));
    eval.stream(z, sink);
    sink.finish();
    if (!sink.problem.empty()) {
      why = fmt::format("{} (streamed): {}", eval.name(), sink.problem);
      return false;
    }
    if (differs(rebuilt, "streamed")) return false;
  }
  return true;
}

std::vector<std::uint64_t> trigger_counts(const Deal& d, const exec::Evaluator& reference, std::uint64_t n, std::uint64_t seed) {
  const auto& m = d.module();
  const auto cols = m.columns.size();
  std::vector<std::uint64_t> on(m.triggers.size(), 0);
  exec::Batch b;
  b.seed = seed;
  b.first = 0;
  b.count = static_cast<int>(n);
  reference.evaluate(b);
  for (std::size_t row = 0; row * cols < b.rows.size(); ++row)
    for (std::size_t k = 0; k < m.triggers.size(); ++k)
      if (b.rows[row * cols + static_cast<std::size_t>(m.triggers[k].col)] != 0) ++on[k];
  return on;
}

Conversions conversion_counts(const Deal& d, const exec::Evaluator& reference, std::uint64_t n, std::uint64_t seed,
                              const std::string& swap_trigger) {
  const auto& m = d.module();
  const auto cols = m.columns.size();
  const auto col = [&](const std::string& name) {
    for (std::size_t c = 0; c < cols; ++c)
      if (m.columns[c].name == name) return c;
    throw std::runtime_error(fmt::format("{}: no column `{}`", d.label, name));
  };
  const ir::TrancheInfo* cv = nullptr;
  for (const auto& t : m.tranches)
    if (t.col_converted >= 0) cv = &t;
  if (!cv) throw std::runtime_error(d.label + ": no convertible");
  const std::size_t converted = static_cast<std::size_t>(cv->col_converted), called = col(cv->name + ".called"), swap = col(swap_trigger);
  exec::Batch b;
  b.seed = seed;
  b.first = 0;
  b.count = static_cast<int>(n);
  reference.evaluate(b);
  Conversions c;
  for (std::size_t row = 0; row * cols < b.rows.size(); ++row) {
    const double* r = &b.rows[row * cols];
    if (r[converted] == 0) continue;
    if (r[called] != 0) ++c.by_call;
    else if (r[swap] != 0) ++c.by_swap;
    else ++c.at_maturity;
  }
  return c;
}

}  // namespace sluice::bench
