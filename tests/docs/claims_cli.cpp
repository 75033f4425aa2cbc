// The docs against the command line: the commands and options `--help`
// lists, the exit codes of its footer.
#include <algorithm>
#include <regex>

#include "claims.hpp"

namespace docs {

namespace {

// The option names of one help text's option lines: `-n,--scenarios UINT`,
// one list per line.
std::vector<std::vector<std::string>> option_lines(const std::string& help) {
  std::vector<std::vector<std::string>> out;
  bool in_options = false;
  for (const auto& line : split_lines(help)) {
    if (line.rfind("Options:", 0) == 0) in_options = true;
    else if (!line.empty() && line[0] != ' ') in_options = false;
    std::string t = trim(line);
    if (!in_options || t.empty() || t[0] != '-') continue;
    std::string names = t.substr(0, t.find(' '));
    out.emplace_back();
    for (std::size_t p = 0; p <= names.size();) {
      std::size_t q = names.find(',', p);
      if (q == std::string::npos) q = names.size();
      out.back().push_back(names.substr(p, q - p));
      p = q + 1;
    }
  }
  return out;
}

std::set<std::string> options_of(const std::string& help) {
  std::set<std::string> out;
  for (const auto& names : option_lines(help)) out.insert(names.begin(), names.end());
  return out;
}

// The pieces of a line that are code: the whole line inside a fenced block,
// else each code span.
std::vector<std::string> code_pieces(const Doc& d, std::size_t i) {
  if (d.in_code[i]) return {d.lines[i]};
  return d.spans(i);
}

// Every `sluice COMMAND ...` in a piece of code, up to a shell comment,
// pipe or the piece's end: {command, its arguments}.
std::vector<std::pair<std::string, std::string>> invocations(const std::string& code) {
  // `build/sluice run`, `mpirun -np 2 sluice run`; not `~/.cache/sluice`, nor
  // prose in a block such as "sluice version," (a command ends at a blank).
  static const std::regex re(R"((?:^|[\s(`]|build/)sluice ([a-z][a-z-]*)(?=\s|$))");
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = std::sregex_iterator(code.begin(), code.end(), re); it != std::sregex_iterator(); ++it) {
    std::string rest = code.substr(static_cast<std::size_t>(it->position(0) + it->length(0)));
    for (const char* stop : {" #", " |", ";", "&&"}) rest = rest.substr(0, rest.find(stop));
    out.emplace_back((*it)[1].str(), rest);
  }
  return out;
}

}  // namespace

bool read_cli(Context& c, Cli& cli) {
  Result top = c.sluice_run({c.sluice, "--help"});
  if (top.exit != 0) {
    c.fail(c.sluice, "`sluice --help` exited " + std::to_string(top.exit) + ":\n" + top.output);
    return false;
  }
  bool in_commands = false;
  static const std::regex command_re(R"(^  ([a-z][a-z-]*)\s)");
  static const std::regex codes_re(R"(Exit codes:(.*))");
  for (const auto& line : split_lines(top.output)) {
    std::smatch m;
    if (line.rfind("Subcommands:", 0) == 0) in_commands = true;
    else if (line.empty() || line[0] != ' ') in_commands = false;
    if (in_commands && std::regex_search(line, m, command_re)) cli.commands.push_back(m[1]);
    if (std::regex_search(line, m, codes_re)) {
      std::string list = m[1];
      static const std::regex num(R"(\b(\d+)\b)");
      for (auto it = std::sregex_iterator(list.begin(), list.end(), num); it != std::sregex_iterator(); ++it)
        cli.exit_codes.insert(std::stoi((*it)[1]));
    }
  }
  cli.all_options = options_of(top.output);
  for (const auto& cmd : cli.commands) {
    Result r = c.sluice_run({c.sluice, cmd, "--help"});
    cli.options[cmd] = options_of(r.output);
    cli.option_lines[cmd] = option_lines(r.output);
    cli.all_options.insert(cli.options[cmd].begin(), cli.options[cmd].end());
  }
  if (cli.commands.empty() || cli.exit_codes.empty()) {
    c.fail(c.sluice, "cannot read the commands or the exit codes from `sluice --help`:\n" + top.output);
    return false;
  }
  return true;
}

// Every command is shown in the README and in language.md's "What runs
// today"; every `sluice WORD` the docs write is a command.
void check_commands(Context& c, const Cli& cli) {
  const Doc& readme = c.doc("README.md");
  std::string all;
  for (const auto& l : readme.lines) all += l + "\n";
  const Doc& lang = c.doc("docs/language.md");
  std::string today;
  std::size_t today_line = 0;
  for (std::size_t i = 0; i < lang.lines.size(); ++i) {
    if (today_line == 0 && !lang.in_code[i] && lower(lang.lines[i]).find("what runs today") != std::string::npos) today_line = i + 1;
    if (today_line == 0) continue;
    if (i + 1 > today_line && (lang.lines[i].rfind("#", 0) == 0 || lang.lines[i].rfind("---", 0) == 0)) break;
    today += lang.lines[i] + "\n";
  }
  if (today_line == 0) c.fail(lang.name, "no \"What runs today\" passage listing the commands");
  for (const auto& cmd : cli.commands) {
    ++c.checks;
    std::regex shown("sluice " + cmd + "\\b");
    if (!std::regex_search(all, shown)) c.fail(readme.name, "`sluice " + cmd + "` (in `sluice --help`) is never shown");
    if (today_line && !std::regex_search(today, shown))
      c.fail(lang.where(today_line), "\"What runs today\" does not name `sluice " + cmd + "` (in `sluice --help`)");
  }
  std::set<std::string> known(cli.commands.begin(), cli.commands.end());
  for (const auto* set : {&c.docs, &c.other_docs})
    for (const auto& d : *set)
      for (std::size_t i = 0; i < d.lines.size(); ++i)
        for (const auto& piece : code_pieces(d, i))
          for (const auto& [cmd, args] : invocations(piece)) {
            ++c.checks;
            if (!known.count(cmd)) c.fail(d.where(i + 1), "`sluice " + cmd + "` is not a command of `sluice --help`");
          }
}

// Every option a `sluice COMMAND` line passes is one COMMAND takes; in the
// main docs every `--option` anywhere is one some command takes.
void check_options(Context& c, const Cli& cli) {
  static const std::regex flag_re(R"((?:^|[\s\[(|])(--?[a-zA-Z][a-zA-Z0-9-]*))");
  static const std::regex long_re(R"((?:^|[^A-Za-z0-9-])(--[a-z][a-z0-9-]*))");
  auto check_doc = [&](const Doc& d, bool strict) {
    for (std::size_t i = 0; i < d.lines.size(); ++i) {
      for (const auto& piece : code_pieces(d, i))
        for (const auto& [cmd, args] : invocations(piece)) {
          auto opts = cli.options.find(cmd);
          if (opts == cli.options.end()) continue;  // check_commands reports it
          for (auto it = std::sregex_iterator(args.begin(), args.end(), flag_re); it != std::sregex_iterator(); ++it) {
            ++c.checks;
            std::string f = (*it)[1];
            if (!opts->second.count(f)) c.fail(d.where(i + 1), "`sluice " + cmd + "` takes no option `" + f + "` (`sluice " + cmd + " --help`)");
          }
        }
      if (!strict) continue;
      const std::string& l = d.lines[i];
      for (auto it = std::sregex_iterator(l.begin(), l.end(), long_re); it != std::sregex_iterator(); ++it) {
        ++c.checks;
        if (!cli.all_options.count((*it)[1])) c.fail(d.where(i + 1), "no command takes `" + (*it)[1].str() + "` (`sluice COMMAND --help`)");
      }
    }
  };
  for (const auto& d : c.docs) check_doc(d, true);
  for (const auto& d : c.other_docs) check_doc(d, d.name.rfind("examples/", 0) == 0);

  // The other way: each option (under one of its names) is written somewhere
  // in the docs, so that a new one is documented.
  std::string all;
  for (const auto* set : {&c.docs, &c.other_docs})
    for (const auto& d : *set)
      for (const auto& l : d.lines) all += l + "\n";
  for (const auto& [cmd, lines] : cli.option_lines)
    for (const auto& names : lines) {
      if (std::find(names.begin(), names.end(), "--help") != names.end()) continue;
      ++c.checks;
      bool written = false;
      for (const auto& n : names)
        written = written || std::regex_search(all, std::regex("(^|[^A-Za-z0-9-])" + n + "($|[^A-Za-z0-9-])"));
      if (!written) c.fail("sluice " + cmd + " --help", "the option `" + names.back() + "` is in no doc");
    }
}

// The exit codes of the help's footer are each explained in the README's
// "Exit codes" paragraph and in language.md's exit-code table.
void check_exit_codes(Context& c, const Cli& cli) {
  const Doc& readme = c.doc("README.md");
  std::string para;
  std::size_t at = 0;
  for (std::size_t i = 0; i < readme.lines.size(); ++i) {
    if (!at && !readme.in_code[i] && readme.lines[i].find("Exit codes") != std::string::npos) at = i + 1;
    if (at && trim(readme.lines[i]).empty()) break;
    if (at) para += readme.lines[i] + "\n";
  }
  if (!at) c.fail(readme.name, "no \"Exit codes\" paragraph");
  const Doc& lang = c.doc("docs/language.md");
  std::size_t first = 0, last = 0;
  std::set<int> table;
  if (!lang.section("exit code", first, last)) c.fail(lang.name, "no section on exit codes");
  static const std::regex row(R"(^\|\s*(\d+)\s*\|)");
  for (std::size_t i = first; i < last; ++i) {
    std::smatch m;
    if (std::regex_search(lang.lines[i], m, row)) table.insert(std::stoi(m[1]));
  }
  for (int code : cli.exit_codes) {
    ++c.checks;
    if (at && !std::regex_search(para, std::regex("\\b" + std::to_string(code) + "\\b")))
      c.fail(readme.where(at), "exit code " + std::to_string(code) + " (in `sluice --help`) is not explained");
    if (first && !table.count(code))
      c.fail(lang.where(first), "the exit-code table has no row for " + std::to_string(code) + " (in `sluice --help`)");
  }
}

}  // namespace docs
