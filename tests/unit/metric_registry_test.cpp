// The registry of Monte Carlo metrics (vocabulary/metrics.def) end to end,
// through its one Requested row, `T.modified_duration`: sema accepts it in a
// report's metrics and nowhere else, the plan keeps it only where a report
// names it, both engines compute it, it equals a par bullet's closed form
// and the base case's, and a partial result carries the request.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "codegen/jit.hpp"
#include "driver/distributed.hpp"
#include "montecarlo/partial.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/simulate.hpp"
#include "report/html_report.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

// A 5-year annual-pay bullet bought at par at 6% (times 1..5 exactly on a
// 30/360 WAL basis), and B at 4%; `report` is the deal's report block.
std::string par_bullets(const std::string& report) {
  return "deal \"Par\" {\n  currency USD  start 2025-01-01  period annual  horizon 5 years  day_count 30/360\n"
         "  wal from start on 30/360\n"
         "  loan pool { balance 20m USD  rate 6%  amortization bullet }\n"
         "  tranche A { balance 10m USD  coupon 6%  amortization bullet }\n"
         "  tranche B { balance 8m USD  coupon 4%  amortization bullet }\n"
         "  equity E\n"
         "  waterfall {\n    pay A.interest\n    pay B.interest\n    pay A.principal\n    pay B.principal\n    pay E residual\n  }\n" +
         report + "\n}\n";
}

mc::Options options() {
  mc::Options o;
  o.scenarios = 6;
  o.seed = 5;
  o.threads = 2;
  o.batch = 4;
  o.months_per_period = 12;
  return o;
}

bool plans(const mc::Simulation& sim, const std::string& name) {
  for (const auto& x : sim.metrics)
    if (x.name == name) return true;
  return false;
}

}  // namespace

TEST_CASE("registry: the rows are the enum, and every metric a report may name belongs to a tranche or an equity", "[metrics][registry]") {
  for (std::size_t i = 0; i < vocab::kMetricCount; ++i) {
    const auto& r = vocab::kMetrics[i];
    INFO(r.member);
    CHECK(static_cast<std::size_t>(r.id) == i);
    CHECK_FALSE(r.doc.empty());
    if (r.access != vocab::MetricAccess::Internal) {
      CHECK((r.owner == vocab::MetricOwner::Tranche || r.owner == vocab::MetricOwner::Equity));
      CHECK(r.record);
      CHECK(vocab::named_metric(r.owner, r.member) == r.id);  // one row per (owner, member)
    }
  }
  CHECK(vocab::named_metric(vocab::MetricOwner::Tranche, "modified_duration") == vocab::Metric::TrancheModifiedDuration);
  CHECK_FALSE(vocab::named_metric(vocab::MetricOwner::Equity, "modified_duration"));
  CHECK_FALSE(vocab::named_metric(vocab::MetricOwner::Tranche, "original"));  // internal: kept, not named
}

TEST_CASE("modified duration: named in a report's metrics only, as a tranche's", "[metrics][registry][sema]") {
  auto ok = test::run_text("md_ok.deal", par_bullets("  report { metrics A.modified_duration, A.wal, E.irr }"));
  INFO(ok->diagnostics());
  CHECK(ok->c.module);
  auto in_expr = test::run_text("md_expr.deal", par_bullets("  let d = A.modified_duration"));
  CHECK(in_expr->diagnostics().find("`A.modified_duration` is a metric of the whole run, not a per-period value") != std::string::npos);
  auto of_equity = test::run_text("md_equity.deal", par_bullets("  report { metrics E.modified_duration }"));
  CHECK(of_equity->diagnostics().find("error[E0") != std::string::npos);
}

TEST_CASE("modified duration: a par bullet's is the annuity factor at its coupon, on both engines", "[metrics][registry][montecarlo]") {
  auto r = test::run_text("md_par.deal", par_bullets("  report { metrics A.modified_duration }"));
  INFO(r->diagnostics());
  REQUIRE(r->c.module);
  const auto& m = *r->c.module;
  // Macaulay / (1 + y) at y = 6%: (1 - 1.06^-5) / 0.06 = 4.2123637856.
  const double annuity = (1 - std::pow(1.06, -5)) / 0.06;
  auto base = analysis::summarize(m, r->trace, r->schedule, "30/360", "annual", 12);
  REQUIRE(base.tranches.at(0).modified);
  CHECK(*base.tranches.at(0).modified == Approx(annuity).epsilon(1e-12));

  std::string error;
  auto jit = codegen::make_jit(m, r->schedule, true, error);
  INFO(error);
  REQUIRE(jit);
  auto interp = interp::make_interpreter(m, r->schedule);
  std::vector<mc::RiskReport> reports;
  for (const exec::Evaluator* eval : {static_cast<const exec::Evaluator*>(interp.get()), static_cast<const exec::Evaluator*>(jit.get())}) {
    auto sim = mc::simulate(m, r->schedule, *eval, options());
    REQUIRE_FALSE(sim.failure);
    CHECK(plans(sim, "A.modified_duration"));
    CHECK_FALSE(plans(sim, "B.modified_duration"));  // B's is not asked for
    reports.push_back(mc::aggregate(m, r->schedule, sim));
    const auto& a = reports.back().tranches.at(0);
    REQUIRE(a.summary.has(mc::MetricKind::TrancheModifiedDuration));
    const auto& d = a.summary[mc::MetricKind::TrancheModifiedDuration];
    CHECK(d.n == 6);
    CHECK(d.mean == Approx(annuity).epsilon(1e-12));
    CHECK(d.p50 == *base.tranches.at(0).modified);  // the same computation as the base case's
    CHECK_FALSE(reports.back().tranches.at(1).summary.has(mc::MetricKind::TrancheModifiedDuration));
  }
  CHECK(mc::format_risk_json(reports[0]) == mc::format_risk_json(reports[1]));
  auto j = nlohmann::json::parse(mc::format_risk_json(reports[0]));
  CHECK(j["tranches"][0]["modified_duration"]["mean"].get<double>() == Approx(annuity).epsilon(1e-12));
  CHECK_FALSE(j["tranches"][1].contains("modified_duration"));
  CHECK(mc::format_risk_csv(reports[0]).find("\nA.modified_duration (30/360 years from start 2025-01-01),6,0,") != std::string::npos);
  CHECK(mc::format_risk_table(reports[0], false).find("\nA.modified_duration (y)  4.21") != std::string::npos);
  report::HtmlInputs in;
  in.base = &base;
  in.risk = &reports[0];
  const std::string html = report::html_report(in);
  CHECK(html.find("<a href=\"#requested\">Requested metrics</a>") != std::string::npos);
  CHECK(html.find("<tr><th scope=\"row\">A.modified_duration</th><td class=\"text\">30/360 years from start 2025-01-01</td><td>4.21</td>") !=
        std::string::npos);
}

TEST_CASE("modified duration: without a request no run keeps or prints it", "[metrics][registry][montecarlo]") {
  auto r = test::run_text("md_none.deal", par_bullets("  report { metrics A.wal }"));
  REQUIRE(r->c.module);
  auto sim = mc::simulate(*r->c.module, r->schedule, *interp::make_interpreter(*r->c.module, r->schedule), options());
  CHECK_FALSE(plans(sim, "A.modified_duration"));
  auto risk = mc::aggregate(*r->c.module, r->schedule, sim);
  CHECK(mc::format_risk_json(risk).find("modified_duration") == std::string::npos);
  CHECK(mc::format_risk_table(risk, false).find("requested") == std::string::npos);
  auto base = analysis::summarize(*r->c.module, r->trace, r->schedule, "30/360", "annual", 12);
  report::HtmlInputs in;
  in.base = &base;
  in.risk = &risk;
  CHECK(report::html_report(in).find("Requested metrics") == std::string::npos);
}

TEST_CASE("modified duration: a partial result carries the request, and a part that drops it is refused", "[metrics][registry][distributed]") {
  auto r = test::run_text("md_part.deal", par_bullets("  report { metrics A.modified_duration }"));
  REQUIRE(r->c.module);
  auto o = options();
  auto shape = mc::risk_shape(*r->c.module, r->schedule, "30/360", "annual");
  REQUIRE(shape.requested.size() == 1);
  auto id = driver::part_identity(r->c, {}, o);
  auto eval = interp::make_interpreter(*r->c.module, r->schedule);
  std::vector<mc::Part> parts;
  for (std::uint64_t first : {0, 3}) {
    o.first = first;
    o.count = 3;
    std::string why;
    auto p = mc::decode_part(mc::encode_part(id, shape, mc::simulate(*r->c.module, r->schedule, *eval, o)), why);
    INFO(why);
    REQUIRE(p);
    CHECK(p->shape.requested == shape.requested);
    parts.push_back(std::move(*p));
  }
  std::string why;
  auto whole = mc::merge_parts(std::move(parts), {"a", "b"}, why);
  INFO(why);
  REQUIRE(whole);
  o.first = 0;
  o.count = UINT64_MAX;
  auto one = mc::aggregate(*r->c.module, r->schedule, mc::simulate(*r->c.module, r->schedule, *eval, o));
  CHECK(mc::format_risk_csv(mc::aggregate(whole->shape, whole->sim)) == mc::format_risk_csv(one));

  // A header whose shape forgets the request no longer matches its metrics.
  auto forgetful = shape;
  forgetful.requested.clear();
  auto bytes = mc::encode_part(id, forgetful, mc::simulate(*r->c.module, r->schedule, *eval, o));
  CHECK_FALSE(mc::decode_part(bytes, why));
  CHECK(why.find("its metrics are not those of its deal") != std::string::npos);
}
