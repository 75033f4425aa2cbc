// The docs against the registry of Monte Carlo metrics
// (compiler/vocabulary/metrics.def, compiled in): docs/language.md's table
// of run metrics lists exactly the metrics a report may name, with their
// owner, unit and whether every run prints them; docs/output.md names the
// per-scenario CSV's columns in the plan's order and every summarized
// metric's JSON field.
#include <sstream>

#include "claims.hpp"
#include "vocabulary/metrics.hpp"

namespace docs {

namespace vocab = sluice::vocab;

namespace {

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream in(row.substr(1));
  std::string cell;
  while (std::getline(in, cell, '|')) out.push_back(trim(cell));
  return out;
}

std::string owner_word(vocab::MetricOwner o) {
  switch (o) {
    case vocab::MetricOwner::Tranche: return "tranche";
    case vocab::MetricOwner::Equity: return "equity";
    case vocab::MetricOwner::Test: return "test";
    case vocab::MetricOwner::Condition: return "condition";
    case vocab::MetricOwner::Factor: return "factor";
    case vocab::MetricOwner::Horizon: break;
  }
  return "report number";
}

// How docs name an owner in `T.wal`: T a tranche, E an equity, X a test or condition.
std::string owner_letter(vocab::MetricOwner o) {
  return o == vocab::MetricOwner::Tranche ? "T" : o == vocab::MetricOwner::Equity ? "E" : "X";
}

std::string unit_word(vocab::MetricUnit u) {
  switch (u) {
    case vocab::MetricUnit::Money: return "money";
    case vocab::MetricUnit::Percent: return "ratio";
    case vocab::MetricUnit::Years: return "years";
    case vocab::MetricUnit::Period: return "period";
    case vocab::MetricUnit::Own: break;
  }
  return "its own";
}

void check_language_table(Context& c) {
  const Doc& lang = c.doc("docs/language.md");
  std::map<std::string, std::pair<std::size_t, std::vector<std::string>>> rows;  // `T.wal` -> line, cells
  std::size_t header = 0;
  for (std::size_t i = 0; i < lang.lines.size(); ++i) {
    if (lang.in_code[i]) continue;
    if (!header) {
      if (lang.lines[i].rfind("| run metric |", 0) == 0) header = i + 1;
      continue;
    }
    if (lang.lines[i].rfind("|", 0) != 0) break;
    auto row = cells(lang.lines[i]);
    if (row.empty() || row[0].rfind("---", 0) == 0) continue;
    std::string name = row[0];
    if (name.size() > 2 && name.front() == '`' && name.back() == '`') name = name.substr(1, name.size() - 2);
    rows[name] = {i + 1, row};
  }
  ++c.checks;
  if (!header) return c.fail(lang.name, "no table of run metrics (a header `| run metric | of | unit | ...`)");
  for (const auto& r : vocab::kMetrics) {
    if (r.access == vocab::MetricAccess::Internal) continue;
    const std::string name = owner_letter(r.owner) + "." + std::string(r.member);
    ++c.checks;
    auto it = rows.find(name);
    if (it == rows.end()) {
      c.fail(lang.where(header), "the table of run metrics misses `" + name + "` (vocabulary/metrics.def)");
      continue;
    }
    const auto& [line, row] = it->second;
    const std::string access = r.access == vocab::MetricAccess::Requested ? "requested" : "every run";
    if (row.size() < 5 || row[1] != owner_word(r.owner) || row[2] != unit_word(r.unit) || row[3] != access)
      c.fail(lang.where(line), "`" + name + "` is a " + owner_word(r.owner) + "'s, in " + unit_word(r.unit) + ", printed by a Monte Carlo run: " +
                                   access + " (vocabulary/metrics.def); the row says otherwise");
    rows.erase(it);
  }
  for (const auto& [name, row] : rows) {
    ++c.checks;
    c.fail(lang.where(row.first), "`" + name + "` is no run metric a report may name (vocabulary/metrics.def)");
  }
}

void check_output_doc(Context& c) {
  const Doc& out = c.doc("docs/output.md");
  // The per-scenario CSV: the record and condition metrics in the plan's order.
  std::vector<std::string> want, said;
  for (auto owner : {vocab::MetricOwner::Tranche, vocab::MetricOwner::Equity, vocab::MetricOwner::Test, vocab::MetricOwner::Condition})
    for (const auto& r : vocab::kMetrics)
      if (r.owner == owner) want.push_back(owner_letter(owner) + "." + std::string(r.member));
  std::size_t at = 0;
  for (std::size_t i = 0; i < out.lines.size() && !at; ++i)
    if (out.lines[i].rfind("`--scenarios-out FILE.csv` writes one row per scenario", 0) == 0) at = i + 1;
  ++c.checks;
  if (!at) return c.fail(out.name, "no paragraph on `--scenarios-out FILE.csv`'s columns");
  for (std::size_t i = at - 1; i < out.lines.size() && !trim(out.lines[i]).empty(); ++i)
    for (const auto& s : out.spans(i))
      if (s.size() > 2 && (s[0] == 'T' || s[0] == 'E' || s[0] == 'X') && s[1] == '.') said.push_back(s);
  if (said != want) {
    std::string w;
    for (const auto& x : want) w += " " + x;
    c.fail(out.where(at), "the per-scenario columns are, in order," + w + " (vocabulary/metrics.def)");
  }
  // Each summarized metric of a tranche, equity or test is a field of the JSON.
  std::string text;
  for (const auto& l : out.lines) text += l + "\n";
  for (const auto& r : vocab::kMetrics) {
    if (r.summary != vocab::MetricSummary::Distribution || !r.record) continue;
    ++c.checks;
    const std::string field = "\"" + std::string(r.member) + "\": SUMMARY";
    if (text.find(field) == std::string::npos)
      c.fail(out.name, "the Monte Carlo JSON schema has no " + field + " (a " + owner_word(r.owner) + "'s, vocabulary/metrics.def)");
  }
}

}  // namespace

void check_metrics(Context& c) {
  check_language_table(c);
  check_output_doc(c);
}

}  // namespace docs
