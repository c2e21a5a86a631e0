// SPDX-License-Identifier: GPL-2.0-or-later
// The CUDA backend built by g++ on Thrust's OpenMP device system: the same
// code as backend_cuda.cu, run on host threads, so CI can test it without a GPU.
#if THRUST_DEVICE_SYSTEM != THRUST_DEVICE_SYSTEM_OMP
#error "backend_emulated.cpp must be built with THRUST_DEVICE_SYSTEM=THRUST_DEVICE_SYSTEM_OMP"
#endif

#include "backend_impl.hpp"

namespace roost::cuda {

[[noreturn]] void out_of_device_memory(std::size_t bytes_wanted) {
  throw Error(ErrorKind::KernelException, "cuda backend (emulated): out of memory allocating " +
                                              std::to_string(bytes_wanted) + " bytes.");
}

DeviceInfo device_info() {
  DeviceInfo info;
  info.emulated = true;
  info.usable = true;
  info.name = "emulated on the CPU (Thrust OpenMP device system)";
  return info;
}

std::unique_ptr<Backend> make_backend() { return std::make_unique<CudaBackend>(); }

}  // namespace roost::cuda
