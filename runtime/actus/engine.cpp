// ACTUS event generation and evaluation for PAM, LAM, NAM and ANN.
#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "actus/actus.hpp"

namespace sluice::actus {
namespace {

// Processing order of events on the same date (the ACTUS event sequence).
int sequence(EventType t) {
    switch (t) {
        case EventType::IED: return 20;
        case EventType::PR: return 30;
        case EventType::IP: return 40;
        case EventType::IPCI: return 50;
        case EventType::FP: return 60;
        case EventType::RR: return 100;
        case EventType::RRF: return 100;
        case EventType::PRF: return 105;
        case EventType::SC: return 110;
        case EventType::IPCB: return 120;
        case EventType::PRD: return 130;
        case EventType::TD: return 140;
        case EventType::MD: return 160;
    }
    return 0;
}

struct Scheduled {
    Date raw;    // schedule date (before business-day shifting)
    Date event;  // event date
    Date calc;   // date used for accrual
    EventType type;
};

bool before(const Scheduled& a, const Scheduled& b) {
    if (a.event != b.event) return a.event < b.event;
    return sequence(a.type) < sequence(b.type);
}

struct State {
    double nt = 0, ipnr = 0, ipac = 0, ipcb = 0, prnxt = 0, nsc = 1, isc = 1;
    Date sd;  // calc date of the last event
};

bool amortizing(const Terms& t) { return t.contract_type != ContractType::PAM; }

Cycle pr_cycle(const Terms& t) {
    if (!t.pr_cycle) throw std::runtime_error("cycleOfPrincipalRedemption is required");
    return *t.pr_cycle;
}

Date pr_anchor(const Terms& t) {
    if (t.pr_anchor) return *t.pr_anchor;
    return shift_by_cycle(t.initial_exchange_date, pr_cycle(t), 1);
}

std::optional<Date> ip_anchor(const Terms& t) {
    if (t.ip_anchor) return t.ip_anchor;
    if (t.ip_cycle) return shift_by_cycle(t.initial_exchange_date, *t.ip_cycle, 1);
    return std::nullopt;
}

class Engine {
public:
    Engine(const Terms& t, const MarketData& m)
        : t_(t),
          m_(m),
          maturity_(effective_maturity(t)),
          maturity_end_of_day_(t.maturity_date ? t.maturity_end_of_day
                                               : ((t.contract_type == ContractType::ANN ||
                                                   t.contract_type == ContractType::NAM) &&
                                                  t.amortization_date && t.amortization_end_of_day)) {}

    std::vector<Event> run(std::optional<Date> to);

private:
    double yf(Date a, Date b) const {
        return cal::year_fraction(t_.day_count, a, b,
                                  t_.day_count_isda_termination ? std::optional<Date>(maturity_) : std::nullopt);
    }
    Scheduled make(Date raw, EventType type, bool shifted) const {
        Scheduled e{raw, raw, raw, type};
        if (shifted) {
            e.event = shift_event_date(t_.bdc, t_.calendar, raw);
            e.calc = shift_calc_date(t_.bdc, t_.calendar, raw);
        }
        // a maturity or termination at the end of its day accrues that day
        if ((raw == maturity_ && maturity_end_of_day_ && type != EventType::TD) ||
            (type == EventType::TD && t_.termination_end_of_day))
            e.calc = cal::add_days(e.calc, 1);
        return e;
    }
    std::vector<Scheduled> generate(std::optional<Date> to) const;
    void init_state(State& s) const;
    double annuity(const State& s, bool include_status_date = false) const;
    double linear_redemption(const State& s) const;
    double apply(const Scheduled& e, State& s) const;  // returns the payoff
    double accrue(const State& s, Date calc) const { return yf(s.sd, calc) * s.ipnr * s.ipcb; }

    const Terms& t_;
    const MarketData& m_;
    Date maturity_;
    bool maturity_end_of_day_;  // the maturity accrues to the end of its day
};

std::vector<Scheduled> Engine::generate(std::optional<Date> to) const {
    std::vector<Scheduled> ev;
    const bool amort = amortizing(t_);
    auto add_all = [&](const std::vector<Date>& dates, EventType type) {
        for (Date d : dates) ev.push_back(make(d, type, true));
    };

    ev.push_back(make(t_.initial_exchange_date, EventType::IED, false));
    ev.push_back(make(maturity_, EventType::MD, amort));
    if (t_.purchase_date) ev.push_back(make(*t_.purchase_date, EventType::PRD, false));

    if (amort) {
        add_all(schedule(pr_anchor(t_), maturity_, pr_cycle(t_), t_.eom, false), EventType::PR);
        if (t_.contract_type == ContractType::ANN && !t_.next_principal_redemption) {
            Date prf = cal::add_days(pr_anchor(t_), -1);
            if (prf > t_.initial_exchange_date) ev.push_back(make(prf, EventType::PRF, true));
        }
    }

    // interest payments, capitalized up to the capitalization end date
    if (auto ipanx = ip_anchor(t_)) {
        auto dates = schedule(*ipanx, maturity_, t_.ip_cycle, t_.eom, true);
        for (Date d : dates) {
            auto e = make(d, EventType::IP, true);
            if (t_.capitalization_end_date && d <= *t_.capitalization_end_date) e.type = EventType::IPCI;
            ev.push_back(e);
        }
        if (t_.capitalization_end_date)
            ev.push_back(make(*t_.capitalization_end_date, EventType::IPCI, true));
    } else if (t_.capitalization_end_date) {
        ev.push_back(make(*t_.capitalization_end_date, EventType::IPCI, true));
    }

    if (amort && t_.icb == InterestCalculationBase::NTL && t_.icb_anchor)
        add_all(schedule(t_.icb_anchor, maturity_, t_.icb_cycle, t_.eom, false), EventType::IPCB);

    // rate resets; the first one after the status date is fixed when a next
    // reset rate is given
    if (t_.rr_anchor || t_.rr_cycle) {
        auto dates = schedule(t_.rr_anchor, maturity_, t_.rr_cycle, t_.eom, false);
        bool fixed = !t_.next_reset_rate.has_value();
        std::vector<Scheduled> rr;
        for (Date d : dates) rr.push_back(make(d, EventType::RR, true));
        std::sort(rr.begin(), rr.end(), before);
        for (auto& e : rr) {
            if (!fixed && e.event > t_.status_date) {
                e.type = EventType::RRF;
                fixed = true;
            }
            ev.push_back(e);
            if (t_.contract_type == ContractType::ANN) {
                auto f = e;
                f.type = EventType::PRF;
                ev.push_back(f);
            }
        }
    }

    if (t_.scaling_effect.find_first_of("IN") != std::string::npos && t_.sc_anchor)
        add_all(schedule(t_.sc_anchor, maturity_, t_.sc_cycle, t_.eom, false), EventType::SC);

    // de-duplicate (same event date and type), order
    std::sort(ev.begin(), ev.end(), before);
    ev.erase(std::unique(ev.begin(), ev.end(),
                         [](const Scheduled& a, const Scheduled& b) { return a.event == b.event && a.type == b.type; }),
             ev.end());

    if (t_.termination_date) {
        Scheduled td = make(*t_.termination_date, EventType::TD, false);
        std::erase_if(ev, [&](const Scheduled& e) { return before(td, e); });
        ev.push_back(td);
        std::sort(ev.begin(), ev.end(), before);
    }
    // drop events up to the status date and after `to`
    std::erase_if(ev, [&](const Scheduled& e) { return e.event <= t_.status_date; });
    Date until = to.value_or(maturity_);
    std::erase_if(ev, [&](const Scheduled& e) { return e.event > until; });
    return ev;
}

double Engine::annuity(const State& s, bool include_status_date) const {
    Date end = t_.amortization_date.value_or(maturity_);
    auto dates = schedule(pr_anchor(t_), end, pr_cycle(t_), t_.eom, true);
    if (!dates.empty() && dates.back() == end &&
        (t_.amortization_date ? t_.amortization_end_of_day : t_.maturity_end_of_day))
        dates.back() = cal::add_days(end, 1);
    std::erase_if(dates, [&](Date d) { return include_status_date ? d < s.sd : d <= s.sd; });
    if (dates.empty()) return 0.0;
    const double r = s.ipnr;
    const std::size_t n = dates.size();
    // prod_{i=1..n-1} (1 + r*Y(t_{i-1}, t_i)) over the remaining dates and the
    // sum of its tails, per the ACTUS annuity formula
    std::vector<double> growth(n, 1.0);  // growth[i] = 1 + r*Y(t_{i-1}, t_i), i >= 1
    for (std::size_t i = 1; i < n; ++i) growth[i] = 1.0 + r * yf(dates[i - 1], dates[i]);
    double sum = 0.0;
    for (std::size_t i = 1; i < n; ++i) {
        double p = 1.0;
        for (std::size_t j = i; j < n; ++j) p *= growth[j];
        sum += p;
    }
    double prod = 1.0;
    for (std::size_t i = 1; i < n; ++i) prod *= growth[i];
    double scale = s.nt + s.ipac + yf(s.sd, dates[0]) * r * s.nt;
    return t_.role_sign * scale * prod / (1.0 + sum);
}

double Engine::linear_redemption(const State& s) const {
    auto dates = schedule(pr_anchor(t_), maturity_, pr_cycle(t_), t_.eom, true);
    std::erase_if(dates, [&](Date d) { return d <= s.sd; });
    if (dates.empty()) return 0.0;
    return t_.notional_principal / static_cast<double>(dates.size());
}

void Engine::init_state(State& s) const {
    s.sd = t_.status_date;
    s.nsc = t_.notional_scaling_multiplier;
    s.isc = t_.interest_scaling_multiplier;
    if (t_.initial_exchange_date > t_.status_date) return;
    const double R = t_.role_sign;
    s.nt = R * t_.notional_principal;
    s.ipnr = t_.nominal_interest_rate;
    s.ipcb = (t_.icb == InterestCalculationBase::NTL) ? R * t_.icb_amount.value_or(t_.notional_principal) : s.nt;
    if (t_.accrued_interest) {
        s.ipac = R * *t_.accrued_interest;
    } else {
        // accrued since the last interest payment before the status date;
        // none when no payment precedes it
        std::optional<Date> last;
        if (auto ipanx = ip_anchor(t_)) {
            for (Date d : schedule(*ipanx, maturity_, t_.ip_cycle, t_.eom, true))
                if (d < t_.status_date) last = d;
        }
        s.ipac = last ? yf(*last, t_.status_date) * s.nt * s.ipnr : 0.0;
    }
    if (t_.next_principal_redemption) s.prnxt = *t_.next_principal_redemption;
    else if (t_.contract_type == ContractType::ANN || t_.contract_type == ContractType::NAM) s.prnxt = annuity(s);
    else if (t_.contract_type == ContractType::LAM) s.prnxt = linear_redemption(s);
}

double Engine::apply(const Scheduled& e, State& s) const {
    const double R = t_.role_sign;
    const Date c = e.calc;
    const bool ntl = t_.icb == InterestCalculationBase::NTL;
    auto rebase = [&] {
        if (!amortizing(t_) || !ntl) s.ipcb = s.nt;
    };
    double payoff = 0.0;
    switch (e.type) {
        case EventType::IED: {
            s.nt = R * t_.notional_principal;
            s.ipnr = t_.nominal_interest_rate;
            s.ipcb = (amortizing(t_) && ntl) ? R * t_.icb_amount.value_or(t_.notional_principal) : s.nt;
            if (t_.accrued_interest) s.ipac = R * *t_.accrued_interest;
            else if (auto ipanx = ip_anchor(t_); ipanx && *ipanx < c) s.ipac = yf(*ipanx, c) * s.nt * s.ipnr;
            else s.ipac = 0.0;
            s.sd = c;
            payoff = -R * (t_.notional_principal + t_.premium_discount_at_ied);
            if (t_.next_principal_redemption) s.prnxt = *t_.next_principal_redemption;
            else if (t_.contract_type == ContractType::LAM) s.prnxt = linear_redemption(s);
            else if (amortizing(t_)) s.prnxt = annuity(s, true);
            break;
        }
        case EventType::PR: {
            double ipac = s.ipac + accrue(s, c);
            double amount;  // redemption in units of the notional's magnitude
            if (t_.contract_type == ContractType::LAM) amount = s.prnxt;
            else amount = s.prnxt - R * ipac;
            double paid = R * std::min(std::abs(s.nt), amount);
            payoff = s.nsc * paid;
            s.ipac = ipac;
            s.nt -= paid;
            rebase();
            s.sd = c;
            break;
        }
        case EventType::IP:
            payoff = s.isc * (s.ipac + accrue(s, c));
            s.ipac = 0.0;
            s.sd = c;
            break;
        case EventType::IPCI:
            s.nt += s.ipac + accrue(s, c);
            s.ipac = 0.0;
            rebase();
            s.sd = c;
            break;
        case EventType::IPCB:
            s.ipac += accrue(s, c);
            s.ipcb = s.nt;
            s.sd = c;
            break;
        case EventType::FP: break;
        case EventType::RR: {
            s.ipac += accrue(s, c);
            double rate = observe(m_, t_.rr_market_object, e.event) * t_.rate_multiplier + t_.rate_spread;
            double delta = rate - s.ipnr;
            if (t_.period_cap) delta = std::min(delta, *t_.period_cap);
            if (t_.period_floor) delta = std::max(delta, -*t_.period_floor);
            rate = s.ipnr + delta;
            if (t_.life_cap) rate = std::min(rate, *t_.life_cap);
            if (t_.life_floor) rate = std::max(rate, *t_.life_floor);
            s.ipnr = rate;
            s.sd = c;
            break;
        }
        case EventType::RRF:
            s.ipac += accrue(s, c);
            s.ipnr = *t_.next_reset_rate;
            s.sd = c;
            break;
        case EventType::PRF:
            s.ipac += accrue(s, c);
            s.sd = c;
            s.prnxt = annuity(s);
            break;
        case EventType::SC: {
            s.ipac += accrue(s, c);
            double ratio = observe(m_, t_.sc_market_object, e.event) / t_.scaling_index_at_cdd;
            if (t_.scaling_effect.size() > 0 && t_.scaling_effect[0] == 'I') s.isc = ratio;
            if (t_.scaling_effect.size() > 1 && t_.scaling_effect[1] == 'N') s.nsc = ratio;
            s.sd = c;
            break;
        }
        case EventType::PRD: {
            double acc = accrue(s, c);
            // as in the reference implementation, the (signed) accrued
            // interest is added to the unsigned price before the role sign
            payoff = -R * (t_.price_at_purchase + s.ipac + acc);
            s.ipac += acc;
            s.sd = c;
            break;
        }
        case EventType::TD: {
            payoff = R * (t_.price_at_termination + s.ipac + accrue(s, c));
            s.nt = 0.0;
            s.ipac = 0.0;
            rebase();
            s.sd = c;
            break;
        }
        case EventType::MD:
            payoff = s.nsc * s.nt + s.isc * (s.ipac + accrue(s, c));
            s.nt = 0.0;
            s.ipac = 0.0;
            rebase();
            s.sd = c;
            break;
    }
    return payoff;
}

std::vector<Event> Engine::run(std::optional<Date> to) {
    auto sched = generate(to);
    State s;
    init_state(s);
    std::vector<Event> out;
    out.reserve(sched.size());
    for (const auto& e : sched) {
        double payoff = apply(e, s);
        out.push_back({e.event, e.type, payoff, s.nt, s.ipnr, s.ipac});
    }
    if (t_.purchase_date) {
        Date pd = *t_.purchase_date;
        std::erase_if(out, [&](const Event& e) {
            return e.date < pd || (e.date == pd && sequence(e.type) < sequence(EventType::PRD));
        });
    }
    return out;
}

}  // namespace

Date effective_maturity(const Terms& t) {
    if (t.maturity_date) return *t.maturity_date;
    switch (t.contract_type) {
        case ContractType::PAM: throw std::runtime_error("PAM requires maturityDate");
        case ContractType::LAM: {
            if (!t.next_principal_redemption) throw std::runtime_error("LAM requires maturityDate or nextPrincipalRedemptionPayment");
            const Cycle c = pr_cycle(t);
            Date last = pr_anchor(t);
            int remaining = static_cast<int>(std::ceil(t.notional_principal / *t.next_principal_redemption)) - 1;
            if (last < t.status_date) {
                auto prev = schedule(last, t.status_date, c, t.eom, true);
                std::erase(prev, t.status_date);
                last = prev.back();
                remaining += 1;
            }
            Date m = shift_by_cycle(last, c, remaining);
            const bool months = c.unit != 'D' && c.unit != 'W';
            if (months && t.eom == EndOfMonth::EndOfMonth && cal::is_end_of_month(last))
                m = Date{m.year, m.month, cal::days_in_month(m.year, m.month)};
            return m;
        }
        case ContractType::NAM:
        case ContractType::ANN: {
            if (t.amortization_date) return *t.amortization_date;
            if (!t.next_principal_redemption) throw std::runtime_error("ANN/NAM requires maturityDate, amortizationDate or nextPrincipalRedemptionPayment");
            const Cycle c = pr_cycle(t);
            Date last = pr_anchor(t);
            if (last < t.status_date) {
                Date ied_next = shift_by_cycle(t.initial_exchange_date, c, 1);
                if (ied_next >= t.status_date) last = ied_next;
                else {
                    auto prev = schedule(last, t.status_date, c, t.eom, true);
                    std::erase_if(prev, [&](Date d) { return d <= t.status_date; });
                    if (!prev.empty()) last = prev.back();
                }
            }
            double y = cal::year_fraction(t.day_count, last, shift_by_cycle(last, c, 1));
            double per_cycle = *t.next_principal_redemption - y * t.nominal_interest_rate * t.notional_principal;
            int remaining = static_cast<int>(std::ceil(t.notional_principal / per_cycle)) - 1;
            return shift_event_date(t.bdc, t.calendar, shift_by_cycle(last, c, remaining));
        }
    }
    throw std::runtime_error("unknown contract type");
}

std::vector<Event> compute_events(const Terms& t, const MarketData& m, std::optional<Date> to) {
    Engine e(t, m);
    return e.run(to);
}

}  // namespace sluice::actus
