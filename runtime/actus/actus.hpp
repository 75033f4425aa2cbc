// Sluice runtime: ACTUS contract engine.
//
// Implements the ACTUS contract types PAM (principal at maturity), LAM (linear
// amortizer), NAM (negative amortizer) and ANN (annuity): term parsing, the
// schedule generator (cycles, anchors, short/long stubs, end-of-month rule),
// business-day conventions on the weekend-only calendar, and the state
// transition and payoff functions of the ACTUS technical specification, with
// the conventions the ACTUS reference test beds (actusfrf/actus-tests) pin
// down. See tests/actus/CONFORMANCE.md for what is and is not reproduced.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "calendar/date.hpp"
#include "calendar/day_count.hpp"

namespace sluice::actus {

using cal::Date;

// ---------------------------------------------------------------- conventions

// An ACTUS cycle "P<n><unit>L<stub>": unit is D, W, M, Q, H or Y; stub 0 is a
// long final stub, 1 a short final stub (as in the ACTUS dictionary and the
// reference test beds: "P3ML0" folds a broken last period into the one
// before it, "P27DL1" keeps it as a short period).
struct Cycle {
    int n = 1;
    char unit = 'M';
    bool long_stub = false;
};
// Parses "P1ML0", "P27DL1", "P1YL1" ...; nullopt when malformed.
std::optional<Cycle> parse_cycle(std::string_view);
// Moves `d` by k cycles (k may be negative): months for M/Q/H/Y (day clamped
// to the target month), days for D/W.
Date shift_by_cycle(Date d, const Cycle& c, int k);

enum class EndOfMonth { SameDay, EndOfMonth };

// ACTUS schedule S(start, end, cycle): start, start + k*cycle (always measured
// from start) while before end, then end itself when add_end. With a long
// stub the last cyclic date before end is dropped (when end is not itself on
// the cycle). The end-of-month rule applies when the convention is EOM, the
// cycle is month based and start is the last day of its month. No cycle:
// {start, end}. The result is sorted and free of duplicates.
std::vector<Date> schedule(std::optional<Date> start, Date end, std::optional<Cycle> cycle,
                           EndOfMonth eom, bool add_end);

enum class Calendar { NoCalendar, MondayToFriday };
enum class BusinessDayConvention { NOS, SCF, SCMF, CSF, CSMF, SCP, SCMP, CSP, CSMP };

bool is_business_day(Calendar, Date);
// The date on which an event scheduled at `d` takes place.
Date shift_event_date(BusinessDayConvention, Calendar, Date d);
// The date used for calculations (accrual) of an event scheduled at `d`:
// shifted for the SC* conventions, unshifted for CS* and NOS.
Date shift_calc_date(BusinessDayConvention, Calendar, Date d);

// ACTUS day-count codes: A365, A360, AA, 30E360, 30E360ISDA.
std::optional<cal::DayCount> parse_actus_day_count(std::string_view);

// ---------------------------------------------------------------------- terms

enum class ContractType { PAM, LAM, NAM, ANN };
enum class InterestCalculationBase { NT, NTIED, NTL };

struct Terms {
    std::string contract_id;
    ContractType contract_type = ContractType::PAM;
    double role_sign = 1.0;  // RPA/... +1, RPL/... -1
    Date status_date;
    Date initial_exchange_date;
    std::optional<Date> maturity_date;
    std::optional<Date> amortization_date;
    // Dates given with a time of day other than midnight (the test beds use
    // "T23:59:59") accrue interest to the end of that day, i.e. as if they
    // were the next midnight, while the event keeps its calendar date.
    bool maturity_end_of_day = false;
    bool amortization_end_of_day = false;
    bool termination_end_of_day = false;
    double notional_principal = 0.0;
    double nominal_interest_rate = 0.0;
    cal::DayCount day_count = cal::DayCount::Act365Fixed;
    bool day_count_isda_termination = false;  // 30E360ISDA: pass maturity
    EndOfMonth eom = EndOfMonth::SameDay;
    BusinessDayConvention bdc = BusinessDayConvention::NOS;
    Calendar calendar = Calendar::NoCalendar;
    double premium_discount_at_ied = 0.0;
    std::optional<double> accrued_interest;

    std::optional<Date> ip_anchor;
    std::optional<Cycle> ip_cycle;
    std::optional<Date> capitalization_end_date;

    std::optional<Date> pr_anchor;
    std::optional<Cycle> pr_cycle;
    std::optional<double> next_principal_redemption;

    InterestCalculationBase icb = InterestCalculationBase::NT;
    std::optional<double> icb_amount;
    std::optional<Date> icb_anchor;
    std::optional<Cycle> icb_cycle;

    std::optional<Date> rr_anchor;
    std::optional<Cycle> rr_cycle;
    std::string rr_market_object;
    double rate_multiplier = 1.0;
    double rate_spread = 0.0;
    std::optional<double> next_reset_rate;
    std::optional<double> life_cap, life_floor, period_cap, period_floor;

    std::optional<Date> purchase_date;
    double price_at_purchase = 0.0;
    std::optional<Date> termination_date;
    double price_at_termination = 0.0;

    std::optional<Date> sc_anchor;
    std::optional<Cycle> sc_cycle;
    std::string sc_market_object;
    std::string scaling_effect = "OOO";
    double scaling_index_at_cdd = 1.0;
    double notional_scaling_multiplier = 1.0;
    double interest_scaling_multiplier = 1.0;
};

// Parses a test-bed `terms` object (all values strings). Throws
// std::runtime_error naming the term on a malformed or unsupported value.
Terms parse_terms(const nlohmann::json& terms);

// Observed market data: per market object code, (date, value) sorted by date.
using MarketData = std::map<std::string, std::vector<std::pair<Date, double>>>;
MarketData parse_market_data(const nlohmann::json& data_observed);
// The last observation on or before `d` (the first one when all are later).
// Throws std::runtime_error when the code has no data.
double observe(const MarketData&, const std::string& code, Date d);

// --------------------------------------------------------------------- events

enum class EventType { IED, PR, IP, IPCI, FP, RRF, RR, PRF, SC, IPCB, PRD, TD, MD };
std::string_view event_type_name(EventType);
std::optional<EventType> parse_event_type(std::string_view);

struct Event {
    Date date;  // event date (business-day shifted)
    EventType type = EventType::IED;
    double payoff = 0.0;
    // post-event states
    double notional_principal = 0.0;
    double nominal_interest_rate = 0.0;
    double accrued_interest = 0.0;
};

// The contract's maturity: MD when given, else derived (LAM, NAM, ANN).
Date effective_maturity(const Terms&);

// Generates and evaluates the contract's events from the status date up to
// `to` (the maturity when nullopt). Throws std::runtime_error on terms the
// engine does not support.
std::vector<Event> compute_events(const Terms&, const MarketData&, std::optional<Date> to);

// ---------------------------------------------------------------- conformance

struct CaseResult {
    std::string id;
    bool pass = false;
    std::string first_difference;  // empty when pass
};

// Tolerance: |actual - expected| <= 1e-8 * max(1, |expected|).
bool numbers_agree(double actual, double expected);

// Runs every case of an ACTUS test-bed file and compares the event sequence
// and each event's date, type, payoff, notional, rate and accrued interest.
// Throws std::runtime_error when the file cannot be read or parsed.
std::vector<CaseResult> run_file(const std::string& json_path);

// "N passed, M failed".
std::string summary_line(const std::vector<CaseResult>& results);

}  // namespace sluice::actus
