// SPDX-License-Identifier: GPL-2.0-or-later
// The NCCL communicator on one rank, with the local communicator as bootstrap
// (CTest label `gpu`; skipped without a CUDA device). Exchanges between
// several GPUs need >= 2 GPUs and are not covered here.
#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "roost/backend.hpp"
#include "roost/communicator.hpp"
#include "roost/cuda/nccl_communicator.hpp"
#include "roost/error.hpp"

using namespace roost;

namespace {

// Empty when a CUDA device is usable, else why not.
std::optional<std::string> no_device_reason() {
  int count = 0;
  const cudaError_t rc = cudaGetDeviceCount(&count);
  if (rc != cudaSuccess) {
    cudaGetLastError();
    return std::string("cudaGetDeviceCount: ") + cudaGetErrorString(rc);
  }
  if (count == 0) return std::string("cudaGetDeviceCount reports 0 devices");
  return std::nullopt;
}

std::vector<SpikeEvent> make_spikes(std::size_t n, int salt) {
  std::vector<SpikeEvent> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::int64_t>(i);
    v[i].gid = 1 + k * 3 + salt;
    v[i].step = k * 7 - 2;
    v[i].multiplicity = static_cast<std::uint32_t>(i % 5 + 1);
    v[i].weight_scale = 0.25 * static_cast<double>(k) - 1.0;
  }
  return v;
}

void expect_same_spikes(const std::vector<SpikeEvent>& expected, const std::vector<SpikeEvent>& got) {
  ASSERT_EQ(expected.size(), got.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(expected[i].gid, got[i].gid) << "spike " << i;
    ASSERT_EQ(expected[i].step, got[i].step) << "spike " << i;
    ASSERT_EQ(expected[i].multiplicity, got[i].multiplicity) << "spike " << i;
    ASSERT_EQ(expected[i].weight_scale, got[i].weight_scale) << "spike " << i;
  }
}

class NcclOneRank : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto why = no_device_reason()) GTEST_SKIP() << "no GPU: " << *why;
    comm_ = cuda::make_nccl_communicator(make_local_communicator());
    nccl_ = dynamic_cast<cuda::NcclCommunicator*>(comm_.get());
    ASSERT_NE(nccl_, nullptr);
  }
  std::shared_ptr<Communicator> comm_;
  cuda::NcclCommunicator* nccl_ = nullptr;
};

}  // namespace

TEST(Nccl, IsAvailableInThisBuild) { EXPECT_TRUE(cuda::nccl_available()); }

TEST(Nccl, NodeLocalRankFollowsTheLaunchersEnvironment) {
  const char* vars[] = {"OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "SLURM_LOCALID"};
  std::vector<std::optional<std::string>> saved;
  for (const char* v : vars) {
    const char* old = std::getenv(v);
    saved.push_back(old ? std::optional<std::string>(old) : std::nullopt);
    unsetenv(v);
  }
  EXPECT_EQ(cuda::node_local_rank(5), 5);  // nothing set: the rank
  setenv("SLURM_LOCALID", "3", 1);
  EXPECT_EQ(cuda::node_local_rank(5), 3);
  setenv("MPI_LOCALRANKID", "2", 1);
  EXPECT_EQ(cuda::node_local_rank(5), 2);
  setenv("OMPI_COMM_WORLD_LOCAL_RANK", "1", 1);
  EXPECT_EQ(cuda::node_local_rank(5), 1);
  setenv("OMPI_COMM_WORLD_LOCAL_RANK", "x1", 1);  // not a number: the next one
  EXPECT_EQ(cuda::node_local_rank(5), 2);
  setenv("MPI_LOCALRANKID", "-4", 1);  // negative: the next one
  EXPECT_EQ(cuda::node_local_rank(5), 3);
  for (std::size_t i = 0; i < saved.size(); ++i) {
    if (saved[i]) {
      setenv(vars[i], saved[i]->c_str(), 1);
    } else {
      unsetenv(vars[i]);
    }
  }
}

TEST(Nccl, WithoutADeviceCreationIsAKernelException) {
  if (!no_device_reason()) GTEST_SKIP() << "a CUDA device is present";
  try {
    cuda::make_nccl_communicator(make_local_communicator());
    FAIL() << "make_nccl_communicator should fail without a device";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::KernelException);
    EXPECT_NE(std::string(e.what()).find("no CUDA device"), std::string::npos) << e.what();
  }
}

TEST_F(NcclOneRank, Identity) {
  EXPECT_EQ(comm_->name(), "nccl");
  EXPECT_EQ(comm_->rank(), 0);
  EXPECT_EQ(comm_->size(), 1);
  int count = 0;
  ASSERT_EQ(cudaGetDeviceCount(&count), cudaSuccess);
  EXPECT_GE(nccl_->device(), 0);
  EXPECT_LT(nccl_->device(), count);
}

TEST_F(NcclOneRank, AllgatherSpikesReturnsTheInput) {
  // 0 first and last, a size that forces the buffers to grow, then smaller again.
  const std::size_t sizes[] = {0, 1, 3, 1000, 250000, 17, 0, 4096};
  int salt = 0;
  for (const std::size_t n : sizes) {
    const std::vector<SpikeEvent> local = make_spikes(n, salt++);
    std::vector<SpikeEvent> all = make_spikes(11, 99);  // stale contents must be replaced
    comm_->allgather_spikes(local, all);
    expect_same_spikes(local, all);
    if (HasFatalFailure()) return;
  }
}

TEST_F(NcclOneRank, AllgatherDeviceReturnsTheInputAndCounts) {
  cuda::DeviceBytes d_all;
  std::size_t largest_capacity = 0;
  for (const std::size_t bytes : {std::size_t{0}, std::size_t{17}, std::size_t{1} << 20, std::size_t{5}}) {
    std::vector<unsigned char> host(bytes);
    for (std::size_t i = 0; i < bytes; ++i) host[i] = static_cast<unsigned char>(i * 131 + 7);
    void* d_local = nullptr;
    if (bytes > 0) {
      ASSERT_EQ(cudaMalloc(&d_local, bytes), cudaSuccess);
      ASSERT_EQ(cudaMemcpy(d_local, host.data(), bytes, cudaMemcpyHostToDevice), cudaSuccess);
    }
    std::vector<std::int64_t> counts{42, 43};
    nccl_->allgather_device(d_local, bytes, d_all, counts);
    EXPECT_EQ(counts, std::vector<std::int64_t>{static_cast<std::int64_t>(bytes)});
    ASSERT_EQ(d_all.size(), bytes);
    EXPECT_GE(d_all.capacity(), largest_capacity) << "the receive buffer shrank";
    largest_capacity = std::max(largest_capacity, d_all.capacity());
    std::vector<unsigned char> back(bytes);
    if (bytes > 0) {
      ASSERT_EQ(cudaMemcpy(back.data(), d_all.data(), bytes, cudaMemcpyDeviceToHost), cudaSuccess);
      ASSERT_EQ(cudaFree(d_local), cudaSuccess);
    }
    EXPECT_EQ(host, back);
  }
}

TEST_F(NcclOneRank, AllreducesOfOneRankAreTheInput) {
  const std::vector<std::int64_t> values{std::numeric_limits<std::int64_t>::min(), -1, 0, 42,
                                         std::numeric_limits<std::int64_t>::max()};
  std::vector<std::int64_t> v = values;
  comm_->allreduce_min(v);
  EXPECT_EQ(v, values);
  comm_->allreduce_max(v);
  EXPECT_EQ(v, values);
  comm_->allreduce_sum(v);
  EXPECT_EQ(v, values);

  std::vector<std::int64_t> many(10000);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<std::int64_t>(i * i) - 5000;
  std::vector<std::int64_t> w = many;
  comm_->allreduce_sum(w);
  EXPECT_EQ(w, many);

  std::vector<std::int64_t> none;
  comm_->allreduce_max(none);  // nothing to do, no error
  EXPECT_TRUE(none.empty());
}

TEST_F(NcclOneRank, BroadcastAndGatherRoundTrip) {
  const std::string text = "roost over nccl";
  const std::vector<char> b = comm_->broadcast_bytes(text, 0);
  EXPECT_EQ(std::string(b.begin(), b.end()), text);
  std::vector<std::int64_t> counts;
  const std::vector<char> g = comm_->gather_bytes(b, 0, counts);
  EXPECT_EQ(std::string(g.begin(), g.end()), text);
  EXPECT_EQ(counts, std::vector<std::int64_t>{static_cast<std::int64_t>(text.size())});
  EXPECT_NO_THROW(comm_->barrier());
}

TEST_F(NcclOneRank, DeviceBytesGrowsAndNeverShrinks) {
  cuda::DeviceBytes d;
  EXPECT_EQ(d.size(), 0u);
  EXPECT_EQ(d.data(), nullptr);
  d.resize(10);
  EXPECT_EQ(d.size(), 10u);
  EXPECT_GE(d.capacity(), 10u);
  d.resize(100000);
  const std::size_t grown = d.capacity();
  EXPECT_GE(grown, 100000u);
  d.resize(1);
  EXPECT_EQ(d.size(), 1u);
  EXPECT_EQ(d.capacity(), grown);
  cuda::DeviceBytes moved = std::move(d);
  EXPECT_EQ(moved.capacity(), grown);
  EXPECT_EQ(d.data(), nullptr);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
}
