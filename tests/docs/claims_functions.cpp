// docs/language.md against the registry of built-in functions and
// processes (compiler/vocabulary/functions.def): the table of built-in
// functions has a row for each function an expression may call and none
// for a name the registry lacks; the note under it names every call that
// stands only in its construct (draws, factors, jumps, fire sales); the
// market block's summary shows every draw and factor form and no other.
#include <regex>

#include "claims.hpp"
#include "vocabulary/functions.hpp"

namespace docs {

namespace {
std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& w : s) out += (out.empty() ? "" : " ") + w;
  return out;
}
std::set<std::string> names_at(std::initializer_list<sluice::vocab::Place> places) {
  std::set<std::string> out;
  for (const auto& f : sluice::vocab::functions())
    for (auto p : places)
      if (f.place == p) out.emplace(f.name);
  return out;
}
}  // namespace

void check_functions(Context& c) {
  using sluice::vocab::Place;
  const Doc& lang = c.doc("docs/language.md");
  auto compare = [&](std::size_t line, const std::set<std::string>& doc, const std::set<std::string>& reg, const std::string& what) {
    ++c.checks;
    std::set<std::string> missing, extra;
    for (const auto& w : reg) if (!doc.count(w)) missing.insert(w);
    for (const auto& w : doc) if (!reg.count(w)) extra.insert(w);
    if (!missing.empty()) c.fail(lang.where(line), what + " misses " + join(missing) + " (compiler/vocabulary/functions.def)");
    if (!extra.empty()) c.fail(lang.where(line), what + " lists " + join(extra) + ", which compiler/vocabulary/functions.def does not");
  };

  std::size_t first = 0, last = 0;
  if (!lang.section("built-in functions", first, last)) return ++c.checks, c.fail(lang.name, "has no section on built-in functions");
  // The table: the calls of each row's first cell (`min(a, b, ...)`, `round(x)`).
  static const std::regex call(R"(`([a-z_]+)\()");
  std::set<std::string> rows, placed;
  std::size_t note = 0;
  for (std::size_t i = first; i < last; ++i) {
    const std::string& l = lang.lines[i];
    if (lang.in_code[i]) continue;
    if (l.rfind("|", 0) == 0) {
      std::string cell = l.substr(1, l.find('|', 1) - 1);
      for (std::sregex_iterator it(cell.begin(), cell.end(), call), end; it != end; ++it) rows.insert((*it)[1]);
      continue;
    }
    // The prose under it: code spans naming the calls that stand in a construct.
    for (const auto& s : lang.spans(i))
      if (auto id = sluice::vocab::lookup(s); id && sluice::vocab::info(*id).place != Place::Expression) {
        placed.insert(s);
        if (!note) note = i + 1;
      }
  }
  compare(first, rows, names_at({Place::Expression}), "the table of built-in functions");
  compare(note ? note : first, placed, names_at({Place::Draw, Place::Factor, Place::Jumps, Place::Liquidate}),
          "the calls named as standing only in their construct");

  // The market block's summary: `draw NAME = a(...) | b(...)`, `factor NAME = p(...)`.
  if (!lang.section("market block", first, last)) return ++c.checks, c.fail(lang.name, "has no section on the market block");
  std::set<std::string> draws, factors;
  std::size_t block = 0;
  for (const auto& b : lang.blocks) {
    if (b.line <= first || b.line > last || b.lang != "text") continue;
    block = b.line;
    static const std::regex draw_line(R"(draw\s+NAME\s*=([^\n]*))"), factor_line(R"(factor\s+NAME\s*=\s*([a-z_]+)\()");
    std::smatch m;
    if (std::regex_search(b.text, m, draw_line)) {
      const std::string forms = m[1].str();
      static const std::regex form(R"(([a-z_]+)\()");
      for (std::sregex_iterator it(forms.begin(), forms.end(), form), end; it != end; ++it) draws.insert((*it)[1]);
    }
    for (std::sregex_iterator it(b.text.begin(), b.text.end(), factor_line), end; it != end; ++it) factors.insert((*it)[1]);
    break;
  }
  compare(block ? block : first, draws, names_at({Place::Draw}), "the market block's `draw` forms");
  compare(block ? block : first, factors, names_at({Place::Factor}), "the market block's `factor` forms");
}

}  // namespace docs
