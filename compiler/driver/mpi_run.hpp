// `sluice run --mpi`: one Monte Carlo run over the ranks of an MPI job. Each
// rank runs shard (rank, size), sends its partial result to rank 0, and rank
// 0 merges them into what one process would have computed (docs/distributed.md).
// Built with OpenMPI when CMake finds it; otherwise available() is false and
// the command line refuses --mpi.
#pragma once
#include <optional>
#include <string>

#include "montecarlo/partial.hpp"

namespace sluice::driver::mpi {

bool available();

// MPI_Init on construction, MPI_Finalize on destruction.
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0, size_ = 1;
};

// What rank 0 holds once every rank has reported.
struct Gathered {
  std::optional<mc::Part> whole;        // every scenario, as one process would hold them
  std::optional<mc::Failure> failure;   // the failing scenario with the lowest index, from any rank
  std::string error;                    // the parts did not fit together (a bug)
};

// Sends this rank's shard, or its failure, to rank 0. On rank 0 returns
// what all ranks sent, merged; elsewhere returns nothing.
std::optional<Gathered> gather(const Session& s, const mc::PartIdentity& id, const mc::RiskShape& shape, const mc::Simulation& mine);

// Rank 0's word to every rank after a gather: go on (true) or stop, so that
// no rank waits on a rank 0 that has already reported an error and left.
bool proceed(const Session& s, bool root_says);

}  // namespace sluice::driver::mpi
