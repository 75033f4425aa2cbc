// The docs against what sluice prints: quoted diagnostics and quoted run
// output are reproduced, and what the docs say of the HTML report holds of
// the report the binary writes.
#include <fstream>
#include <regex>
#include <sstream>

#include "claims.hpp"

namespace docs {

namespace {

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string rtrim_lines(const std::string& s) {
  std::string out;
  for (const auto& l : split_lines(s)) out += l.substr(0, l.find_last_not_of(" \t") + 1) + "\n";
  return out;
}

// The first line where `want` and `got` differ, for a failure message.
std::string first_difference(const std::string& want, const std::string& got) {
  auto a = split_lines(want), b = split_lines(got);
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    std::string x = i < a.size() ? a[i] : "(nothing)", y = i < b.size() ? b[i] : "(nothing)";
    if (x != y) return "line " + std::to_string(i + 1) + ":\n    doc:  " + x + "\n    sluice: " + y;
  }
  return "";
}

bool write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  return static_cast<bool>(f << text);
}

// The deal a quoted diagnostic was printed for, written under `dir` at the
// path its first line names; false when the doc does not say which it is.
// Two ways to say it: "change `A` to `B`" in a file of the source tree, or
// "the "TITLE" example ... saved as `NAME.deal`" for an example of the doc.
bool stage_source(Context& c, const Doc& d, const CodeBlock& b, const std::string& path, const fs::path& dir, std::string& why) {
  std::string intro = d.intro(b.line);
  std::smatch m;
  static const std::regex change(R"(change\s+`([^`]+)`\s+to\s+`([^`]+)`)");
  static const std::regex saved(R"re("([^"]+)"[^`]*saved as\s+`([^`]+)`)re");
  if (std::regex_search(intro, m, change)) {
    // The doc writes one blank where the file may align with several: the
    // words must match, and the file's blanks are kept between them.
    std::vector<std::string> from = words(m[1]), to = words(m[2]);
    std::string pattern;
    for (const auto& w : from) pattern += (pattern.empty() ? "" : "([ \t]+)") + std::regex_replace(w, std::regex(R"([.^$|()\[\]{}*+?\\])"), "\\$&");
    std::string text = read_file(c.root / path);
    std::smatch found;
    if (text.empty() || from.empty() || !std::regex_search(text, found, std::regex(pattern))) {
      why = "`" + path + "` has no `" + m[1].str() + "` to change";
      return false;
    }
    std::string replacement;
    for (std::size_t i = 0; i < to.size(); ++i)
      replacement += (i == 0 ? "" : i < found.size() ? found[i].str() : " ") + to[i];
    text.replace(static_cast<std::size_t>(found.position(0)), static_cast<std::size_t>(found.length(0)), replacement);
    // The CSV files beside it (a lease tape, a csv factor) go with it.
    std::error_code ec;
    fs::create_directories((dir / path).parent_path(), ec);
    for (const auto& e : fs::directory_iterator((c.root / path).parent_path(), ec))
      if (e.path().extension() == ".csv") fs::copy_file(e.path(), (dir / path).parent_path() / e.path().filename(), fs::copy_options::overwrite_existing, ec);
    return write(dir / path, text);
  }
  if (std::regex_search(intro, m, saved)) {
    for (const auto& ex : d.blocks)
      if ((ex.lang == "deal" || ex.lang == "deal-error") && ex.text.find("deal \"" + m[1].str() + "\"") != std::string::npos)
        return write(dir / path, ex.text);
    why = "no example `deal \"" + m[1].str() + "\"` in the doc";
    return false;
  }
  why = "the text before it does not say which deal printed it (\"change `A` to `B`\", or the \"TITLE\" example \"saved as `F.deal`\")";
  return false;
}

}  // namespace

// A ```text block that starts like a diagnostic (`F.deal:L:C: error[E....]`)
// is what `sluice check` prints for the deal its intro names, byte for byte.
// A ```text block after a `sluice run FILE ...` span is that run's output:
// each of its paragraphs appears, in a piece, in what the run prints.
void check_quoted_outputs(Context& c) {
  static const std::regex diag(R"(^([^\s:]+\.deal):\d+:\d+: error\[E\d{4}\])");
  static const std::regex run_span(R"(`((?:build/)?sluice run [^`]+)`)");
  int n = 0;
  for (const auto& d : c.docs) {
    int reproduced = 0, quoted = 0;
    for (const auto& b : d.blocks) {
      if (b.lang != "text") continue;
      std::smatch m;
      std::string first = b.text.substr(0, b.text.find('\n'));
      if (std::regex_search(first, m, diag)) {
        ++quoted;
        fs::path dir = c.tmp / ("quoted_" + std::to_string(++n));
        std::string why;
        if (!stage_source(c, d, b, m[1], dir, why)) {
          if (why.rfind("the text before", 0) != 0) c.fail(d.where(b.line), "a quoted diagnostic: " + why);
          continue;
        }
        ++c.checks;
        ++reproduced;
        Result r = c.sluice_run({c.sluice, "check", m[1]}, dir);
        if (r.exit != 65 || r.output != b.text)
          c.fail(d.where(b.line), "`sluice check " + m[1].str() + "` prints otherwise (exit " + std::to_string(r.exit) + "), " +
                                      first_difference(b.text, r.output));
        continue;
      }
      std::string intro = d.intro(b.line);
      std::string command;
      for (auto it = std::sregex_iterator(intro.begin(), intro.end(), run_span); it != std::sregex_iterator(); ++it) command = (*it)[1];
      auto args = words(command);
      if (args.size() < 3 || !fs::exists(c.root / args[2])) continue;  // a synopsis (`sluice run FILE`), not a run
      ++c.checks;
      args[0] = c.sluice;
      Result r = c.sluice_run(args, c.root);
      std::string got = rtrim_lines(r.output);
      std::string para;
      auto flush = [&] {
        if (!para.empty() && (r.exit != 0 || got.find(para) == std::string::npos))
          c.fail(d.where(b.line), "`" + command + "` (exit " + std::to_string(r.exit) + ") does not print these lines:\n" + para +
                                      "  rerun it and paste its output");
        para.clear();
      };
      for (const auto& l : split_lines(rtrim_lines(b.text))) {
        if (l.empty()) flush();
        else para += l + "\n";
      }
      flush();
    }
    // The quoted diagnostics the docs hold today are all reproducible; one
    // that a rewording made unfindable must not pass unseen.
    if ((d.name == "README.md" || d.name == "docs/language.md") && quoted > 0 && reproduced == 0)
      c.fail(d.name, "none of its quoted diagnostics could be reproduced: say which deal printed one");
  }
}

// What the docs' sections on the HTML report say about scripts and outside
// references holds of the reports `sluice run --report` writes.
void check_report(Context& c) {
  const std::string deal = (c.root / "examples/gpu_lease_abs/gpu_lease_abs.deal").string();
  std::vector<std::pair<std::string, std::string>> pages;
  for (bool monte_carlo : {false, true}) {
    fs::path out = c.tmp / (monte_carlo ? "mc.html" : "base.html");
    std::vector<std::string> args = {c.sluice, "run", deal, "--report", out.string(), "--out", (c.tmp / "stdout.txt").string()};
    if (monte_carlo) args.insert(args.end(), {"-n", "200", "--seed", "7"});
    Result r = c.sluice_run(args);
    if (r.exit != 0) {
      c.fail(deal, "`sluice run --report` exited " + std::to_string(r.exit) + ":\n" + r.output);
      return;
    }
    pages.emplace_back(out.filename().string(), read_file(out));
  }
  bool script = false;
  std::string script_text;
  // Scanned by hand: std::regex recurses per character on a page this long.
  for (const auto& [name, html] : pages) {
    std::size_t open = html.find("<script");
    if (open != std::string::npos) {
      script = true;
      std::size_t body = html.find('>', open);
      std::size_t close = html.find("</script>", open);
      if (body != std::string::npos && close != std::string::npos && body < close) script_text = html.substr(body + 1, close - body - 1);
    }
    for (const char* attr : {" src=\"", " href=\""})
      for (std::size_t p = html.find(attr); p != std::string::npos; p = html.find(attr, p + 1)) {
        ++c.checks;
        std::size_t v = p + std::string(attr).size();
        std::string target = html.substr(v, html.find('"', v) - v);
        if (target.rfind("#", 0) != 0 && target.rfind("data:", 0) != 0)
          c.fail(name, "the report refers to `" + target + "`, outside the page, which the docs say it never does");
      }
    // (`xmlns="http://..."` on an <svg> names a namespace; it fetches nothing.)
    for (const char* outside : {"<link", "@import", "url(http", "<iframe", "<object", "<embed"}) {
      ++c.checks;
      if (html.find(outside) != std::string::npos) c.fail(name, std::string("the report holds `") + outside + "`: it reaches outside the page");
    }
  }
  // "JavaScript" alone does not count: a section must own up to the script.
  static const std::regex mentions(R"(\bscript\b)", std::regex::icase);
  for (const auto& d : c.docs) {
    std::size_t first = 0, last = 0;
    if (!d.section("HTML", first, last)) {
      if (d.name == "README.md" || d.name == "docs/output.md") c.fail(d.name, "no section on the HTML report");
      continue;
    }
    std::string text;
    for (std::size_t i = first; i < last; ++i) text += d.lines[i] + "\n";
    ++c.checks;
    bool said = std::regex_search(text, mentions);
    if (script && !said)
      c.fail(d.where(first), "the report carries an inline <script> (" + trim(script_text) +
                                 ") and this section does not say so (it reads as if the page had no script)");
    if (!script && said) c.fail(d.where(first), "this section speaks of a script, and the report has none");
  }
}

}  // namespace docs
