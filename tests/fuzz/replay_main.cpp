// Replays inputs through one fuzz target without libFuzzer, for `make test`:
// every regular file under each folder named on the command line (sorted,
// so a failure names the same file each time) goes to
// LLVMFuzzerTestOneInput. A crash or an abort fails the test, and the last
// "replaying" line names the input that did it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    if (fs::is_regular_file(argv[i], ec)) {
      files.emplace_back(argv[i]);
      continue;
    }
    if (!fs::is_directory(argv[i], ec)) {
      std::fprintf(stderr, "replay: %s is neither a file nor a folder\n", argv[i]);
      return 2;
    }
    // Hidden files are not inputs: format/roundtrip, running beside this
    // test, writes and removes `.fmt-roundtrip-*` copies in tests/golden.
    for (const auto& e : fs::recursive_directory_iterator(argv[i], ec))
      if (e.is_regular_file(ec) && e.path().filename().string().rfind('.', 0) != 0) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "replay: cannot read %s\n", f.c_str());
      return 2;
    }
    std::fprintf(stderr, "replaying %s\n", f.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replayed %zu inputs\n", files.size());
  return files.empty() ? 2 : 0;
}
