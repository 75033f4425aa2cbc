#include "driver/tier.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <iostream>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

#include "driver/jit_plugin.hpp"
#include "interp/interpreter.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define SLUICE_LEAK_CHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLUICE_LEAK_CHECK 1
#endif
#endif
#ifdef SLUICE_LEAK_CHECK
#include <sanitizer/lsan_interface.h>
#endif

namespace sluice::driver {

namespace {

using Clock = std::chrono::steady_clock;

struct Compile;

// A compile whose tier is gone, kept by the process (leave_compiles_to_exit).
struct Leftover {
  std::shared_ptr<Compile> compile;
  std::thread thread;
};

// What the process knows of its compiles. One runs at a time (`busy`): a
// tier's compile waits its turn, so abandoned compiles never pile up and
// compete with a later run. Never destroyed: under `sluice` a compile may
// still run when the process ends, and no static destructor may race with it.
struct Process {
  std::mutex mu;
  std::condition_variable cv;
  bool busy = false;                // a compile is in LLVM (under mu)
  std::atomic<bool> to_exit{false};  // leave_compiles_to_exit() was called
  std::vector<Leftover> leftovers;  // under mu
};

Process& process() {
  static Process* p = new Process;
  return *p;
}

// One compile and what it shares with its tier. It may outlive the tier
// (a compile the command line leaves behind), so it owns its copies of the
// module and schedule (the caller's may move with the DealRun that holds them).
struct Compile {
  Compile(const ir::Module& module, const exec::Schedule& schedule)
      : m(module), s(schedule), cache_dir(codegen::default_cache_dir()), stall(std::getenv("SLUICE_TIER_STALL") != nullptr),
        start(Clock::now()) {}

  const ir::Module m;
  const exec::Schedule s;
  const std::string cache_dir;
  const bool stall;  // the test hook: compile to the end, then hold (make_tier)
  const Clock::time_point start;

  std::mutex mu;
  std::condition_variable cv;
  bool plugin_known = false, compiled = false, released = false;  // under mu
  std::optional<std::string> failure;                             // under mu
  std::int64_t ready_us = 0;                                      // under mu
  std::unique_ptr<exec::Evaluator> jit;  // written once under mu, before ready; refers to m and s, so declared after them
  std::atomic<bool> ready{false}, abandon{false};
  std::atomic<bool> done{false};  // its work is over (set with `compiled`): joining it is immediate

  std::int64_t since_start() const { return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count(); }

  // No batch wants the object any more; one the cache keeps is finished.
  // Set under the process's lock, so that a compile waiting its turn sees it.
  void stop() {
    if (!cache_dir.empty()) return;
    auto& p = process();
    {
      std::lock_guard lock(p.mu);
      abandon = true;
    }
    p.cv.notify_all();
  }

  // Something waits for the result (the stall hook holds it until then).
  void release() {
    {
      std::lock_guard lock(mu);
      released = true;
    }
    cv.notify_all();
  }

  void run() {
    std::string why;
    const bool available = jit_plugin_available(why);
    {
      std::lock_guard lock(mu);
      plugin_known = true;
      if (!available) failure = fmt::format("the JIT is not available: {}", why);
    }
    cv.notify_all();
    std::unique_ptr<exec::Evaluator> compiled_jit;
    std::string error;
    if (available && take_turn()) {
      codegen::JitOptions o;
      o.cache_dir = cache_dir;
      o.abandon = stall ? nullptr : &abandon;
      compiled_jit = plugin_jit(m, s, true, error, o);
      end_turn();
      if (stall) {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return released; });
      }
    }
    {
      std::lock_guard lock(mu);
      if (compiled_jit) {
        jit = std::move(compiled_jit);
        ready_us = since_start();
        ready.store(true, std::memory_order_release);
      } else if (!error.empty() && !failure) {
        failure = fmt::format("the JIT could not compile this deal: {}", error);
      }
      compiled = true;
      done = true;
    }
    cv.notify_all();
  }

  // Waits until no other compile is in LLVM; false when the run ended
  // meanwhile (nothing is compiled: the compile is abandoned before it began).
  bool take_turn() {
    auto& p = process();
    std::unique_lock lock(p.mu);
    const auto given_up = [&] { return !stall && abandon.load(); };
    p.cv.wait(lock, [&] { return !p.busy || given_up(); });
    if (given_up()) return false;
    p.busy = true;
    return true;
  }

  void end_turn() {
    auto& p = process();
    {
      std::lock_guard lock(p.mu);
      p.busy = false;
    }
    p.cv.notify_all();
  }
};

// The compiles earlier tiers left that have ended, joined (a held one, under
// the stall hook, is let go first and joined by a later call).
void reap() {
  auto& p = process();
  std::vector<Leftover> ended;
  {
    std::lock_guard lock(p.mu);
    for (auto& l : p.leftovers) l.compile->release();
    for (auto it = p.leftovers.begin(); it != p.leftovers.end();) {
      if (it->compile->done.load()) {
        ended.push_back(std::move(*it));
        it = p.leftovers.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& l : ended) l.thread.join();
}

class TierImpl final : public Tier {
 public:
  TierImpl(const ir::Module& m, const exec::Schedule& s, std::optional<std::uint64_t> handover)
      : c_(std::make_shared<Compile>(m, s)), interp_(interp::make_interpreter(c_->m, c_->s)), handover_(handover) {
    reap();
    thread_ = std::thread([c = c_] { c->run(); });
  }

  ~TierImpl() override {
    c_->stop();
    auto& p = process();
    if (p.to_exit.load() && c_->abandon.load()) {
      std::lock_guard lock(p.mu);
      p.leftovers.push_back({c_, std::move(thread_)});
      return;
    }
    c_->release();
    thread_.join();
  }

  const char* name() const override {
    const bool i = interp_scenarios_.load() > 0, j = jit_scenarios_.load() > 0;
    return i && j ? "interp+jit" : j ? "jit" : "interp";
  }

  void evaluate(exec::Batch& b) const override {
    on_engine(b, [&](const exec::Evaluator& e) { e.evaluate(b); });
  }
  void stream(exec::Batch& b, exec::RowSink& sink) const override {
    on_engine(b, [&](const exec::Evaluator& e) { e.stream(b, sink); });
  }

  std::optional<std::string> finish() override {
    c_->stop();
    // The plugin's load is quick and always waited for, so that a missing
    // plugin fails every run alike, however soon it ends.
    std::unique_lock lock(c_->mu);
    c_->cv.wait(lock, [&] { return c_->plugin_known; });
    return c_->failure;
  }

  std::string summary() const override {
    std::lock_guard lock(c_->mu);
    return fmt::format("tier: first batch done at {:.1f} ms, jit {} at {:.1f} ms, at most {} of {} batches interpreted at once; {} scenarios "
                       "interpreted, {} compiled",
                       static_cast<double>(first_batch_us_.load()) / 1e3, c_->ready.load() ? "ready" : "not ready",
                       static_cast<double>(c_->ready_us) / 1e3, most_interpreting_.load(), interp_cap_, interp_scenarios_.load(),
                       jit_scenarios_.load());
  }

 private:
  // The batch on the engine the tier picks for it: the JIT once it is
  // ready (or past a test's handover), else the interpreter while a slot
  // is free, else the JIT waited for.
  template <class Run>
  void on_engine(exec::Batch& b, Run&& go) const {
    const exec::Evaluator* e = interp_.get();
    bool slot = false;
    if (handover_) {
      if (b.first >= *handover_) e = wait_for_jit();
    } else if (c_->ready.load(std::memory_order_acquire)) {
      e = c_->jit.get();
    } else if (!(slot = take_interp_slot())) {
      e = wait_for_jit();
    }
    go(*e);
    if (slot) --interpreting_;
    (e == interp_.get() ? interp_scenarios_ : jit_scenarios_) += static_cast<std::uint64_t>(b.count);
    std::int64_t none = 0;
    first_batch_us_.compare_exchange_strong(none, c_->since_start());
  }

  // Whether this batch may run on the interpreter while the compile runs.
  // Batches interpreted side by side leave the compile a core of its own:
  // with as many workers as cores, every one interpreting, the compile
  // shared a core three ways on two and took twice as long, and each
  // scenario interpreted costs several compiled ones (docs/performance.md,
  // "The tier leaves the compile a core"). A worker turned away waits for
  // the JIT. Under the stall hook (make_tier) none waits: the hook is there
  // to end a run with its compile still in flight.
  bool take_interp_slot() const {
    int n = interpreting_.load();
    while (c_->stall || n < interp_cap_)
      if (interpreting_.compare_exchange_weak(n, n + 1)) {
        for (int most = most_interpreting_.load(); most < n + 1 && !most_interpreting_.compare_exchange_weak(most, n + 1);) {
        }
        return true;
      }
    return false;
  }

  // The JIT once its compile has ended; the interpreter if it failed (the
  // same bits: the failure is reported by finish()).
  const exec::Evaluator* wait_for_jit() const {
    c_->release();
    std::unique_lock lock(c_->mu);
    c_->cv.wait(lock, [&] { return c_->compiled; });
    return c_->jit ? c_->jit.get() : interp_.get();
  }

  std::shared_ptr<Compile> c_;
  std::unique_ptr<exec::Evaluator> interp_;  // on c_'s module and schedule
  std::optional<std::uint64_t> handover_;
  mutable std::atomic<std::uint64_t> interp_scenarios_{0}, jit_scenarios_{0};
  // Batches on the interpreter while the compile runs, at most one fewer
  // than the machine's cores (at least one), and the most there were.
  const int interp_cap_ = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
  mutable std::atomic<int> interpreting_{0}, most_interpreting_{0};
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

void leave_compiles_to_exit() { process().to_exit = true; }

int leave(int rc) {
  auto& p = process();
  std::vector<Leftover> left;
  {
    std::lock_guard lock(p.mu);
    left = std::move(p.leftovers);
  }
  bool in_flight = false;
  for (const auto& l : left) in_flight = in_flight || !l.compile->done.load();
  if (!in_flight) {
    for (auto& l : left) l.thread.join();
    return rc;
  }
  if (std::getenv("SLUICE_TIER_LOG")) std::cerr << "tier: left at exit without waiting for the abandoned compile\n";
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
#ifdef SLUICE_LEAK_CHECK
  // What the at-exit check would have found, the compiling thread stopped
  // and scanned (it dies with LSan's report on a leak).
  __lsan_do_leak_check();
#endif
  ::_exit(rc);
}

}  // namespace sluice::driver
