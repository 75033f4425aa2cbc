// The registry of built-in functions and processes
// (compiler/vocabulary/functions.def): its rows are consistent with what
// sema and lowering assume of them, and the editors' keyword lists name
// exactly its calls (plus the pools' rate forms, which are a pool
// property's vocabulary, not calls of this registry).
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "vocabulary/functions.hpp"
#include "test_support.hpp"

using namespace sluice;

namespace {

// `prepayment cpr(6%)`, `default sda(100%)`: written as calls, checked by
// the pool's properties (sema/check_props.cpp), highlighted like functions.
const std::set<std::string> kPoolRateForms = {"cpr", "smm", "psa", "abs", "cdr", "mdr", "sda"};

std::set<std::string> split(const std::string& s, const std::string& sep) {
  std::set<std::string> out;
  std::size_t b = 0;
  for (;;) {
    std::size_t e = s.find(sep, b);
    out.insert(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) return out;
    b = e + sep.size();
  }
}

std::set<std::string> expected_editor_words() {
  std::set<std::string> want = kPoolRateForms;
  for (const auto& f : vocab::functions()) want.insert(std::string(f.name));
  return want;
}

}  // namespace

TEST_CASE("functions.def: names are unique and each id maps back to its row", "[vocabulary]") {
  std::set<std::string_view> names;
  for (const auto& f : vocab::functions()) {
    INFO(f.name);
    CHECK(names.insert(f.name).second);
    CHECK(vocab::lookup(f.name) == f.id);
    CHECK(&vocab::info(f.id) == &f);
    CHECK_FALSE(f.usage.empty());
    CHECK_FALSE(f.doc.empty());
    // Exactly one of the place enums holds it, and maps back to this row.
    int places = 0;
    if (auto x = vocab::as_function(f.id)) {
      ++places;
      CHECK(&vocab::info(*x) == &f);
    }
    if (auto x = vocab::as_draw(f.id)) {
      ++places;
      CHECK(&vocab::info(*x) == &f);
    }
    if (auto x = vocab::as_process(f.id)) {
      ++places;
      CHECK(&vocab::info(*x) == &f);
    }
    if (auto x = vocab::as_clause(f.id)) {
      ++places;
      CHECK(&vocab::info(*x) == &f);
    }
    CHECK(places == 1);
  }
  CHECK_FALSE(vocab::lookup("vasicekk"));
}

TEST_CASE("functions.def: named parameters are what sema and lowering read", "[vocabulary]") {
  for (const auto& f : vocab::functions()) {
    INFO(f.name);
    const auto ps = vocab::params(f.id);
    // Only Named rows have parameters, and every Named row has some.
    CHECK((f.shape == vocab::Shape::Named) == !ps.empty());
    // Required before optional: the required ones may be positional, in order.
    bool optional_seen = false;
    std::set<std::string_view> seen;
    for (const auto& p : ps) {
      CHECK(seen.insert(p.name).second);
      if (p.need == vocab::Need::Optional) optional_seen = true;
      else CHECK_FALSE(optional_seen);
      CHECK_FALSE(p.doc.empty());
      // The rules whose message quotes `what` must have one.
      if (p.rule == vocab::Rule::SameAsStart || p.rule == vocab::Rule::PerYear || p.rule == vocab::Rule::Ratio) CHECK_FALSE(p.what.empty());
      if (p.rule == vocab::Rule::SameAsStart) CHECK(seen.count("start"));
    }
    // A stochastic factor's step reads start: and vol: (ir/lower_assets.cpp).
    if (f.place == vocab::Place::Factor && f.motion == vocab::Motion::Stochastic) {
      CHECK(f.shape == vocab::Shape::Named);
      CHECK(f.result == vocab::Result::Start);
      CHECK(seen.count("start"));
      CHECK(seen.count("vol"));
    }
  }
}

TEST_CASE("The editors' built-in function lists are the registry's calls", "[vocabulary]") {
  const auto want = expected_editor_words();
  std::smatch m;

  const std::string vim = test::read_source("editors/vim/syntax/sluice.vim");
  REQUIRE(std::regex_search(vim, m, std::regex(R"re(syn match\s+sluiceBuiltin\s+"\\<\\%\(([^)]*)\\\))re")));
  CHECK(split(m[1].str(), "\\|") == want);

  const std::string el = test::read_source("editors/emacs/sluice-mode.el");
  REQUIRE(std::regex_search(el, m, std::regex(R"re(\(defconst sluice-builtin-functions\s+'\(([^)]*)\))re")));
  std::set<std::string> emacs;
  const std::string list = m[1].str();
  const std::regex quoted("\"([a-z_]+)\"");
  for (std::sregex_iterator it(list.begin(), list.end(), quoted), end; it != end; ++it) emacs.insert((*it)[1].str());
  CHECK(emacs == want);

  const std::string code = test::read_source("editors/vscode/syntaxes/sluice.tmLanguage.json");
  REQUIRE(std::regex_search(code, m, std::regex(R"re("builtin-functions":\s*\{\s*"match":\s*"\(\?<!\[A-Za-z0-9_\.\]\)\(([a-z_|]+)\))re")));
  CHECK(split(m[1].str(), "|") == want);
}
