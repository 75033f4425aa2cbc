// ACTUS term parsing, market data and event-type names.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "actus/actus.hpp"

namespace sluice::actus {
namespace {

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

// The value of a term as a trimmed string; nullopt when absent or blank.
std::optional<std::string> text(const nlohmann::json& t, const char* key) {
    auto it = t.find(key);
    if (it == t.end() || it->is_null()) return std::nullopt;
    std::string s = it->is_string() ? trim(it->get<std::string>()) : trim(it->dump());
    if (s.empty()) return std::nullopt;
    return s;
}

[[noreturn]] void bad(const char* key, const std::string& v) {
    throw std::runtime_error(std::string("ACTUS term ") + key + ": unsupported value '" + v + "'");
}

double to_double(const char* key, const std::string& s) {
    try {
        std::size_t pos = 0;
        double v = std::stod(s, &pos);
        if (pos != s.size()) bad(key, s);
        return v;
    } catch (const std::logic_error&) {
        bad(key, s);
    }
}

std::optional<double> number(const nlohmann::json& t, const char* key) {
    auto s = text(t, key);
    if (!s) return std::nullopt;
    return to_double(key, *s);
}

// "2013-01-01T00:00:00", "2013-01-01T00:00" or "2013-01-01": the date part.
std::optional<Date> date_of(const std::string& s) { return cal::parse_date(std::string_view(s).substr(0, 10)); }

std::optional<Date> date(const nlohmann::json& t, const char* key) {
    auto s = text(t, key);
    if (!s) return std::nullopt;
    auto d = date_of(*s);
    if (!d) bad(key, *s);
    return d;
}

// True when the term carries a time of day other than midnight.
bool end_of_day(const nlohmann::json& t, const char* key) {
    auto s = text(t, key);
    if (!s || s->size() <= 11) return false;
    std::string time = s->substr(11);
    return time.find_first_not_of("0:.") != std::string::npos;
}

std::optional<Cycle> cycle(const nlohmann::json& t, const char* key) {
    auto s = text(t, key);
    if (!s) return std::nullopt;
    auto c = parse_cycle(*s);
    if (!c) bad(key, *s);
    return c;
}

}  // namespace

std::optional<Cycle> parse_cycle(std::string_view s) {
    // P <digits> <unit> [L <0|1>]
    if (s.size() < 3 || s[0] != 'P') return std::nullopt;
    std::size_t i = 1;
    int n = 0;
    auto [p, ec] = std::from_chars(s.data() + i, s.data() + s.size(), n);
    if (ec != std::errc() || n <= 0) return std::nullopt;
    i = static_cast<std::size_t>(p - s.data());
    if (i >= s.size()) return std::nullopt;
    char unit = s[i++];
    if (std::string_view("DWMQHY").find(unit) == std::string_view::npos) return std::nullopt;
    Cycle c;
    c.n = n;
    c.unit = unit;
    if (i < s.size()) {
        if (s.size() != i + 2 || s[i] != 'L' || (s[i + 1] != '0' && s[i + 1] != '1')) return std::nullopt;
        // ACTUS stub codes: 0 = long final stub, 1 = short final stub
        c.long_stub = s[i + 1] == '0';
    }
    return c;
}

std::optional<cal::DayCount> parse_actus_day_count(std::string_view s) {
    if (s == "A365") return cal::DayCount::Act365Fixed;
    if (s == "A360") return cal::DayCount::Act360;
    if (s == "AA") return cal::DayCount::ActActISDA;
    if (s == "30E360") return cal::DayCount::Thirty360European;
    if (s == "30E360ISDA") return cal::DayCount::Thirty360EuropeanISDA;
    return std::nullopt;
}

Terms parse_terms(const nlohmann::json& t) {
    Terms r;
    r.contract_id = text(t, "contractID").value_or("");
    auto ct = text(t, "contractType").value_or("");
    if (ct == "PAM") r.contract_type = ContractType::PAM;
    else if (ct == "LAM") r.contract_type = ContractType::LAM;
    else if (ct == "NAM") r.contract_type = ContractType::NAM;
    else if (ct == "ANN") r.contract_type = ContractType::ANN;
    else bad("contractType", ct);

    auto role = text(t, "contractRole").value_or("RPA");
    if (role == "RPA" || role == "RFL" || role == "BUY" || role == "LG") r.role_sign = 1.0;
    else if (role == "RPL" || role == "PFL" || role == "SEL" || role == "ST") r.role_sign = -1.0;
    else bad("contractRole", role);

    auto sd = date(t, "statusDate");
    auto ied = date(t, "initialExchangeDate");
    if (!sd) bad("statusDate", "");
    if (!ied) bad("initialExchangeDate", "");
    r.status_date = *sd;
    r.initial_exchange_date = *ied;
    r.maturity_date = date(t, "maturityDate");
    r.amortization_date = date(t, "amortizationDate");
    r.maturity_end_of_day = end_of_day(t, "maturityDate");
    r.amortization_end_of_day = end_of_day(t, "amortizationDate");
    r.termination_end_of_day = end_of_day(t, "terminationDate");
    r.notional_principal = number(t, "notionalPrincipal").value_or(0.0);
    r.nominal_interest_rate = number(t, "nominalInterestRate").value_or(0.0);

    auto dc = text(t, "dayCountConvention").value_or("A365");
    auto pdc = parse_actus_day_count(dc);
    if (!pdc) bad("dayCountConvention", dc);
    r.day_count = *pdc;
    r.day_count_isda_termination = (*pdc == cal::DayCount::Thirty360EuropeanISDA);

    auto eom = text(t, "endOfMonthConvention").value_or("SD");
    if (eom == "SD") r.eom = EndOfMonth::SameDay;
    else if (eom == "EOM") r.eom = EndOfMonth::EndOfMonth;
    else bad("endOfMonthConvention", eom);

    auto bdc = text(t, "businessDayConvention").value_or("NOS");
    using B = BusinessDayConvention;
    static const std::pair<const char*, B> bdcs[] = {{"NOS", B::NOS},   {"SCF", B::SCF}, {"SCMF", B::SCMF},
                                                     {"CSF", B::CSF},   {"CSMF", B::CSMF}, {"SCP", B::SCP},
                                                     {"SCMP", B::SCMP}, {"CSP", B::CSP}, {"CSMP", B::CSMP}};
    bool found = false;
    for (auto& [name, v] : bdcs)
        if (bdc == name) r.bdc = v, found = true;
    if (!found) bad("businessDayConvention", bdc);

    auto calendar = text(t, "calendar").value_or("NC");
    if (calendar == "NC" || calendar == "NOCALENDAR") r.calendar = Calendar::NoCalendar;
    else if (calendar == "MF" || calendar == "MONDAYTOFRIDAY") r.calendar = Calendar::MondayToFriday;
    else bad("calendar", calendar);

    r.premium_discount_at_ied = number(t, "premiumDiscountAtIED").value_or(0.0);
    r.accrued_interest = number(t, "accruedInterest");

    r.ip_anchor = date(t, "cycleAnchorDateOfInterestPayment");
    r.ip_cycle = cycle(t, "cycleOfInterestPayment");
    r.capitalization_end_date = date(t, "capitalizationEndDate");

    r.pr_anchor = date(t, "cycleAnchorDateOfPrincipalRedemption");
    r.pr_cycle = cycle(t, "cycleOfPrincipalRedemption");
    r.next_principal_redemption = number(t, "nextPrincipalRedemptionPayment");

    auto icb = text(t, "interestCalculationBase").value_or("NT");
    if (icb == "NT") r.icb = InterestCalculationBase::NT;
    else if (icb == "NTIED") r.icb = InterestCalculationBase::NTIED;
    else if (icb == "NTL") r.icb = InterestCalculationBase::NTL;
    else bad("interestCalculationBase", icb);
    r.icb_amount = number(t, "interestCalculationBaseAmount");
    r.icb_anchor = date(t, "cycleAnchorDateOfInterestCalculationBase");
    r.icb_cycle = cycle(t, "cycleOfInterestCalculationBase");

    r.rr_anchor = date(t, "cycleAnchorDateOfRateReset");
    r.rr_cycle = cycle(t, "cycleOfRateReset");
    r.rr_market_object = text(t, "marketObjectCodeOfRateReset").value_or("");
    r.rate_multiplier = number(t, "rateMultiplier").value_or(1.0);
    r.rate_spread = number(t, "rateSpread").value_or(0.0);
    r.next_reset_rate = number(t, "nextResetRate");
    r.life_cap = number(t, "lifeCap");
    r.life_floor = number(t, "lifeFloor");
    r.period_cap = number(t, "periodCap");
    r.period_floor = number(t, "periodFloor");

    r.purchase_date = date(t, "purchaseDate");
    r.price_at_purchase = number(t, "priceAtPurchaseDate").value_or(0.0);
    r.termination_date = date(t, "terminationDate");
    r.price_at_termination = number(t, "priceAtTerminationDate").value_or(0.0);

    r.sc_anchor = date(t, "cycleAnchorDateOfScalingIndex");
    r.sc_cycle = cycle(t, "cycleOfScalingIndex");
    r.sc_market_object = text(t, "marketObjectCodeOfScalingIndex").value_or("");
    r.scaling_effect = text(t, "scalingEffect").value_or("OOO");
    r.scaling_index_at_cdd = number(t, "scalingIndexAtContractDealDate").value_or(1.0);
    r.notional_scaling_multiplier = number(t, "notionalScalingMultiplier").value_or(1.0);
    r.interest_scaling_multiplier = number(t, "interestScalingMultiplier").value_or(1.0);

    if (text(t, "cycleOfFee") || text(t, "feeRate")) bad("cycleOfFee", "fees are not supported");
    return r;
}

MarketData parse_market_data(const nlohmann::json& d) {
    MarketData m;
    if (!d.is_object()) return m;
    for (auto it = d.begin(); it != d.end(); ++it) {
        auto& series = m[it.key()];
        const auto& data = it.value().contains("data") ? it.value()["data"] : nlohmann::json::array();
        for (const auto& p : data) {
            std::string ts = p.at("timestamp").get<std::string>();
            auto dt = date_of(ts);
            if (!dt) throw std::runtime_error("market data " + it.key() + ": bad timestamp " + ts);
            const auto& v = p.at("value");
            double x = v.is_string() ? to_double("value", trim(v.get<std::string>())) : v.get<double>();
            series.emplace_back(*dt, x);
        }
        std::stable_sort(series.begin(), series.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    return m;
}

double observe(const MarketData& m, const std::string& code, Date d) {
    auto it = m.find(code);
    if (it == m.end() || it->second.empty()) throw std::runtime_error("no market data for '" + code + "'");
    const auto& s = it->second;
    double v = s.front().second;
    for (const auto& [t, x] : s) {
        if (t > d) break;
        v = x;
    }
    return v;
}

namespace {
constexpr std::pair<EventType, std::string_view> kEventNames[] = {
    {EventType::IED, "IED"}, {EventType::PR, "PR"},   {EventType::IP, "IP"},   {EventType::IPCI, "IPCI"},
    {EventType::FP, "FP"},   {EventType::RRF, "RRF"}, {EventType::RR, "RR"},   {EventType::PRF, "PRF"},
    {EventType::SC, "SC"},   {EventType::IPCB, "IPCB"}, {EventType::PRD, "PRD"}, {EventType::TD, "TD"},
    {EventType::MD, "MD"},
};
}  // namespace

std::string_view event_type_name(EventType t) {
    for (auto& [e, n] : kEventNames)
        if (e == t) return n;
    return "?";
}

std::optional<EventType> parse_event_type(std::string_view s) {
    for (auto& [e, n] : kEventNames)
        if (n == s) return e;
    return std::nullopt;
}

}  // namespace sluice::actus
