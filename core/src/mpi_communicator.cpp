// SPDX-License-Identifier: GPL-2.0-or-later
// Communicator over MPI_COMM_WORLD. Spikes travel as raw bytes: every rank runs
// the same binary, so SpikeEvent has one layout everywhere.
#include "roost/mpi_communicator.hpp"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "roost/backend.hpp"
#include "roost/error.hpp"

namespace roost {
namespace {

void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw Error(ErrorKind::KernelException, std::string(call) + " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

// Byte counts and displacements as MPI's int arrays; refuses what int cannot hold.
void to_counts(const std::vector<std::int64_t>& bytes, std::vector<int>& counts, std::vector<int>& displs) {
  counts.resize(bytes.size());
  displs.resize(bytes.size());
  std::int64_t offset = 0;
  for (std::size_t r = 0; r < bytes.size(); ++r) {
    if (offset + bytes[r] > std::numeric_limits<int>::max()) {
      throw Error(ErrorKind::KernelException, "MPI exchange of more than 2 GiB in one call is not supported.");
    }
    counts[r] = static_cast<int>(bytes[r]);
    displs[r] = static_cast<int>(offset);
    offset += bytes[r];
  }
}

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      int provided = 0;
      check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
      std::atexit([] {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized) MPI_Finalize();
      });
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }

  std::string name() const override { return "mpi"; }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void allgather_spikes(std::span<const SpikeEvent> local, std::vector<SpikeEvent>& all) override {
    // Counts first (one int64 per rank), then the events as bytes.
    std::int64_t mine = static_cast<std::int64_t>(local.size());
    std::vector<std::int64_t> n(static_cast<std::size_t>(size_));
    check(MPI_Allgather(&mine, 1, MPI_INT64_T, n.data(), 1, MPI_INT64_T, MPI_COMM_WORLD), "MPI_Allgather");
    all.resize(static_cast<std::size_t>(std::accumulate(n.begin(), n.end(), std::int64_t{0})));
    for (auto& c : n) c *= static_cast<std::int64_t>(sizeof(SpikeEvent));
    to_counts(n, counts_, displs_);
    check(MPI_Allgatherv(local.data(), counts_[static_cast<std::size_t>(rank_)], MPI_BYTE, all.data(),
                         counts_.data(), displs_.data(), MPI_BYTE, MPI_COMM_WORLD),
          "MPI_Allgatherv");
  }

  void alltoallv_spikes(std::span<const SpikeEvent> send, std::span<const std::int64_t> send_counts,
                        std::vector<SpikeEvent>& received) override {
    const auto ranks = static_cast<std::size_t>(size_);
    std::vector<std::int64_t> recv_counts(ranks);
    check(MPI_Alltoall(send_counts.data(), 1, MPI_INT64_T, recv_counts.data(), 1, MPI_INT64_T, MPI_COMM_WORLD),
          "MPI_Alltoall");
    std::vector<std::int64_t> send_bytes(send_counts.begin(), send_counts.end());
    std::int64_t total = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
      send_bytes[r] *= static_cast<std::int64_t>(sizeof(SpikeEvent));
      total += recv_counts[r];
      recv_counts[r] *= static_cast<std::int64_t>(sizeof(SpikeEvent));
    }
    received.resize(static_cast<std::size_t>(total));
    to_counts(send_bytes, counts_, displs_);
    to_counts(recv_counts, recv_counts_, recv_displs_);
    check(MPI_Alltoallv(send.data(), counts_.data(), displs_.data(), MPI_BYTE, received.data(), recv_counts_.data(),
                        recv_displs_.data(), MPI_BYTE, MPI_COMM_WORLD),
          "MPI_Alltoallv");
  }

  void allreduce_min(std::span<std::int64_t> v) override { reduce(v, MPI_MIN); }
  void allreduce_max(std::span<std::int64_t> v) override { reduce(v, MPI_MAX); }
  void allreduce_sum(std::span<std::int64_t> v) override { reduce(v, MPI_SUM); }

  std::vector<char> gather_bytes(std::span<const char> local, int root, std::vector<std::int64_t>& counts) override {
    std::int64_t mine = static_cast<std::int64_t>(local.size());
    counts.assign(static_cast<std::size_t>(size_), 0);
    check(MPI_Gather(&mine, 1, MPI_INT64_T, counts.data(), 1, MPI_INT64_T, root, MPI_COMM_WORLD), "MPI_Gather");
    std::vector<char> out;
    if (rank_ == root) {
      to_counts(counts, counts_, displs_);
      out.resize(static_cast<std::size_t>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0})));
    } else {
      counts.clear();
    }
    check(MPI_Gatherv(local.data(), static_cast<int>(mine), MPI_BYTE, out.data(), counts_.data(), displs_.data(),
                      MPI_BYTE, root, MPI_COMM_WORLD),
          "MPI_Gatherv");
    return out;
  }

  std::vector<char> broadcast_bytes(std::span<const char> data, int root) override {
    std::int64_t n = static_cast<std::int64_t>(data.size());
    check(MPI_Bcast(&n, 1, MPI_INT64_T, root, MPI_COMM_WORLD), "MPI_Bcast");
    std::vector<char> out(static_cast<std::size_t>(n));
    if (rank_ == root) std::copy(data.begin(), data.end(), out.begin());
    if (n > std::numeric_limits<int>::max()) throw Error(ErrorKind::KernelException, "MPI_Bcast of more than 2 GiB.");
    check(MPI_Bcast(out.data(), static_cast<int>(n), MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
    return out;
  }

  void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }

  [[noreturn]] void abort(int code) override {
    std::fflush(stdout);
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);  // MPI_Abort does not return; keep [[noreturn]] honest
  }

 private:
  void reduce(std::span<std::int64_t> v, MPI_Op op) {
    check(MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_INT64_T, op, MPI_COMM_WORLD),
          "MPI_Allreduce");
  }

  int rank_ = 0;
  int size_ = 1;
  std::vector<int> counts_, displs_, recv_counts_, recv_displs_;  // reused between calls
};

}  // namespace

std::shared_ptr<Communicator> make_mpi_communicator() {
  static std::weak_ptr<Communicator> existing;  // MPI is initialised once per process
  if (auto c = existing.lock()) return c;
  auto c = std::make_shared<MpiCommunicator>();
  existing = c;
  return c;
}

}  // namespace roost
