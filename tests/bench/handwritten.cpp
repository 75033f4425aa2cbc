// The hand-written evaluator's front: the calendar of bench.deal computed
// once, the batch cut into blocks, and each block handed to the widest
// form of the kernel the CPU runs (handwritten_kernel.hpp: AVX2, else
// SSE2), as runtime/math chooses its own forms.
#include "handwritten.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "handwritten_block.hpp"
#include "math/math.hpp"
#include "random/random.hpp"

namespace sluice::bench {

namespace hand {

bool cpu_has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}

}  // namespace hand

namespace {

using CF = ir::ContextField;

// What bench.deal computes from the calendar alone, period by period, in
// the IR's order (the %N are the registers of `sluice ir`'s listing):
// the same bits as the interpreter's once-per-scenario values.
std::vector<hand::Period> calendar(const exec::Schedule& s, int term_months) {
  std::vector<hand::Period> cal;
  constexpr auto nctx = static_cast<std::size_t>(CF::kCount);
  for (int t = 1; t <= s.periods(); ++t) {
    const double* ctx = &s.context[static_cast<std::size_t>(t - 1) * nctx];
    hand::Period p{};
    p.yf = ctx[static_cast<std::size_t>(CF::YearFraction)];
    p.last = ctx[static_cast<std::size_t>(CF::IsLast)];
    p.pn = ctx[static_cast<std::size_t>(CF::PeriodNumber)];
    const double sq = math::sqrt(p.yf);
    p.credit_growth = math::pow(1 + 0.0, p.yf), p.credit_cvx = 0.5 * (0.4 * 0.4 * p.yf), p.credit_vol = 0.4 * sq;
    p.year_part = ctx[static_cast<std::size_t>(CF::Months)] / 12;
    p.decay = math::exp(-(0.3 * p.yf));
    p.sofr_sd = 0.01 * math::sqrt((1 - p.decay * p.decay) / (2 * 0.3));
    const double left = static_cast<double>(term_months) / 1 - (p.pn - 1);  // %67: periods left, this one included
    p.neg_left = -left, p.left_max = std::max(left, 1.0);
    p.left_le1 = left <= 1, p.is_last = p.last != 0;
    p.prepay = 1 - math::pow(1 - 0.1, p.year_part);
    p.price_growth = math::pow(1 + -0.02, p.yf), p.price_cvx = 0.5 * (0.15 * 0.15 * p.yf), p.price_vol = 0.15 * sq;
    p.trustee_fee = 150000 * p.yf, p.not_last = 1 - p.last;
    p.late = p.pn > 96;
    // D's maturity (120 months, whatever the horizon) or the horizon.
    p.d_at_end = p.is_last || ctx[static_cast<std::size_t>(CF::MonthsAtEnd)] >= 120;
    cal.push_back(p);
  }
  return cal;
}

class Handwritten final : public exec::Evaluator {
 public:
  Handwritten(const exec::Schedule& s, int term_months, bool obligors, bool sse2)
      : calendar_(calendar(s, term_months)),
        columns_(kHandwrittenColumns + (obligors ? kHandwrittenObligorColumns : 0)),
        run_(sse2 || !hand::cpu_has_avx2() ? hand::run_block_sse2 : hand::run_block_avx2),
        name_(sse2 ? "hand-written sse2" : "hand-written") {}
  const char* name() const override { return name_; }

  void evaluate(exec::Batch& batch) const override { run(batch, nullptr); }
  // Monte Carlo's form (exec::RowSink): each block of scenarios run into
  // a block's table, then handed over a period at a time with the block's
  // lanes side by side, as the JIT stages them. The kernel writes a
  // period's rows scenario by scenario, so this pays a transpose the JIT
  // does not (its staged row is read in place): about what the copy-out
  // to tables cost both before.
  void stream(exec::Batch& batch, exec::RowSink& sink) const override { run(batch, &sink); }

 private:
  static constexpr std::size_t kLanes = 8;

  // Block by block: into the batch's tables (no sink; every value is
  // written, so they are sized, not cleared), or into one block's table
  // handed to the sink.
  void run(exec::Batch& batch, exec::RowSink* sink) const {
    const int periods = static_cast<int>(calendar_.size());
    const auto n = static_cast<std::size_t>(batch.count), C = static_cast<std::size_t>(columns_);
    const std::size_t per_scenario = static_cast<std::size_t>(periods) * C;
    batch.init.resize(n * kHandwrittenInitColumns);
    batch.rows.resize(sink ? 0 : n * per_scenario);
    batch.violation.reset();
    std::vector<double> table(sink ? static_cast<std::size_t>(hand::kBlock) * per_scenario : 0), staged(sink ? C * kLanes : 0);
    hand::BlockJob job{calendar_.data(), periods, batch.seed, 0, 0, nullptr, nullptr, columns_, key_credit_, key_sofr_, key_price_};
    for (std::size_t i = 0; i < n; i += hand::kBlock) {
      job.first = batch.first + i;
      job.count = static_cast<int>(std::min<std::size_t>(hand::kBlock, n - i));
      job.init = batch.init.data() + i;
      job.rows = sink ? table.data() : batch.rows.data() + i * per_scenario;
      run_(job);
      if (!sink) continue;
      // Handed over eight lanes at a time, as the JIT's blocks on AVX2 (a
      // wider block's metric state outgrows the cache).
      for (std::size_t g = 0; g < static_cast<std::size_t>(job.count); g += kLanes) {
        const std::size_t lanes = std::min(kLanes, static_cast<std::size_t>(job.count) - g);
        sink->open(static_cast<int>(i + g), static_cast<int>(lanes), job.init + g, static_cast<std::size_t>(kHandwrittenInitColumns));
        for (int t = 0; t < periods; ++t) {
          const double* rows = table.data() + g * per_scenario + static_cast<std::size_t>(t) * C;
          for (std::size_t l = 0; l < lanes; ++l)
            for (std::size_t c = 0; c < C; ++c) staged[c * kLanes + l] = rows[l * per_scenario + c];
          sink->period(t, staged.data(), kLanes);
        }
        sink->close();
      }
    }
  }

  std::vector<hand::Period> calendar_;
  int columns_;  // a period's row: the deal's columns, then the obligor's if asked
  void (*run_)(const hand::BlockJob&);
  const char* name_;
  std::uint32_t key_credit_ = rng::stream_key("credit"), key_sofr_ = rng::stream_key("sofr"), key_price_ = rng::stream_key("price");
};

}  // namespace

std::unique_ptr<exec::Evaluator> make_handwritten(const exec::Schedule& s, int term_months, bool obligors, bool sse2) {
  return std::make_unique<Handwritten>(s, term_months, obligors, sse2);
}

}  // namespace sluice::bench
