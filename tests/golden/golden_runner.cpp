// golden_runner: runs one golden test file through the sluice binary and
// compares what it prints with the expected block at the end of the file.
//
//   golden_runner SLUICE_BINARY FILE [--update]
//
// The file format is described in tests/golden/README.md. In short:
//
//   // RUN: run --format csv          (line 1: the sluice subcommand and options)
//   // INPUT: inputs/empty.deal       (optional, line 2: run this file instead)
//   ...the deal...
//   // ---- expected: exit 65 ----
//   // ---- stderr ----
//   // <each stderr line, after "// ">
//   // ---- stdout ----
//   // <each stdout line, after "// ">
//
// The binary runs with the file's folder as its working directory and the
// file's bare name as its last argument, so paths in diagnostics do not
// depend on which folder of tests/golden holds the test; NO_COLOR=1 is set;
// the folder's absolute path in the output is replaced by `<DIR>`. A run that takes longer than the timeout, or dies of a signal,
// fails and is never written into a file, even with --update.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

constexpr int kTimeoutSeconds = 20;
constexpr std::string_view kRunPrefix = "// RUN:";
constexpr std::string_view kInputPrefix = "// INPUT:";
constexpr std::string_view kExpectedPrefix = "// ---- expected: ";
constexpr std::string_view kStderrHeader = "// ---- stderr ----";
constexpr std::string_view kStdoutHeader = "// ---- stdout ----";
constexpr std::string_view kNoNewline = "// ---- no newline at end ----";
constexpr std::string_view kDirToken = "<DIR>";

// What one run of the binary produced.
struct Outcome {
  std::string status;  // "exit 0", "exit 65"; a signal or timeout is not an outcome
  std::string err, out;
};

// ---- reading the test file --------------------------------------------------

std::vector<std::string> split_lines(const std::string& text, bool& trailing_newline) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(pos));
      pos = text.size();
      trailing_newline = false;
      return lines;
    }
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  trailing_newline = true;
  return lines;
}

// Words separated by blanks; a double-quoted stretch belongs to one word
// and loses its quotes (`--set "size=4m USD"`). No other shell syntax.
std::vector<std::string> split_words(std::string_view s, std::string& error) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i == s.size()) break;
    std::string w;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) {
      if (s[i] == '"') {
        std::size_t close = s.find('"', i + 1);
        if (close == std::string_view::npos) {
          error = "unbalanced `\"` in the RUN line";
          return {};
        }
        w += s.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        w += s[i++];
      }
    }
    words.push_back(std::move(w));
  }
  return words;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

struct TestFile {
  std::vector<std::string> args;   // from the RUN line
  std::string input;               // from INPUT, or empty: the file itself
  std::string deal_part;           // every byte before the expected block
  std::optional<Outcome> expected; // absent when the file has no block yet
};

// One stream of the expected block, as text (lines joined with '\n').
bool decode_stream(const std::vector<std::string>& lines, std::size_t& i, std::string_view stop, std::string& text,
                   std::string& error) {
  text.clear();
  bool newline = true;
  for (; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (!stop.empty() && l == stop) break;
    if (l == kNoNewline) {
      newline = false;
      continue;
    }
    if (!newline) {
      error = "line " + std::to_string(i + 1) + ": text after the no-newline marker";
      return false;
    }
    if (l == "//") text += "\n";
    else if (starts_with(l, "// ")) text += l.substr(3) + "\n";
    else {
      error = "line " + std::to_string(i + 1) + ": an expected line must start with \"// \" (or be \"//\")";
      return false;
    }
  }
  if (!newline && !text.empty()) text.pop_back();
  return true;
}

std::optional<TestFile> read_test(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  bool trailing = true;
  auto lines = split_lines(text, trailing);
  TestFile t;
  if (lines.empty() || !starts_with(lines[0], kRunPrefix)) {
    error = path + ":1: the first line must be `// RUN: <sluice subcommand and options>`";
    return std::nullopt;
  }
  std::string why;
  t.args = split_words(std::string_view(lines[0]).substr(kRunPrefix.size()), why);
  if (!why.empty()) {
    error = path + ":1: " + why;
    return std::nullopt;
  }
  if (t.args.empty()) {
    error = path + ":1: the RUN line names no subcommand";
    return std::nullopt;
  }
  if (lines.size() > 1 && starts_with(lines[1], kInputPrefix)) {
    t.input = trim(std::string_view(lines[1]).substr(kInputPrefix.size()));
    if (t.input.empty()) {
      error = path + ":2: the INPUT line names no file";
      return std::nullopt;
    }
  }
  // The expected block starts at the first line that opens it.
  std::size_t start = lines.size();
  std::size_t offset = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (starts_with(lines[i], kExpectedPrefix)) {
      start = i;
      break;
    }
    offset += lines[i].size() + 1;
  }
  t.deal_part = text.substr(0, std::min(offset, text.size()));
  if (start == lines.size()) return t;
  // // ---- expected: exit N ----
  std::string head = lines[start];
  std::string_view status = std::string_view(head).substr(kExpectedPrefix.size());
  if (status.size() < 5 || status.substr(status.size() - 5) != " ----") {
    error = path + ":" + std::to_string(start + 1) + ": malformed expected line (want `// ---- expected: exit N ----`)";
    return std::nullopt;
  }
  Outcome o;
  o.status = std::string(status.substr(0, status.size() - 5));
  std::size_t i = start + 1;
  if (i >= lines.size() || lines[i] != kStderrHeader) {
    error = path + ":" + std::to_string(i + 1) + ": expected `" + std::string(kStderrHeader) + "`";
    return std::nullopt;
  }
  ++i;
  if (!decode_stream(lines, i, kStdoutHeader, o.err, why)) {
    error = path + ": " + why;
    return std::nullopt;
  }
  if (i >= lines.size() || lines[i] != kStdoutHeader) {
    error = path + ": the expected block has no `" + std::string(kStdoutHeader) + "` line";
    return std::nullopt;
  }
  ++i;
  if (!decode_stream(lines, i, "", o.out, why)) {
    error = path + ": " + why;
    return std::nullopt;
  }
  t.expected = std::move(o);
  return t;
}

// ---- running the binary -----------------------------------------------------

// Runs argv in dir with NO_COLOR=1; collects both streams. Returns nullopt
// (and says why) on a timeout, a signal or a failure to start.
std::optional<Outcome> run(const std::vector<std::string>& argv, const std::string& dir, std::string& error) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) posix_spawn_file_actions_addclose(&actions, fd);

  // posix_spawn has no portable chdir action, so the parent changes folder
  // around the spawn (the runner is single-threaded).
  std::error_code ec;
  fs::path old_dir = fs::current_path(ec);
  fs::current_path(dir, ec);
  if (ec) {
    error = "cannot enter " + dir + ": " + ec.message();
    return std::nullopt;
  }

  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e)
    if (!starts_with(*e, "NO_COLOR=")) env_store.emplace_back(*e);
  env_store.emplace_back("NO_COLOR=1");
  std::vector<char*> envp;
  for (auto& s : env_store) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args_store = argv;
  std::vector<char*> args;
  for (auto& s : args_store) args.push_back(s.data());
  args.push_back(nullptr);

  // Its own process group, so a timeout stops anything it started too.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  fs::current_path(old_dir, ec);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    error = "cannot start " + argv[0] + ": " + std::strerror(rc);
    return std::nullopt;
  }

  Outcome o;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&o.out, &o.err};
  int open_fds = 2;
  bool timed_out = false;
  char buf[65536];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    int n = poll(fds, 2, static_cast<int>(left));
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::string("poll: ") + std::strerror(errno);
      break;
    }
    for (int k = 0; k < 2; ++k) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = read(fds[k].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[k]->append(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[k].fd);
        fds[k].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  if (timed_out) {
    // Still running: stop it and whatever it started.
    kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
    error = "timed out after " + std::to_string(kTimeoutSeconds) + " s";
    return std::nullopt;
  }
  // Streams closed: wait for the exit, but not past the deadline.
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) {
      error = std::string("waitpid: ") + std::strerror(errno);
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      error = "timed out after " + std::to_string(kTimeoutSeconds) + " s";
      return std::nullopt;
    }
    usleep(2000);
  }
  if (!error.empty()) return std::nullopt;
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    error = "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
    if (!o.err.empty()) error += "; stderr:\n" + o.err;
    return std::nullopt;
  }
  o.status = "exit " + std::to_string(WEXITSTATUS(status));
  return o;
}

void replace_all(std::string& s, const std::string& from, std::string_view to) {
  if (from.empty()) return;
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

// ---- writing and comparing ----------------------------------------------------

std::string encode_stream(const std::string& text) {
  std::string out;
  if (text.empty()) return out;
  bool trailing = true;
  for (const auto& l : split_lines(text, trailing)) out += l.empty() ? "//\n" : "// " + l + "\n";
  if (!trailing) out += std::string(kNoNewline) + "\n";
  return out;
}

std::string encode_block(const Outcome& o) {
  std::string out = std::string(kExpectedPrefix) + o.status + " ----\n";
  out += std::string(kStderrHeader) + "\n" + encode_stream(o.err);
  out += std::string(kStdoutHeader) + "\n" + encode_stream(o.out);
  return out;
}

// A line diff (longest common subsequence), printed unified-style with
// three lines of context, at most max_lines lines.
void print_diff(const std::string& what, const std::string& expected, const std::string& actual) {
  bool t1 = true, t2 = true;
  auto a = split_lines(expected, t1), b = split_lines(actual, t2);
  if (!t1) a.push_back("\\ no newline at end");
  if (!t2) b.push_back("\\ no newline at end");
  std::cout << "--- expected " << what << "\n+++ actual " << what << "\n";
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::pair<char, std::string>> ops;  // ' ', '-', '+'
  if (n * m <= 16'000'000) {
    std::vector<std::vector<int>> L(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;) L[i][j] = a[i] == b[j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] == b[j]) ops.push_back({' ', a[i++]}), ++j;
      else if (i < n && (j == m || L[i + 1][j] >= L[i][j + 1])) ops.push_back({'-', a[i++]});
      else ops.push_back({'+', b[j++]});
    }
  } else {  // too large to align: everything from the first difference
    std::size_t i = 0;
    while (i < n && i < m && a[i] == b[i]) ops.push_back({' ', a[i]}), ++i;
    for (std::size_t k = i; k < n; ++k) ops.push_back({'-', a[k]});
    for (std::size_t k = i; k < m; ++k) ops.push_back({'+', b[k]});
  }
  constexpr std::size_t kContext = 3, kMaxLines = 60;
  std::vector<bool> show(ops.size(), false);
  for (std::size_t k = 0; k < ops.size(); ++k)
    if (ops[k].first != ' ')
      for (std::size_t x = k >= kContext ? k - kContext : 0; x < ops.size() && x <= k + kContext; ++x) show[x] = true;
  std::size_t printed = 0, line_a = 1;
  bool gap = true;
  for (std::size_t k = 0; k < ops.size(); ++k) {
    if (show[k]) {
      if (gap) std::cout << "@@ expected line " << line_a << " @@\n";
      gap = false;
      if (printed++ == kMaxLines) {
        std::cout << "... (diff truncated)\n";
        return;
      }
      std::cout << ops[k].first << ops[k].second << "\n";
    } else {
      gap = true;
    }
    if (ops[k].first != '+') ++line_a;
  }
}

int usage() {
  std::cerr << "usage: golden_runner SLUICE_BINARY FILE [--update]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) return usage();
  bool update = false;
  if (argc == 4) {
    if (std::string(argv[3]) != "--update") return usage();
    update = true;
  }
  std::error_code ec;
  const fs::path binary = fs::absolute(argv[1], ec);
  const fs::path file = fs::absolute(argv[2], ec);
  if (!fs::exists(binary, ec)) {
    std::cerr << "golden_runner: no sluice binary at " << binary.string() << "\n";
    return 2;
  }
  std::string error;
  auto test = read_test(file.string(), error);
  if (!test) {
    std::cerr << "golden_runner: " << error << "\n";
    return 1;
  }
  const fs::path dir = fs::canonical(file.parent_path(), ec);
  // How messages name the test: its folder and file (`names/fail_cycle_long.deal`),
  // which regen.sh accepts as it is.
  const std::string label = dir.filename().string() + "/" + file.filename().string();
  std::vector<std::string> cmd{binary.string()};
  cmd.insert(cmd.end(), test->args.begin(), test->args.end());
  cmd.push_back(test->input.empty() ? file.filename().string() : test->input);

  std::string shown;
  for (const auto& c : cmd) shown += (shown.empty() ? "" : " ") + (c == cmd[0] ? std::string("sluice") : c);

  auto got = run(cmd, dir.string(), error);
  if (!got) {
    std::cout << "FAIL " << label << ": `" << shown << "` " << error << "\n";
    return 1;
  }
  replace_all(got->out, dir.string(), kDirToken);
  replace_all(got->err, dir.string(), kDirToken);

  if (update) {
    std::string text = test->deal_part;
    if (!text.empty() && text.back() != '\n') text += "\n";
    text += encode_block(*got);
    std::string old;
    {
      std::ifstream in(file, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      old = ss.str();
    }
    if (old == text) {
      std::cout << "unchanged " << label << " (" << got->status << ")\n";
      return 0;
    }
    fs::path tmp = file;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!(out << text) || !out.flush()) {
        std::cerr << "golden_runner: cannot write " << tmp.string() << "\n";
        return 1;
      }
    }
    fs::rename(tmp, file, ec);
    if (ec) {
      std::cerr << "golden_runner: cannot replace " << file.string() << ": " << ec.message() << "\n";
      return 1;
    }
    // The expected block is part of the file the binary reads (as comments);
    // make sure writing it did not change what the binary prints (an error
    // at the end of the file, or inside an unclosed comment, would).
    auto again = run(cmd, dir.string(), error);
    if (again) {
      replace_all(again->out, dir.string(), kDirToken);
      replace_all(again->err, dir.string(), kDirToken);
    }
    if (!again || again->status != got->status || again->out != got->out || again->err != got->err) {
      std::cout << "FAIL " << label
                << ": the output changes once the expected block is written (it depends on the end of the file);"
                   " move the input into inputs/ and name it with `// INPUT:`\n";
      return 1;
    }
    std::cout << "updated   " << label << " (" << got->status << ")\n";
    return 0;
  }

  if (!test->expected) {
    std::cout << "FAIL " << label << ": no expected block; run tests/golden/regen.sh\n";
    return 1;
  }
  const Outcome& want = *test->expected;
  // Compares one run with the expected block; prints what differs.
  auto compare = [&](const Outcome& out, const std::string& how) {
    bool same = true;
    if (want.status != out.status) {
      std::cout << "FAIL " << label << ": `" << how << "` expected " << want.status << ", got " << out.status << "\n";
      same = false;
    }
    if (want.err != out.err) {
      if (same) std::cout << "FAIL " << label << ": `" << how << "` stderr differs\n";
      print_diff("stderr", want.err, out.err);
      same = false;
    }
    if (want.out != out.out) {
      if (same) std::cout << "FAIL " << label << ": `" << how << "` stdout differs\n";
      print_diff("stdout", want.out, out.out);
      same = false;
    }
    return same;
  };
  bool ok = compare(*got, shown);
  // Both back ends must print the same bytes for every `run`, `sweep` and
  // `solve`: the same command with --engine interp and with --engine jit.
  bool names_engine = std::find(test->args.begin(), test->args.end(), "--engine") != test->args.end();
  const std::string& verb = test->args.front();
  if (ok && (verb == "run" || verb == "sweep" || verb == "solve") && !names_engine) {
    for (const char* engine : {"interp", "jit"}) {
      std::vector<std::string> with = cmd;
      with.insert(with.end() - 1, {"--engine", engine});
      auto other = run(with, dir.string(), error);
      if (!other) {
        std::cout << "FAIL " << label << ": `" << shown << " --engine " << engine << "` " << error << "\n";
        return 1;
      }
      replace_all(other->out, dir.string(), kDirToken);
      replace_all(other->err, dir.string(), kDirToken);
      ok = compare(*other, shown + " --engine " + engine) && ok;
    }
  }
  if (!ok) {
    std::cout << "(if the new output is right, regenerate: tests/golden/regen.sh " << label << ")\n";
    return 1;
  }
  std::cout << "ok " << label << "\n";
  return 0;
}
