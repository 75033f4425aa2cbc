#include "doc_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace docs {

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Doc Doc::load(const fs::path& root, const std::string& relative) {
  Doc d;
  d.path = root / relative;
  d.name = relative;
  d.lines = split_lines(read_file(d.path));
  d.in_code.assign(d.lines.size(), false);
  bool inside = false;
  CodeBlock cur;
  for (std::size_t i = 0; i < d.lines.size(); ++i) {
    std::string t = trim(d.lines[i]);
    if (!inside && t.rfind("```", 0) == 0) {
      inside = true;
      d.in_code[i] = true;
      std::string info = trim(t.substr(3));
      cur = CodeBlock{info.substr(0, info.find_first_of(" \t")), i + 1, {}};
      continue;
    }
    if (inside) {
      d.in_code[i] = true;
      if (t == "```") {
        inside = false;
        d.blocks.push_back(cur);
      } else {
        cur.text += d.lines[i] + "\n";
      }
    }
  }
  return d;
}

std::vector<std::string> Doc::spans(std::size_t i) const {
  std::vector<std::string> out;
  if (in_code[i]) return out;
  const std::string& l = lines[i];
  for (std::size_t p = l.find('`'); p != std::string::npos;) {
    std::size_t q = l.find('`', p + 1);
    if (q == std::string::npos) break;
    out.push_back(l.substr(p + 1, q - p - 1));
    p = l.find('`', q + 1);
  }
  return out;
}

static int heading_level(const std::string& line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == '#') ++n;
  return n > 0 && n < line.size() && line[n] == ' ' ? static_cast<int>(n) : 0;
}

bool Doc::section(const std::string& words, std::size_t& first, std::size_t& last) const {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int level = in_code[i] ? 0 : heading_level(lines[i]);
    if (!level || lower(lines[i]).find(lower(words)) == std::string::npos) continue;
    first = i + 1;
    last = lines.size();
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      int l = in_code[j] ? 0 : heading_level(lines[j]);
      if (l && l <= level) {
        last = j;
        break;
      }
    }
    return true;
  }
  return false;
}

std::string Doc::intro(std::size_t block_line) const {
  std::string out;
  for (std::size_t i = block_line - 1; i-- > 0;) {
    if (in_code[i] || heading_level(lines[i])) break;
    out = lines[i] + "\n" + out;
  }
  return out;
}

std::string slug(const std::string& heading) {
  std::string out;
  for (char c : lower(heading)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') out += c;
    else if (c == ' ') out += '-';
  }
  return out;
}

Result run(const std::vector<std::string>& args, const fs::path& capture, const fs::path& cwd) {
  Result r;
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, capture.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    r.output = std::string("cannot start ") + args[0] + ": " + std::strerror(rc);
    return r;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      r.output = std::string("waitpid failed: ") + std::strerror(errno);
      return r;
    }
  }
  if (WIFEXITED(status)) r.exit = WEXITSTATUS(status);
  r.output = read_file(capture);
  return r;
}

}  // namespace docs
