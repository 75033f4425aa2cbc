// A generator of valid deals (random factors, collateral, tranche stacks,
// triggers, reserve accounts, convertibles, revolvers and waterfall
// shapes), shared by the
// differential test of the two back ends and the property tests.
//
// A Variant changes how one generated deal is written without changing
// which deal it is: every random choice is drawn whatever the variant, so
// `DealGenerator(s).deal(i, v)` and `DealGenerator(s).deal(i)` are the same
// deal but for what the variant says (money scaled, a zero tranche added,
// triggers left out, rents raised, a pro-rata pair).
#pragma once
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <random>
#include <string>
#include <vector>

namespace sluice::test {

struct Variant {
  // Every amount of money written in the deal times 2^money_shift. A power
  // of two, so each scaled literal is the original double times 2^shift
  // exactly and exact scaling of every cash flow is a fair expectation.
  int money_shift = 0;
  bool zero_tranche = false;     // a senior-most tranche of balance 0 USD, paid first
  bool no_triggers = false;      // the waterfall pays as if no trigger ever fired
  bool pro_rata = false;         // A and B paid as one pro-rata group (when there are two or more)
  bool reverse_group = false;    // ... written as pro_rata(B, A)
  bool no_reserve = false;       // no reserve account
  double rent_boost = 1.0;       // every lease rent times this (more collateral cash)
  // Every lessee's hazard plus this many percent a year (a lease without a
  // `default` gets `default hazard hazard_shift% per year`), and the fire
  // sale's discount plus this many percent: more risk, never more value.
  double hazard_shift = 0;
  double discount_shift = 0;
  bool no_default = false;       // no lessee may default (the drawn `default` left out)
  bool prompt_recovery = false;  // a lessee's recovery comes at once, with no downtime
};

struct DealGenerator {
  std::mt19937_64 gen;
  explicit DealGenerator(std::uint64_t seed) : gen(seed) {}
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); }
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(gen); }
  bool coin(double p = 0.5) { return real(0, 1) < p; }
  std::string pct(double lo, double hi) { return fmt::format("{:.2f}%", real(lo, hi)); }

  // `x` written with `decimals` decimals, then scaled by 2^shift, printed
  // exactly (a power of two up has no more decimals; 2^-s adds s).
  static std::string money(double x, int decimals, int shift) {
    double rounded = std::round(x * std::pow(10.0, decimals)) / std::pow(10.0, decimals);
    return fmt::format("{:.{}f}", std::ldexp(rounded, shift), decimals + (shift < 0 ? -shift : 0));
  }

  std::string deal(int index, const Variant& v = {}) {
    const int s = v.money_shift;
    std::string d = "unit gpu\nunit share\n";
    const char* periods[] = {"monthly", "quarterly"};
    const char* counts[] = {"30/360", "ACT/360", "ACT/365F", "30E/360 ISDA"};
    const int start_month = pick(1, 9);
    const bool first = coin();
    const int period_kind = pick(0, 1), horizon = 12 * pick(1, 5);
    d += fmt::format("deal \"Generated {}\" {{\n  currency USD\n  start 2025-0{}-{}\n  period {}\n  horizon {} months\n  day_count {}\n", index,
                     start_month, first ? "01" : "28", periods[period_kind], horizon, counts[pick(0, 3)]);
    // Market: one to three factors, sometimes correlated.
    d += "  market {\n    draw stress = uniform(-10%, 10%)\n";
    d += fmt::format("    factor rate = vasicek(start: {}, mean: {}, speed: {} per year, vol: {})\n", pct(2, 6), pct(2, 5), fmt::format("{:.2f}", real(0, 1)),
                     pct(0.1, 2));
    d += fmt::format("    factor gpu_rate = lognormal(start: {} USD/gpu/h, drift: {} per year, vol: {} per year)", money(real(1, 3), 2, s), pct(-40, 5),
                     pct(5, 60));
    if (coin()) d += fmt::format(" jumps poisson({:.2f} per year) size {}", real(0.1, 2), pct(-30, -5));
    d += "\n";
    if (coin())
      d += fmt::format("    factor power = mean_reverting(start: 60 USD/h, mean: 70 USD/h, speed: 1 per year, vol: {}, min: 20 USD/h, max: 120 USD/h)\n",
                       pct(5, 40));
    if (coin()) d += fmt::format("    correlate rate, gpu_rate = {:.2f}\n", real(-0.6, 0.6));
    const std::size_t market_end = d.size();
    d += "  }\n";
    // Collateral: a fleet on lease and/or a loan pool.
    int units = 100 * pick(5, 50);
    bool fleet = coin(0.7);
    double size = 0;
    std::size_t fleet_end = 0, hazard_at = 0, hazard_len = 0, anchor_end = 0;
    bool defaults = false;  // the anchor lessee drew a `default` (written unless no_default)
    std::string drawn_hazard;
    if (fleet) {
      d += fmt::format("  fleet gpus {{ units {} gpu  cost {} USD/gpu  value units * gpu_rate * 8_000 h", units, money(1000 * pick(15, 35), 0, s));
      fleet_end = d.size();
      d += " }\n";
      double anchor = std::round(real(1.5, 2.5) * 100) / 100 * v.rent_boost;
      d += fmt::format("  lease anchor on gpus {{ units {} gpu  rent {} USD/gpu/h for {} months, then {}  utilization {}", units / 2,
                       money(anchor, 6, s), 6 * pick(2, 8), boost(v), pct(70, 100));
      if (coin()) {
        defaults = true;
        double h = std::round(real(1, 15) * 100) / 100;
        drawn_hazard = fmt::format("{:.2f}%", h);
        std::string clause = "  default hazard ";
        const std::size_t at = d.size() + clause.size();
        clause += fmt::format("{:.2f}% per year", h);
        const std::size_t len = d.size() + clause.size() - at;
        clause += fmt::format(", recovery {}{}", pct(0, 60), coin() ? fmt::format(", copula {}", pct(0, 60)) : "");
        if (!v.no_default) d += clause, hazard_at = at, hazard_len = len;
      } else if (v.hazard_shift > 0) {
        d += fmt::format("  default hazard {}% per year", v.hazard_shift);
      }
      anchor_end = d.size();
      d += " }\n";
      d += fmt::format("  lease spot on gpus {{ units {} gpu  rent {}  utilization {}{} }}\n", units / 2, boost(v), pct(40, 90),
                       v.hazard_shift > 0 ? fmt::format("  default hazard {}% per year", v.hazard_shift) : "");
      d += fmt::format("  expense hosting = {} USD/gpu/h * gpus.units\n", money(real(0.1, 0.6), 2, s));
      size += units * 20000.0;
    }
    if (!fleet || coin()) {
      const char* amort[] = {"level over 36 months", "bullet", "linear over 24 months"};
      d += fmt::format("  loan pool {{ balance {}m USD  rate rate + {}  amortization {} }}\n", money(pick(5, 50), 0, s), pct(1, 6), amort[pick(0, 2)]);
      size += 20e6;
    }
    // Tranches: a stack of one to four.
    if (v.zero_tranche) d += fmt::format("  tranche Z {{ balance 0 USD  coupon 7%  amortization level over 36 months }}\n");
    int n = pick(1, 4);
    std::vector<std::string> names = {"A", "B", "C", "D"};
    for (int i = 0; i < n; ++i) {
      std::string coupon = coin() ? fmt::format("rate + {}bp", 50 * pick(1, 12)) : pct(3, 14);
      const char* amort[] = {"level over 36 months", "bullet", "linear over 48 months", "pass_through"};
      double balance = size * real(0.05, 0.3);
      d += fmt::format("  tranche {} {{ balance {} USD  coupon {}  amortization {}{} }}\n", names[static_cast<std::size_t>(i)], money(balance, 0, s), coupon,
                       amort[pick(0, 3)], coin(0.3) ? "  shortfall capitalize" : "");
    }
    const std::size_t equity_at = d.size();
    d += "  equity E\n";
    bool reserve = coin() && !v.no_reserve;
    if (reserve) d += fmt::format("  account reserve {{ initial {}k USD  target 2 * A.interest_due  covers A.interest  release excess }}\n", money(500, 0, s));
    d += fmt::format("  test dscr = collections / (A.interest_due + A.principal_due + {} USD)\n", money(1, 0, s));
    // round, floor, ceil and mod on values that change by scenario, to
    // fixed steps (folded) and to steps that change by period (selected in
    // the program): plain ratios, so money scaling leaves them as they are.
    d += "  test rounding = round(dscr, 0.01) + floor(dscr, 0.25) + ceil(dscr * 3) + mod(dscr * 7, 0.3) + round(dscr, 1 / (period_number + 1))"
         " + floor(rate * 1000, max(rate, 0.5%)) - mod(-dscr, 1 / period_number) + ceil(dscr, 2.5)\n";
    int triggers = pick(0, 3);
    std::vector<std::string> trig;
    for (int i = 0; i < triggers; ++i) {
      double level = real(0.8, 1.6);
      bool persist = coin(0.3);
      std::string periods_clause = persist ? fmt::format(" for {} periods", pick(1, 3)) : "";
      if (v.no_triggers) continue;
      trig.push_back(fmt::format("t{}", i));
      d += fmt::format("  trigger t{} when dscr < {:.2f}x{}\n", i, level, periods_clause);
    }
    // Waterfall: interest in order, then principal under the triggers.
    std::vector<std::string> payees;
    if (v.zero_tranche) payees.push_back("Z");
    bool group = v.pro_rata && n >= 2;
    if (group) payees.push_back(v.reverse_group ? "pro_rata(B, A)" : "pro_rata(A, B)");
    for (int i = group ? 2 : 0; i < n; ++i) payees.push_back(names[static_cast<std::size_t>(i)]);
    d += "  waterfall {\n";
    const std::size_t waterfall_at = d.size();
    for (const auto& p : payees) d += fmt::format("    pay {}.interest\n", p);
    const std::size_t interest_end = d.size();
    if (reserve) d += "    fill reserve to target\n";
    if (!trig.empty()) {
      d += fmt::format("    if {} {{\n", trig[0]);
      for (const auto& p : payees) d += fmt::format("      pay {}.principal in full\n", p);
      d += "    } else {\n";
      for (const auto& p : payees) d += fmt::format("      pay {}.principal scheduled\n", p);
      d += "    }\n";
    } else {
      for (const auto& p : payees) d += fmt::format("    pay {}.principal\n", p);
    }
    const std::size_t residual_at = d.size();
    d += "    pay E residual\n  }\n";
    d += "  report { series dscr, gpu_rate  metrics rate }\n}\n";
    // Drawn last, so the deals without them read as they always did: a
    // junior convertible on a share price (sometimes soft-callable, and
    // sometimes swapped for shares while the first trigger is on) and a
    // revolver against the collateral that covers the senior's interest.
    std::string market, decls, interest, principal;
    if (coin(0.4)) {
      market += fmt::format("    factor stock = lognormal(start: {} USD/share, drift: {} per year, vol: {} per year)\n", money(real(10, 25), 2, s),
                            pct(-10, 20), pct(20, 90));
      decls += fmt::format("  convertible V {{ principal {} USD  coupon {}  maturity {} months  conversion_price {} USD/share  underlying stock",
                           money(size * real(0.02, 0.1), 0, s), pct(0, 3), 12 * pick(1, 5), money(real(12, 30), 2, s));
      if (coin()) decls += fmt::format("  soft_call when stock >= 130% * conversion_price for {} periods", pick(1, 3));
      decls += " }\n";
      interest += "    pay V.interest\n";
      if (!trig.empty() && coin()) principal += fmt::format("    if {} {{\n      convert V\n    }}\n", trig[0]);
      principal += "    pay V.principal\n";
    }
    if (coin(0.4)) {
      std::string base = fleet ? fmt::format("{} * gpus.value", pct(30, 70)) : fmt::format("{} * pool.balance", pct(50, 90));
      decls += fmt::format("  facility R {{ limit {} USD  drawn {} USD  borrowing_base {}  coupon rate + {}bp  commitment_fee {}{} }}\n",
                           money(size * real(0.05, 0.2), 0, s), money(size * real(0, 0.05), 0, s), base, 25 * pick(4, 16), pct(0.25, 1),
                           coin() ? "  covers A.interest" : "");
      interest += "    pay R.interest\n";
      if (coin()) interest += "    draw R for A.principal\n";  // the line funds the senior's amortization
      principal = "    pay R.principal\n" + principal;
    }
    // Also drawn last: how the anchor lessee's hazard moves (a constant, a
    // schedule, or rising as rents fall), its downtime and recovery lag, and
    // a fire sale of the fleet at a fixed date.
    std::string lease_extra, hazard_text, fire_sale, sale_step;
    if (defaults) {
      const std::string& h = drawn_hazard;
      switch (pick(0, 2)) {
        case 0: hazard_text = h + " per year"; break;
        case 1: hazard_text = fmt::format("(if period_number <= {} then {} else {}) per year", pick(1, 6), pct(10, 60), h); break;
        default: hazard_text = fmt::format("({} * gpu_rate.start / gpu_rate) per year", h); break;
      }
      if (v.hazard_shift > 0) hazard_text += fmt::format(" + {}% per year", v.hazard_shift);
      const int months_per_period = period_kind == 0 ? 1 : 3;
      const std::string downtime = coin(0.6) ? fmt::format("  downtime {} months", months_per_period * pick(0, 3)) : "";
      const std::string lag = coin(0.6) ? fmt::format("  recovery_lag {} months", 3 * pick(0, 4)) : "";
      if (!v.no_default) lease_extra = v.prompt_recovery ? "  recovery_lag 0 months" : downtime + lag;
    }
    if (fleet && coin()) {
      double discount = std::round(real(5, 60)) + v.discount_shift;
      fire_sale = fmt::format("  liquidate fire_sale(depth: {} gpu per month, discount: {}%)", 100 * pick(1, 10), discount);
      sale_step = fmt::format("    if months_elapsed >= {} months {{\n      liquidate gpus\n    }}\n", 3 * pick(1, horizon / 3));
    }
    d.insert(residual_at, principal);
    d.insert(interest_end, interest);
    d.insert(waterfall_at, sale_step);
    d.insert(equity_at, decls);
    d.insert(anchor_end, lease_extra);
    if (hazard_len > 0) d.replace(hazard_at, hazard_len, hazard_text);
    d.insert(fleet_end, fire_sale);
    d.insert(market_end, market);
    return d;
  }

 private:
  // Parenthesized: a number followed by a word on one line reads as a unit.
  static std::string boost(const Variant& v) { return v.rent_boost == 1.0 ? "gpu_rate" : fmt::format("(gpu_rate * {})", v.rent_boost); }
};

}  // namespace sluice::test
