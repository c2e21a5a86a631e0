// SPDX-License-Identifier: GPL-2.0-or-later
// The CUDA backend on a real GPU (nvcc). Device queries and the out-of-memory
// report are the only code that differs from the emulated build.
#include <cuda_runtime.h>

#include "backend_impl.hpp"

namespace roost::cuda {

[[noreturn]] void out_of_device_memory(std::size_t bytes_wanted) {
  cudaGetLastError();  // clear the sticky allocation error
  std::size_t free_bytes = 0, total_bytes = 0;
  cudaMemGetInfo(&free_bytes, &total_bytes);
  throw Error(ErrorKind::KernelException,
              "cuda backend: out of device memory: needed " + std::to_string(bytes_wanted) + " bytes, " +
                  std::to_string(free_bytes) + " of " + std::to_string(total_bytes) + " bytes free.");
}

DeviceInfo device_info() {
  DeviceInfo info;
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    cudaGetLastError();
    info.name = "no CUDA device";
    return info;
  }
  int device = 0;
  cudaGetDevice(&device);
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) {
    cudaGetLastError();
    info.name = "unusable CUDA device";
    return info;
  }
  info.usable = true;
  info.name = prop.name;
  cudaMemGetInfo(&info.free_memory, &info.total_memory);
  return info;
}

std::unique_ptr<Backend> make_backend() {
  const DeviceInfo info = device_info();
  if (!info.usable) {
    throw Error(ErrorKind::KernelException, "cuda backend: " + info.name + " (use backend 'cpu').");
  }
  return std::make_unique<CudaBackend>();
}

}  // namespace roost::cuda
