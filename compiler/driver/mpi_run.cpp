#include "driver/mpi_run.hpp"

#include <cstring>
#include <stdexcept>

#ifdef SLUICE_HAVE_MPI
#include <mpi.h>
#endif

namespace sluice::driver::mpi {

#ifdef SLUICE_HAVE_MPI

namespace {

constexpr int kSizeTag = 1, kBytesTag = 2;
// MPI counts are ints: parts of several gigabytes travel in 1 GiB pieces.
constexpr std::size_t kChunk = std::size_t{1} << 30;

void send(const std::string& bytes) {
  auto size = static_cast<std::uint64_t>(bytes.size());
  MPI_Send(&size, 1, MPI_UINT64_T, 0, kSizeTag, MPI_COMM_WORLD);
  for (std::size_t at = 0; at < bytes.size(); at += kChunk)
    MPI_Send(bytes.data() + at, static_cast<int>(std::min(kChunk, bytes.size() - at)), MPI_BYTE, 0, kBytesTag, MPI_COMM_WORLD);
}

std::string receive(int from) {
  std::uint64_t size = 0;
  MPI_Recv(&size, 1, MPI_UINT64_T, from, kSizeTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  for (std::size_t at = 0; at < bytes.size(); at += kChunk)
    MPI_Recv(bytes.data() + at, static_cast<int>(std::min(kChunk, bytes.size() - at)), MPI_BYTE, from, kBytesTag, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
  return bytes;
}

// A rank's message: 'P' and a partial result, or 'F' and its first failure.
std::string failure_message(const mc::Failure& f) {
  std::string out = "F";
  out.append(reinterpret_cast<const char*>(&f), sizeof f);
  return out;
}

}  // namespace

bool available() { return true; }

Session::Session(int& argc, char**& argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() { MPI_Finalize(); }

std::optional<Gathered> gather(const Session& s, const mc::PartIdentity& id, const mc::RiskShape& shape, const mc::Simulation& mine) {
  if (s.rank() != 0) {
    send(mine.failure ? failure_message(*mine.failure) : "P" + mc::encode_part(id, shape, mine));
    return std::nullopt;
  }
  Gathered g;
  g.failure = mine.failure;
  std::vector<mc::Part> parts;
  std::vector<std::string> names;
  if (!mine.failure) {
    parts.push_back({id, shape, mine, std::nullopt});  // rank 0 runs a quoted deal's base case itself
    names.push_back("rank 0");
  }
  for (int r = 1; r < s.size(); ++r) {
    std::string msg = receive(r);
    if (!msg.empty() && msg[0] == 'F' && msg.size() == 1 + sizeof(mc::Failure)) {
      mc::Failure f;
      std::memcpy(&f, msg.data() + 1, sizeof f);
      if (!g.failure || f.scenario < g.failure->scenario) g.failure = f;
      continue;
    }
    std::string why = "an empty message";
    auto part = msg.empty() || msg[0] != 'P' ? std::nullopt : mc::decode_part(std::string_view(msg).substr(1), why);
    if (!part) {
      g.error = "rank " + std::to_string(r) + " sent a partial result that cannot be read: " + why;
      continue;
    }
    parts.push_back(std::move(*part));
    names.push_back("rank " + std::to_string(r));
  }
  if (!g.failure && g.error.empty()) {
    g.whole = mc::merge_parts(std::move(parts), names, g.error);
  }
  return g;
}

bool proceed(const Session& s, bool root_says) {
  int go = s.rank() == 0 && root_says ? 1 : 0;
  MPI_Bcast(&go, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return go != 0;
}

#else

bool available() { return false; }
// Never reached: the command line refuses --mpi when available() is false.
Session::Session(int&, char**&) { throw std::logic_error("sluice was built without MPI"); }
Session::~Session() = default;
std::optional<Gathered> gather(const Session&, const mc::PartIdentity&, const mc::RiskShape&, const mc::Simulation&) {
  throw std::logic_error("sluice was built without MPI");
}
bool proceed(const Session&, bool) { throw std::logic_error("sluice was built without MPI"); }

#endif

}  // namespace sluice::driver::mpi
