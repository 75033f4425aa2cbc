#include "report.hpp"

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace sluice::bench {

Machine describe_machine() {
  Machine m;
  m.hardware_threads = std::thread::hardware_concurrency();
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      m.cpu = line.substr(line.find(':') + 2);
      break;
    }
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) m.load_before = load[0];
  return m;
}

namespace {

std::string size_text(const Row& r) {
  std::string s;
  if (r.scenarios) s += fmt::format("{} sc", r.scenarios);
  if (r.periods) s += fmt::format("{}{} p", s.empty() ? "" : " x ", r.periods);
  if (r.tranches) s += fmt::format("{}{} tr", s.empty() ? "" : ", ", r.tranches);
  if (r.threads) s += fmt::format(", {} thr", r.threads);
  return s;
}

std::string seconds_text(double s) {
  if (s < 1e-3) return fmt::format("{:.1f} us", s * 1e6);
  if (s < 1) return fmt::format("{:.2f} ms", s * 1e3);
  return fmt::format("{:.3f} s", s);
}

}  // namespace

void print_report(const std::vector<Row>& rows, const std::vector<Goal>& goals, const Machine& machine) {
  std::printf("%s, %u hardware threads, load %.2f before and %.2f after\n\n", machine.cpu.c_str(), machine.hardware_threads,
              machine.load_before, machine.load_after);
  std::printf("%-12s %-14s %-30s %11s %11s %11s %16s\n", "workload", "engine", "size", "median", "min", "max", "scen-periods/s");
  std::string group;
  for (const auto& r : rows) {
    if (r.workload != group && !group.empty()) std::printf("\n");
    group = r.workload;
    const std::string tp = r.scenarios ? fmt::format("{:.3e}", r.throughput()) : "";
    std::printf("%-12s %-14s %-30s %11s %11s %11s %16s\n", r.workload.c_str(), r.engine.c_str(), size_text(r).c_str(),
                seconds_text(r.seconds.median).c_str(), seconds_text(r.seconds.min).c_str(), seconds_text(r.seconds.max).c_str(), tp.c_str());
  }
  std::printf("\n%-44s %-34s %s\n", "goal", "measured", "");
  for (const auto& g : goals) std::printf("%-44s %-34s %s\n", g.goal.c_str(), g.measured.c_str(), g.met ? "met" : "MISSED");
}

void write_json(const std::string& path, const std::vector<Row>& rows, const std::vector<Goal>& goals,
                const std::vector<Agreement>& agreement, const Machine& machine, bool quick, int reps) {
  nlohmann::json j;
  j["schema"] = "sluice.bench.v2";
  j["machine"] = {{"cpu", machine.cpu}, {"hardware_threads", machine.hardware_threads}, {"load_before", machine.load_before},
                  {"load_after", machine.load_after}};
  j["quick"] = quick;
  j["repetitions"] = reps;
  auto& a = j["agreement"] = nlohmann::json::array();
  for (const auto& x : agreement)
    a.push_back({{"deal", x.deal}, {"engine", x.engine}, {"scenarios", x.scenarios}, {"agrees", x.agrees}, {"why", x.why}});
  auto& w = j["workloads"] = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json e = {{"workload", r.workload},
                        {"engine", r.engine},
                        {"scenarios", r.scenarios},
                        {"periods", r.periods},
                        {"tranches", r.tranches},
                        {"threads", r.threads},
                        {"repetitions", r.seconds.reps},
                        {"seconds", {{"median", r.seconds.median}, {"min", r.seconds.min}, {"max", r.seconds.max}}}};
    if (r.scenarios) e["scenario_periods_per_second"] = r.throughput();
    w.push_back(e);
  }
  auto& g = j["goals"] = nlohmann::json::array();
  for (const auto& x : goals) g.push_back({{"goal", x.goal}, {"measured", x.measured}, {"value", x.value}, {"target", x.target}, {"met", x.met}});
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << j.dump(2) << "\n";
}

}  // namespace sluice::bench
