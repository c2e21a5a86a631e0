// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The NCCL communicator: collectives between ranks with one GPU each, on
// device buffers (target `roost_nccl`, built with ROOST_WITH_NCCL; its users
// get ROOST_HAVE_NCCL=1). Host-compilable: no CUDA or NCCL header here.
//
// A bootstrap communicator (MPI, or the local one for a single rank) supplies
// rank and size and carries NCCL's unique id; gather_bytes, broadcast_bytes
// and barrier go through it unchanged (host data). See cuda/README.md.
//
// Without ROOST_HAVE_NCCL only the two free functions exist: nccl_available()
// is false and make_nccl_communicator() throws Error(KernelException).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "roost/communicator.hpp"
#include "roost/error.hpp"

namespace roost::cuda {

#if defined(ROOST_HAVE_NCCL)

// True: this build has NCCL (whether a GPU is present is device_info()'s
// question, and make_nccl_communicator's).
bool nccl_available();

// Collective over `bootstrap`'s ranks: picks this rank's CUDA device
// (node_local_rank(rank) modulo the visible devices), makes it current
// (cudaSetDevice) and creates the NCCL communicator. Throws
// Error(KernelException) on every rank if any rank fails before
// ncclCommInitRank (no device, bad device ...).
std::shared_ptr<Communicator> make_nccl_communicator(std::shared_ptr<Communicator> bootstrap);

// The rank within its node, from the launcher's environment:
// OMPI_COMM_WORLD_LOCAL_RANK, else MPI_LOCALRANKID, else SLURM_LOCALID
// (the first that holds a non-negative integer), else `rank`.
int node_local_rank(int rank);

// Device memory that grows geometrically and never shrinks. Belongs to the
// device that was current when it first allocated. Move-only.
class DeviceBytes {
 public:
  DeviceBytes() = default;
  ~DeviceBytes();
  DeviceBytes(DeviceBytes&& other) noexcept;
  DeviceBytes& operator=(DeviceBytes&& other) noexcept;
  DeviceBytes(const DeviceBytes&) = delete;
  DeviceBytes& operator=(const DeviceBytes&) = delete;

  void* data() noexcept { return data_; }
  const void* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }

  // Sets size() to `bytes`. When the capacity has to grow the old contents
  // are dropped (nothing here needs them). Throws Error(KernelException) when
  // the allocation fails, naming the bytes wanted.
  void resize(std::size_t bytes);

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

class NcclCommunicator final : public Communicator {
 public:
  // Use make_nccl_communicator(); this is public only for std::make_shared.
  struct Impl;
  explicit NcclCommunicator(std::unique_ptr<Impl> impl);
  ~NcclCommunicator() override;  // ncclCommDestroy (ncclCommAbort after an error); never throws

  std::string name() const override { return "nccl"; }
  int rank() const override;
  int size() const override;
  int device() const;  // the CUDA device this rank uses; a CUDA backend must use the same

  void allgather_spikes(std::span<const SpikeEvent> local, std::vector<SpikeEvent>& all) override;
  // Host data through the bootstrap (MPI); the device path is the allgather.
  void alltoallv_spikes(std::span<const SpikeEvent> send, std::span<const std::int64_t> send_counts,
                        std::vector<SpikeEvent>& received) override;
  void allreduce_min(std::span<std::int64_t> values) override;
  void allreduce_max(std::span<std::int64_t> values) override;
  void allreduce_sum(std::span<std::int64_t> values) override;
  std::vector<char> gather_bytes(std::span<const char> local, int root, std::vector<std::int64_t>& counts) override;
  std::vector<char> broadcast_bytes(std::span<const char> data, int root) override;
  void barrier() override;
  [[noreturn]] void abort(int code) override;

  // Device-side allgather: every rank's `local_bytes` bytes at device pointer
  // `d_local`, concatenated in rank order into `d_all` (resized to the total);
  // `counts` gets the byte count per rank. Runs on the communicator's own
  // stream, which is a blocking stream: work queued earlier on the legacy
  // default stream (Thrust's default) is finished before it reads `d_local`;
  // work on other non-blocking streams must be synchronized by the caller.
  // Returns when `d_all` is complete.
  void allgather_device(const void* d_local, std::size_t local_bytes, DeviceBytes& d_all,
                        std::vector<std::int64_t>& counts);

 private:
  std::unique_ptr<Impl> impl_;
};

#else  // built without NCCL

inline bool nccl_available() { return false; }

inline std::shared_ptr<Communicator> make_nccl_communicator(std::shared_ptr<Communicator> /*bootstrap*/) {
  throw Error(ErrorKind::KernelException,
              "nccl communicator: this build has no NCCL (configure with ROOST_WITH_NCCL=ON)");
}

#endif

}  // namespace roost::cuda
