#include "deal_info.hpp"

#include "calendar/date.hpp"
#include "calendar/day_count.hpp"
#include "driver/errors.hpp"
#include "engine_call.hpp"
#include "ir/ir.hpp"
#include "sema/types.hpp"

namespace py = pybind11;

namespace sluice::python {

namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

py::list diagnostics(const pipeline::Compiled& c) {
  py::list out;
  for (const auto& d : c.diags.all()) {
    py::dict x;
    x["severity"] = severity_name(d.severity);
    x["code"] = diag_code_text(d.code);
    x["message"] = d.message;
    x["file"] = py::none();
    x["line"] = py::none();
    x["column"] = py::none();
    if (!d.labels.empty() && d.labels[0].span.valid() && d.labels[0].span.file < c.sources.size()) {
      const SourceFile& f = c.sources.file(d.labels[0].span.file);
      LineCol at = f.position(d.labels[0].span.begin);
      x["file"] = f.path;
      x["line"] = at.line;
      x["column"] = at.column;
    }
    x["rendered"] = render(d, c.sources, false);
    out.append(x);
  }
  return out;
}

// Each param with the value it runs with: the --set text where one was
// given, else the declaration's.
py::list params(const pipeline::Compiled& c) {
  py::list out;
  const sema::Model& m = *c.model;
  for (const auto& e : m.entities) {
    if (e.kind != sema::EntityKind::Param || !e.decl || e.scope != m.deal_scope) continue;
    const ast::Expr* value = e.bound ? e.bound : e.decl->value.get();
    py::dict p;
    p["name"] = e.name;
    p["value"] = value ? std::string(c.sources.text(value->span)) : std::string();
    p["type"] = sema::type_text(e.type, m.deal.currency);
    p["set"] = e.bound != nullptr && e.bound != e.decl->value.get();
    out.append(p);
  }
  return out;
}

py::list names(const auto& infos) {
  py::list out;
  for (const auto& x : infos) out.append(x.name);
  return out;
}

py::dict ir_summary(const pipeline::Compiled& c) {
  const ir::Module& m = *c.module;
  py::dict ir;
  auto columns = [](const std::vector<ir::Column>& cols) {
    py::list out;
    for (const auto& col : cols) out.append(py::dict(py::arg("name") = col.name, py::arg("owner") = col.owner, py::arg("unit") = col.unit));
    return out;
  };
  ir["columns"] = columns(m.columns);
  ir["init_columns"] = columns(m.init_columns);
  ir["tranches"] = names(m.tranches);
  ir["equities"] = names(m.equities);
  ir["tests"] = names(m.tests);
  ir["triggers"] = names(m.triggers);
  py::list series;
  for (int col : m.series) series.append(m.columns[static_cast<std::size_t>(col)].name);
  ir["series"] = series;
  ir["state"] = m.state.size();
  ir["streams"] = m.streams.size();
  ir["init_instructions"] = m.init.code.size();
  ir["step_instructions"] = m.step.code.size();
  ir["text"] = ir::print(m);  // what `sluice ir` prints
  return ir;
}

py::dict settings(const pipeline::Compiled& c) {
  const sema::DealSettings& d = c.model->deal;
  py::dict s;
  s["name"] = d.name;
  s["currency"] = d.currency;
  s["start"] = cal::format_date(d.start);
  s["period"] = d.period_name;
  s["months_per_period"] = d.months_per_period;
  s["periods"] = d.periods;
  s["day_count"] = std::string(cal::day_count_name(d.day_count));
  return s;
}

}  // namespace

std::vector<sema::ParamOverride> overrides(const std::vector<std::pair<std::string, std::string>>& sets) {
  std::vector<sema::ParamOverride> out;
  for (const auto& [name, value] : sets) out.push_back({name, value});
  return out;
}

py::dict load_deal(const std::string& path, const std::vector<std::pair<std::string, std::string>>& sets) {
  pipeline::Compiled c;
  const auto over = overrides(sets);
  CallResult r = call_engine([&] {
    pipeline::compile(c, path, over, "ir");
    return c.exit ? driver::report_compile(c, path) : kOk;
  });
  py::dict out;
  out["exit"] = r.exit;
  out["errors"] = r.errors;
  out["diagnostics"] = diagnostics(c);
  if (r.exit) return out;
  out["deal"] = settings(c);
  out["params"] = params(c);
  out["ir"] = ir_summary(c);
  return out;
}

}  // namespace sluice::python
