#include "driver/output_files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <iostream>
#include <optional>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

#include "diagnostics/exit.hpp"
#include "driver/errors.hpp"

namespace sluice::driver {

namespace {

struct Identity {
  dev_t dev = 0;
  ino_t ino = 0;
  std::string leaf;  // for a file not yet there: its name in the folder (dev, ino)
  bool operator==(const Identity&) const = default;
};

std::string folder_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}
std::string leaf_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What a path names: the file it resolves to, or (when there is none yet)
// the folder and name it would be created as.
std::optional<Identity> identity_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return Identity{st.st_dev, st.st_ino, ""};
  if (::stat(folder_of(path).c_str(), &st) == 0) return Identity{st.st_dev, st.st_ino, leaf_of(path)};
  return std::nullopt;
}

int say(int rc, const std::string& path, const std::string& why, const std::string& hint = "", DiagCode code = DiagCode::CannotRead) {
  std::vector<std::string> hints;
  if (!hint.empty()) hints.push_back(hint);
  return refuse(rc, code, fmt::format("cannot write `{}`: {}", path, why), std::move(hints));
}

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// How a target is written: beside it and renamed (a regular file, or none
// yet), or through it (a device or a pipe, directly or by a symbolic link).
enum class Kind { Replace, Through };

// /dev/stdout, /dev/stderr and /dev/fd/N name a descriptor this process
// already holds (a symbolic link into /proc): written through it as it is,
// so `--out /dev/stdout > file` appends where the shell's redirection points.
int named_descriptor(const std::string& path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  if (path.rfind("/dev/fd/", 0) == 0 && path.size() > 8 && path.size() < 14 &&
      path.find_first_not_of("0123456789", 8) == std::string::npos)
    return std::stoi(path.substr(8));
  return -1;
}

std::optional<Kind> kind_of(const std::string& path, std::string& why, mode_t& mode, bool& exists) {
  struct stat l {}, st {};
  exists = false;
  if (named_descriptor(path) >= 0) return Kind::Through;
  if (::lstat(path.c_str(), &l) != 0) {
    if (errno == ENOENT) return Kind::Replace;
    why = std::strerror(errno);
    return std::nullopt;
  }
  const bool link = S_ISLNK(l.st_mode);
  if (link && ::stat(path.c_str(), &st) != 0) {
    why = "it is a symbolic link to nothing; sluice does not replace symbolic links";
    return std::nullopt;
  }
  if (!link) st = l;
  if (S_ISDIR(st.st_mode)) {
    why = "it is a folder";
    return std::nullopt;
  }
  if (S_ISREG(st.st_mode)) {
    if (link) {
      why = "it is a symbolic link; sluice does not replace symbolic links nor write into their targets";
      return std::nullopt;
    }
    exists = true;
    mode = st.st_mode & 0777;  // not set-id bits: the new file is this user's
    return Kind::Replace;
  }
  return Kind::Through;  // a character device (/dev/null, a terminal), a pipe
}

std::string random_suffix() {
  std::random_device rd;  // the kernel's generator: names no one can guess
  return fmt::format("{:08x}{:08x}", rd(), rd());
}

}  // namespace

int check_outputs(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs) {
  std::vector<std::optional<Identity>> in;
  for (const auto& p : inputs) {
    struct stat st {};
    in.push_back(::stat(p.c_str(), &st) == 0 ? std::optional<Identity>(Identity{st.st_dev, st.st_ino, ""}) : std::nullopt);
  }
  std::vector<std::pair<std::string, Identity>> seen;
  for (const auto& out : outputs) {
    if (out.empty()) continue;
    // An input first, however it is reached (a symbolic link to the deal is that).
    auto id = named_descriptor(out) >= 0 ? std::nullopt : identity_of(out);
    for (std::size_t i = 0; id && i < inputs.size(); ++i)
      if (in[i] && *in[i] == *id)
        return say(kUsage, out, fmt::format("it is `{}`, an input of this command", inputs[i]),
                   "write the output to another file: this one would be overwritten", DiagCode::OutputIsInput);
    std::string why;
    mode_t mode = 0;
    bool exists = false;
    auto kind = kind_of(out, why, mode, exists);
    if (!kind) return say(kCantCreate, out, why, "name a regular file, or a new one");
    if (!id) continue;  // its folder is missing: the write says so
    if (*kind == Kind::Through) continue;  // /dev/null may take two outputs
    for (const auto& [name, other] : seen)
      if (other == *id) return say(kUsage, out, fmt::format("it is the same file as `{}`, another output", name), "give each output its own file", DiagCode::OutputIsInput);
    seen.emplace_back(out, *id);
  }
  return kOk;
}

int write_outputs(const std::vector<OutputFile>& files) {
  struct Pending {
    const OutputFile* file;
    Kind kind;
    std::string tmp;
  };
  std::vector<Pending> pending;
  auto abandon = [&](int rc) {
    for (const auto& p : pending)
      if (!p.tmp.empty()) ::unlink(p.tmp.c_str());
    return rc;
  };
  // Every temporary first: a full disk fails here, before any target changes.
  for (const auto& f : files) {
    std::string why;
    mode_t mode = 0;
    bool exists = false;
    auto kind = kind_of(f.path, why, mode, exists);
    if (!kind) return abandon(say(kCantCreate, f.path, why));
    pending.push_back({&f, *kind, ""});
    if (*kind == Kind::Through) continue;
    int fd = -1;
    std::string tmp;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
      // The name shortened so the temporary fits NAME_MAX wherever the target does.
      tmp = fmt::format("{}/.{}.{}.tmp", folder_of(f.path), leaf_of(f.path).substr(0, 200), random_suffix());
      fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
      if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) return abandon(say(kCantCreate, f.path, std::strerror(errno)));
    pending.back().tmp = tmp;
    // A replaced file keeps its permissions; a new one gets the umask's.
    bool ok = (!exists || ::fchmod(fd, mode) == 0) && write_all(fd, f.bytes) && ::fsync(fd) == 0;
    int err = errno;
    if (::close(fd) != 0 && ok) {
      ok = false;
      err = errno;
    }
    if (!ok) return abandon(say(kCantCreate, f.path, std::strerror(err)));
  }
  // Then the devices and pipes, which cannot be written beside.
  for (const auto& p : pending) {
    if (p.kind != Kind::Through) continue;
    if (int held = named_descriptor(p.file->path); held >= 0) {
      std::cout.flush();
      if (!write_all(held, p.file->bytes)) return abandon(say(kCantCreate, p.file->path, std::strerror(errno)));
      continue;
    }
    int fd = ::open(p.file->path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return abandon(say(kCantCreate, p.file->path, std::strerror(errno)));
    struct stat st {};
    // Not a regular file now either (it was swapped since it was looked at): never written in place.
    bool ok = ::fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && write_all(fd, p.file->bytes);
    int err = S_ISREG(st.st_mode) ? EEXIST : errno;
    if (::close(fd) != 0 && ok) {
      ok = false;
      err = errno;
    }
    if (!ok) return abandon(say(kCantCreate, p.file->path, std::strerror(err)));
  }
  // Last the renames, within each folder: they need no space.
  for (auto& p : pending) {
    if (p.tmp.empty()) continue;
    if (::rename(p.tmp.c_str(), p.file->path.c_str()) != 0) return abandon(say(kCantCreate, p.file->path, std::strerror(errno)));
    p.tmp.clear();
    int dir = ::open(folder_of(p.file->path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);  // the rename itself survives a crash
      ::close(dir);
    }
  }
  return kOk;
}

bool read_regular_file(const std::string& path, std::string& out, std::string& why, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    why = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    why = S_ISDIR(st.st_mode) ? "it is a folder" : "it is not a regular file (a pipe, a socket or a device)";
    ::close(fd);
    return false;
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    why = fmt::format("it is {} bytes, over the limit of {}", st.st_size, max_bytes);
    ::close(fd);
    return false;
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  errno = 0;
  while (done < text.size()) {
    ssize_t n = ::read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const int err = errno;
  ::close(fd);
  if (done != text.size()) {
    why = done < text.size() && err ? std::strerror(err) : "it changed while it was read";
    return false;
  }
  out = std::move(text);
  return true;
}

}  // namespace sluice::driver
