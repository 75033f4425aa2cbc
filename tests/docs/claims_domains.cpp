// docs/language.md's "Domains" section against the registry's Domain column
// (compiler/vocabulary/properties.def, options.def, functions.def): its
// table headed `| construct | property | domain |` lists exactly the
// properties whose domain is not Any, `| option | domain |` the options
// whose value's domain is not Any, and `| call | argument | domain |` the
// built-in calls' arguments whose domain is not Any (with poisson's rate,
// kIntensityDomain), each with the registry's domain name.
#include <regex>

#include "claims.hpp"
#include "vocabulary/constructs.hpp"
#include "vocabulary/functions.hpp"

namespace docs {

namespace vocab = sluice::vocab;

namespace {

std::vector<std::string> row_cells(const std::string& row) {
  std::vector<std::string> out;
  std::size_t b = 1;
  for (std::size_t e; (e = row.find('|', b)) != std::string::npos; b = e + 1) out.push_back(trim(row.substr(b, e - b)));
  return out;
}

std::string unquote(const std::string& cell) {
  return cell.size() >= 2 && cell.front() == '`' && cell.back() == '`' ? cell.substr(1, cell.size() - 2) : cell;
}

// The rows of the table whose header is `head`, each joined as "a|b|domain".
std::set<std::string> table(const Doc& d, const std::vector<std::string>& head, std::size_t& line) {
  std::set<std::string> rows;
  for (std::size_t i = 0; i < d.lines.size(); ++i) {
    if (d.in_code[i] || d.lines[i].rfind("| ", 0) != 0 || row_cells(d.lines[i]) != head) continue;
    line = i + 1;
    for (std::size_t j = i + 2; j < d.lines.size() && d.lines[j].rfind("|", 0) == 0; ++j) {
      std::string key;
      for (const auto& cell : row_cells(d.lines[j])) key += (key.empty() ? "" : "|") + unquote(cell);
      rows.insert(key);
    }
  }
  return rows;
}

void compare(Context& c, const Doc& d, const std::vector<std::string>& head, const std::set<std::string>& want) {
  std::size_t line = 0;
  auto got = table(d, head, line);
  ++c.checks;
  std::string h;
  for (const auto& x : head) h += "| " + x + " ";
  if (!line) {
    c.fail(d.name, "no table headed `" + h + "|` (tests/docs/claims_domains.cpp)");
    return;
  }
  for (const auto& w : want)
    if (!got.count(w)) c.fail(d.where(line), "the registry's domain `" + w + "` is not in the table");
  for (const auto& g : got)
    if (!want.count(g)) c.fail(d.where(line), "the table lists `" + g + "`, which is not the registry's");
}

}  // namespace

void check_domains(Context& c) {
  const Doc& lang = c.doc("docs/language.md");
  std::set<std::string> props, options, params;
  for (const auto& con : vocab::kConstructs)
    for (const auto* p : vocab::properties_of(con.id))
      if (p->domain != vocab::Domain::Any)
        props.insert(std::string(con.word) + "|" + std::string(p->word) + "|" + std::string(vocab::info(p->domain).name));
  for (const auto& o : vocab::kOptions)
    if (o.domain != vocab::Domain::Any) options.insert(std::string(o.word) + "|" + std::string(vocab::info(o.domain).name));
  // Two arguments outside the Named rows: a jump's size and normal()'s sd.
  params.insert("jumps|size|" + std::string(vocab::info(vocab::kJumpSizeDomain).name));
  params.insert("normal|sd|" + std::string(vocab::info(vocab::kNormalSdDomain).name));
  for (const auto& f : vocab::functions()) {
    if (f.shape == vocab::Shape::Intensity)
      params.insert(std::string(f.name) + "|rate|" + std::string(vocab::info(vocab::kIntensityDomain).name));
    for (const auto& p : vocab::params(f.id))
      if (p.domain != vocab::Domain::Any)
        params.insert(std::string(f.name) + "|" + std::string(p.name) + "|" + std::string(vocab::info(p.domain).name));
  }
  compare(c, lang, {"construct", "property", "domain"}, props);
  compare(c, lang, {"option", "domain"}, options);
  compare(c, lang, {"call", "argument", "domain"}, params);
}

}  // namespace docs
