#include "montecarlo/risk_workbook.hpp"

#ifdef SLUICE_HAVE_XLSXWRITER
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <xlsxwriter.h>

#include "calendar/date.hpp"
#endif

namespace sluice::mc {

#ifndef SLUICE_HAVE_XLSXWRITER

bool workbook_available() { return false; }

std::optional<std::string> format_risk_xlsx(const RiskReport&, std::string& error) {
  error = "this sluice was built without libxlsxwriter (Debian's libxlsxwriter-dev), so it cannot write a workbook";
  return std::nullopt;
}

#else

bool workbook_available() { return true; }

namespace {

// One sheet being written: a header row, then rows of cells, each number
// in one of the workbook's formats; a value that does not exist is a blank
// cell (as it is an empty CSV cell and a JSON null).
class Sheet {
 public:
  Sheet(lxw_workbook* wb, lxw_format* bold, const char* name, std::initializer_list<const char*> head)
      : ws_(workbook_add_worksheet(wb, name)) {
    lxw_col_t c = 0;
    for (const char* h : head) worksheet_write_string(ws_, 0, c++, h, bold);
    worksheet_set_column(ws_, 0, 0, 24, nullptr);
    worksheet_set_column(ws_, 1, static_cast<lxw_col_t>(head.size()), 13, nullptr);
    worksheet_freeze_panes(ws_, 1, 1);
  }
  Sheet& row() {
    ++row_, col_ = 0;
    return *this;
  }
  Sheet& text(const std::string& s) {
    worksheet_write_string(ws_, row_, col_++, s.c_str(), nullptr);
    return *this;
  }
  Sheet& num(double v, lxw_format* f) {
    if (std::isfinite(v)) worksheet_write_number(ws_, row_, col_, v, f);
    ++col_;
    return *this;
  }
  Sheet& num(const std::optional<double>& v, lxw_format* f) { return num(v ? *v : NAN, f); }

 private:
  lxw_worksheet* ws_;
  lxw_row_t row_ = 0;
  lxw_col_t col_ = 0;
};

struct Formats {
  lxw_format *bold, *money, *percent, *ratio, *years, *period, *count;
  lxw_format* of(vocab::MetricUnit u) const {
    switch (u) {
      case vocab::MetricUnit::Money: return money;
      case vocab::MetricUnit::Percent: return percent;
      case vocab::MetricUnit::Years: return years;
      case vocab::MetricUnit::Period: return period;
      case vocab::MetricUnit::Own: break;
    }
    return ratio;
  }
};

lxw_format* format(lxw_workbook* wb, const char* num_format) {
  lxw_format* f = workbook_add_format(wb);
  format_set_num_format(f, num_format);
  return f;
}

void write_sheets(lxw_workbook* wb, const RiskReport& r) {
  Formats f{};
  f.bold = workbook_add_format(wb);
  format_set_bold(f.bold);
  f.money = format(wb, "#,##0");
  f.percent = format(wb, "0.00%");
  f.ratio = format(wb, "0.000");
  f.years = format(wb, "0.00");
  f.period = format(wb, "0.0");
  f.count = format(wb, "0");
  const auto& s = r.schedule;

  Sheet run(wb, f.bold, "run", {"field", "value"});
  run.row().text("deal").text(r.deal);
  run.row().text("currency").text(r.currency);
  run.row().text("scenarios").num(static_cast<double>(r.scenarios), f.count);
  run.row().text("seed").num(static_cast<double>(r.seed), f.count);
  run.row().text("periods").num(s.periods(), f.count);
  run.row().text("period").text(r.period);
  run.row().text("start").text(cal::format_date(s.dates.front()));
  run.row().text("day_count").text(r.day_count);
  run.row().text("wal_basis").text(s.wal_basis);
  run.row().text("money").text(r.currency + ", in units (not thousands)");
  run.row().text("indicative rating table").text(std::string(kRatingSource));

  Sheet tr(wb, f.bold, "tranches",
           {"tranche", "original", "PD", "PD se", "EL", "EL se", "EL amount", "LGL", "break-even spread", "WAL mean (y)", "IRR p5", "IRR p50",
            "IRR mean", "P(default)", "P(default) se", "default period mean", "EAD mean", "LGD", "LGD with interest",
            "indicative (PD at WAL)", "indicative horizon (y)"});
  for (const auto& x : r.tranches) {
    tr.row().text(x.name).num(x.original, f.money).num(x.pd.p, f.percent).num(x.pd.se, f.percent).num(x.el, f.percent);
    tr.num(x.el_se, f.percent).num(x.el_amount, f.money).num(x.lgl, f.percent).num(x.breakeven_spread, f.percent);
    tr.num(x.summary[MetricKind::TrancheWal].mean, f.years).num(x.summary[MetricKind::TrancheIrr].p5, f.percent);
    tr.num(x.summary[MetricKind::TrancheIrr].p50, f.percent).num(x.summary[MetricKind::TrancheIrr].mean, f.percent);
    tr.num(x.defaulted.p, f.percent).num(x.defaulted.se, f.percent).num(x.default_period, f.ratio).num(x.exposure_at_default, f.money);
    tr.num(x.lgd, f.percent).num(x.lgd_with_interest, f.percent);
    // Not a rating: the grade alone (the run sheet names the table), and the horizon read at.
    tr.text(x.rating ? std::string(grade_name(x.rating->grade)) : "n/a").num(x.rating ? x.rating->horizon : std::nullopt, f.years);
  }

  Sheet eq(wb, f.bold, "equity", {"equity", "IRR p1", "IRR p5", "IRR p50", "IRR p95", "IRR mean", "no IRR", "distributed mean"});
  for (const auto& x : r.equities) {
    const auto& irr = x.summary[MetricKind::EquityIrr];
    eq.row().text(x.name).num(irr.p1, f.percent).num(irr.p5, f.percent).num(irr.p50, f.percent).num(irr.p95, f.percent);
    eq.num(irr.mean, f.percent).num(static_cast<double>(irr.undefined), f.count).num(x.summary[MetricKind::EquityDistributions].mean, f.money);
  }

  Sheet ts(wb, f.bold, "tests", {"test", "min p1", "min p5", "min p50", "min mean", "mean p50", "max p50", "max p95", "undefined"});
  for (const auto& x : r.tests) {
    const auto& min = x.summary[MetricKind::TestMin];
    ts.row().text(x.name).num(min.p1, f.ratio).num(min.p5, f.ratio).num(min.p50, f.ratio).num(min.mean, f.ratio);
    ts.num(x.summary[MetricKind::TestMean].p50, f.ratio).num(x.summary[MetricKind::TestMax].p50, f.ratio);
    ts.num(x.summary[MetricKind::TestMax].p95, f.ratio).num(x.summary[MetricKind::TestUndefined].mean, f.percent);
  }

  auto events = [&](const std::vector<EventRisk>& v, const char* sheet, const char* what) {
    Sheet e(wb, f.bold, sheet, {what, "P(ever)", "se", "mean first period"});
    for (const auto& x : v) e.row().text(x.name).num(x.ever.p, f.percent).num(x.ever.se, f.percent).num(x.mean_first, f.period);
  };
  events(r.triggers, "triggers", "trigger");
  events(r.probabilities, "probabilities", "probability");

  // Every distribution the run kept, as the CSV's rows.
  Sheet sm(wb, f.bold, "summaries", {"metric", "n", "undefined", "mean", "sd", "se", "min", "p1", "p5", "p50", "p95", "p99", "max"});
  auto summary = [&](const std::string& name, const stats::Summary& v, lxw_format* g) {
    sm.row().text(name).num(static_cast<double>(v.n), f.count).num(static_cast<double>(v.undefined), f.count);
    for (double d : {v.mean, v.sd, v.se, v.min, v.p1, v.p5, v.p50, v.p95, v.p99, v.max}) sm.num(d, g);
  };
  auto owner = [&](const std::string& name, const Summaries& x) {
    for (const auto& m : vocab::kMetrics)
      if (x.has(m.id)) summary(vocab::metric_name(name, m.id), x[m.id], f.of(m.unit));
  };
  for (const auto& x : r.tranches) owner(x.name, x.summary);
  for (const auto& x : r.equities) owner(x.name, x.summary);
  for (const auto& x : r.tests) owner(x.name, x.summary);
  for (const auto& x : r.metrics) summary(x.name, x.value, nullptr);

  Sheet se(wb, f.bold, "series", {"series", "unit", "period", "date", "mean", "p5", "p50", "p95"});
  for (const auto& x : r.series) {
    lxw_format* g = x.unit == r.currency ? f.money : x.unit == "Bool" ? f.percent : nullptr;
    for (std::size_t t = 0; t < x.periods.size(); ++t) {
      const auto& q = x.periods[t];
      se.row().text(x.name).text(x.unit).num(static_cast<double>(t + 1), f.count).text(cal::format_date(s.dates[t + 1]));
      se.num(q.mean, g).num(q.p5, g).num(q.p50, g).num(q.p95, g);
    }
  }
}

}  // namespace

std::optional<std::string> format_risk_xlsx(const RiskReport& r, std::string& error) {
  // libxlsxwriter 1.1.4 writes to a file: a private temporary one, read back.
  std::string path = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : std::string("/tmp")) + "/sluice-xlsx-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) {
    error = "cannot create a temporary file for the workbook in " + path.substr(0, path.rfind('/'));
    return std::nullopt;
  }
  close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) {
    std::remove(path.c_str());
    error = "libxlsxwriter cannot start a workbook";
    return std::nullopt;
  }
  lxw_doc_properties props{};
  props.title = const_cast<char*>(r.deal.c_str());
  props.comments = const_cast<char*>("Sluice Monte Carlo risk report");
  props.created = 946684800;  // 2000-01-01, not the clock: the same report, the same bytes
  workbook_set_properties(wb, &props);
  write_sheets(wb, r);
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    std::remove(path.c_str());
    error = std::string("libxlsxwriter: ") + lxw_strerror(e);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  if (bytes.empty()) {
    error = "the workbook could not be read back from " + path;
    return std::nullopt;
  }
  return bytes;
}

#endif

}  // namespace sluice::mc
