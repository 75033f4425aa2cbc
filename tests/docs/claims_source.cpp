// The docs against the sources: diagnostic codes (codes.def), the grammar's
// keywords (grammar.hpp), the files they name and their links.
#include <glob.h>

#include <cctype>
#include <regex>
#include <sstream>

#include "claims.hpp"

namespace docs {

namespace {

// grammar.hpp, read as far as the docs need it: keyword rules
// (`SLUICE_KW(kw_pay, "pay")`) and rule bodies (`struct step : sor<...> {};`).
struct Grammar {
  std::map<std::string, std::string> keyword;  // kw_pay -> pay
  std::map<std::string, std::string> body;     // step -> sor<pay_step, ...>

  explicit Grammar(const std::string& text) {
    static const std::regex kw(R"re(SLUICE_KW\((\w+),\s*"([^"]+)"\))re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kw); it != std::sregex_iterator(); ++it) keyword[(*it)[1]] = (*it)[2];
    for (std::size_t p = text.find("struct "); p != std::string::npos; p = text.find("struct ", p + 1)) {
      std::size_t name_end = text.find_first_of(" \n:{", p + 7);
      std::size_t colon = text.find(':', p), end = text.find("{};", p);
      if (name_end == std::string::npos || colon == std::string::npos || end == std::string::npos || colon > end) continue;
      body[text.substr(p + 7, name_end - p - 7)] = text.substr(colon + 1, end - colon - 1);
    }
  }
  // The identifiers of a rule's body, in order.
  std::vector<std::string> idents(const std::string& rule) const {
    std::vector<std::string> out;
    auto b = body.find(rule);
    if (b == body.end()) return out;
    // Not the words inside string literals: TAO_PEGTL_STRING("target").
    static const std::regex literal(R"re("[^"]*")re");
    std::string code = std::regex_replace(b->second, literal, "\"\"");
    static const std::regex id(R"([A-Za-z_]\w*)");
    for (auto it = std::sregex_iterator(code.begin(), code.end(), id); it != std::sregex_iterator(); ++it) out.push_back((*it)[0]);
    return out;
  }
  std::string keyword_of(std::string id) const {
    if (id.size() > 2 && id.compare(id.size() - 2, 2, "_t") == 0 && !keyword.count(id)) id.resize(id.size() - 2);
    auto k = keyword.find(id);
    return k == keyword.end() ? "" : k->second;
  }
  // The keywords a rule starts with: a `sor<...>` of alternatives gives
  // each one's; a sequence its first element's.
  std::set<std::string> leading(const std::string& rule, int depth = 0) const {
    std::set<std::string> out;
    auto ids = idents(rule);
    if (ids.empty() || depth > 8) return out;
    std::vector<std::string> heads;
    if (ids[0] == "sor") heads.assign(ids.begin() + 1, ids.end());
    else heads.push_back(ids[0] == "seq" && ids.size() > 1 ? ids[1] : ids[0]);
    for (const auto& h : heads) {
      if (std::string k = keyword_of(h); !k.empty()) out.insert(k);
      else if (body.count(h)) out.merge(leading(h, depth + 1));
    }
    return out;
  }
  // Every keyword or phrase word a rule names, at any depth of `sor`.
  std::set<std::string> words_of(const std::string& rule, int depth = 0) const {
    std::set<std::string> out;
    if (depth > 8) return out;
    for (const auto& i : idents(rule))
      if (std::string k = keyword_of(i); !k.empty()) out.insert(k);
      else if (body.count(i) && i != rule) out.merge(words_of(i, depth + 1));
    auto b = body.find(rule);
    static const std::regex lit(R"re(TAO_PEGTL_STRING\("([^"]+)"\))re");
    if (b != body.end())
      for (auto it = std::sregex_iterator(b->second.begin(), b->second.end(), lit); it != std::sregex_iterator(); ++it) out.insert((*it)[1]);
    return out;
  }
};

// `w` occurs in `text` with no letter, digit or `_` on either side.
bool has_word(const std::string& text, const std::string& w) {
  auto word_char = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  for (std::size_t p = text.find(w); p != std::string::npos; p = text.find(w, p + 1))
    if ((p == 0 || !word_char(text[p - 1])) && (p + w.size() == text.size() || !word_char(text[p + w.size()]))) return true;
  return false;
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& w : s) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

// Every code the docs name exists; language.md names every code there is.
void check_codes(Context& c) {
  std::string def = read_file(c.root / "compiler/diagnostics/codes.def");
  std::set<std::string> codes;
  static const std::regex diag(R"(DIAG\((\d+),)");
  for (auto it = std::sregex_iterator(def.begin(), def.end(), diag); it != std::sregex_iterator(); ++it) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "E%04d", std::stoi((*it)[1]));
    codes.insert(buf);
  }
  if (codes.empty()) return c.fail("compiler/diagnostics/codes.def", "no DIAG(...) line");
  static const std::regex code_re(R"(\bE\d{4}\b)");
  std::set<std::string> in_lang;  // the codes of the table of codes in its section on diagnostics
  std::size_t first = 0, last = 0;
  if (!c.doc("docs/language.md").section("diagnostic", first, last)) c.fail("docs/language.md", "no section on diagnostics");
  for (const auto* set : {&c.docs, &c.other_docs})
    for (const auto& d : *set)
      for (std::size_t i = 0; i < d.lines.size(); ++i) {
        const std::string& l = d.lines[i];
        for (auto it = std::sregex_iterator(l.begin(), l.end(), code_re); it != std::sregex_iterator(); ++it) {
          ++c.checks;
          if (!codes.count((*it)[0])) c.fail(d.where(i + 1), (*it)[0].str() + " is not in compiler/diagnostics/codes.def");
          if (d.name == "docs/language.md" && i >= first && i < last && l.rfind("|", 0) == 0) in_lang.insert((*it)[0]);
        }
      }
  for (const auto& code : codes) {
    ++c.checks;
    if (!in_lang.count(code)) c.fail(c.doc("docs/language.md").where(first), code + " (codes.def) is not in the table of codes");
  }
}

// language.md's lists of reserved words and phrase words are the grammar's;
// every declaration, setting and waterfall step the grammar accepts has a
// row in one of its tables; every report section and market item is named.
void check_keywords(Context& c) {
  Grammar g(read_file(c.root / "compiler/syntax/grammar.hpp"));
  const Doc& lang = c.doc("docs/language.md");
  if (g.keyword.empty() || !g.body.count("reserved")) return c.fail("compiler/syntax/grammar.hpp", "cannot read its keywords");

  std::size_t first = 0, last = 0;
  std::vector<std::set<std::string>> lists;
  std::size_t list_line = 0;
  if (lang.section("reserved", first, last))
    for (const auto& b : lang.blocks)
      if (b.line > first && b.line <= last && b.lang == "text") {
        if (!list_line) list_line = b.line;
        std::set<std::string> ws;
        static const std::regex w(R"(\(.*?\)|([A-Za-z_]\w*))");  // words, less (annotations)
        for (auto it = std::sregex_iterator(b.text.begin(), b.text.end(), w); it != std::sregex_iterator(); ++it)
          if ((*it)[1].matched) ws.insert((*it)[1]);
        lists.push_back(ws);
      }
  std::set<std::string> phrase = g.words_of("phrase_word");
  std::set<std::string> reserved;
  for (const auto& i : g.idents("reserved"))
    if (std::string k = g.keyword_of(i); !k.empty()) reserved.insert(k);
  ++c.checks;
  if (lists.size() < 2) return c.fail(lang.name, "the section on reserved words has not its two lists (reserved words, phrase words)");
  auto compare = [&](const std::set<std::string>& doc, const std::set<std::string>& grammar, const std::string& what) {
    std::set<std::string> missing, extra;
    for (const auto& w : grammar) if (!doc.count(w)) missing.insert(w);
    for (const auto& w : doc) if (!grammar.count(w)) extra.insert(w);
    if (!missing.empty()) c.fail(lang.where(list_line), what + " misses " + join(missing) + " (grammar.hpp)");
    if (!extra.empty()) c.fail(lang.where(list_line), what + " lists " + join(extra) + ", which grammar.hpp does not");
  };
  compare(lists[0], reserved, "the list of reserved words");
  compare(lists[1], phrase, "the list of phrase words");

  // First cells of table rows, and code spans, of the whole document.
  std::string first_cells, spans;
  for (std::size_t i = 0; i < lang.lines.size(); ++i) {
    const std::string& l = lang.lines[i];
    if (!lang.in_code[i] && l.rfind("|", 0) == 0) first_cells += l.substr(1, l.find('|', 1) - 1) + "\n";
    for (const auto& s : lang.spans(i)) spans += s + "\n";
  }
  std::set<std::string> rows;
  for (const char* rule : {"top_item", "member_decl", "setting", "step"}) rows.merge(g.leading(rule));
  for (const auto& k : rows) {
    ++c.checks;
    if (!has_word(first_cells, k)) c.fail(lang.name, "`" + k + "` (grammar.hpp) starts no row of a table (declarations, settings, steps)");
  }
  std::set<std::string> named;
  for (const char* rule : {"report_section", "market_item"}) named.merge(g.leading(rule));
  for (const auto& k : named) {
    ++c.checks;
    if (!has_word(spans, k)) c.fail(lang.name, "`" + k + "` (grammar.hpp) is never named in the prose");
  }
}

// Every file the docs name exists: paths from the top of the tree
// (`tests/golden/regen.sh`, `docs/`), paths inside compiler/ or runtime/
// (`exec/semantics.cpp`) and bare source file names (`emit.cpp`).
void check_paths(Context& c) {
  static const std::regex top(R"((?:^|[^A-Za-z0-9_./-])((?:compiler|runtime|tests|docs|examples|stdlib|editors)/[A-Za-z0-9_.*/+-]*))");
  static const std::regex inner(
      R"((?:^|[^A-Za-z0-9_./-])((?:codegen|driver|exec|interp|pipeline|montecarlo|ir|sema|syntax|format|lsp|report|diagnostics|base|analysis|vocabulary|calendar|metrics|random|stats|actus)/[A-Za-z0-9_.+-]+\.[a-z]+))");
  static const std::regex bare(R"(^[A-Za-z0-9_-]+\.(cpp|hpp|def|sh)$)");
  auto exists = [&](const std::string& pattern) {
    glob_t g{};
    int rc = glob((c.root / pattern).c_str(), 0, nullptr, &g);
    globfree(&g);
    return rc == 0;
  };
  std::set<std::string> sources;  // every file name in the tree's source folders
  for (const char* dir : {"compiler", "runtime", "tests", "editors"})
    for (const auto& e : fs::recursive_directory_iterator(c.root / dir))
      if (e.is_regular_file()) sources.insert(e.path().filename().string());
  for (const auto& d : c.docs)
    for (std::size_t i = 0; i < d.lines.size(); ++i) {
      const std::string& l = d.lines[i];
      for (auto it = std::sregex_iterator(l.begin(), l.end(), top); it != std::sregex_iterator(); ++it) {
        std::string p = (*it)[1];
        while (!p.empty() && (p.back() == '.' || p.back() == ',')) p.pop_back();
        std::string leaf = p.substr(p.find_last_of('/') + 1);
        // A name without an extension may be a test's name (`docs/language_examples`).
        if (p.find('*') == std::string::npos && p.back() != '/' && leaf.find('.') == std::string::npos) continue;
        ++c.checks;
        if (!exists(p)) c.fail(d.where(i + 1), "`" + p + "` does not exist");
      }
      for (auto it = std::sregex_iterator(l.begin(), l.end(), inner); it != std::sregex_iterator(); ++it) {
        ++c.checks;
        std::string p = (*it)[1];
        if (!exists("compiler/" + p) && !exists("runtime/" + p)) c.fail(d.where(i + 1), "`" + p + "` is in neither compiler/ nor runtime/");
      }
      for (const auto& s : d.spans(i))
        if (std::regex_match(s, bare)) {
          ++c.checks;
          if (!sources.count(s)) c.fail(d.where(i + 1), "no file `" + s + "` in compiler/, runtime/, tests/ or editors/");
        }
    }
}

// Every golden test the docs name by its ctest name (`golden/debt/ok_sculpted`)
// exists as tests/golden/<folder>/<stem>.deal; a name without its folder
// (`golden/ok_sculpted`, the layout before the folders) is stale.
void check_golden_names(Context& c) {
  static const std::regex name(R"((?:^|[^A-Za-z0-9_./-])golden/([a-z0-9_]+(?:/[a-z0-9_]+)?)(?![A-Za-z0-9_./-]))");
  for (const auto* set : {&c.docs, &c.other_docs})
    for (const auto& d : *set)
      for (std::size_t i = 0; i < d.lines.size(); ++i) {
        const std::string& l = d.lines[i];
        for (auto it = std::sregex_iterator(l.begin(), l.end(), name); it != std::sregex_iterator(); ++it) {
          const std::string test = (*it)[1];
          ++c.checks;
          if (test.find('/') == std::string::npos)
            c.fail(d.where(i + 1), "`golden/" + test + "`: golden tests are named golden/<folder>/<stem> (tests/golden/README.md)");
          else if (!fs::is_regular_file(c.root / "tests/golden" / (test + ".deal")))
            c.fail(d.where(i + 1), "`golden/" + test + "` names no test: there is no tests/golden/" + test + ".deal");
        }
      }
}

// The README's layout block (`compiler/   base/ diagnostics/ ...`): each
// folder and document it lists lies in the top folder its line (or the
// line above) starts with.
void check_layout(Context& c) {
  const Doc& readme = c.doc("README.md");
  static const std::regex entry(R"(^(?:[a-z_]+/|[A-Za-z0-9_-]+\.md)$)");
  bool found = false;
  for (const auto& b : readme.blocks) {
    if (b.text.rfind("compiler/", 0) != 0) continue;
    found = true;
    std::string top;
    std::size_t n = b.line;
    for (const auto& line : split_lines(b.text)) {
      ++n;
      std::istringstream in(line);
      std::string w;
      bool first = true;
      int depth = 0;  // inside a parenthesized description
      while (in >> w) {
        bool lead = first && !std::isspace(static_cast<unsigned char>(line[0]));
        first = false;
        if (lead) {
          top = w;
          ++c.checks;
          if (!fs::is_directory(c.root / top)) c.fail(readme.where(n), "the layout lists `" + top + "`, which is not a folder");
          continue;
        }
        if (depth == 0 && std::regex_match(w, entry)) {
          ++c.checks;
          if (!fs::exists(c.root / top / w)) c.fail(readme.where(n), "the layout lists `" + top + w + "`, which does not exist");
        }
        for (char ch : w) depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
      }
    }
  }
  if (!found) c.fail(readme.name, "no layout block (a code block that starts with `compiler/`)");
}

// Every `namespace::name` the docs name (`ir::holder_cash`,
// `stats::ExactSum::add`) is a name in compiler/ or runtime/: the last part
// occurs there as a word, and so does its namespace.
void check_symbols(Context& c) {
  std::string code;
  for (const char* dir : {"compiler", "runtime"})
    for (const auto& e : fs::recursive_directory_iterator(c.root / dir))
      if (e.is_regular_file() && (e.path().extension() == ".cpp" || e.path().extension() == ".hpp" || e.path().extension() == ".def"))
        code += read_file(e.path()) + "\n";
  static const std::regex symbol(R"(^([a-z_]+)::(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)$)");
  for (const auto* set : {&c.docs, &c.other_docs})
    for (const auto& d : *set)
      for (std::size_t i = 0; i < d.lines.size(); ++i)
        for (const auto& s : d.spans(i)) {
          std::smatch m;
          if (!std::regex_match(s, m, symbol) || m[1] == "std") continue;
          ++c.checks;
          if (!has_word(code, "namespace " + m[1].str()) && !has_word(code, "namespace sluice::" + m[1].str()) &&
              code.find("namespace " + m[1].str() + " =") == std::string::npos)
            c.fail(d.where(i + 1), "`" + s + "`: no namespace `" + m[1].str() + "` in compiler/ or runtime/");
          else if (!has_word(code, m[2]))
            c.fail(d.where(i + 1), "`" + s + "`: no `" + m[2].str() + "` in compiler/ or runtime/");
        }
}

// Every link of the docs lands: a file that exists, an anchor of a heading.
void check_links(Context& c) {
  static const std::regex link(R"(\]\(([^)\s]+)\))");
  auto anchors = [&](const fs::path& p) {
    std::set<std::string> out;
    for (const auto& l : split_lines(read_file(p)))
      if (l.rfind("#", 0) == 0) out.insert(slug(trim(l.substr(l.find_first_not_of('#')))));
    return out;
  };
  for (const auto& d : c.docs)
    for (std::size_t i = 0; i < d.lines.size(); ++i) {
      if (d.in_code[i]) continue;
      const std::string& l = d.lines[i];
      for (auto it = std::sregex_iterator(l.begin(), l.end(), link); it != std::sregex_iterator(); ++it) {
        std::string target = (*it)[1];
        if (target.rfind("http", 0) == 0) continue;
        ++c.checks;
        std::string file = target.substr(0, target.find('#'));
        std::string anchor = target.find('#') == std::string::npos ? "" : target.substr(target.find('#') + 1);
        fs::path p = file.empty() ? d.path : d.path.parent_path() / file;
        if (!fs::exists(p)) c.fail(d.where(i + 1), "the link `" + target + "` names no file");
        else if (!anchor.empty() && !anchors(p).count(anchor)) c.fail(d.where(i + 1), "the link `" + target + "` names no heading");
      }
    }
}

}  // namespace docs
