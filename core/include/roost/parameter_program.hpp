// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// A Parameter expression (see parameter.hpp) compiled to a flat program for a
// small stack machine, and the one function that evaluates it on the host and in
// CUDA device code.
//
// evaluate_parameter is header-only, allocation-free, exception-free and
// ROOST_HD: its stack and redraw counters are fixed-size local arrays, errors are
// reported through an int, and math goes through the global-namespace C functions
// (::exp, ::pow, ...) that CUDA also provides for __device__ code. The host
// (Parameter::value) runs the same function, so both backends share one
// implementation of the semantics.
//
// Program layout (postfix, children left to right, depth first):
//   leaf                  constant, uniform, normal, ...: push one value
//   x y op                add, sub, ..., compare: pop r, pop l, push (l op r)
//   x op                  neg, exp, sin, cos, abs: pop v, push f(v)
//   conditional(c, t, f): c; jump_if_zero ELSE; t; jump END; ELSE: f; END:
//   redraw(p, min, max):  B: redraw_begin(slot); p; redraw_check(min, max, B)
// so random numbers are drawn in exactly the order of a recursive left-to-right,
// depth-first tree walk, and a conditional evaluates (and draws for) only the
// branch it takes.
//
// Bit-identity between backends: every operation below is the same IEEE
// double operation on both sides. Additions and multiplications use explicitly
// rounded intrinsics on the device (__dadd_rn, __dmul_rn, ...), which nvcc never
// contracts into fused multiply-adds. Transcendental functions (::exp, ::pow,
// ::sin, ::cos, and ::log / ::cos / ::sqrt inside RandomStream::normal) are not
// correctly rounded, by glibc or by CUDA's libdevice, so values passing through
// them may differ in the last bits between host and device; the number and order
// of random draws never do.

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "roost/hd.hpp"
#include "roost/rng.hpp"

namespace roost {

// Most operations in one program (ParameterProgram::ops.size()).
constexpr int kParameterMaxOps = 128;
// Deepest value stack a program may need.
constexpr int kParameterMaxStack = 32;
// Most redraw nodes nested inside one another (one counter slot per level).
constexpr int kParameterMaxRedraws = 8;
// Evaluations a redraw node tries before giving up (NEST's
// RedrawParameter::max_redraws_).
constexpr int kParameterRedrawAttempts = 1000;

enum class ParameterOpCode : std::uint8_t {
  // Leaves: push one value. a, b: the distribution's arguments.
  constant = 0,     // a
  uniform = 1,      // a + u (b - a), u = rng.uniform()
  normal = 2,       // a + b rng.normal()
  lognormal = 3,    // exp(a + b rng.normal())
  exponential = 4,  // a rng.exponential()
  uniform_int = 5,  // rng.uniform_int(a) as a double
  // Binary: pop r, pop l, push (l op r).
  add = 6,
  sub = 7,
  mul = 8,
  div = 9,
  pow = 10,      // ::pow(l, r)
  min = 11,      // ::fmin(l, r)
  max = 12,      // ::fmax(l, r)
  compare = 13,  // 1.0 if (l comparator r) else 0.0
  // Unary: pop v, push f(v).
  neg = 14,
  exp = 15,
  sin = 16,
  cos = 17,
  abs = 18,  // ::fabs
  // Control.
  jump_if_zero = 19,  // pop c; if c == 0.0 continue at op `operand` (forward only)
  jump = 20,          // continue at op `operand` (forward only)
  redraw_begin = 21,  // reset redraw counter `operand` (the slot)
  // v = top of stack. If a <= v <= b, keep it and go on. Otherwise pop it, count
  // one failed attempt in the slot of the redraw_begin at index `operand`, and
  // either fail (after kParameterRedrawAttempts) or continue at op `operand` + 1.
  redraw_check = 22,
  // Spatial leaves (need a ParameterGeometry; without one evaluation fails with
  // kParameterNeedsGeometry). operand: the dimension (0 x, 1 y, 2 z).
  spatial_distance = 23,            // |d|, shortest periodic image
  spatial_distance_component = 24,  // |d_operand|
  spatial_source_position = 25,     // source position[operand] (signed)
  spatial_target_position = 26,     // target position[operand] (signed)
  spatial_node_position = 27,       // node position[operand] (node parameters)
};

// evaluate_parameter's error code for a spatial leaf evaluated without geometry.
constexpr int kParameterNeedsGeometry = -2;
// ... for a spatial leaf whose dimension the geometry does not have.
constexpr int kParameterBadDimension = -3;

// What spatial leaves read: the pair (or node) being valued. Plain data, so it
// can live in device memory. displacement is pool - driver in the pool layer's
// periodic frame (components d - E round(d/E) where the pool wraps), distance its
// norm; only |displacement| is ever used, so the direction does not matter.
struct ParameterGeometry {
  int dim;  // 2 or 3
  double displacement[3];
  double distance;
  double source[3];
  double target[3];
  double node[3];
};
static_assert(std::is_trivially_copyable_v<ParameterGeometry>, "ParameterGeometry must be plain data");

// Comparator codes of ParameterOpCode::compare; NEST's ComparingParameter codes,
// equal to the values of Parameter::Comparator.
namespace parameter_comparator {
constexpr std::uint8_t less = 0;
constexpr std::uint8_t less_equal = 1;
constexpr std::uint8_t equal = 2;
constexpr std::uint8_t not_equal = 3;
constexpr std::uint8_t greater_equal = 4;
constexpr std::uint8_t greater = 5;
}  // namespace parameter_comparator

// One instruction; plain data that can be copied to the device with memcpy.
struct ParameterOp {
  ParameterOpCode code;
  std::uint8_t comparator;  // compare only
  std::int32_t operand;     // jump target (jumps), slot (redraw_begin), begin index (redraw_check)
  double a;
  double b;
};
static_assert(std::is_trivial_v<ParameterOp> && std::is_standard_layout_v<ParameterOp>,
              "ParameterOp must be plain data");
static_assert(sizeof(ParameterOp) == 24, "ParameterOp layout");

namespace parameter_detail {

// Explicitly rounded arithmetic: on the device these are never fused into FMAs,
// so the results equal the host's separate operations.
ROOST_HD inline double add(double x, double y) {
#if defined(__CUDA_ARCH__)
  return __dadd_rn(x, y);
#else
  return x + y;
#endif
}
ROOST_HD inline double sub(double x, double y) {
#if defined(__CUDA_ARCH__)
  return __dsub_rn(x, y);
#else
  return x - y;
#endif
}
ROOST_HD inline double mul(double x, double y) {
#if defined(__CUDA_ARCH__)
  return __dmul_rn(x, y);
#else
  return x * y;
#endif
}
ROOST_HD inline double div(double x, double y) {
#if defined(__CUDA_ARCH__)
  return __ddiv_rn(x, y);
#else
  return x / y;
#endif
}

ROOST_HD inline double quiet_nan() { return ::nan(""); }

}  // namespace parameter_detail

// Evaluates the program ops[0, n_ops) with random numbers from `rng` and returns
// its value, setting *error to 0.
//
// On failure returns NaN and sets *error to a non-zero code:
//   k > 0: operation k - 1 failed. For a redraw_check this means that
//          kParameterRedrawAttempts evaluations all fell outside [a, b] (NEST's
//          "number of redraws exceeded" error); for any other operation the
//          program is malformed (stack over- or underflow, bad jump, slot or code).
//   -1:    the program as a whole is malformed (n_ops outside
//          [1, kParameterMaxOps], or it does not leave exactly one value).
// Programs built by Parameter never fail except by redraw exhaustion. Every
// jump goes forward and every redraw loop is bounded, so evaluation terminates
// for any program whose nested redraw loops use distinct slots.
//   kParameterNeedsGeometry (-2): a spatial leaf with geometry == nullptr;
//   kParameterBadDimension (-3): a spatial leaf's dimension >= geometry->dim.
ROOST_HD inline double evaluate_parameter(const ParameterOp* ops, int n_ops, RandomStream& rng,
                                          int* error, const ParameterGeometry* geometry = nullptr) {
  using parameter_detail::add;
  using parameter_detail::div;
  using parameter_detail::mul;
  using parameter_detail::sub;
  using Code = ParameterOpCode;

  *error = 0;
  if (ops == nullptr || n_ops < 1 || n_ops > kParameterMaxOps) {
    *error = -1;
    return parameter_detail::quiet_nan();
  }
  double stack[kParameterMaxStack];
  int attempts[kParameterMaxRedraws];
  int sp = 0;  // values on the stack
  int pc = 0;
  while (pc < n_ops) {
    const ParameterOp& op = ops[pc];
    const int here = pc++;
    double v = 0.0;  // the value pushed by leaves, unary and binary operations
    switch (op.code) {
      case Code::constant: v = op.a; break;
      case Code::uniform: v = add(op.a, mul(rng.uniform(), sub(op.b, op.a))); break;
      case Code::normal: v = add(op.a, mul(op.b, rng.normal())); break;
      case Code::lognormal: v = ::exp(add(op.a, mul(op.b, rng.normal()))); break;
      case Code::exponential: v = mul(op.a, rng.exponential()); break;
      case Code::uniform_int:
        v = static_cast<double>(rng.uniform_int(static_cast<std::uint64_t>(op.a)));
        break;

      case Code::spatial_distance:
      case Code::spatial_distance_component:
      case Code::spatial_source_position:
      case Code::spatial_target_position:
      case Code::spatial_node_position: {
        if (geometry == nullptr) {
          *error = kParameterNeedsGeometry;
          return parameter_detail::quiet_nan();
        }
        if (op.code != Code::spatial_distance && (op.operand < 0 || op.operand >= geometry->dim)) {
          *error = kParameterBadDimension;
          return parameter_detail::quiet_nan();
        }
        switch (op.code) {
          case Code::spatial_distance: v = geometry->distance; break;
          case Code::spatial_distance_component: v = ::fabs(geometry->displacement[op.operand]); break;
          case Code::spatial_source_position: v = geometry->source[op.operand]; break;
          case Code::spatial_target_position: v = geometry->target[op.operand]; break;
          default: v = geometry->node[op.operand]; break;
        }
        break;
      }

      case Code::add:
      case Code::sub:
      case Code::mul:
      case Code::div:
      case Code::pow:
      case Code::min:
      case Code::max:
      case Code::compare: {
        if (sp < 2) {
          *error = here + 1;
          return parameter_detail::quiet_nan();
        }
        const double r = stack[--sp];
        const double l = stack[--sp];
        bool holds = false;
        switch (op.code) {
          case Code::add: v = add(l, r); break;
          case Code::sub: v = sub(l, r); break;
          case Code::mul: v = mul(l, r); break;
          case Code::div: v = div(l, r); break;
          case Code::pow: v = ::pow(l, r); break;
          case Code::min: v = ::fmin(l, r); break;
          case Code::max: v = ::fmax(l, r); break;
          default:  // compare
            switch (op.comparator) {
              case parameter_comparator::less: holds = l < r; break;
              case parameter_comparator::less_equal: holds = l <= r; break;
              case parameter_comparator::equal: holds = l == r; break;
              case parameter_comparator::not_equal: holds = l != r; break;
              case parameter_comparator::greater_equal: holds = l >= r; break;
              case parameter_comparator::greater: holds = l > r; break;
              default: *error = here + 1; return parameter_detail::quiet_nan();
            }
            v = holds ? 1.0 : 0.0;
            break;
        }
        break;
      }

      case Code::neg:
      case Code::exp:
      case Code::sin:
      case Code::cos:
      case Code::abs: {
        if (sp < 1) {
          *error = here + 1;
          return parameter_detail::quiet_nan();
        }
        const double x = stack[--sp];
        switch (op.code) {
          case Code::neg: v = -x; break;
          case Code::exp: v = ::exp(x); break;
          case Code::sin: v = ::sin(x); break;
          case Code::cos: v = ::cos(x); break;
          default: v = ::fabs(x); break;  // abs
        }
        break;
      }

      case Code::jump_if_zero:
        if (sp < 1 || op.operand <= here || op.operand > n_ops) {
          *error = here + 1;
          return parameter_detail::quiet_nan();
        }
        if (stack[--sp] == 0.0) pc = op.operand;
        continue;

      case Code::jump:
        if (op.operand <= here || op.operand > n_ops) {
          *error = here + 1;
          return parameter_detail::quiet_nan();
        }
        pc = op.operand;
        continue;

      case Code::redraw_begin:
        if (op.operand < 0 || op.operand >= kParameterMaxRedraws) {
          *error = here + 1;
          return parameter_detail::quiet_nan();
        }
        attempts[op.operand] = 0;
        continue;

      case Code::redraw_check: {
        if (sp < 1 || op.operand < 0 || op.operand >= here ||
            ops[op.operand].code != Code::redraw_begin || ops[op.operand].operand < 0 ||
            ops[op.operand].operand >= kParameterMaxRedraws) {
          *error = here + 1;
          return parameter_detail::quiet_nan();
        }
        const double x = stack[sp - 1];
        if (x >= op.a && x <= op.b) continue;  // accepted: stays on the stack
        --sp;
        if (++attempts[ops[op.operand].operand] >= kParameterRedrawAttempts) {
          *error = here + 1;
          return parameter_detail::quiet_nan();
        }
        pc = op.operand + 1;
        continue;
      }

      default: *error = here + 1; return parameter_detail::quiet_nan();
    }
    if (sp >= kParameterMaxStack) {
      *error = here + 1;
      return parameter_detail::quiet_nan();
    }
    stack[sp++] = v;
  }
  if (sp != 1) {
    *error = -1;
    return parameter_detail::quiet_nan();
  }
  return stack[0];
}

struct ParameterProgram;

// Throws the roost::Error that evaluate_parameter's error code `error` (non-zero)
// stands for: Error(KernelException) with NEST's redraw message for an exhausted
// redraw, Error(KernelException) naming a corrupt program otherwise.
[[noreturn]] void throw_parameter_error(const ParameterProgram& program, int error);

// A compiled Parameter expression (host-side holder). Built by Parameter; copy
// `ops` to the device and call evaluate_parameter there.
struct ParameterProgram {
  std::vector<ParameterOp> ops;
  bool constant = true;  // no random and no spatial operation: one fixed value
  bool spatial = false;  // holds a spatial leaf: needs a ParameterGeometry
  int max_stack = 0;     // deepest value stack evaluation reaches (<= kParameterMaxStack)
  int redraw_slots = 0;  // redraw counter slots used (<= kParameterMaxRedraws)

  const ParameterOp* data() const { return ops.data(); }
  int size() const { return static_cast<int>(ops.size()); }

  // One value, drawn from `rng` as evaluate_parameter does; throws as
  // throw_parameter_error on failure.
  double evaluate(RandomStream& rng, const ParameterGeometry* geometry = nullptr) const {
    int error = 0;
    const double v = evaluate_parameter(ops.data(), size(), rng, &error, geometry);
    if (error != 0) throw_parameter_error(*this, error);
    return v;
  }
};

}  // namespace roost
