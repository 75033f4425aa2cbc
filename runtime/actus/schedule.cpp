// ACTUS schedules and business-day conventions.
#include <algorithm>

#include "actus/actus.hpp"

namespace sluice::actus {

namespace {
int months_of(const Cycle& c) {
    switch (c.unit) {
        case 'M': return c.n;
        case 'Q': return 3 * c.n;
        case 'H': return 6 * c.n;
        case 'Y': return 12 * c.n;
        default: return 0;
    }
}
}  // namespace

Date shift_by_cycle(Date d, const Cycle& c, int k) {
    if (c.unit == 'D') return cal::add_days(d, static_cast<std::int64_t>(c.n) * k);
    if (c.unit == 'W') return cal::add_days(d, static_cast<std::int64_t>(7) * c.n * k);
    return cal::add_months(d, months_of(c) * k, false);
}

std::vector<Date> schedule(std::optional<Date> start, Date end, std::optional<Cycle> cycle, EndOfMonth eom,
                           bool add_end) {
    std::vector<Date> out;
    if (!cycle) {
        if (start) out.push_back(*start);
        if (add_end) out.push_back(end);
        else if (start && *start == end) out.clear();
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    if (!start) return out;
    const bool eom_rule = eom == EndOfMonth::EndOfMonth && months_of(*cycle) > 0 && cal::is_end_of_month(*start);
    auto at = [&](int k) {
        if (cycle->unit == 'D' || cycle->unit == 'W') return shift_by_cycle(*start, *cycle, k);
        return cal::add_months(*start, months_of(*cycle) * k, eom_rule);
    };
    Date t = *start;
    int k = 1;
    while (t < end) {
        out.push_back(t);
        t = at(k);
        ++k;
    }
    // t is now the first cyclic date on or after end
    if (add_end) out.push_back(end);
    else if (*start == end) std::erase(out, *start);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (cycle->long_stub && out.size() > 2 && t != end) {
        // drop the last cyclic date before end: the final period becomes long
        std::erase(out, at(k - 2));
    }
    return out;
}

bool is_business_day(Calendar c, Date d) {
    if (c == Calendar::NoCalendar) return true;
    // 1970-01-01 was a Thursday: serial 0 -> weekday index 3 (Mon = 0).
    auto s = cal::to_serial(d);
    int wd = static_cast<int>(((s % 7) + 7 + 3) % 7);
    return wd < 5;
}

namespace {
Date following(Calendar c, Date d) {
    while (!is_business_day(c, d)) d = cal::add_days(d, 1);
    return d;
}
Date preceding(Calendar c, Date d) {
    while (!is_business_day(c, d)) d = cal::add_days(d, -1);
    return d;
}
Date shift(BusinessDayConvention b, Calendar c, Date d) {
    using B = BusinessDayConvention;
    switch (b) {
        case B::NOS: return d;
        case B::SCF:
        case B::CSF: return following(c, d);
        case B::SCP:
        case B::CSP: return preceding(c, d);
        case B::SCMF:
        case B::CSMF: {
            Date f = following(c, d);
            return f.month == d.month ? f : preceding(c, d);
        }
        case B::SCMP:
        case B::CSMP: {
            Date p = preceding(c, d);
            return p.month == d.month ? p : following(c, d);
        }
    }
    return d;
}
}  // namespace

Date shift_event_date(BusinessDayConvention b, Calendar c, Date d) { return shift(b, c, d); }

Date shift_calc_date(BusinessDayConvention b, Calendar c, Date d) {
    using B = BusinessDayConvention;
    switch (b) {
        case B::SCF:
        case B::SCMF:
        case B::SCP:
        case B::SCMP: return shift(b, c, d);
        default: return d;
    }
}

}  // namespace sluice::actus
