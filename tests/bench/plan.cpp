#include "plan.hpp"

#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "codegen/jit.hpp"
#include "handwritten.hpp"
#include "report.hpp"

extern char** environ;

namespace sluice::bench {

namespace {

constexpr std::uint64_t kSeed = 7;
constexpr int kBatch = 256;

struct Engines {
  std::unique_ptr<Deal> deal;
  std::unique_ptr<exec::Evaluator> interp, jit, hand, hand_sse2;  // hand_sse2: the fallback form, agreement only
};

std::unique_ptr<exec::Evaluator> jit_for(const Deal& d, const codegen::JitOptions& o = {}) {
  std::string error;
  auto j = codegen::make_jit(d.module(), d.schedule, true, error, o);
  if (!j) throw std::runtime_error(d.label + ": the JIT failed: " + error);
  return j;
}

Engines engines_for(std::unique_ptr<Deal> d) {
  if (!d) throw std::runtime_error("a bench deal does not compile");
  Engines e;
  e.interp = interp::make_interpreter(d->module(), d->schedule);
  e.jit = jit_for(*d);
  if (d->term_months) {
    e.hand = make_handwritten(d->schedule, d->term_months);
    e.hand_sse2 = make_handwritten(d->schedule, d->term_months, false, true);
  }
  e.deal = std::move(d);
  return e;
}

// Every engine of `e` against the interpreter on scenarios [0, n).
bool agree(const Engines& e, std::uint64_t n, std::vector<Agreement>& out) {
  bool all = true;
  for (const exec::Evaluator* x : {e.jit.get(), e.hand.get(), e.hand_sse2.get()}) {
    if (!x) continue;
    Agreement a{e.deal->label, x->name(), n, false, ""};
    a.agrees = same_tables(*e.deal, *e.interp, *x, n, kBatch, kSeed, a.why);
    std::printf("agreement  %-14s %-17s %6llu scenarios x %3d periods  %s\n", a.deal.c_str(), a.engine.c_str(),
                static_cast<unsigned long long>(n), e.deal->periods(), a.agrees ? "bit for bit" : ("DIFFERS: " + a.why).c_str());
    all = all && a.agrees;
    out.push_back(a);
  }
  return all;
}

// The built binary with `args`, output to /dev/null, timed from spawn to
// exit: what a user waits for, process start included.
void spawn(const std::string& sluice, std::vector<std::string> args) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv{const_cast<char*>(sluice.c_str())};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, sluice.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(fmt::format("`{} {}` failed", sluice, args.front()));
}

// Scenario counts. The engines are timed alone (evaluate) at 1 and 2
// threads; the Monte Carlo driver, whose per-scenario metrics cost more than
// the JIT's evaluation, at `mc` only (see docs/performance.md).
struct Sizes {
  std::vector<std::uint64_t> eval;       // engines alone, 1 thread; the last also on 2 threads
  std::uint64_t headline = 0;            // the goal's 1e6 x 120 on two threads
  std::uint64_t interp = 0;              // the interpreter's scenarios (it is slower)
  std::uint64_t mc = 0;                  // through mc::simulate
  std::uint64_t series = 0;              // scenarios in the periods and tranches series
};

Sizes sizes_for(Mode mode) {
  if (mode == Mode::Quick) return {{1'000, 10'000}, 100'000, 500, 2'000, 2'000};
  return {{1'000, 10'000, 100'000}, 1'000'000, 2'000, 10'000, 5'000};
}

const Row* find(const std::vector<Row>& rows, const std::string& workload, const std::string& engine, std::uint64_t n, int threads) {
  for (const auto& r : rows)
    if (r.workload == workload && r.engine == engine && (!n || r.scenarios == n) && (!threads || r.threads == threads)) return &r;
  return nullptr;
}

Goal goal_under(std::string text, double seconds, double target) {
  return {std::move(text), fmt::format("{:.2f} ms", seconds * 1e3), seconds, target, seconds < target};
}

// The throughput ratios, from the medians and, since this machine is shared
// and a median can catch another job, also from the fastest repetitions.
Goal ratio_goal(std::string text, const Row* a, const Row* b, double target) {
  if (!a || !b) return {std::move(text), "not run", 0, target, false};
  const double median = a->throughput() / b->throughput();
  const double fastest = (b->seconds.min / b->scenarios / b->periods) / (a->seconds.min / a->scenarios / a->periods);
  return {std::move(text), fmt::format("{:.2f}x (fastest runs {:.2f}x)", median, fastest), median, target, median >= target};
}

std::vector<Goal> goals_of(const std::vector<Row>& rows, const Sizes& z) {
  std::vector<Goal> g;
  const std::uint64_t big = z.eval.back();
  g.push_back(ratio_goal(fmt::format("JIT >= 0.9x hand-written ({} sc, 1 thr)", big), find(rows, "evaluate", "jit", big, 1),
                         find(rows, "evaluate", "hand-written", big, 1), 0.9));
  g.push_back(ratio_goal("JIT >= 30x interpreter (1 thr)", find(rows, "evaluate", "jit", big, 1), find(rows, "evaluate", "interp", z.interp, 1), 30));
  // 1e6 x 120 on two threads; a quick run extrapolates from its headline N.
  if (const Row* r = find(rows, "evaluate", "jit", z.headline, 2)) {
    const double seconds = 1e6 * 120 / r->throughput();
    g.push_back(goal_under("1e6 sc x 120 p < 2 s on 2 threads", seconds, 2.0));
    g.back().measured = fmt::format("{:.2f} s{}", seconds, z.headline == 1'000'000 ? "" : fmt::format(" (from {} sc)", z.headline));
  }
  if (const Row* r = find(rows, "compile", "jit cold", 0, 0)) g.push_back(goal_under("JIT compile, cold < 100 ms", r->seconds.median, 0.1));
  if (const Row* r = find(rows, "compile", "jit cached", 0, 0)) g.push_back(goal_under("JIT compile, from the cache < 5 ms", r->seconds.median, 0.005));
  if (const Row* r = find(rows, "base case", "sluice run", 0, 0)) g.push_back(goal_under("base case, end to end < 20 ms", r->seconds.median, 0.02));
  return g;
}

}  // namespace

int run(const Plan& plan) {
  const std::string bench_text = read_text(plan.deal_path);
  Machine machine = describe_machine();
  std::vector<Agreement> agreement;
  // Profiling the JIT or the interpreter takes any deal (--deal): without
  // a hand-written twin (term 0), so not held to the bench's shape.
  const bool any_deal = plan.mode == Mode::Profile && plan.profile_engine != "hand-written";
  Engines main = engines_for(compile_deal(plan.deal_path, bench_text, "bench.deal", any_deal ? 0 : 120));
  if (!any_deal && (main.deal->module().streams.size() != 3 || main.deal->periods() != 120))
    throw std::runtime_error("bench.deal is not the bench's shape (3 streams, 120 periods)");
  if (plan.mode == Mode::Profile) {
    const exec::Evaluator* e = plan.profile_engine == "jit"            ? main.jit.get()
                                 : plan.profile_engine == "hand-written" ? main.hand.get()
                                 : plan.profile_engine == "interp"       ? main.interp.get()
                                                                         : nullptr;
    if (!e) throw std::runtime_error("--profile takes jit, hand-written or interp");
    const Stats s = repeat(1, false, [&] { evaluate_only(*e, plan.profile_scenarios, kBatch, kSeed, plan.profile_threads); });
    std::printf("%s: %llu scenarios in %.3f s\n", e->name(), static_cast<unsigned long long>(plan.profile_scenarios), s.median);
    return 0;
  }
  // The agreement is only as strong as the branches it takes: every trigger
  // must fire somewhere in the scenarios compared.
  const std::uint64_t n_agree = 300;
  const auto on = trigger_counts(*main.deal, *main.interp, n_agree, kSeed);
  for (std::size_t k = 0; k < on.size(); ++k) {
    std::printf("trigger    %-14s on in %llu of %llu scenario-periods\n", main.deal->module().triggers[k].name.c_str(),
                static_cast<unsigned long long>(on[k]), static_cast<unsigned long long>(n_agree * 120));
    if (on[k] == 0) throw std::runtime_error("a trigger never fires in the agreement sample: the check would miss its branch");
  }
  // Likewise the convertible's three ways to convert.
  const Conversions cv = conversion_counts(*main.deal, *main.interp, n_agree, kSeed, "default_event");
  std::printf("convertible D converts in %llu of %llu scenarios: %llu called, %llu at maturity, %llu swapped on default\n",
              static_cast<unsigned long long>(cv.by_call + cv.at_maturity + cv.by_swap), static_cast<unsigned long long>(n_agree),
              static_cast<unsigned long long>(cv.by_call), static_cast<unsigned long long>(cv.at_maturity), static_cast<unsigned long long>(cv.by_swap));
  if (!cv.by_call || !cv.at_maturity || !cv.by_swap)
    throw std::runtime_error("a way to convert never happens in the agreement sample: the check would miss it");
  bool ok = agree(main, n_agree, agreement);
  // One scenario per call compiles in a third of the time the host's lanes
  // take; the evaluate rows show what that costs in throughput.
  codegen::JitOptions one_lane;
  one_lane.lanes = 1;
  const auto jit1 = jit_for(*main.deal, one_lane);
  {
    Agreement a{"bench.deal", "jit (1 lane)", n_agree, false, ""};
    a.agrees = same_tables(*main.deal, *main.interp, *jit1, n_agree, kBatch, kSeed, a.why);
    std::printf("agreement  %-14s %-17s %6llu scenarios x %3d periods  %s\n", "bench.deal", "jit (1 lane)", static_cast<unsigned long long>(n_agree),
                120, a.agrees ? "bit for bit" : ("DIFFERS: " + a.why).c_str());
    ok = ok && a.agrees;
    agreement.push_back(a);
  }

  const Sizes z = sizes_for(plan.mode);
  const std::vector<int> horizons = plan.mode == Mode::Smoke ? std::vector<int>{24} : std::vector<int>{12, 24, 60, 120, 240, 480};
  const std::vector<int> tranche_counts = plan.mode == Mode::Smoke ? std::vector<int>{16} : std::vector<int>{2, 4, 8, 16};
  std::vector<Engines> by_horizon, by_tranches;
  for (int h : horizons) {
    by_horizon.push_back(engines_for(compile_deal(plan.deal_path, with_horizon(bench_text, h), fmt::format("{} periods", h), h)));
    ok = agree(by_horizon.back(), 64, agreement) && ok;
  }
  for (int k : tranche_counts) {
    by_tranches.push_back(engines_for(compile_deal(plan.deal_path, tranche_deal(k), fmt::format("{} tranches", k), 0)));
    ok = agree(by_tranches.back(), 64, agreement) && ok;
  }
  if (!ok) {
    std::fprintf(stderr, "bench: the engines disagree; nothing is timed\n");
    return 1;
  }
  if (plan.mode == Mode::Smoke) {
    std::printf("smoke: every engine agrees with the interpreter bit for bit\n");
    return 0;
  }

  std::vector<Row> rows;
  const int reps = plan.reps;
  const Deal& d = *main.deal;
  auto timed = [&](Row r, bool warm_up, const std::function<void()>& fn) {
    r.seconds = repeat(reps, warm_up, fn);
    std::fprintf(stderr, "  %-12s %-14s %8llu sc x %3d p  %d thr: %.4f s\n", r.workload.c_str(), r.engine.c_str(),
                 static_cast<unsigned long long>(r.scenarios), r.periods, r.threads, r.seconds.median);
    rows.push_back(r);
  };

  timed({"base case", "sluice run", 0, 120, 4, 0, {}}, true, [&] { spawn(plan.sluice, {"run", plan.deal_path}); });
  // What a process of the binary costs before it reads a deal (loading
  // libLLVM included): the floor under the row above.
  timed({"base case", "process start", 0, 0, 0, 0, {}}, true, [&] { spawn(plan.sluice, {"explain", "E0214"}); });
  timed({"compile", "front end", 0, 120, 4, 0, {}}, true, [&] {
    pipeline::Compiled c;
    pipeline::compile(c, plan.deal_path, {}, "ir");
  });
  timed({"compile", "jit cold", 0, 120, 4, 0, {}}, false, [&] { jit_for(d); });
  timed({"compile", "jit cold 1 lane", 0, 120, 4, 0, {}}, false, [&] { jit_for(d, one_lane); });
  {
    const auto dir = std::filesystem::temp_directory_path() / fmt::format("sluice-bench-cache-{}", getpid());
    std::filesystem::remove_all(dir);
    codegen::JitOptions o;
    o.cache_dir = dir.string();
    bool hit = false;
    o.cache_hit = &hit;
    jit_for(d, o);  // fills the cache
    timed({"compile", "jit cached", 0, 120, 4, 0, {}}, false, [&] {
      jit_for(d, o);
      if (!hit) throw std::runtime_error("the JIT's object cache missed");
    });
    std::filesystem::remove_all(dir);
  }

  const std::vector<std::pair<const char*, const exec::Evaluator*>> fast = {{"jit", main.jit.get()}, {"hand-written", main.hand.get()}};
  // The engines alone: the throughput the goals compare.
  const std::uint64_t big = z.eval.back();
  for (int thr : {1, 2}) {
    timed({"evaluate", "interp", z.interp, 120, 4, thr, {}}, false, [&] { evaluate_only(*main.interp, z.interp, kBatch, kSeed, thr); });
    for (const auto& [name, e] : fast) timed({"evaluate", name, big, 120, 4, thr, {}}, false, [&] { evaluate_only(*e, big, kBatch, kSeed, thr); });
  }
  timed({"evaluate", "jit 1 lane", big, 120, 4, 1, {}}, false, [&] { evaluate_only(*jit1, big, kBatch, kSeed, 1); });
  // The goal's size, the JIT only (the hand-written rate is the row above):
  // these five runs are most of the bench's ten minutes.
  timed({"evaluate", "jit", z.headline, 120, 4, 2, {}}, false, [&] { evaluate_only(*main.jit, z.headline, kBatch, kSeed, 2); });
  // Through the Monte Carlo driver, as `sluice run -n N` runs; `replay`
  // hands the driver ready tables, so its row is the driver's own cost.
  const auto replay = make_replay(*main.jit, kBatch, kSeed);
  timed({"monte carlo", "interp", z.interp, 120, 4, 1, {}}, false, [&] { monte_carlo(d, *main.interp, z.interp, 1, kSeed); });
  for (const auto& [name, e] : fast) timed({"monte carlo", name, z.mc, 120, 4, 1, {}}, false, [&] { monte_carlo(d, *e, z.mc, 1, kSeed); });
  timed({"monte carlo", "replay", z.mc, 120, 4, 1, {}}, false, [&] { monte_carlo(d, *replay, z.mc, 1, kSeed); });
  timed({"monte carlo", "jit", z.mc, 120, 4, 2, {}}, false, [&] { monte_carlo(d, *main.jit, z.mc, 2, kSeed); });

  // Scaling, engines alone on one thread; the largest size is the evaluate row.
  for (std::uint64_t n : z.eval)
    for (const auto& [name, e] : fast) {
      if (const Row* r = find(rows, "evaluate", name, n, 1)) {
        Row copy = *r;
        copy.workload = "scenarios";
        rows.push_back(copy);
      } else {
        timed({"scenarios", name, n, 120, 4, 1, {}}, false, [&] { evaluate_only(*e, n, kBatch, kSeed, 1); });
      }
    }
  for (const auto& e : by_horizon)
    for (const exec::Evaluator* x : {e.jit.get(), e.hand.get()})
      timed({"periods", x->name(), z.series, e.deal->periods(), 4, 1, {}}, false, [&] { evaluate_only(*x, z.series, kBatch, kSeed, 1); });
  for (const auto& e : by_tranches) {
    const int k = static_cast<int>(e.deal->module().tranches.size());
    timed({"tranches", "jit", z.series, 120, k, 1, {}}, false, [&] { evaluate_only(*e.jit, z.series, kBatch, kSeed, 1); });
    timed({"tranches", "interp", z.interp / 4, 120, k, 1, {}}, false, [&] { evaluate_only(*e.interp, z.interp / 4, kBatch, kSeed, 1); });
    timed({"tranches", "jit cold", 0, 120, k, 0, {}}, false, [&] { jit_for(*e.deal); });
  }

  double load[1] = {0};
  if (getloadavg(load, 1) == 1) machine.load_after = load[0];
  const auto goals = goals_of(rows, z);
  std::printf("\n");
  print_report(rows, goals, machine);
  write_json(plan.json_path, rows, goals, agreement, machine, plan.mode == Mode::Quick, reps);
  std::printf("\nwrote %s\n", plan.json_path.c_str());
  return 0;
}

}  // namespace sluice::bench
