// SPDX-License-Identifier: GPL-2.0-or-later
// The GPU's floors for a spiking simulator's step loop (shared/design/gpu-validation.md
// item 3): what an empty launch, a dependent kernel inside a CUDA graph and a
// grid-wide sync cost, device-to-device bandwidth, and L2-resident atomicAdd
// throughput. Prints one line per figure. Build: nvcc -O3 -arch=sm_90 floors.cu -o floors
#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace cg = cooperative_groups;

#define CHECK(call)                                                                          \
  do {                                                                                       \
    cudaError_t err_ = (call);                                                               \
    if (err_ != cudaSuccess) {                                                               \
      std::fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call, cudaGetErrorString(err_)); \
      std::exit(1);                                                                          \
    }                                                                                        \
  } while (0)

__global__ void empty_kernel() {}

__global__ void persistent_sync(int iterations, int* sink) {
  cg::grid_group grid = cg::this_grid();
  for (int i = 0; i < iterations; ++i) grid.sync();
  if (grid.thread_rank() == 0) *sink = iterations;
}

__global__ void scatter_add(double* cells, int n_cells, int adds_per_thread) {
  unsigned state = 2654435761u * (blockIdx.x * blockDim.x + threadIdx.x + 1);
  for (int k = 0; k < adds_per_thread; ++k) {
    state = state * 1664525u + 1013904223u;
    atomicAdd(cells + (state % n_cells), 1.0);
  }
}

// Median over `repeats` of the time per call of `body(iterations)`, in microseconds.
template <class Body>
double median_us(int repeats, int iterations, Body body) {
  cudaEvent_t start, stop;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  std::vector<float> ms(repeats);
  body(iterations);  // warm-up
  CHECK(cudaDeviceSynchronize());
  for (int r = 0; r < repeats; ++r) {
    CHECK(cudaEventRecord(start));
    body(iterations);
    CHECK(cudaEventRecord(stop));
    CHECK(cudaEventSynchronize(stop));
    CHECK(cudaEventElapsedTime(&ms[r], start, stop));
  }
  std::sort(ms.begin(), ms.end());
  return 1000.0 * ms[repeats / 2] / iterations;
}

int main() {
  cudaDeviceProp prop{};
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("device: %s, %d SMs, L2 %d MiB\n", prop.name, prop.multiProcessorCount, prop.l2CacheSize >> 20);

  const double launch = median_us(9, 10000, [](int n) {
    for (int i = 0; i < n; ++i) empty_kernel<<<1, 32>>>();
    CHECK(cudaGetLastError());
  });
  std::printf("empty kernel, back-to-back launches: %.2f us per launch\n", launch);

  const double launch_sync = median_us(9, 2000, [](int n) {
    for (int i = 0; i < n; ++i) {
      empty_kernel<<<1, 32>>>();
      CHECK(cudaDeviceSynchronize());
    }
  });
  std::printf("empty kernel, launch + synchronize: %.2f us\n", launch_sync);

  // A graph of 1000 dependent empty kernels, replayed.
  cudaStream_t stream;
  CHECK(cudaStreamCreate(&stream));
  cudaGraph_t graph;
  cudaGraphExec_t exec;
  CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal));
  for (int i = 0; i < 1000; ++i) empty_kernel<<<132, 128, 0, stream>>>();
  CHECK(cudaStreamEndCapture(stream, &graph));
  CHECK(cudaGraphInstantiate(&exec, graph, 0));
  const double graph_node = median_us(9, 1000, [&](int) {
    CHECK(cudaGraphLaunch(exec, 0));
  });
  std::printf("CUDA graph, dependent empty kernels: %.2f us per kernel\n", graph_node);

  int* sink;
  CHECK(cudaMalloc(&sink, sizeof(int)));
  int blocks_per_sm = 0;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_sm, persistent_sync, 256, 0));
  const int grid_blocks = prop.multiProcessorCount * std::max(1, std::min(blocks_per_sm, 2));
  const double grid_sync = median_us(9, 10000, [&](int n) {
    void* args[] = {&n, &sink};
    CHECK(cudaLaunchCooperativeKernel((void*)persistent_sync, grid_blocks, 256, args, 0, 0));
  });
  std::printf("persistent kernel, grid-wide sync (%d blocks x 256): %.2f us per sync\n", grid_blocks, grid_sync);

  const size_t bytes = size_t(1) << 30;
  void *a, *b;
  CHECK(cudaMalloc(&a, bytes));
  CHECK(cudaMalloc(&b, bytes));
  CHECK(cudaMemset(a, 1, bytes));
  const double copy_us = median_us(9, 1, [&](int) { CHECK(cudaMemcpy(b, a, bytes, cudaMemcpyDeviceToDevice)); });
  std::printf("device-to-device copy, 1 GiB: %.0f GB/s (bytes read + written)\n", 2.0 * bytes / (copy_us * 1e3));

  const int n_cells = 1 << 20;  // 8 MiB of doubles: L2-resident
  double* cells;
  CHECK(cudaMalloc(&cells, n_cells * sizeof(double)));
  CHECK(cudaMemset(cells, 0, n_cells * sizeof(double)));
  const int threads = prop.multiProcessorCount * 2048, adds = 64;
  const double atomic_us = median_us(9, 1, [&](int) {
    scatter_add<<<threads / 256, 256>>>(cells, n_cells, adds);
    CHECK(cudaGetLastError());
  });
  std::printf("atomicAdd(double), random cells in L2: %.2f G adds/s\n", double(threads) * adds / (atomic_us * 1e3));
  return 0;
}
