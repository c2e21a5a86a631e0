// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The CUDA backend: all neuron state, ring buffers, delivery tables and
// generator programs in device memory; the host launches Thrust algorithms and
// copies out spikes and samples once per min-delay slice. Host-compilable:
// no CUDA syntax here (see cuda/README.md).
//
// Two builds exist of the same sources: `roost_cuda` (nvcc, a real GPU) and
// `roost_cuda_emulated` (g++, Thrust's OpenMP device system), which CI runs.

#include <cstddef>
#include <memory>
#include <string>

#include "roost/backend.hpp"

namespace roost::cuda {

struct DeviceInfo {
  bool emulated = false;      // built on Thrust's OpenMP system, host memory
  bool usable = false;        // a device is present and can run kernels
  std::string name;           // GPU name, or a description of the emulation
  std::size_t total_memory = 0;
  std::size_t free_memory = 0;
};

DeviceInfo device_info();

// Throws Error(KernelException) if no usable device exists.
std::unique_ptr<Backend> make_backend();

}  // namespace roost::cuda
