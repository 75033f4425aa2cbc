// Conformance runner for the ACTUS test beds (actusfrf/actus-tests format).
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "actus/actus.hpp"

namespace sluice::actus {
namespace {

double as_number(const nlohmann::json& v) {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        std::string s = v.get<std::string>();
        std::size_t b = s.find_first_not_of(" \t");
        if (b == std::string::npos) return 0.0;
        return std::stod(s.substr(b));
    }
    if (v.is_null()) return 0.0;
    throw std::runtime_error("not a number: " + v.dump());
}

std::string num(double x) { return fmt::format("{:.10g}", x); }

CaseResult run_case(const std::string& id, const nlohmann::json& c) {
    CaseResult r{id, false, ""};
    try {
        Terms terms = parse_terms(c.at("terms"));
        MarketData market = parse_market_data(c.value("dataObserved", nlohmann::json::object()));
        std::optional<Date> to;
        if (c.contains("to") && c["to"].is_string() && c["to"].get<std::string>().size() >= 10) {
            to = cal::parse_date(std::string_view(c["to"].get_ref<const std::string&>()).substr(0, 10));
            if (!to) throw std::runtime_error("bad 'to' date");
        }
        auto actual = compute_events(terms, market, to);
        const auto& expected = c.at("results");
        const std::size_t n = std::max(actual.size(), expected.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (i >= expected.size()) {
                const auto& a = actual[i];
                r.first_difference = fmt::format("{}: event {} ({} {}): unexpected extra event", id, i + 1,
                                                 cal::format_date(a.date), event_type_name(a.type));
                return r;
            }
            const auto& e = expected[i];
            std::string edate = e.at("eventDate").get<std::string>().substr(0, 10);
            std::string etype = e.at("eventType").get<std::string>();
            if (i >= actual.size()) {
                r.first_difference =
                    fmt::format("{}: event {} ({} {}): missing (only {} events computed)", id, i + 1, edate, etype,
                                actual.size());
                return r;
            }
            const auto& a = actual[i];
            std::string adate = cal::format_date(a.date);
            if (adate != edate || event_type_name(a.type) != etype) {
                r.first_difference = fmt::format("{}: event {}: got {} {}, expected {} {}", id, i + 1, adate,
                                                 event_type_name(a.type), edate, etype);
                return r;
            }
            struct Field {
                const char* name;
                double actual;
                const char* key;
            };
            const Field fields[] = {{"payoff", a.payoff, "payoff"},
                                    {"notionalPrincipal", a.notional_principal, "notionalPrincipal"},
                                    {"nominalInterestRate", a.nominal_interest_rate, "nominalInterestRate"},
                                    {"accruedInterest", a.accrued_interest, "accruedInterest"}};
            for (const auto& f : fields) {
                if (!e.contains(f.key)) continue;
                double x = as_number(e[f.key]);
                if (!numbers_agree(f.actual, x)) {
                    r.first_difference = fmt::format("{}: event {} ({} {}): {} {} expected {}", id, i + 1, edate,
                                                     etype, f.name, num(f.actual), num(x));
                    return r;
                }
            }
        }
        r.pass = true;
    } catch (const std::exception& ex) {
        r.first_difference = fmt::format("{}: error: {}", id, ex.what());
    }
    return r;
}

}  // namespace

bool numbers_agree(double actual, double expected) {
    if (!std::isfinite(actual)) return false;
    return std::abs(actual - expected) <= 1e-8 * std::max(1.0, std::abs(expected));
}

std::vector<CaseResult> run_file(const std::string& json_path) {
    std::ifstream in(json_path);
    if (!in) throw std::runtime_error("cannot open " + json_path);
    nlohmann::json doc;
    try {
        in >> doc;
    } catch (const nlohmann::json::exception& ex) {
        throw std::runtime_error(json_path + ": " + ex.what());
    }
    std::vector<CaseResult> out;
    for (auto it = doc.begin(); it != doc.end(); ++it) out.push_back(run_case(it.key(), it.value()));
    return out;
}

std::string summary_line(const std::vector<CaseResult>& results) {
    std::size_t pass = 0;
    for (const auto& r : results) pass += r.pass ? 1 : 0;
    return fmt::format("{} passed, {} failed", pass, results.size() - pass);
}

}  // namespace sluice::actus
