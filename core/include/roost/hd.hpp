// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// ROOST_HD marks functions that both backends compile: __host__ __device__ under
// nvcc, nothing under a plain C++ compiler. Model code and the RNG use it.
#if defined(__CUDACC__)
#define ROOST_HD __host__ __device__
#else
#define ROOST_HD
#endif

// A device function compiled once and called, instead of inlined into every
// kernel that uses it (large model-independent code: the generators'
// samplers). On the host the compiler decides as usual.
#if defined(__CUDACC__)
#define ROOST_NOINLINE __noinline__
#else
#define ROOST_NOINLINE
#endif
