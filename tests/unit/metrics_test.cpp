// Unit tests for runtime/metrics: XIRR, IRR, NPV, XNPV, WAL and durations.
//
// The spreadsheet oracles are read at run time from SLUICE_ORACLES_DIR
// "/spreadsheet/loan_xirr.csv" and "/spreadsheet/level_loan.csv"
// (LibreOffice Calc 7.4): a 1,000,000 loan at 7.50% nominal, 60 monthly
// level payments on month-end dates from 2025-01-31.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "calendar/date.hpp"
#include "calendar/day_count.hpp"
#include "metrics/cash_flow_metrics.hpp"

#ifndef SLUICE_ORACLES_DIR
#error "SLUICE_ORACLES_DIR must be defined (path to tests/oracles)"
#endif

using namespace sluice;
using metrics::Flow;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

std::vector<std::string> split_cells(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
}

// loan_xirr.csv: "date_serial,flow,date" rows (the first row's serial is a
// text date), then "name,value," summary rows with an empty date column.
struct LoanOracle {
    std::vector<Flow> flows;
    std::vector<std::string> serial_cells;
    std::map<std::string, std::string> results;
};

LoanOracle read_loan_xirr() {
    const std::string path = SLUICE_ORACLES_DIR "/spreadsheet/loan_xirr.csv";
    std::ifstream in(path);
    INFO("oracle file: " << path);
    REQUIRE(in.good());
    std::string line;
    REQUIRE(std::getline(in, line));
    REQUIRE(line.rfind("date_serial,flow,date", 0) == 0);
    LoanOracle oracle;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto cells = split_cells(line);
        REQUIRE(cells.size() >= 2);
        if (cells.size() >= 3 && !cells[2].empty()) {
            const auto date = cal::parse_date(cells[2]);
            INFO("row: " << line);
            REQUIRE(date.has_value());
            oracle.flows.push_back(Flow{*date, std::stod(cells[1])});
            oracle.serial_cells.push_back(cells[0]);
        } else {
            oracle.results[cells[0]] = cells[1];
        }
    }
    return oracle;
}

// level_loan.csv: period,payment,interest,principal,end_balance
struct LoanRow {
    int period;
    double payment, interest, principal, end_balance;
};

std::vector<LoanRow> read_level_loan() {
    const std::string path = SLUICE_ORACLES_DIR "/spreadsheet/level_loan.csv";
    std::ifstream in(path);
    INFO("oracle file: " << path);
    REQUIRE(in.good());
    std::string line;
    REQUIRE(std::getline(in, line));
    REQUIRE(line.rfind("period,payment,interest,principal,end_balance", 0) == 0);
    std::vector<LoanRow> rows;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto c = split_cells(line);
        REQUIRE(c.size() == 5);
        rows.push_back(LoanRow{std::stoi(c[0]), std::stod(c[1]), std::stod(c[2]), std::stod(c[3]), std::stod(c[4])});
    }
    return rows;
}

double parse_rate(std::string s) {  // "0.625%" -> 0.00625
    if (!s.empty() && s.back() == '%') {
        s.pop_back();
        return std::stod(s) / 100.0;
    }
    return std::stod(s);
}

std::vector<double> amounts_of(const std::vector<Flow>& flows) {
    std::vector<double> out;
    for (const Flow& f : flows) out.push_back(f.amount);
    return out;
}

cal::Date ymd(int y, int m, int d) { return cal::Date{y, m, d}; }

}  // namespace

TEST_CASE("metrics: loan oracle flows are the level loan on a month-end schedule", "[metrics][oracle]") {
    const auto oracle = read_loan_xirr();
    const auto rows = read_level_loan();
    REQUIRE(oracle.flows.size() == 61);
    REQUIRE(rows.size() == 60);

    const auto schedule = cal::period_schedule(ymd(2025, 1, 31), 1, 60, true);
    for (std::size_t i = 0; i < oracle.flows.size(); ++i) {
        INFO("flow " << i);
        CHECK(cal::format_date(oracle.flows[i].date) == cal::format_date(schedule[i]));
        // spreadsheet serial numbers (1900 system) = our serial + 25569
        if (i > 0) CHECK(std::stoll(oracle.serial_cells[i]) == cal::to_serial(oracle.flows[i].date) + 25569);
    }
    CHECK(oracle.flows[0].amount == -1000000.0);
    double principal = 0.0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        CHECK(rows[k].period == static_cast<int>(k + 1));
        CHECK_THAT(oracle.flows[k + 1].amount, WithinRel(rows[k].payment, 1e-12));
        principal += rows[k].principal;
    }
    CHECK_THAT(principal, WithinRel(1000000.0, 1e-9));
}

TEST_CASE("metrics: XIRR, IRR and NPV match LibreOffice", "[metrics][oracle]") {
    const auto oracle = read_loan_xirr();
    REQUIRE(oracle.flows.size() == 61);
    REQUIRE(oracle.results.count("xirr_act365") == 1);
    REQUIRE(oracle.results.count("irr_per_period") == 1);
    REQUIRE(oracle.results.count("npv_at_6pct_nominal_monthly") == 1);
    const double xirr_expected = std::stod(oracle.results.at("xirr_act365"));
    const double irr_expected = parse_rate(oracle.results.at("irr_per_period"));
    const double npv_expected = std::stod(oracle.results.at("npv_at_6pct_nominal_monthly"));
    // The file says what the brief and README say.
    CHECK(xirr_expected == 0.077728278278262);
    CHECK(irr_expected == 0.00625);
    CHECK(npv_expected == 36474.1274109988);

    const auto x = metrics::xirr(oracle.flows);
    REQUIRE(x.has_value());
    CHECK_THAT(*x, WithinRel(xirr_expected, 1e-9));
    // XNPV at the XIRR from the first date is zero (relative to 1,000,000 notional).
    CHECK(std::abs(metrics::xnpv(*x, oracle.flows[0].date, oracle.flows)) < 1e-6);

    const auto values = amounts_of(oracle.flows);
    const auto r = metrics::irr(values);
    REQUIRE(r.has_value());
    CHECK_THAT(*r, WithinRel(irr_expected, 1e-9));
    CHECK_THAT(*r, WithinRel(0.075 / 12.0, 1e-9));

    // NPV at 6% nominal compounded monthly = 0.5% per period. The oracle is the
    // usual spreadsheet pattern =NPV(6%/12, B3:B62) + B2: the -1,000,000 at
    // period 0 is included, undiscounted, added outside NPV (which discounts
    // its first value a full period); the 60 payments are discounted 1..60
    // periods. (NPV over all 61 values would be the oracle / 1.005 =
    // 36292.66..., checked below to show the distinction.)
    const std::span<const double> all(values);
    const double rate = 0.06 / 12.0;
    const double npv_value = values[0] + metrics::npv(rate, all.subspan(1));
    CHECK_THAT(npv_value, WithinRel(npv_expected, 1e-9));
    CHECK_THAT(metrics::npv(rate, all), WithinRel(npv_expected / 1.005, 1e-9));
}

TEST_CASE("metrics: level loan identities", "[metrics][oracle]") {
    const auto rows = read_level_loan();
    REQUIRE(rows.size() == 60);
    std::vector<double> payments;
    for (const auto& row : rows) payments.push_back(row.payment);
    // The payments discounted at the loan rate repay the principal.
    CHECK_THAT(metrics::npv(0.075 / 12.0, payments), WithinRel(1000000.0, 1e-9));

    // WAL of the amortisation: under 30E/360 ISDA every month-end date from
    // 2025-01-31 is exactly k/12 years out, so WAL = sum(k p_k) / (12 sum p_k).
    const auto schedule = cal::period_schedule(ymd(2025, 1, 31), 1, 60, true);
    std::vector<Flow> principal;
    double weighted = 0.0, total = 0.0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        principal.push_back(Flow{schedule[k + 1], rows[k].principal});
        weighted += static_cast<double>(k + 1) * rows[k].principal;
        total += rows[k].principal;
    }
    const auto wal = metrics::weighted_average_life(ymd(2025, 1, 31), principal, cal::DayCount::Thirty360EuropeanISDA);
    REQUIRE(wal.has_value());
    CHECK_THAT(*wal, WithinRel(weighted / (12.0 * total), 1e-12));
    CHECK(*wal > 2.5);  // back-loaded principal: later than the midpoint of 5 years
    CHECK(*wal < 3.0);
}

TEST_CASE("metrics: weighted average life", "[metrics][wal]") {
    const cal::Date start{2025, 1, 31};
    const std::vector<Flow> bullet{{ymd(2030, 1, 31), 1000000.0}};
    CHECK(metrics::weighted_average_life(start, bullet, cal::DayCount::Thirty360BondBasis) == 5.0);
    CHECK(metrics::weighted_average_life(start, bullet, cal::DayCount::Act365Fixed) == 1826.0 / 365.0);

    // Half at 1 year, half at 3 years: 2 years.
    const std::vector<Flow> two{{ymd(2026, 1, 31), 50.0}, {ymd(2028, 1, 31), 50.0}};
    CHECK_THAT(*metrics::weighted_average_life(start, two, cal::DayCount::Thirty360US), WithinAbs(2.0, 1e-15));

    CHECK_FALSE(metrics::weighted_average_life(start, {}, cal::DayCount::Act360).has_value());
    const std::vector<Flow> zero{{ymd(2026, 1, 31), 0.0}, {ymd(2027, 1, 31), 0.0}};
    CHECK_FALSE(metrics::weighted_average_life(start, zero, cal::DayCount::Act360).has_value());
}

TEST_CASE("metrics: a par bond's XIRR is its effective coupon", "[metrics][xirr]") {
    // Coupon periods of exactly 365/f days, so ACT/365 time is exactly k/f.
    for (int f : {1, 5}) {
        const double c = 0.06;
        const int years = 10;
        const cal::Date start{2025, 1, 31};
        std::vector<Flow> flows{{start, -100.0}};
        for (int k = 1; k <= years * f; ++k)
            flows.push_back(Flow{cal::add_days(start, 365 / f * k), 100.0 * c / f + (k == years * f ? 100.0 : 0.0)});
        INFO("f = " << f);
        const auto x = metrics::xirr(flows);
        REQUIRE(x.has_value());
        CHECK_THAT(*x, WithinRel(std::pow(1.0 + c / f, f) - 1.0, 1e-12));
        CHECK_THAT(metrics::nominal_from_effective(*x, f), WithinRel(c, 1e-12));
        CHECK(std::abs(metrics::xnpv(*x, start, flows)) < 1e-10);
    }
    // Periodic IRR of a semi-annual par bond is c/2.
    std::vector<double> values{-100.0};
    for (int k = 1; k <= 20; ++k) values.push_back(2.5 + (k == 20 ? 100.0 : 0.0));
    CHECK_THAT(*metrics::irr(values), WithinRel(0.025, 1e-12));
    CHECK_THAT(metrics::npv(0.025, values), WithinAbs(-100.0 / 1.025 + 100.0 / 1.025, 1e-10));
}

TEST_CASE("metrics: root finding from awkward sign patterns", "[metrics][xirr]") {
    // Newton from 0.1 leaves the domain here; bracketing finds -99.5%.
    CHECK_THAT(*metrics::irr(std::vector<double>{-100.0, 0.5}), WithinRel(-0.995, 1e-12));
    // A large rate: (1 + r)^3 = 1e6.
    CHECK_THAT(*metrics::irr(std::vector<double>{-1.0, 0.0, 0.0, 1e6}), WithinRel(99.0, 1e-12));
    // Inflow first, outflow later (borrower's view).
    CHECK_THAT(*metrics::irr(std::vector<double>{100.0, -110.0}), WithinRel(0.1, 1e-12));
    // Two roots (10% and 20%): either is a root.
    const auto two = metrics::irr(std::vector<double>{-100.0, 230.0, -132.0});
    REQUIRE(two.has_value());
    CHECK(std::min(std::abs(*two - 0.1), std::abs(*two - 0.2)) < 1e-12);
    // XIRR counts from the first flow's date, even when a later flow is earlier.
    const std::vector<Flow> unsorted{{ymd(2026, 1, 1), 110.0}, {ymd(2025, 1, 1), -100.0}};
    CHECK_THAT(*metrics::xirr(unsorted), WithinRel(0.1, 1e-12));
    const std::vector<Flow> tiny{{ymd(2025, 1, 1), -100.0}, {ymd(2026, 1, 1), 0.5}};
    CHECK_THAT(*metrics::xirr(tiny), WithinRel(-0.995, 1e-12));
    // A century-long horizon with extreme rates: the bracketing scan sees
    // (1 + r)^100 terms far beyond double range at the grid's ends.
    const std::vector<Flow> century_low{{ymd(2025, 1, 1), -1.0}, {ymd(2125, 1, 1), 1e-250}};
    const double years = cal::days_between(ymd(2025, 1, 1), ymd(2125, 1, 1)) / 365.0;
    CHECK_THAT(*metrics::xirr(century_low), WithinRel(std::pow(1e-250, 1.0 / years) - 1.0, 1e-9));
    const std::vector<Flow> century_high{{ymd(2025, 1, 1), -1.0}, {ymd(2125, 1, 1), 1e250}};
    CHECK_THAT(*metrics::xirr(century_high), WithinRel(std::pow(1e250, 1.0 / years) - 1.0, 1e-9));

    // No sign change, no flows, or a root outside (-0.9999, 1e6): nullopt.
    CHECK_FALSE(metrics::irr(std::vector<double>{1.0, 2.0, 3.0}).has_value());
    CHECK_FALSE(metrics::irr(std::vector<double>{-1.0, -2.0}).has_value());
    CHECK_FALSE(metrics::irr(std::vector<double>{0.0, 0.0}).has_value());
    CHECK_FALSE(metrics::irr(std::vector<double>{}).has_value());
    CHECK_FALSE(metrics::irr(std::vector<double>{-1.0, 1e7}).has_value());
    CHECK_FALSE(metrics::irr(std::vector<double>{-1.0, 1e-5}).has_value());
    CHECK_FALSE(metrics::xirr(std::vector<Flow>{}).has_value());
    CHECK_FALSE(metrics::xirr(std::vector<Flow>{{ymd(2025, 1, 1), -100.0}}).has_value());
    CHECK_FALSE(metrics::xirr(std::vector<Flow>{{ymd(2025, 1, 1), 100.0}, {ymd(2026, 1, 1), 100.0}}).has_value());
}

TEST_CASE("metrics: NPV and XNPV", "[metrics][npv]") {
    CHECK_THAT(metrics::npv(0.1, std::vector<double>{110.0}), WithinRel(100.0, 1e-15));
    CHECK(metrics::npv(0.0, std::vector<double>{1.0, 2.0, 3.0}) == 6.0);
    CHECK(metrics::npv(0.05, std::vector<double>{}) == 0.0);
    CHECK_THAT(metrics::npv(0.1, std::vector<double>{110.0, 121.0}), WithinRel(200.0, 1e-15));

    const cal::Date v{2025, 1, 1};
    const std::vector<Flow> flows{{v, -50.0}, {ymd(2026, 1, 1), 110.0}, {ymd(2027, 1, 1), 121.0}};
    CHECK_THAT(metrics::xnpv(0.1, v, flows), WithinRel(150.0, 1e-15));
    // Flows before the valuation date are compounded forward.
    CHECK_THAT(metrics::xnpv(0.1, ymd(2026, 1, 1), flows), WithinRel(-55.0 + 110.0 + 110.0, 1e-15));
}

TEST_CASE("metrics: Macaulay and modified duration", "[metrics][duration]") {
    const cal::Date v{2025, 1, 31};
    // A zero-coupon flow: Macaulay duration is its time.
    const std::vector<Flow> zero{{ymd(2030, 1, 31), 1000.0}};
    const double t = 1826.0 / 365.0;
    CHECK_THAT(metrics::macaulay_duration(0.05, v, zero), WithinRel(t, 1e-15));
    CHECK_THAT(metrics::macaulay_duration(0.0, v, zero), WithinRel(t, 1e-15));
    CHECK_THAT(metrics::modified_duration(0.06, 2, v, zero), WithinRel(t / 1.03, 1e-15));
    // Flows on or before the valuation date are ignored.
    const std::vector<Flow> with_past{{ymd(2024, 1, 31), -500.0}, {v, -1000.0}, {ymd(2030, 1, 31), 1000.0}};
    CHECK_THAT(metrics::macaulay_duration(0.05, v, with_past), WithinRel(t, 1e-15));
    CHECK(std::isnan(metrics::macaulay_duration(0.05, v, std::vector<Flow>{})));
    CHECK(std::isnan(metrics::macaulay_duration(0.05, v, std::vector<Flow>{{v, 100.0}})));

    // Annual par bond on 365-day periods: D = (1 + y)/y * (1 - (1 + y)^-n).
    const double y = 0.07;
    const int n = 8;
    std::vector<Flow> bond;
    for (int k = 1; k <= n; ++k) bond.push_back(Flow{cal::add_days(v, 365 * k), 7.0 + (k == n ? 100.0 : 0.0)});
    const double expected = (1.0 + y) / y * (1.0 - std::pow(1.0 + y, -n));
    CHECK_THAT(metrics::macaulay_duration(y, v, bond), WithinRel(expected, 1e-12));
    // Annual compounding: modified = Macaulay / (1 + y).
    CHECK_THAT(metrics::modified_duration(y, 1, v, bond), WithinRel(expected / (1.0 + y), 1e-12));
    // Semi-annual nominal yield: Macaulay at the equivalent effective yield, over 1 + y/2.
    const double nominal = 0.07;
    const double effective = std::pow(1.0 + nominal / 2.0, 2.0) - 1.0;
    CHECK_THAT(metrics::modified_duration(nominal, 2, v, bond),
               WithinRel(metrics::macaulay_duration(effective, v, bond) / (1.0 + nominal / 2.0), 1e-15));
    CHECK_THROWS_AS(metrics::modified_duration(0.05, 0, v, bond), std::invalid_argument);
}

TEST_CASE("metrics: nominal from effective", "[metrics]") {
    const double effective = std::pow(1.0 + 0.06 / 12.0, 12.0) - 1.0;
    CHECK_THAT(metrics::nominal_from_effective(effective, 12), WithinRel(0.06, 1e-13));
    CHECK_THAT(metrics::nominal_from_effective(0.05, 1), WithinRel(0.05, 1e-15));
    CHECK_THAT(metrics::nominal_from_effective(0.1025, 2), WithinRel(0.1, 1e-14));
    CHECK_THROWS_AS(metrics::nominal_from_effective(0.05, 0), std::invalid_argument);
}

TEST_CASE("metrics: IRR at stated times in periods", "[metrics]") {
  // On whole periods irr_at is irr, to the bit.
  const std::vector<double> flows{-100, 6, 6, 106};
  const std::vector<double> whole{0, 1, 2, 3};
  CHECK(*metrics::irr_at(whole, flows) == *metrics::irr(flows));
  // A stub: 100 at 0, then 100 x (1 + r)^0.5 at half a period is worth par
  // at exactly r = 4% a period.
  const std::vector<double> stub{-100, 100 * std::pow(1.04, 0.5)};
  const std::vector<double> half{0, 0.5};
  CHECK(*metrics::irr_at(half, stub) == Approx(0.04).epsilon(1e-12));
  // Mismatched lengths have no answer.
  CHECK_FALSE(metrics::irr_at(half, flows));
}

TEST_CASE("metrics: XIRR is irr_at on ACT/365 years from the first date, to the bit", "[metrics]") {
  // path_metrics (compiler/analysis) solves every scenario's XIRR as
  // irr_at on times computed once per schedule.
  const auto oracle = read_loan_xirr();
  std::vector<double> years, amounts;
  for (const auto& f : oracle.flows) {
    years.push_back(cal::days_between(oracle.flows[0].date, f.date) / 365.0);
    amounts.push_back(f.amount);
  }
  CHECK(*metrics::irr_at(years, amounts) == *metrics::xirr(oracle.flows));
  // Zero amounts change nothing (the solver leaves them out).
  std::vector<double> padded_years = years, padded = amounts;
  padded_years.insert(padded_years.begin() + 3, years[3] + 0.01);
  padded.insert(padded.begin() + 3, 0.0);
  CHECK(*metrics::irr_at(padded_years, padded) == *metrics::irr_at(years, amounts));
}

TEST_CASE("spread_to_price: a lender who draws later breaks even at the spread its repayment pays", "[metrics]") {
  // Draws 100 at the end of period 1, is repaid 101 at the end of period 2
  // (flows already discounted at the curve): -100 / (1 + s/12) + 101 /
  // (1 + s/12)^2 = 0 gives 1 + s/12 = 1.01, s = 12%; nothing was lent at
  // the start, so the price is 0.
  std::vector<double> flows{-100, 101}, yf{1.0 / 12, 1.0 / 12};
  auto s = sluice::metrics::spread_to_price(flows, yf, 0);
  REQUIRE(s);
  CHECK(*s == Approx(0.12).epsilon(1e-10));
  // Nothing lent at all (no negative flow, no price): no spread.
  std::vector<double> none{0, 0};
  CHECK_FALSE(sluice::metrics::spread_to_price(none, yf, 0));
}
