#include "driver/tier.hpp"

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <mutex>
#include <thread>

#include "driver/jit_plugin.hpp"
#include "interp/interpreter.hpp"

namespace sluice::driver {

namespace {

using Clock = std::chrono::steady_clock;

class TierImpl final : public Tier {
 public:
  TierImpl(const ir::Module& m, const exec::Schedule& s, std::optional<std::uint64_t> handover)
      // Copies: the compile outlives the run (to its next phase boundary, or
      // to the end when it fills the cache), and the caller's module and
      // schedule may move with the DealRun that holds them.
      : m_(std::make_shared<const ir::Module>(m)),
        s_(std::make_shared<const exec::Schedule>(s)),
        interp_(interp::make_interpreter(*m_, *s_)),
        handover_(handover),
        cache_dir_(codegen::default_cache_dir()),
        start_(Clock::now()) {
    thread_ = std::thread([this] { compile(); });
  }

  ~TierImpl() override {
    stop();
    thread_.join();
  }

  const char* name() const override {
    const bool i = interp_scenarios_.load() > 0, j = jit_scenarios_.load() > 0;
    return i && j ? "interp+jit" : j ? "jit" : "interp";
  }

  void evaluate(exec::Batch& b) const override {
    const exec::Evaluator* e = interp_.get();
    if (handover_) {
      if (b.first >= *handover_) e = wait_for_jit();
    } else if (ready_.load(std::memory_order_acquire)) {
      e = jit_.get();
    }
    e->evaluate(b);
    (e == interp_.get() ? interp_scenarios_ : jit_scenarios_) += static_cast<std::uint64_t>(b.count);
    std::int64_t none = 0;
    first_batch_us_.compare_exchange_strong(none, since_start());
  }

  std::optional<std::string> finish() override {
    stop();
    // The plugin's load is quick and always waited for, so that a missing
    // plugin fails every run alike, however soon it ends.
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return plugin_known_; });
    return failure_;
  }

  std::string summary() const override {
    std::lock_guard lock(mu_);
    return fmt::format("tier: first batch done at {:.1f} ms, jit {} at {:.1f} ms; {} scenarios interpreted, {} compiled",
                       static_cast<double>(first_batch_us_.load()) / 1e3, ready_.load() ? "ready" : "not ready",
                       static_cast<double>(ready_us_) / 1e3, interp_scenarios_.load(), jit_scenarios_.load());
  }

 private:
  std::int64_t since_start() const { return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_).count(); }

  // No batch wants the object any more; one the cache keeps is finished.
  void stop() {
    if (cache_dir_.empty()) abandon_ = true;
  }

  void compile() {
    std::string why;
    const bool available = jit_plugin_available(why);
    {
      std::lock_guard lock(mu_);
      plugin_known_ = true;
      if (!available) failure_ = fmt::format("the JIT is not available: {}", why);
    }
    cv_.notify_all();
    std::unique_ptr<exec::Evaluator> jit;
    std::string error;
    if (available) {
      codegen::JitOptions o;
      o.cache_dir = cache_dir_;
      o.abandon = &abandon_;
      jit = plugin_jit(*m_, *s_, true, error, o);
    }
    {
      std::lock_guard lock(mu_);
      if (jit) {
        jit_ = std::move(jit);
        ready_us_ = since_start();
        ready_.store(true, std::memory_order_release);
      } else if (!error.empty() && !failure_) {
        failure_ = fmt::format("the JIT could not compile this deal: {}", error);
      }
      compiled_ = true;
    }
    cv_.notify_all();
  }

  // The JIT once its compile has ended; the interpreter if it failed (the
  // same bits: the failure is reported by finish()).
  const exec::Evaluator* wait_for_jit() const {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return compiled_; });
    return jit_ ? jit_.get() : interp_.get();
  }

  std::shared_ptr<const ir::Module> m_;
  std::shared_ptr<const exec::Schedule> s_;
  std::unique_ptr<exec::Evaluator> interp_;
  std::optional<std::uint64_t> handover_;
  std::string cache_dir_;
  Clock::time_point start_;

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool plugin_known_ = false, compiled_ = false;  // under mu_
  std::optional<std::string> failure_;            // under mu_
  std::int64_t ready_us_ = 0;                     // under mu_
  std::unique_ptr<exec::Evaluator> jit_;          // written once under mu_, before ready_
  std::atomic<bool> ready_{false}, abandon_{false};
  mutable std::atomic<std::uint64_t> interp_scenarios_{0}, jit_scenarios_{0};
  mutable std::atomic<std::int64_t> first_batch_us_{0};
  std::thread thread_;  // last: started once every member above exists
};

}  // namespace

std::optional<std::uint64_t> forced_handover(bool& bad) {
  bad = false;
  const char* v = std::getenv("SLUICE_HANDOVER");
  if (!v) return std::nullopt;
  if (std::strcmp(v, "never") == 0) return UINT64_MAX;
  std::uint64_t k = 0;
  const char* end = v + std::strlen(v);
  auto [p, ec] = std::from_chars(v, end, k);
  if (ec != std::errc() || p != end || p == v) {
    bad = true;
    return std::nullopt;
  }
  return k;
}

std::unique_ptr<Tier> make_tier(const ir::Module& m, const exec::Schedule& s, std::optional<std::uint64_t> handover) {
  return std::make_unique<TierImpl>(m, s, handover);
}

}  // namespace sluice::driver
