// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Transport between ranks, nothing more: who am I, how many are we, and the
// few collectives the kernel needs (spikes every min_delay, min/max/sum of a
// handful of integers, agreeing on an error, gathering recordings). The kernel
// decides what to send; a Communicator only moves bytes. Implementations:
// LocalCommunicator (one rank, here), MpiCommunicator (core/src/mpi_communicator.cpp,
// built with ROOST_WITH_MPI) and NcclCommunicator (cuda/, device buffers).
//
// Every call except rank()/size()/name() is collective: all ranks call it, in
// the same order. The kernel keeps to that by making collective calls only
// from API calls that every rank of an SPMD script makes (Connect, Prepare,
// Run) — never from GetStatus/GetKernelStatus, which a script may call on
// one rank only.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace roost {

struct SpikeEvent;

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual std::string name() const = 0;  // "local", "mpi", "nccl"
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // Every rank's spikes of one slice, concatenated in rank order.
  virtual void allgather_spikes(std::span<const SpikeEvent> local, std::vector<SpikeEvent>& all) = 0;

  // Personalised exchange: `send` holds the events for rank 0, then rank 1, ...
  // (send_counts[r] of them for rank r); `received` gets what every rank sent
  // to this one, in rank order.
  virtual void alltoallv_spikes(std::span<const SpikeEvent> send, std::span<const std::int64_t> send_counts,
                                std::vector<SpikeEvent>& received) = 0;

  // Element-wise reductions over ranks, in place.
  virtual void allreduce_min(std::span<std::int64_t> values) = 0;
  virtual void allreduce_max(std::span<std::int64_t> values) = 0;
  virtual void allreduce_sum(std::span<std::int64_t> values) = 0;

  // Each rank's bytes, concatenated in rank order, on `root` (empty elsewhere);
  // `counts` gets the byte count per rank on root.
  virtual std::vector<char> gather_bytes(std::span<const char> local, int root, std::vector<std::int64_t>& counts) = 0;

  // Root's bytes on every rank.
  virtual std::vector<char> broadcast_bytes(std::span<const char> data, int root) = 0;

  virtual void barrier() = 0;

  // Ends every rank's process with `code` (after the message is printed); no
  // rank is left waiting in a collective.
  [[noreturn]] virtual void abort(int code) = 0;
};

// One rank: collectives are copies.
std::shared_ptr<Communicator> make_local_communicator();

// Where a launcher (mpirun, srun) started this process as one of several:
// the rank count it announced (OMPI_COMM_WORLD_SIZE, PMI_SIZE, SLURM_NTASKS under srun);
// 0 when not launched that way.
int launcher_world_size();

}  // namespace roost
