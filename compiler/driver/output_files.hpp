// The files the command line reads and writes besides the deal: every
// output of one command lands together or not at all, never over an input,
// a device or a symbolic link; merge's parts are read only from regular
// files (docs/reliability.md lists each promise and the test that holds it).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace sluice::driver {

struct OutputFile {
  std::string path, bytes;
};

// Refuses, before any work, an output that is one of `inputs` or another
// output, compared by device and inode (so `./x.deal`, a hard link or a
// symbolic link to the deal are caught), and an output path that is a
// symbolic link to a regular file or that cannot be written to at all (a
// directory). Says why on stderr (E0812 for an input or another output,
// exit kUsage; E0800 for a path that cannot be written, exit kCantCreate);
// kOk otherwise.
int check_outputs(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs);

// Writes every file or changes none: each regular (or new) target gets a
// temporary file beside it (an unpredictable name, O_EXCL, fsync'd); a
// target that is a device, a pipe or a symbolic link to one is written
// through; only when every write succeeded are the temporaries renamed over
// their targets. On failure the temporaries are removed, stderr says which
// file (E0800) and the result is kCantCreate.
int write_outputs(const std::vector<OutputFile>& files);

// `path` whole into `out` when it is a regular file of at most `max_bytes`;
// else false with the reason in `why` (a FIFO, device or folder is refused
// without being opened for a read that could block).
bool read_regular_file(const std::string& path, std::string& out, std::string& why, std::size_t max_bytes);

}  // namespace sluice::driver
