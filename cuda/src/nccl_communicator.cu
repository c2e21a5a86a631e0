// SPDX-License-Identifier: GPL-2.0-or-later
// NcclCommunicator: spikes and reductions through NCCL on device buffers; the
// bootstrap communicator carries the unique id and the host-side collectives.
// Every collective here returns with its stream drained, so no device work of
// this communicator is ever in flight between calls.
#include <cuda_runtime.h>
#include <nccl.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include "roost/backend.hpp"
#include "roost/cuda/nccl_communicator.hpp"

namespace roost::cuda {

static_assert(std::is_trivially_copyable_v<SpikeEvent>, "spikes travel as raw bytes");

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw Error(ErrorKind::KernelException, "nccl communicator: " + what);
}

void check_cuda(cudaError_t rc, const char* call) {
  if (rc == cudaSuccess) return;
  cudaGetLastError();  // clear a non-sticky error so later calls are not blamed for it
  fail(std::string(call) + " failed: " + cudaGetErrorString(rc));
}

}  // namespace

// ---------------------------------------------------------------- DeviceBytes

DeviceBytes::~DeviceBytes() {
  if (data_ != nullptr) cudaFree(data_);  // errors at teardown are ignored
}

DeviceBytes::DeviceBytes(DeviceBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

DeviceBytes& DeviceBytes::operator=(DeviceBytes&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) cudaFree(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void DeviceBytes::resize(std::size_t bytes) {
  if (bytes > capacity_) {
    const std::size_t grown = std::max<std::size_t>({bytes, 2 * capacity_, std::size_t{4096}});
    // Free first: the contents are not kept, and the peak stays lower.
    if (data_ != nullptr) cudaFree(data_);
    data_ = nullptr;
    size_ = 0;
    capacity_ = 0;
    void* p = nullptr;
    std::size_t got = grown;
    cudaError_t rc = cudaMalloc(&p, got);
    if (rc != cudaSuccess && grown > bytes) {  // the headroom may be what does not fit
      cudaGetLastError();
      got = bytes;
      rc = cudaMalloc(&p, got);
    }
    if (rc != cudaSuccess) {
      cudaGetLastError();
      std::size_t free_bytes = 0, total_bytes = 0;
      cudaMemGetInfo(&free_bytes, &total_bytes);
      fail("cudaMalloc of " + std::to_string(bytes) + " bytes failed: " + cudaGetErrorString(rc) + " (" +
           std::to_string(free_bytes) + " of " + std::to_string(total_bytes) + " bytes free)");
    }
    data_ = p;
    capacity_ = got;
  }
  size_ = bytes;
}

// ---------------------------------------------------------------- free functions

bool nccl_available() { return true; }

int node_local_rank(int rank) {
  for (const char* var : {"OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "SLURM_LOCALID"}) {
    const char* text = std::getenv(var);
    if (text == nullptr) continue;
    const std::string_view s(text);
    int value = -1;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size() && value >= 0) return value;
  }
  return rank;
}

// ---------------------------------------------------------------- NcclCommunicator

struct NcclCommunicator::Impl {
  std::shared_ptr<Communicator> bootstrap;
  int rank = 0;
  int size = 1;
  int device = 0;
  ncclComm_t comm = nullptr;
  cudaStream_t stream = nullptr;
  bool broken = false;  // an NCCL/CUDA call failed: ncclCommAbort instead of ncclCommDestroy

  DeviceBytes d_counts;  // one int64 per rank
  DeviceBytes d_send;    // allgather_spikes: this rank's spikes
  DeviceBytes d_recv;    // allgather_spikes: everyone's spikes
  DeviceBytes d_reduce;  // allreduce_*
  std::vector<std::int64_t> counts;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  ~Impl() {
    if (stream == nullptr) return;  // setup failed before anything was made on the device
    cudaSetDevice(device);
    if (comm != nullptr) {
      if (broken) {
        ncclCommAbort(comm);
      } else {
        ncclCommDestroy(comm);
      }
    }
    cudaStreamDestroy(stream);
    // The DeviceBytes members are freed after this, with `device` current.
  }

  void cuda_call(cudaError_t rc, const char* call) {
    if (rc != cudaSuccess) broken = true;
    check_cuda(rc, call);
  }

  void nccl_call(ncclResult_t rc, const char* call) {
    if (rc == ncclSuccess) return;
    broken = true;
    std::string message = std::string(call) + " failed: " + ncclGetErrorString(rc);
    const char* detail = ncclGetLastError(comm);
    if (detail != nullptr && *detail != '\0') message += std::string(" (") + detail + ")";
    fail(message);
  }

  void activate() { cuda_call(cudaSetDevice(device), "cudaSetDevice"); }

  // Drains the stream; an NCCL error raised asynchronously (a peer failed)
  // ends the wait instead of leaving this rank blocked.
  void wait() {
    for (;;) {
      const cudaError_t rc = cudaStreamQuery(stream);
      if (rc == cudaSuccess) return;
      if (rc != cudaErrorNotReady) cuda_call(rc, "cudaStreamQuery");
      ncclResult_t async = ncclSuccess;
      nccl_call(ncclCommGetAsyncError(comm, &async), "ncclCommGetAsyncError");
      if (async != ncclSuccess && async != ncclInProgress) nccl_call(async, "NCCL operation (asynchronous error)");
      std::this_thread::yield();
    }
  }

  void allreduce(std::span<std::int64_t> values, ncclRedOp_t op) {
    if (values.empty()) return;
    activate();
    d_reduce.resize(values.size_bytes());
    auto* d = static_cast<std::int64_t*>(d_reduce.data());
    cuda_call(cudaMemcpyAsync(d, values.data(), values.size_bytes(), cudaMemcpyHostToDevice, stream),
              "cudaMemcpyAsync");
    nccl_call(ncclAllReduce(d, d, values.size(), ncclInt64, op, comm, stream), "ncclAllReduce");
    cuda_call(cudaMemcpyAsync(values.data(), d, values.size_bytes(), cudaMemcpyDeviceToHost, stream),
              "cudaMemcpyAsync");
    wait();
  }
};

NcclCommunicator::NcclCommunicator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

NcclCommunicator::~NcclCommunicator() = default;

int NcclCommunicator::rank() const { return impl_->rank; }
int NcclCommunicator::size() const { return impl_->size; }
int NcclCommunicator::device() const { return impl_->device; }

void NcclCommunicator::allgather_device(const void* d_local, std::size_t local_bytes, DeviceBytes& d_all,
                                        std::vector<std::int64_t>& counts) {
  Impl& m = *impl_;
  if (local_bytes > 0 && d_local == nullptr)
    fail("allgather_device: null device pointer for " + std::to_string(local_bytes) + " bytes");
  m.activate();

  // 1. Byte counts: in-place allgather of one int64 per rank.
  const auto n = static_cast<std::size_t>(m.size);
  m.d_counts.resize(n * sizeof(std::int64_t));
  auto* d_counts = static_cast<std::int64_t*>(m.d_counts.data());
  counts.assign(n, 0);
  counts[static_cast<std::size_t>(m.rank)] = static_cast<std::int64_t>(local_bytes);
  m.cuda_call(cudaMemcpyAsync(d_counts + m.rank, &counts[static_cast<std::size_t>(m.rank)], sizeof(std::int64_t),
                              cudaMemcpyHostToDevice, m.stream),
              "cudaMemcpyAsync");
  m.nccl_call(ncclAllGather(d_counts + m.rank, d_counts, 1, ncclInt64, m.comm, m.stream), "ncclAllGather");
  m.cuda_call(cudaMemcpyAsync(counts.data(), d_counts, n * sizeof(std::int64_t), cudaMemcpyDeviceToHost, m.stream),
              "cudaMemcpyAsync");
  m.wait();

  // 2. Offsets in rank order; every rank computes the same ones.
  std::vector<std::size_t> offset(n + 1, 0);
  for (std::size_t r = 0; r < n; ++r) {
    if (counts[r] < 0) fail("allgather: rank " + std::to_string(r) + " reported a negative byte count");
    offset[r + 1] = offset[r] + static_cast<std::size_t>(counts[r]);
  }
  d_all.resize(offset[n]);
  if (offset[n] == 0) return;

  // 3. One broadcast per rank that has bytes, grouped into one launch.
  auto* d_out = static_cast<char*>(d_all.data());
  m.nccl_call(ncclGroupStart(), "ncclGroupStart");
  ncclResult_t first = ncclSuccess;
  for (std::size_t r = 0; r < n; ++r) {
    if (counts[r] == 0) continue;
    char* dst = d_out + offset[r];
    // sendbuff is read on the root only; elsewhere pass the receive buffer.
    const void* src = static_cast<int>(r) == m.rank ? d_local : dst;
    const ncclResult_t rc =
        ncclBroadcast(src, dst, static_cast<std::size_t>(counts[r]), ncclInt8, static_cast<int>(r), m.comm, m.stream);
    if (rc != ncclSuccess && first == ncclSuccess) first = rc;
  }
  const ncclResult_t end = ncclGroupEnd();  // always close the group
  m.nccl_call(first, "ncclBroadcast");
  m.nccl_call(end, "ncclGroupEnd");
  m.wait();
}

void NcclCommunicator::allgather_spikes(std::span<const SpikeEvent> local, std::vector<SpikeEvent>& all) {
  Impl& m = *impl_;
  m.activate();
  const std::size_t bytes = local.size_bytes();
  m.d_send.resize(bytes);
  if (bytes > 0) {
    m.cuda_call(cudaMemcpyAsync(m.d_send.data(), local.data(), bytes, cudaMemcpyHostToDevice, m.stream),
                "cudaMemcpyAsync");
  }
  // `local` may view `all`: it is read (above, completed by the wait inside) before `all` changes.
  allgather_device(m.d_send.data(), bytes, m.d_recv, m.counts);
  const std::size_t total = m.d_recv.size();
  if (total % sizeof(SpikeEvent) != 0)
    fail("allgather_spikes: received " + std::to_string(total) + " bytes, not whole spikes");
  all.resize(total / sizeof(SpikeEvent));
  if (total > 0) {
    m.cuda_call(cudaMemcpyAsync(all.data(), m.d_recv.data(), total, cudaMemcpyDeviceToHost, m.stream),
                "cudaMemcpyAsync");
    m.wait();
  }
}

void NcclCommunicator::alltoallv_spikes(std::span<const SpikeEvent> send, std::span<const std::int64_t> send_counts,
                                        std::vector<SpikeEvent>& received) {
  impl_->bootstrap->alltoallv_spikes(send, send_counts, received);
}

void NcclCommunicator::allreduce_min(std::span<std::int64_t> values) { impl_->allreduce(values, ncclMin); }
void NcclCommunicator::allreduce_max(std::span<std::int64_t> values) { impl_->allreduce(values, ncclMax); }
void NcclCommunicator::allreduce_sum(std::span<std::int64_t> values) { impl_->allreduce(values, ncclSum); }

std::vector<char> NcclCommunicator::gather_bytes(std::span<const char> local, int root,
                                                 std::vector<std::int64_t>& counts) {
  return impl_->bootstrap->gather_bytes(local, root, counts);
}

std::vector<char> NcclCommunicator::broadcast_bytes(std::span<const char> data, int root) {
  return impl_->bootstrap->broadcast_bytes(data, root);
}

// Every NCCL call above has completed when it returns, so the bootstrap's
// barrier orders everything.
void NcclCommunicator::barrier() { impl_->bootstrap->barrier(); }

void NcclCommunicator::abort(int code) {
  if (impl_->comm != nullptr) {
    ncclCommAbort(impl_->comm);
    impl_->comm = nullptr;
  }
  impl_->bootstrap->abort(code);
  std::_Exit(code);  // not reached: the bootstrap's abort does not return
}

// ---------------------------------------------------------------- construction

std::shared_ptr<Communicator> make_nccl_communicator(std::shared_ptr<Communicator> bootstrap) {
  if (!bootstrap) fail("make_nccl_communicator needs a bootstrap communicator");
  auto impl = std::make_unique<NcclCommunicator::Impl>();
  impl->bootstrap = bootstrap;
  impl->rank = bootstrap->rank();
  impl->size = bootstrap->size();

  // Local setup; a failure on any rank is reported on every rank before
  // anyone enters ncclCommInitRank (which would wait for the missing rank).
  ncclUniqueId id{};
  std::string local_error;
  try {
    int count = 0;
    const cudaError_t rc = cudaGetDeviceCount(&count);
    if (rc != cudaSuccess || count == 0) {
      cudaGetLastError();
      fail(std::string("no CUDA device (cudaGetDeviceCount: ") + cudaGetErrorString(rc) + ")");
    }
    impl->device = node_local_rank(impl->rank) % count;
    impl->cuda_call(cudaSetDevice(impl->device), "cudaSetDevice");
    impl->cuda_call(cudaStreamCreate(&impl->stream), "cudaStreamCreate");  // blocking: ordered after the default stream
    if (impl->rank == 0) impl->nccl_call(ncclGetUniqueId(&id), "ncclGetUniqueId");
  } catch (const Error& e) {
    local_error = e.what();
  }
  std::int64_t first_failed = local_error.empty() ? impl->size : impl->rank;
  bootstrap->allreduce_min(std::span<std::int64_t>(&first_failed, 1));
  if (first_failed < impl->size) {
    const int root = static_cast<int>(first_failed);
    const std::vector<char> text = bootstrap->broadcast_bytes(std::span<const char>(local_error), root);
    std::string message(text.begin(), text.end());
    if (impl->size > 1) message = "rank " + std::to_string(root) + ": " + message;
    impl->broken = true;
    throw Error(ErrorKind::KernelException, message);
  }

  std::span<const char> id_bytes;
  if (impl->rank == 0) id_bytes = std::span<const char>(reinterpret_cast<const char*>(&id), sizeof(id));
  const std::vector<char> received = bootstrap->broadcast_bytes(id_bytes, 0);
  if (received.size() != sizeof(id)) {
    fail("bootstrap broadcast of the NCCL unique id returned " + std::to_string(received.size()) + " bytes, not " +
         std::to_string(sizeof(id)));
  }
  std::memcpy(&id, received.data(), sizeof(id));

  impl->nccl_call(ncclCommInitRank(&impl->comm, impl->size, id, impl->rank), "ncclCommInitRank");
  return std::make_shared<NcclCommunicator>(std::move(impl));
}

}  // namespace roost::cuda
