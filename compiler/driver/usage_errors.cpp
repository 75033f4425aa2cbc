#include "driver/usage_errors.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"
#include "driver/errors.hpp"

namespace sluice::driver {

namespace {

// The subcommand being parsed when the error came (the last one given),
// or the app itself before any.
const CLI::App& command_of(const CLI::App& app) {
  auto subs = app.get_subcommands();
  return subs.empty() ? app : *subs.back();
}

std::string command_name(const CLI::App& app, const CLI::App& cmd) {
  return &cmd == &app ? std::string("sluice") : "sluice " + cmd.get_name();
}

// Every spelling the command's options accept: `--seed`, `-n`.
std::vector<std::string> spellings(const CLI::App& cmd) {
  std::vector<std::string> out;
  for (const CLI::Option* o : cmd.get_options()) {
    for (const auto& l : o->get_lnames()) out.push_back("--" + l);
    for (const auto& s : o->get_snames()) out.push_back("-" + s);
  }
  return out;
}

// Edits between two words, a swap of neighbours counting as one (`rnu` is
// one edit from `run`): the optimal string alignment distance.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The option nearest to a misspelt one (`--sed` -> `--seed`), if any is
// near enough to be what was meant: a third of the word's letters at most,
// and one edit for a short word.
std::string nearest(const std::vector<std::string>& names, std::string_view word) {
  std::string name = std::string(word.substr(0, word.find('=')));
  std::vector<std::string> best;
  std::size_t best_d = std::max<std::size_t>(1, name.size() / 3) + 1;  // the first distance too far
  for (const auto& n : names) {
    std::size_t d = edit_distance(name, n);
    if (d < best_d) best_d = d, best.clear();
    if (d == best_d && std::find(best.begin(), best.end(), n) == best.end()) best.push_back(n);
  }
  // Ties are all named (`--sed`: `--set` or `--seed`), in the command's order.
  std::string out;
  for (std::size_t i = 0; i < best.size(); ++i)
    out += (i == 0 ? "" : i + 1 == best.size() ? " or " : ", ") + fmt::format("`{}`", best[i]);
  return out;
}

// CLI11 puts the option's name before the first ": " of its message; shown
// with every spelling the command accepts (`-n/--scenarios`), since the
// user may have typed either.
std::string option_in(const CLI::App& cmd, const std::string& what) {
  auto colon = what.find(": ");
  std::string name = colon == std::string::npos ? std::string() : what.substr(0, colon);
  const CLI::Option* o = cmd.get_option_no_throw(name);
  if (!o) return name;
  std::string shown;
  for (const auto& s : o->get_snames()) shown += (shown.empty() ? "-" : "/-") + s;
  for (const auto& l : o->get_lnames()) shown += (shown.empty() ? "--" : "/--") + l;
  return shown.empty() ? name : shown;
}

// The words after "... not expected: " (CLI11 lists them space-separated).
std::vector<std::string> extras_in(const std::string& what) {
  std::vector<std::string> out;
  auto colon = what.find(": ");
  if (colon == std::string::npos) return out;
  std::string rest = what.substr(colon + 2);
  for (std::size_t at = 0; at < rest.size();) {
    auto sp = rest.find(' ', at);
    if (sp == std::string::npos) sp = rest.size();
    if (sp > at) out.push_back(rest.substr(at, sp - at));
    at = sp + 1;
  }
  return out;
}

// A value outside an option's set of choices: CLI11's IsMember says
// `--format: yaml not in {table,csv,json,xlsx}`; read back the value and
// the choices to say it in the house style.
struct RefusedChoice {
  std::string value;
  std::vector<std::string> allowed;
};
std::optional<RefusedChoice> choice_refused(const std::string& what) {
  auto colon = what.find(": ");
  auto not_in = what.find(" not in {");
  if (colon == std::string::npos || not_in == std::string::npos || not_in < colon || what.back() != '}') return std::nullopt;
  RefusedChoice r{what.substr(colon + 2, not_in - colon - 2), {}};
  const std::string set = what.substr(not_in + 9, what.size() - not_in - 10);
  for (std::size_t at = 0; at <= set.size();) {
    auto comma = set.find(',', at);
    if (comma == std::string::npos) comma = set.size();
    if (comma > at) r.allowed.push_back(set.substr(at, comma - at));
    at = comma + 1;
  }
  if (r.allowed.empty()) return std::nullopt;
  return r;
}

// `table, csv, json or xlsx`.
std::string one_of(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + fmt::format("`{}`", printable(words[i]));
  return out;
}

int unknown_command(const CLI::App& app, const std::string& word) {
  if (word.size() > 1 && word[0] == '-')
    return refuse(kUsage, DiagCode::UnknownOption, fmt::format("`sluice` has no option `{}`", printable(word)),
                  {"options come after the command: `sluice run DEAL --seed 7`", "`sluice --help` lists the commands"});
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) commands.push_back(sub->get_name());
  std::vector<std::string> hints;
  std::vector<std::string> spelled;
  for (const auto& c : commands) spelled.push_back("sluice " + c);
  if (auto near = nearest(spelled, "sluice " + word); !near.empty()) hints.push_back(fmt::format("did you mean {}?", near));
  hints.push_back("`sluice --help` lists the commands");
  return refuse(kUsage, DiagCode::UnknownOption, fmt::format("sluice has no command `{}`", printable(word)), hints);
}

}  // namespace

int report_usage_error(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App& cmd = command_of(app);
  const std::string name = command_name(app, cmd);
  const std::string help = fmt::format("`{} --help` lists what it takes", name);
  const std::string what = e.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    // CLI11 lists the words left over last first: the user's first one is
    // the list's last, and an unknown option says more than the value after it.
    auto words = extras_in(what);
    std::string word = words.empty() ? std::string("?") : words.back();
    for (auto it = words.rbegin(); it != words.rend(); ++it)
      if (it->size() > 1 && (*it)[0] == '-') {
        word = *it;
        break;
      }
    if (word.size() > 1 && word[0] == '-') {
      std::vector<std::string> hints;
      if (auto near = nearest(spellings(cmd), word); !near.empty()) hints.push_back(fmt::format("did you mean {}?", near));
      hints.push_back(help);
      return refuse(kUsage, DiagCode::UnknownOption, fmt::format("`{}` has no option `{}`", name, printable(word)), hints);
    }
    if (&cmd == &app) return unknown_command(app, word);
    return refuse(kUsage, DiagCode::UnknownOption, fmt::format("`{}` takes no argument `{}` here", name, printable(word)),
                  {"a deal file comes once, and an option's value right after it (`--seed 7`)", help});
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    const std::string opt = option_in(cmd, what);
    if (what.find("received") != std::string::npos)
      return refuse(kUsage, DiagCode::OptionTwice, fmt::format("`{}` is given more than once", printable(opt)),
                    {"give it once: a second value would not silently replace the first", help});
    return refuse(kUsage, DiagCode::MissingArgument, fmt::format("`{}` needs a value", printable(opt)), {help});
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    if (&cmd == &app) {
      // `sluice frob`: CLI11 reports the missing command, the word is left over.
      auto rest = app.remaining();
      if (!rest.empty()) return unknown_command(app, rest.front());
      return refuse(kUsage, DiagCode::MissingArgument, "sluice needs a command (check, run, sweep, solve, ...)",
                    {"`sluice --help` lists the commands"});
    }
    std::string missing = what.substr(0, what.find(' '));
    return refuse(kUsage, DiagCode::MissingArgument, fmt::format("`{}` needs {}", name, missing == "file" ? "a deal file" : printable(missing)),
                  {help});
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e)) {
    if (auto choice = choice_refused(what)) {
      std::vector<std::string> hints;
      if (auto near = nearest(choice->allowed, choice->value); !near.empty()) hints.push_back(fmt::format("did you mean {}?", near));
      hints.push_back(help);
      return refuse(kUsage, DiagCode::BadCommandLine,
                    fmt::format("`{}` takes {}, not `{}`", printable(option_in(cmd, what)), one_of(choice->allowed), printable(choice->value)), hints);
    }
  }
  // What else CLI11 refuses (a value its own checks reject): its sentence, coded.
  return refuse(kUsage, DiagCode::BadCommandLine, fmt::format("`{}`: {}", name, printable(what)), {help});
}

}  // namespace sluice::driver
