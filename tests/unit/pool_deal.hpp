// The deal the pool tests run: one receivables pool `p` (its behaviour
// lines given) over a pass-through note N, with chosen pool members
// reported as series so a test reads them by name (test_support's at()).
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace sluice::test {

struct PoolDeal {
  std::string behaviour;  // `prepayment ...`, `default ...`, `age ...` lines of the pool
  int months = 12;        // the horizon
  std::string period = "monthly";
  std::string rate = "0%";
  std::string amortization = "bullet";
  std::vector<std::pair<std::string, std::string>> series;  // series name, pool member
  std::string principal_step = "pay N.principal scheduled";
};

inline std::string pool_deal_text(const PoolDeal& d) {
  std::string lets, names;
  for (const auto& [name, member] : d.series) {
    lets += "  let " + name + " = p." + member + "\n";
    names += (names.empty() ? "" : ", ") + name;
  }
  return "deal \"pool\" {\n  currency USD  start 2025-01-31  period " + d.period + "  horizon " + std::to_string(d.months) +
         " months  day_count 30E/360 ISDA\n  receivables p {\n    balance 1_000_000 USD\n    rate " + d.rate +
         "\n    amortization " + d.amortization + "\n    " + d.behaviour +
         "\n  }\n  tranche N { balance 1_000_000 USD  coupon 0%  amortization pass_through }\n  equity E\n" + lets +
         "  report { series " + names + " }\n  waterfall { " + d.principal_step + "  pay E residual }\n}\n";
}

}  // namespace sluice::test
