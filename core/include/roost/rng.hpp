// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Counter-based random numbers shared by every backend.
//
// Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy
// as 1, 2, 3", SC 2011; the generator of Random123 and of cuRAND's
// Philox4_32_10) turns a 128-bit counter and a 64-bit key into 128 random bits.
// RandomStream builds a stream on top of it that is a pure function of
// (seed, purpose, id_a, id_b): the same four values give the same numbers on any
// thread, rank or backend, in any order of construction.
//
// Everything here is header-only, allocation-free, exception-free and ROOST_HD,
// so nvcc compiles it for device code. Math goes through the global-namespace C
// functions (::log, ::sqrt, ...), which CUDA provides for __device__ code too.

#include <cmath>
#include <cstdint>

#include "roost/hd.hpp"

namespace roost {

// What a stream is used for. The value is part of the key, so streams with
// different purposes never overlap even with equal ids. Values are fixed
// forever: changing one changes every simulation result.
enum class RngPurpose : std::uint32_t {
  ConnectSources = 1,    // per-target draws of a projection (sources, Bernoulli trials)
  ConnectTargets = 2,    // per-source draws of a projection (fixed_outdegree)
  ConnectCount = 3,      // global draws of a projection (fixed_total_number split)
  SynapseParameter = 4,  // weights, delays and other per-connection parameters
  NodeParameter = 5,     // per-node initial values (Create / set with Parameters)
  PoissonInput = 6,      // poisson_generator and similar per-(node, step) draws
  Misc = 7,
  SynapseTransmission = 8,  // stochastic synapses: per (connection key, step) draws
  NeuronNoise = 9,          // stochastic neuron models: per (gid, step) draws
  StructuralPlasticity = 10,  // rewiring: per (step, node or rule, purpose) draws
};

// Philox4x32 with 10 rounds, bit-exact with Random123's philox4x32_R(10, ...) and
// its published known-answer vectors.
struct Philox4x32 {
  struct Ctr {
    std::uint32_t v[4];
  };
  struct Key {
    std::uint32_t v[2];
  };

  static constexpr std::uint32_t kMul0 = 0xD2511F53u;    // PHILOX_M4x32_0
  static constexpr std::uint32_t kMul1 = 0xCD9E8D57u;    // PHILOX_M4x32_1
  static constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;   // PHILOX_W32_0 (golden ratio)
  static constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;   // PHILOX_W32_1 (sqrt(3) - 1)
  static constexpr int kRounds = 10;

  // The 128-bit output block for counter `ctr` under key `key`. A bijection of
  // the counter for a fixed key.
  ROOST_HD static Ctr apply(Ctr ctr, Key key) {
    round(ctr, key);
    for (int r = 1; r < kRounds; ++r) {
      key.v[0] += kWeyl0;
      key.v[1] += kWeyl1;
      round(ctr, key);
    }
    return ctr;
  }

 private:
  ROOST_HD static void mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi,
                               std::uint32_t& lo) {
#if defined(__CUDA_ARCH__)
    hi = __umulhi(a, b);
    lo = a * b;
#else
    const std::uint64_t product = static_cast<std::uint64_t>(a) * b;
    hi = static_cast<std::uint32_t>(product >> 32);
    lo = static_cast<std::uint32_t>(product);
#endif
  }

  ROOST_HD static void round(Ctr& ctr, const Key& key) {
    std::uint32_t hi0, lo0, hi1, lo1;
    mulhilo(kMul0, ctr.v[0], hi0, lo0);
    mulhilo(kMul1, ctr.v[2], hi1, lo1);
    const Ctr out = {{hi1 ^ ctr.v[1] ^ key.v[0], lo1, hi0 ^ ctr.v[3] ^ key.v[1], lo0}};
    ctr = out;
  }
};

namespace rng_detail {

constexpr double kPi = 3.14159265358979323846;
constexpr double kHalfLog2Pi = 0.91893853320467274178;  // log(2 pi) / 2

// Tail of Stirling's series: log(k!) - [(k + 1/2) log k - k + log(2 pi)/2], k >= 1.
// Small k directly from log(k!) (exact product below 2^53); large k from the
// asymptotic series, whose truncation error is below 2e-15 for k >= 20.
ROOST_HD inline double stirling_tail(double k) {
  if (k < 20.0) {
    double factorial = 1.0;
    for (double i = 2.0; i <= k; i += 1.0) factorial *= i;
    return ::log(factorial) - (k + 0.5) * ::log(k) + k - kHalfLog2Pi;
  }
  const double inv = 1.0 / k;
  const double inv2 = inv * inv;
  return inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)));
}

// x log(x / m) + m - x for x >= 0, m > 0, without cancellation when x ~ m
// (the "deviance" term of Loader's saddle-point expansion of the Poisson and
// binomial pmfs).
ROOST_HD inline double deviance(double x, double m) {
  if (x == 0.0) return m;
  const double d = x - m;
  if (::fabs(d) < 0.1 * (x + m)) {
    // x log(x/m) - d = 2x [atanh(v) - v] with v = d / (x + m), as a power series.
    const double v = d / (x + m);
    const double v2 = v * v;
    double sum = d * v;
    double term = 2.0 * x * v;
    for (int j = 1; j < 1000; ++j) {
      term *= v2;
      const double next = sum + term / (2 * j + 1);
      if (next == sum) break;
      sum = next;
    }
    return sum;
  }
  return x * ::log(x / m) + m - x;
}

// log P(X = k) for X ~ Poisson(lambda), lambda > 0; accurate for every k.
ROOST_HD inline double log_poisson_pmf(double k, double lambda) {
  if (k == 0.0) return -lambda;
  return -stirling_tail(k) - deviance(k, lambda) - kHalfLog2Pi - 0.5 * ::log(k);
}

// log P(X = k) for X ~ Binomial(n, p), 0 < p < 1, q = 1 - p, 0 <= k <= n.
ROOST_HD inline double log_binomial_pmf(double k, double n, double p, double q) {
  if (k == 0.0) return n * ::log1p(-p);
  if (k == n) return n * ::log(p);
  const double nk = n - k;
  return stirling_tail(n) - stirling_tail(k) - stirling_tail(nk) - deviance(k, n * p) -
         deviance(nk, n * q) - kHalfLog2Pi + 0.5 * ::log(n / (k * nk));
}

}  // namespace rng_detail

// A stream of random numbers that is a pure function of (seed, purpose, id_a,
// id_b). Philox key: hash (Philox itself under a fixed key) of seed, purpose and
// the high word of id_a. Counter: (block index, low word of id_a, id_b). Under
// one key, distinct (id_a low word, id_b) use disjoint counters, so distinct
// inputs give disjoint streams for all 64-bit ids, unless two distinct
// (seed, purpose, id_a high word) triples hash to the same 64-bit key
// (probability about 2^-64 per pair).
//
// A stream yields at most 2^32 blocks of four 32-bit words before it wraps.
// Values are consumed in order, so a given sequence of calls returns the same
// values everywhere; the number of words a call consumes is documented per
// method (for rejection samplers it depends on the values drawn).
//
// Thread safety: a stream is a small value type (44 bytes); give each thread
// its own. Not thread-safe to share.
class RandomStream {
 public:
  ROOST_HD RandomStream(std::uint64_t seed, std::uint32_t purpose, std::uint64_t id_a,
                        std::uint64_t id_b)
      : key_(derive_key(seed, purpose, static_cast<std::uint32_t>(id_a >> 32))),
        ctr_{{0u, static_cast<std::uint32_t>(id_a), static_cast<std::uint32_t>(id_b),
              static_cast<std::uint32_t>(id_b >> 32)}},
        buf_{{0u, 0u, 0u, 0u}},
        pos_(4) {}

  ROOST_HD RandomStream(std::uint64_t seed, RngPurpose purpose, std::uint64_t id_a,
                        std::uint64_t id_b)
      : RandomStream(seed, static_cast<std::uint32_t>(purpose), id_a, id_b) {}

  // The same stream as RandomStream(seed, purpose, id_a, id_b) when
  // key == derive_key(seed, purpose, id_a >> 32): hot loops that draw from many
  // streams of one purpose derive the key once instead of per stream.
  ROOST_HD RandomStream(Philox4x32::Key key, std::uint64_t id_a, std::uint64_t id_b)
      : key_(key),
        ctr_{{0u, static_cast<std::uint32_t>(id_a), static_cast<std::uint32_t>(id_b),
              static_cast<std::uint32_t>(id_b >> 32)}},
        buf_{{0u, 0u, 0u, 0u}},
        pos_(4) {}

  // Philox key for (seed, purpose, id_a_high): the first two output words of
  // Philox4x32-10 over (seed_lo, seed_hi, purpose, id_a_high) under a fixed key.
  ROOST_HD static Philox4x32::Key derive_key(std::uint64_t seed, std::uint32_t purpose,
                                             std::uint32_t id_a_high) {
    const Philox4x32::Ctr in = {{static_cast<std::uint32_t>(seed),
                                 static_cast<std::uint32_t>(seed >> 32), purpose, id_a_high}};
    const Philox4x32::Key fixed = {{0x526F6F73u /* "Roos" */, 0x74526E67u /* "tRng" */}};
    const Philox4x32::Ctr out = Philox4x32::apply(in, fixed);
    return Philox4x32::Key{{out.v[0], out.v[1]}};
  }

  // Next 32 random bits (one word).
  ROOST_HD std::uint32_t next_u32() {
    if (pos_ == 4) {
      buf_ = Philox4x32::apply(ctr_, key_);
      ++ctr_.v[0];
      pos_ = 0;
    }
    return buf_.v[pos_++];
  }

  // Next 64 random bits (two words: the first is the low half).
  ROOST_HD std::uint64_t next_u64() {
    const std::uint64_t lo = next_u32();
    const std::uint64_t hi = next_u32();
    return (hi << 32) | lo;
  }

  // Uniform on [0, 1) on the grid k * 2^-53 (two words).
  ROOST_HD double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform on (0, 1) on the grid (k + 1/2) * 2^-52: never 0, never 1 (two words).
  ROOST_HD double uniform_open() {
    return (static_cast<double>(next_u64() >> 12) + 0.5) * 0x1.0p-52;
  }

  // Standard normal by Box-Muller, cosine branch only, no cached spare (four
  // words: exactly one Philox block when the stream is block-aligned).
  ROOST_HD double normal() {
    const double u1 = uniform_open();
    const double u2 = uniform();
    return ::sqrt(-2.0 * ::log(u1)) * ::cos(2.0 * rng_detail::kPi * u2);
  }

  // Exponential with mean 1 (two words).
  ROOST_HD double exponential() { return -::log(uniform_open()); }

  // Uniform integer in [0, n) without modulo bias; n == 0 returns 0.
  // n <= 2^32: Lemire's multiply-shift with rejection (one word, rarely more);
  // larger n: masked rejection on 64-bit draws (two words per try).
  ROOST_HD std::uint64_t uniform_int(std::uint64_t n) {
    if (n <= 0xFFFFFFFFull) {
      const std::uint32_t s = static_cast<std::uint32_t>(n);
      if (s == 0) return 0;
      std::uint64_t m = static_cast<std::uint64_t>(next_u32()) * s;
      std::uint32_t low = static_cast<std::uint32_t>(m);
      if (low < s) {
        const std::uint32_t threshold = (0u - s) % s;  // 2^32 mod s
        while (low < threshold) {
          m = static_cast<std::uint64_t>(next_u32()) * s;
          low = static_cast<std::uint32_t>(m);
        }
      }
      return m >> 32;
    }
    if (n == 0x100000000ull) return next_u32();
    std::uint64_t mask = n - 1;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    std::uint64_t x;
    do {
      x = next_u64() & mask;
    } while (x >= n);
    return x;
  }

  // Poisson(lambda), exact up to double rounding. lambda <= 0 or NaN returns 0.
  // lambda < 10: inversion by sequential search (one uniform, rarely more);
  // lambda >= 10: Hoermann's PTRS transformed rejection (1993), about 1.2 pairs of
  // uniforms per value. Contract: lambda < 2^62.
  ROOST_HD std::uint64_t poisson(double lambda) {
    if (!(lambda > 0.0)) return 0;
    if (lambda < 10.0) return poisson_inversion(lambda, ::exp(-lambda));
    return poisson_ptrs(lambda);
  }

  // The same draw as poisson(lambda), for callers that draw the same lambda
  // many times and pass exp(-lambda) precomputed (exactly ::exp(-lambda)).
  ROOST_HD std::uint64_t poisson(double lambda, double exp_minus_lambda) {
    if (!(lambda > 0.0)) return 0;
    if (lambda < 10.0) return poisson_inversion(lambda, exp_minus_lambda);
    return poisson_ptrs(lambda);
  }

  // Binomial(n, p), exact up to double rounding. p <= 0 (or NaN) returns 0,
  // p >= 1 returns n. p > 1/2 is drawn as n - Binomial(n, 1 - p). With
  // r = min(p, 1 - p): n r < 10 by inversion (one uniform, rarely more),
  // otherwise Hoermann's BTRS transformed rejection (1993). Contract: n < 2^53.
  ROOST_HD std::uint64_t binomial(std::uint64_t n, double p) {
    if (n == 0 || !(p > 0.0)) return 0;
    if (p >= 1.0) return n;
    if (p > 0.5) return n - binomial_half(n, 1.0 - p);
    return binomial_half(n, p);
  }

 private:
  ROOST_HD std::uint64_t poisson_inversion(double lambda, double p0) {
    for (;;) {
      const double u = uniform();
      double p = p0;
      double cdf = p0;
      std::uint64_t k = 0;
      // Smallest k with u < P(X <= k). For lambda < 10 the mass above k = 200 is
      // far below double resolution; hitting it means rounding left the summed
      // cdf below u, and the draw is repeated.
      while (u >= cdf && k < 200) {
        ++k;
        p *= lambda / static_cast<double>(k);
        cdf += p;
      }
      if (u < cdf) return k;
    }
  }

  ROOST_HD std::uint64_t poisson_ptrs(double lambda) {
    const double slam = ::sqrt(lambda);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
      const double u = uniform_open() - 0.5;  // (-1/2, 1/2): us > 0 below
      const double v = uniform_open();
      const double us = 0.5 - ::fabs(u);
      const double k = ::floor((2.0 * a / us + b) * u + lambda + 0.43);
      if (k < 0.0) continue;
      if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
      if (us < 0.013 && v > us) continue;
      if (::log(v * inv_alpha / (a / (us * us) + b)) <=
          rng_detail::log_poisson_pmf(k, lambda)) {
        return static_cast<std::uint64_t>(k);
      }
    }
  }

  // 0 < p <= 1/2.
  ROOST_HD std::uint64_t binomial_half(std::uint64_t n, double p) {
    const double nd = static_cast<double>(n);
    const double q = 1.0 - p;
    if (nd * p < 10.0) return binomial_inversion(n, p, q);
    return binomial_btrs(nd, p, q);
  }

  // Sequential search over the pmf, recurrence f(x) = f(x-1) ((n+1)/x - 1) p/q.
  ROOST_HD std::uint64_t binomial_inversion(std::uint64_t n, double p, double q) {
    const double s = p / q;
    const double a = (static_cast<double>(n) + 1.0) * s;
    const double f0 = ::exp(static_cast<double>(n) * ::log1p(-p));  // q^n
    for (;;) {
      double u = uniform();
      double f = f0;
      std::uint64_t x = 0;
      // The mass above x = 200 (n p < 10) is below double resolution; running
      // past it means rounding, and the draw is repeated.
      while (u >= f && x < n && x < 200) {
        u -= f;
        ++x;
        f *= a / static_cast<double>(x) - s;
      }
      if (u < f) return x;
    }
  }

  ROOST_HD std::uint64_t binomial_btrs(double n, double p, double q) {
    const double spq = ::sqrt(n * p * q);
    const double b = 1.15 + 2.53 * spq;
    const double a = -0.0873 + 0.0248 * b + 0.01 * p;
    const double c = n * p + 0.5;
    const double alpha = (2.83 + 5.1 / b) * spq;
    const double v_r = 0.92 - 4.2 / b;
    const double m = ::floor((n + 1.0) * p);
    const double log_f_m = rng_detail::log_binomial_pmf(m, n, p, q);
    for (;;) {
      const double u = uniform_open() - 0.5;
      const double v = uniform_open();
      const double us = 0.5 - ::fabs(u);
      const double k = ::floor((2.0 * a / us + b) * u + c);
      if (k < 0.0 || k > n) continue;
      if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
      if (::log(v * alpha / (a / (us * us) + b)) <=
          rng_detail::log_binomial_pmf(k, n, p, q) - log_f_m) {
        return static_cast<std::uint64_t>(k);
      }
    }
  }

  Philox4x32::Key key_;
  Philox4x32::Ctr ctr_;  // v[0]: next block index; v[1..3]: stream identity
  Philox4x32::Ctr buf_;  // current output block
  std::uint32_t pos_;    // next word of buf_ to hand out; 4 = empty
};

}  // namespace roost
