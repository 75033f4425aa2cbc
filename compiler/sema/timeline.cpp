// A term sheet's dates. A pool cut off on one date collects by whole
// collection periods from it (`cutoff` is the schedule's start), while the
// notes settle later (`settlement`) and are paid on a fixed day of the month
// after each collection period (`payment_day`). And `wal from ... on ...`:
// the date and day count every time-weighted metric measures from.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "calendar/day_count.hpp"
#include "sema/checker.hpp"

namespace sluice::sema {

void Checker::timeline(const ast::Setting* start, const ast::Setting* cutoff, const ast::Setting* settlement, const ast::Setting* payment_day,
                       const ast::Setting* first_payment) {
  if (cutoff && start) {
    diags.error(DiagCode::BadSetting, start->span, "a deal with a `cutoff` starts its collection periods there: it has no `start`")
        .hints.push_back("drop `start`; the notes' closing date is `settlement`");
    return;
  }
  const ast::Setting* needs_cutoff = settlement ? settlement : payment_day;
  if (!cutoff && needs_cutoff) {
    diags.error(DiagCode::BadSetting, needs_cutoff->span, fmt::format("`{}` needs a `cutoff`: the date the pool's collections start", needs_cutoff->name))
        .hints.push_back("add `cutoff 2025-01-01` in place of `start`");
    return;
  }
  if (!cutoff) return;
  m.deal.has_cutoff = true;
  if (first_payment) {
    diags.error(DiagCode::BadSetting, first_payment->span, "a deal with a `cutoff` takes its payment dates from `payment_day`, not `first_payment`")
        .hints.push_back("write `payment_day 15` to pay on the 15th of the month after each collection period");
    return;
  }
  if (payment_day) {
    const int day = std::atoi(payment_day->text.c_str());
    if (payment_day->text.size() > 2 || day < 1 || day > 31) {
      diags.error(DiagCode::BadSetting, payment_day->value_span, fmt::format("`{}` is not a day of the month (1 to 31)", payment_day->text))
          .hints.push_back("a day past the month's end pays on its last day");
      return;
    }
    m.deal.payment_day = day;
  }
  if (settlement) {
    auto d = cal::parse_date(settlement->text);
    if (!d) {
      diags.error(DiagCode::BadDate, settlement->value_span, fmt::format("`{}` is not a calendar date", settlement->text));
      return;
    }
    // The notes settle on or after the cut-off and before the first
    // payment date (the first collection period's end, or the payment day
    // of the month after it).
    const cal::Date first_end = cal::add_months(m.deal.start, m.deal.months_per_period, cal::is_end_of_month(m.deal.start));
    cal::Date first_pay = first_end;
    if (m.deal.payment_day > 0) {
      const cal::Date last = cal::add_days(first_end, -1);
      const cal::Date month = cal::add_months(cal::Date{last.year, last.month, 1}, 1, false);
      first_pay = cal::Date{month.year, month.month, std::min(m.deal.payment_day, cal::days_in_month(month.year, month.month))};
    }
    if (*d < m.deal.start || !(*d < first_pay)) {
      diags.error(DiagCode::BadSetting, settlement->value_span,
                  fmt::format("the notes must settle on or after the cut-off ({}) and before the first payment date ({})", cal::format_date(m.deal.start),
                              cal::format_date(first_pay)))
          .hints.push_back("interest on the notes accrues from settlement to the first payment date");
      return;
    }
    m.deal.settlement = *d;
  }
}

void Checker::wal_basis(const ast::Setting& s) {
  if (!s.text.empty()) {
    if (s.text != "start" && !m.deal.has_cutoff) {
      diags.error(DiagCode::BadSetting, s.value_span, fmt::format("the deal has no `{}` to measure the WAL from", s.text))
          .hints.push_back("measure it `from start`, or give the deal a `cutoff` (and a `settlement`)");
      return;
    }
    m.deal.wal_origin = s.text;
  }
  if (!s.rule.empty()) {
    std::string lower;
    for (char c : s.rule)
      if (c != ' ' && c != '\t') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "months/12") {
      // SIFMA's count of months runs from the pool's start, never from settlement.
      if (m.deal.wal_origin == "settlement") {
        diags.error(DiagCode::BadSetting, s.rule_span, "months/12 counts the pool's months from its start or cut-off, not from settlement")
            .hints.push_back("write `wal from cutoff on months/12`, or a day count such as `wal from settlement on 30/360`");
        return;
      }
      m.deal.wal_day_count = std::nullopt;
    } else if (auto dc = cal::parse_day_count(s.rule)) {
      m.deal.wal_day_count = *dc;
    } else {
      auto& d = diags.error(DiagCode::BadSetting, s.rule_span, fmt::format("unknown WAL basis `{}`", s.rule));
      d.hints.push_back("use a day count (30/360, ACT/360, ACT/365F, ...) or months/12 (SIFMA: months from the start over 12)");
    }
  }
}

// `day_count "ACT/360"` in a tranche, convertible or facility: the notes'
// own accrual convention (a money-market A-1 note on a 30/360 deal). A
// quoted string, because a day count is not an expression.
void Checker::note_day_count(EntityId id) {
  const auto* p = m.prop(id, vocab::PropId::DayCount);
  if (!p) return;
  const auto& c = p->clauses[0];
  if (p->clauses.size() != 1 || !c.words.empty() || !c.value || c.value->kind != ast::ExprKind::String || !cal::parse_day_count(c.value->text)) {
    auto& d = diags.error(DiagCode::BadPropertyForm, c.value ? c.value->span : p->span, "a note's `day_count` is a day count in quotes, such as `day_count \"ACT/360\"`");
    d.hints.push_back("use \"30/360\", \"30E/360\", \"30/360 US\", \"30E/360 ISDA\", \"ACT/360\", \"ACT/365F\" or \"ACT/ACT ISDA\"");
  }
}

}  // namespace sluice::sema
