// The editors' keyword lists (editors/: the VS Code grammar, the Emacs mode,
// the Vim syntax) against the language: their declarations name exactly the
// constructs of the registry (compiler/vocabulary/constructs.def) plus the
// declarations that carry no properties; their reserved-word lists (what may
// not be a number's unit) are exactly compiler/syntax/grammar.hpp's
// `reserved` rule; their keyword highlighting covers every SLUICE_KW keyword
// and phrase word and names no word the grammar does not read; their
// built-in values are builtins.def's. The language server's completion
// keywords are grammar.hpp's SLUICE_KW list.
// (tests/unit/vocabulary_functions_test.cpp checks the built-in functions.)
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "lsp/symbol_index.hpp"
#include "vocabulary/constructs.hpp"
#include "test_support.hpp"

using namespace sluice;
using Words = std::set<std::string>;

namespace {

// Declarations that are not constructs of the registry: they carry no
// properties or members (or, like `import` and `use`, declare no entity).
const Words kOtherDeclarations = {"deal",   "import", "unit", "template", "curve",     "holidays", "table", "param", "let",
                                  "market", "draw",   "correlate", "waterfall", "report", "use",      "as",    "on",
                                  "tape",   "stress"};
// Words inside a declaration's header that VS Code's declaration patterns
// capture with it: a tape's `from "FILE"`, a stress block's lines
// (`default L at 18 months`, `F falls 50% over ...`, `set P = V`,
// `POOL prepayment cpr(20%)`).
const Words kDeclarationHeaderWords = {"from", "at", "default", "falls", "rises", "never", "set", "prepayment"};

// Words the editors highlight as values that the grammar reads as names:
// `calendar weekdays` is a calendar the runtime knows, not a keyword.
const Words kValueNames = {"weekdays"};

Words all_matches(const std::string& text, const std::regex& re, int group = 1) {
  Words out;
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) out.insert((*it)[group].str());
  return out;
}

Words split(const std::string& s, char sep) {
  Words out;
  std::stringstream ss(s);
  for (std::string w; std::getline(ss, w, sep);) out.insert(w);
  return out;
}

Words operator|(Words a, const Words& b) {
  a.insert(b.begin(), b.end());
  return a;
}
Words operator-(Words a, const Words& b) {
  for (const auto& w : b) a.erase(w);
  return a;
}

// The body of `struct NAME ... {};` in grammar.hpp.
std::string rule_body(const std::string& hpp, const std::string& name) {
  const auto b = hpp.find("struct " + name + "\n");
  REQUIRE(b != std::string::npos);
  const auto e = hpp.find("{};", b);
  REQUIRE(e != std::string::npos);
  return hpp.substr(b, e - b);
}

struct Grammar {
  std::map<std::string, std::string> kw;  // kw_deal -> "deal"
  Words keywords;                          // every SLUICE_KW text
  Words phrase;                            // flag_word and lead_word
  Words reserved_kw;                       // the `reserved` rule's kw_ words
  Words reserved;                          // and its phrase words
  Words all;                               // every word the grammar spells out
};

Grammar grammar() {
  Grammar g;
  const std::string hpp = test::read_source("compiler/syntax/grammar.hpp");
  const std::regex kw_line(R"re(SLUICE_KW\((\w+), "(\w+)"\);)re");
  for (std::sregex_iterator it(hpp.begin(), hpp.end(), kw_line), end; it != end; ++it) {
    g.kw[(*it)[1].str()] = (*it)[2].str();
    g.keywords.insert((*it)[2].str());
  }
  REQUIRE(g.keywords.size() > 60);
  const std::regex pegtl_word(R"re(TAO_PEGTL_STRING\("([a-z_]+)"\))re");
  g.phrase = all_matches(rule_body(hpp, "flag_word"), pegtl_word) | all_matches(rule_body(hpp, "lead_word"), pegtl_word) | Words{"floor"};
  REQUIRE(g.phrase.count("pass_through"));
  REQUIRE(g.phrase.count("target"));
  const std::string reserved = rule_body(hpp, "reserved");
  for (const auto& k : all_matches(reserved, std::regex(R"((kw_\w+))"))) {
    INFO(k);
    REQUIRE(g.kw.count(k));
    g.reserved_kw.insert(g.kw[k]);
  }
  REQUIRE(reserved.find("phrase_word") != std::string::npos);
  g.reserved = g.reserved_kw | g.phrase;
  g.all = g.keywords | all_matches(hpp, pegtl_word);
  return g;
}

Words constructs() {
  Words w;
  for (const auto& c : vocab::kConstructs) w.insert(std::string(c.word));
  return w;
}

// ---- Vim: editors/vim/syntax/sluice.vim ----

// The words of `syn keyword GROUP ...` and of `syn match GROUP "..."` lines.
Words vim_words(const std::string& vim, const std::set<std::string>& groups) {
  Words out;
  std::stringstream ss(vim);
  const std::regex line(R"re(^syn\s+(keyword|match)\s+(\w+)\s+(.*)$)re");
  for (std::string l; std::getline(ss, l);) {
    std::smatch m;
    if (!std::regex_match(l, m, line) || !groups.count(m[2].str())) continue;
    std::string rest = m[3].str();
    if (m[1] == "keyword") {
      std::stringstream ws(rest);
      for (std::string w; ws >> w;)
        if (w != "contained" && w.find('=') == std::string::npos && w.rfind("skip", 0) != 0) out.insert(w);
    } else {
      // The pattern between quotes, its character classes and backslash
      // items (\<, \%(, \s, \h, \w, \ze, \@=) dropped: what is left of it
      // are the literal words.
      const auto q = rest.find('"'), e = rest.rfind('"');
      REQUIRE(e > q);
      const std::string pat = std::regex_replace(std::regex_replace(rest.substr(q + 1, e - q - 1), std::regex(R"(\[[^\]]*\])"), " "),
                                                 std::regex(R"(\\(z[se]|.))"), " ");
      out = out | all_matches(pat, std::regex("([a-z_]{2,})"));
    }
  }
  return out;
}

// ---- Emacs: editors/emacs/sluice-mode.el ----

Words el_list(const std::string& el, const std::string& name) {
  std::smatch m;
  REQUIRE(std::regex_search(el, m, std::regex("\\(defconst " + name + "\\s+'\\(([^)]*)\\)")));
  const std::string body = m[1].str();
  return all_matches(body, std::regex("\"([a-z_]+)\""));
}

// ---- VS Code: editors/vscode/syntaxes/sluice.tmLanguage.json ----

void collect_regexes(const nlohmann::json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if ((it.key() == "match" || it.key() == "begin") && it->is_string()) out.push_back(it->get<std::string>());
      else collect_regexes(*it, out);
    }
  } else if (j.is_array()) {
    for (const auto& x : j) collect_regexes(x, out);
  }
}

// The words a pattern captures: groups of `word|word` alone, lookarounds
// (`(?![A-Za-z0-9_])`, `(?=[ \t]*\()`) dropped first.
Words captured_words(const std::string& re) {
  const std::string unescaped = std::regex_replace(re, std::regex(R"(\\[()])"), " ");
  const std::string plain = std::regex_replace(unescaped, std::regex(R"(\(\?<?[=!](?:[^()]|\([^()]*\))*\))"), "");
  Words out;
  for (const auto& alt : all_matches(plain, std::regex(R"(\(([a-z_]+(?:\|[a-z_]+)*)\))"))) out = out | split(alt, '|');
  return out;
}

Words code_words(const nlohmann::json& grammar, const std::set<std::string>& entries) {
  Words out;
  for (const auto& e : entries) {
    INFO(e);
    REQUIRE(grammar["repository"].contains(e));
    std::vector<std::string> res;
    collect_regexes(grammar["repository"][e], res);
    for (const auto& r : res) out = out | captured_words(r);
  }
  return out;
}

}  // namespace

TEST_CASE("The editors' declarations are the registry's constructs", "[vocabulary][editors]") {
  const Words want = constructs();
  REQUIRE(want.count("tranche"));

  const std::string vim = test::read_source("editors/vim/syntax/sluice.vim");
  const Words vim_decl = vim_words(vim, {"sluiceDeclaration"});
  CHECK(vim_decl - kOtherDeclarations == want);

  const std::string el = test::read_source("editors/emacs/sluice-mode.el");
  std::smatch m;
  REQUIRE(std::regex_search(el, m, std::regex(R"re(\(sluice--after-word \(append sluice-block-kinds '\(([^)]*)\)\))re")));
  const Words el_blocks = el_list(el, "sluice-block-kinds") | all_matches(m[1].str(), std::regex("\"([a-z_]+)\""));
  CHECK((el_blocks | el_list(el, "sluice-value-kinds")) - kOtherDeclarations == want);
  // imenu lists every construct (and the named declarations that are not).
  REQUIRE(std::regex_search(el, m, std::regex(R"re(\(defconst sluice-imenu-generic-expression[^']*'\(([^)]*)\))re")));
  CHECK(all_matches(m[1].str(), std::regex("\"([a-z_]+)\"")) - kOtherDeclarations == want);

  const auto code = nlohmann::json::parse(test::read_source("editors/vscode/syntaxes/sluice.tmLanguage.json"));
  CHECK(code_words(code, {"declarations"}) - kOtherDeclarations - kDeclarationHeaderWords == want);
}

TEST_CASE("The editors' built-in values are builtins.def's", "[vocabulary][editors]") {
  Words want;
  for (const auto& b : vocab::kBuiltins) want.insert(std::string(b.word));
  REQUIRE(want.count("collections"));

  CHECK(vim_words(test::read_source("editors/vim/syntax/sluice.vim"), {"sluiceBuiltinVar"}) == want);
  CHECK(el_list(test::read_source("editors/emacs/sluice-mode.el"), "sluice-builtin-names") == want);
  const auto code = nlohmann::json::parse(test::read_source("editors/vscode/syntaxes/sluice.tmLanguage.json"));
  CHECK(code_words(code, {"builtin-variables"}) == want);
}

TEST_CASE("The editors' reserved words are grammar.hpp's", "[vocabulary][editors]") {
  const Grammar g = grammar();

  // What ends a number instead of being its unit.
  const std::string vim = test::read_source("editors/vim/syntax/sluice.vim");
  std::smatch m;
  REQUIRE(std::regex_search(vim, m, std::regex(R"re(syn match\s+sluiceUnit\s+contained\s+"\\%\(\\<\\%\(([a-z_\\|]+)\\\))re")));
  CHECK(split(std::regex_replace(m[1].str(), std::regex(R"(\\\|)"), "|"), '|') == g.reserved);

  const std::string el = test::read_source("editors/emacs/sluice-mode.el");
  CHECK(el_list(el, "sluice-reserved-words") == g.reserved_kw);
  CHECK((el_list(el, "sluice-flag-words") | el_list(el, "sluice-lead-words")) == g.phrase);

  const auto code = nlohmann::json::parse(test::read_source("editors/vscode/syntaxes/sluice.tmLanguage.json"));
  const std::string number = code["repository"]["number"]["match"].get<std::string>();
  REQUIRE(std::regex_search(number, m, std::regex(R"(\(\?!\(\?:([a-z_|]+)\))")));
  CHECK(split(m[1].str(), '|') == g.reserved);
}

TEST_CASE("The editors highlight every keyword and no word the grammar lacks", "[vocabulary][editors]") {
  const Grammar g = grammar();
  const Words must = g.keywords | g.phrase;
  const Words may = g.all | kValueNames;

  const std::string vim = test::read_source("editors/vim/syntax/sluice.vim");
  const Words vim_kw = vim_words(vim, {"sluicePer", "sluiceBoolean", "sluiceConditional", "sluiceLogical", "sluiceStep",
                                       "sluiceStepWord", "sluiceKeyword", "sluiceFlag", "sluiceLead", "sluiceImport",
                                       "sluiceDeclaration", "sluiceLeaseOn", "sluiceUse", "sluiceUseAs", "sluiceReportSection",
                                       "sluiceSetting", "sluicePeriodKind", "sluiceWeekdays", "sluiceBusinessDay"});
  CHECK(must - vim_kw == Words{});
  CHECK(vim_kw - may == Words{});

  // Emacs: the word lists and the words its font-lock rules spell out.
  const std::string el = test::read_source("editors/emacs/sluice-mode.el");
  const auto kw_begin = el.find("(defconst sluice-reserved-words");
  const auto kw_end = el.find("(defconst sluice-builtin-functions");
  const auto fl_begin = el.find(";; Property names first");
  const auto fl_end = el.find("\"Highlighting for `sluice-mode'");
  REQUIRE(kw_begin < kw_end);
  REQUIRE(fl_begin < fl_end);
  // The word lists hold words alone; the font-lock rules' strings are
  // regexps, read without their backslash items. A word that touches a
  // character class is a case-blind value (`[Bb]ond`, a day count's), no keyword.
  const std::string lists = el.substr(kw_begin, kw_end - kw_begin);
  Words el_kw = all_matches(lists, std::regex("\"([a-z_]+)\""));
  const std::string rules = std::regex_replace(el.substr(fl_begin, fl_end - fl_begin), std::regex(";[^\n]*"), "");
  for (const auto& s : all_matches(rules, std::regex(R"re("((?:[^"\\]|\\.)*)")re"))) {
    const std::string plain = std::regex_replace(std::regex_replace(s, std::regex(R"(\[[^\]]*\])"), "#"), std::regex(R"(\\+.)"), " ");
    el_kw = el_kw | all_matches(plain, std::regex("(?:^|[^a-z_#])([a-z][a-z_]+)(?![a-z_#])"));
  }
  CHECK(must - el_kw == Words{});
  CHECK(el_kw - may == Words{});

  const auto code = nlohmann::json::parse(test::read_source("editors/vscode/syntaxes/sluice.tmLanguage.json"));
  const Words code_kw = code_words(code, {"declarations", "property-block", "report-block", "settings", "per", "keywords"});
  CHECK(must - code_kw == Words{});
  CHECK(code_kw - may == Words{});
}

TEST_CASE("The language server's keywords are grammar.hpp's", "[vocabulary][editors]") {
  const Grammar g = grammar();
  Words lsp;
  for (const auto& k : lsp::keywords()) {
    INFO(k);
    CHECK(lsp.insert(k).second);
  }
  CHECK(g.keywords - lsp == Words{});
  CHECK(lsp - g.keywords == Words{});
  // Every construct is a keyword.
  CHECK(constructs() - g.keywords == Words{});
}
