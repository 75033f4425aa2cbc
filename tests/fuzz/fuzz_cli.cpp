// Fuzz target: the numbers and values a command line carries. Each line of
// the input is tried as a whole number (`-n`, `--seed`, `--batch`), a shard
// (`--shard i/k`), a sweep axis (`--vary`) and a `--set`; the `--set`s are
// then (the lines with a `=`) applied to a small deal with params of every kind (a ratio, money,
// a count of units, a rate per unit-hour) and the deal compiled and run.
// Every refusal must give a reason; every acceptance must be in range.
#include <sstream>
#include <string>
#include <vector>

#include "driver/cli_numbers.hpp"
#include "driver/commands.hpp"
#include "driver/distributed.hpp"
#include "driver/sweep.hpp"
#include "fuzz_common.hpp"
#include "interp/interpreter.hpp"
#include "pipeline/pipeline.hpp"

namespace {

constexpr const char* kDeal = R"(deal "Fuzzed settings" {
  currency  USD
  start     2025-01-15
  period    monthly
  horizon   6 months
  day_count 30/360

  unit gpu
  param coupon_A    = 6%
  param size_A      = 2m USD
  param fleet_size  = 100 gpu
  param market_rate = 1.50 USD/gpu/h

  fleet gpus {
    units fleet_size
    cost  30_000 USD/gpu
  }

  lease anchor on gpus {
    units       fleet_size
    rent        2.00 USD/gpu/h for 3 months, then market_rate
    utilization 90%
  }

  tranche A {
    balance size_A
    coupon  coupon_A
  }
  equity E

  waterfall {
    pay A.interest
    pay A.principal scheduled
    pay E residual
  }
}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sluice;
  std::istringstream lines(fuzz::text_of(data, size));
  std::vector<std::string> raw;
  for (std::string line; std::getline(lines, line) && raw.size() < 16;) {
    std::string why;
    if (auto v = driver::parse_whole(line, 1, 1'000'000, why)) {
      if (*v < 1 || *v > 1'000'000) fuzz::broken("parse_whole accepted a number out of its range");
    } else if (why.empty()) {
      fuzz::broken("parse_whole refused without a reason");
    }
    why.clear();
    if (auto s = driver::parse_shard(line, why)) {
      if (s->count == 0 || s->index >= s->count) fuzz::broken("parse_shard accepted a shard outside its count");
    } else if (why.empty()) {
      fuzz::broken("parse_shard refused without a reason");
    }
    why.clear();
    if (auto axis = driver::parse_vary(line, why)) {
      if (axis->name.empty() || axis->values.empty()) fuzz::broken("parse_vary accepted an axis without a name or values");
    } else if (why.empty()) {
      fuzz::broken("parse_vary refused without a reason");
    }
    if (line.find('=') != std::string::npos) raw.push_back(line);  // a --set's form
  }
  bool ok = false;
  auto sets = driver::parse_sets(raw, ok);
  if (!ok) return 0;  // parse_sets printed the refusal
  pipeline::Compiled c;
  pipeline::compile_text(c, fuzz::kPath, kDeal, sets, "run");
  if (c.exit != kOk) {
    if (!c.diags.has_errors()) fuzz::broken("a --set was refused without an error");
    (void)render_all(c.diags, c.sources, false);
    return 0;
  }
  if (!c.module || !c.model) fuzz::broken("compile succeeded without a module");
  auto schedule = exec::schedule_for(c.model->deal);
  (void)interp::run_base_case(*c.module, schedule);
  return 0;
}
