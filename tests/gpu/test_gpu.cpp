// SPDX-License-Identifier: GPL-2.0-or-later
// Checks only a real GPU can answer (CTest label `gpu`); skipped elsewhere.
#include <gtest/gtest.h>

#include <numeric>

#include "roost/cuda/backend.hpp"
#include "roost/error.hpp"
#include "roost/kernel.hpp"

using namespace roost;

namespace {
bool real_gpu() {
  const cuda::DeviceInfo info = cuda::device_info();
  return info.usable && !info.emulated;
}
}  // namespace

TEST(Gpu, DeviceIsReported) {
  if (!real_gpu()) GTEST_SKIP() << "no GPU: " << cuda::device_info().name;
  const cuda::DeviceInfo info = cuda::device_info();
  EXPECT_FALSE(info.name.empty());
  EXPECT_GT(info.total_memory, 0u);
  EXPECT_LE(info.free_memory, info.total_memory);
}

TEST(Gpu, RunningOutOfDeviceMemoryIsAnErrorNotACrash) {
  if (!real_gpu()) GTEST_SKIP() << "no GPU: " << cuda::device_info().name;
  Kernel k(cuda::make_backend());
  // More neurons than any current GPU holds (fields alone: ~100 bytes each).
  const Index n = static_cast<Index>(cuda::device_info().total_memory / 8);
  try {
    k.create("iaf_psc_alpha", n);
    FAIL() << "creating " << n << " neurons should not fit";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("out of device memory"), std::string::npos) << e.what();
  }
  // The kernel stays usable.
  const Gid g = k.create("iaf_psc_alpha", 10);
  EXPECT_GT(g, 0);
}
