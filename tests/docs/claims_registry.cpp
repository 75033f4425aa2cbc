// docs/language.md's property and member tables against the registry of
// constructs (compiler/vocabulary/*.def): in each construct's section, a
// table headed `| property | required | ...` lists exactly the registry's
// properties of that construct, `yes` where the registry requires one; a
// table headed `| member | ...` lists exactly its members (a `tranche
// members` row stands for the members of every tranche; claims such as
// `A.interest` are documented under "Members", not in these tables). A
// construct whose properties are shown as a ```text block of the form
// (`lease NAME on FLEET { ... }`) is read from that block, one property a
// line, required when its comment says so.
#include <regex>

#include "claims.hpp"
#include "vocabulary/constructs.hpp"

namespace docs {

namespace vocab = sluice::vocab;

namespace {

using vocab::Construct;

// The section each construct is documented in.
struct Place {
  Construct construct;
  const char* heading;  // the heading line as written
};
constexpr Place kPlaces[] = {
    {Construct::Fleet, "### Fleets"},          {Construct::Lease, "### Leases"},
    {Construct::Holding, "### Holdings"},      {Construct::Loan, "### Loans and receivables"},
    {Construct::Receivables, "### Loans and receivables"},
    {Construct::Tranche, "## Tranches"},       {Construct::Convertible, "## Convertibles"},
    {Construct::Fee, "## Fees and expenses"},  {Construct::Expense, "## Fees and expenses"},
    {Construct::Account, "## Accounts"},       {Construct::Facility, "## Facilities"},
    {Construct::Hedge, "## Hedges"},
    {Construct::Equity, "## Equity"},          {Construct::Trigger, "## Triggers"},
    {Construct::Factor, "## The market block and the base case"},
};

int heading_level(const std::string& l) {
  std::size_t n = 0;
  while (n < l.size() && l[n] == '#') ++n;
  return n > 0 && n < l.size() && l[n] == ' ' ? static_cast<int>(n) : 0;
}

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::size_t b = 1;
  for (std::size_t e; (e = row.find('|', b)) != std::string::npos; b = e + 1) out.push_back(trim(row.substr(b, e - b)));
  return out;
}

std::vector<std::string> code_spans(const std::string& cell) {
  static const std::regex span("`([A-Za-z_]\\w*)`");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), span); it != std::sregex_iterator(); ++it) out.push_back((*it)[1]);
  return out;
}

// What the section of one construct documents.
struct Documented {
  bool has_props = false, has_members = false;
  std::map<std::string, bool> props;  // word -> required
  std::set<std::string> members;
  std::size_t props_line = 0, members_line = 0;
};

Documented read_section(const Doc& d, Construct c, std::size_t first, std::size_t last) {
  Documented out;
  for (std::size_t i = first; i < last; ++i) {
    if (d.in_code[i] || d.lines[i].rfind("| ", 0) != 0) continue;
    auto head = cells(d.lines[i]);
    if (head.empty() || (head[0] != "property" && head[0] != "member")) continue;
    const bool props = head[0] == "property";
    (props ? out.props_line : out.members_line) = i + 1;
    (props ? out.has_props : out.has_members) = true;
    for (std::size_t j = i + 2; j < last && d.lines[j].rfind("|", 0) == 0; ++j) {
      auto row = cells(d.lines[j]);
      if (row.empty()) continue;
      if (!props && row[0] == "tranche members") {
        for (const auto* m : vocab::members_of(Construct::Tranche))
          if (m->type != vocab::MemberType::Claim) out.members.emplace(m->word);
        continue;
      }
      for (const auto& w : code_spans(row[0])) {
        if (props) out.props[w] = row.size() > 1 && row[1] == "yes";
        else out.members.insert(w);
      }
    }
    i = i + 1;
  }
  // The block form: `lease NAME on FLEET {`, one property a line.
  if (!out.has_props)
    for (const auto& b : d.blocks) {
      if (b.line <= first || b.line > last || b.lang != "text") continue;
      if (b.text.rfind(std::string(vocab::word(c)) + " NAME", 0) != 0) continue;
      out.has_props = true;
      out.props_line = b.line;
      for (const auto& l : split_lines(b.text)) {
        static const std::regex row(R"(^\s+([a-z_]+)\s.*//\s*(.*)$)");
        std::smatch m;
        if (std::regex_match(l, m, row)) out.props[m[1]] = m[2].str().find("required") != std::string::npos;
      }
    }
  return out;
}

}  // namespace

void check_registry(Context& c) {
  const Doc& lang = c.doc("docs/language.md");
  for (const auto& place : kPlaces) {
    const std::string what(vocab::word(place.construct));
    std::size_t first = 0, last = 0;
    for (std::size_t i = 0; i < lang.lines.size() && !first; ++i)
      if (!lang.in_code[i] && lang.lines[i] == place.heading) {
        first = i + 1;
        last = lang.lines.size();
        const int level = heading_level(lang.lines[i]);
        for (std::size_t j = i + 1; j < lang.lines.size(); ++j)
          if (!lang.in_code[j] && heading_level(lang.lines[j]) && heading_level(lang.lines[j]) <= level) {
            last = j;
            break;
          }
      }
    ++c.checks;
    if (!first) {
      c.fail(lang.name, "no section `" + std::string(place.heading) + "` for the " + what + " (tests/docs/claims_registry.cpp)");
      continue;
    }
    Documented doc = read_section(lang, place.construct, first, last);
    const auto props = vocab::properties_of(place.construct);
    ++c.checks;
    if (!props.empty() && !doc.has_props) c.fail(lang.where(first), "the " + what + " has properties but its section has no property table");
    if (doc.has_props) {
      std::set<std::string> known;
      for (const auto* p : props) {
        const std::string w(p->word);
        known.insert(w);
        auto it = doc.props.find(w);
        if (it == doc.props.end()) c.fail(lang.where(doc.props_line), "the " + what + "'s property `" + w + "` (the registry) is not in its table");
        else if (it->second != p->required)
          c.fail(lang.where(doc.props_line), "the " + what + "'s property `" + w + "` is " + (p->required ? "required" : "optional") + " in the registry, not in the docs");
      }
      for (const auto& [w, req] : doc.props)
        if (!known.count(w)) c.fail(lang.where(doc.props_line), "the table lists `" + w + "`, which the registry does not give the " + what);
    }
    std::set<std::string> members;
    for (const auto* m : vocab::members_of(place.construct))
      if (m->type != vocab::MemberType::Claim) members.emplace(m->word);
    ++c.checks;
    if (!members.empty() && !doc.has_members) c.fail(lang.where(first), "the " + what + " has members but its section has no member table");
    if (doc.has_members) {
      for (const auto& w : members)
        if (!doc.members.count(w)) c.fail(lang.where(doc.members_line), "the " + what + "'s member `" + w + "` (the registry) is not in its table");
      for (const auto& w : doc.members)
        if (!members.count(w)) c.fail(lang.where(doc.members_line), "the member table lists `" + w + "`, which the registry does not give the " + what);
    }
  }
}

}  // namespace docs
