// SPDX-License-Identifier: GPL-2.0-or-later
// The one-rank communicator: every collective is a copy.
#include "roost/communicator.hpp"

#include <cstdio>
#include <cstdlib>

#include "roost/backend.hpp"

namespace roost {
namespace {

class LocalCommunicator final : public Communicator {
 public:
  std::string name() const override { return "local"; }
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void allgather_spikes(std::span<const SpikeEvent> local, std::vector<SpikeEvent>& all) override {
    all.assign(local.begin(), local.end());
  }
  void alltoallv_spikes(std::span<const SpikeEvent> send, std::span<const std::int64_t>,
                        std::vector<SpikeEvent>& received) override {
    received.assign(send.begin(), send.end());
  }
  void allreduce_min(std::span<std::int64_t>) override {}
  void allreduce_max(std::span<std::int64_t>) override {}
  void allreduce_sum(std::span<std::int64_t>) override {}
  std::vector<char> gather_bytes(std::span<const char> local, int, std::vector<std::int64_t>& counts) override {
    counts.assign(1, static_cast<std::int64_t>(local.size()));
    return {local.begin(), local.end()};
  }
  std::vector<char> broadcast_bytes(std::span<const char> data, int) override { return {data.begin(), data.end()}; }
  void barrier() override {}
  [[noreturn]] void abort(int code) override {
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(code);
  }
};

}  // namespace

std::shared_ptr<Communicator> make_local_communicator() { return std::make_shared<LocalCommunicator>(); }

int launcher_world_size() {
  // Open MPI, MPICH/Intel MPI (PMI), Slurm's srun.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_NTASKS"}) {
    if (const char* value = std::getenv(name)) {
      const int n = std::atoi(value);
      if (n > 0 && std::string(name) != "SLURM_NTASKS") return n;
      // SLURM_NTASKS is set for the whole job, also around a plain `python`
      // call; count it only when srun started this task (SLURM_STEP_ID).
      if (n > 0 && std::getenv("SLURM_STEP_ID") && std::getenv("SLURM_PROCID")) return n;
    }
  }
  return 0;
}

}  // namespace roost
