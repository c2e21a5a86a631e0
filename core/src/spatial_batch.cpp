// SPDX-License-Identifier: GPL-2.0-or-later
// Batch valuation of distance-only spatial kernels (see spatial_detail.hpp).
#include <algorithm>
#include <cmath>

#include "spatial_detail.hpp"

namespace roost::spatial_detail {

bool batch_evaluable(const ParameterProgram& program) {
  if (program.max_stack > kParameterMaxStack) return false;
  for (const ParameterOp& op : program.ops) {
    switch (op.code) {
      case ParameterOpCode::constant:
      case ParameterOpCode::spatial_distance:
      case ParameterOpCode::spatial_distance_component:
      case ParameterOpCode::add:
      case ParameterOpCode::sub:
      case ParameterOpCode::mul:
      case ParameterOpCode::div:
      case ParameterOpCode::pow:
      case ParameterOpCode::min:
      case ParameterOpCode::max:
      case ParameterOpCode::compare:
      case ParameterOpCode::neg:
      case ParameterOpCode::exp:
      case ParameterOpCode::sin:
      case ParameterOpCode::cos:
      case ParameterOpCode::abs: break;
      default: return false;
    }
  }
  return true;
}

// out[k] = program(distance[k], displacement[.][k]) for k < n; stack: scratch.
void evaluate_batch(const ParameterProgram& program, int dim, std::size_t n, const double* distance,
                    const double* const* displacement, double* out, std::vector<double>& stack) {
  using Code = ParameterOpCode;
  stack.resize(static_cast<std::size_t>(std::max(program.max_stack, 1)) * n);
  int sp = 0;
  auto slot = [&](int i) { return stack.data() + static_cast<std::size_t>(i) * n; };
  for (const ParameterOp& op : program.ops) {
    switch (op.code) {
      case Code::constant: std::fill_n(slot(sp++), n, op.a); break;
      case Code::spatial_distance: std::copy_n(distance, n, slot(sp++)); break;
      case Code::spatial_distance_component: {
        if (op.operand < 0 || op.operand >= dim) throw_parameter_error(program, kParameterBadDimension);
        double* v = slot(sp++);
        const double* d = displacement[op.operand];
        for (std::size_t k = 0; k < n; ++k) v[k] = std::fabs(d[k]);
        break;
      }
      case Code::neg:
      case Code::exp:
      case Code::sin:
      case Code::cos:
      case Code::abs: {
        double* v = slot(sp - 1);
        switch (op.code) {
          case Code::neg: for (std::size_t k = 0; k < n; ++k) v[k] = -v[k]; break;
          case Code::exp: for (std::size_t k = 0; k < n; ++k) v[k] = ::exp(v[k]); break;
          case Code::sin: for (std::size_t k = 0; k < n; ++k) v[k] = ::sin(v[k]); break;
          case Code::cos: for (std::size_t k = 0; k < n; ++k) v[k] = ::cos(v[k]); break;
          default: for (std::size_t k = 0; k < n; ++k) v[k] = ::fabs(v[k]); break;
        }
        break;
      }
      default: {  // binary
        double* l = slot(sp - 2);
        const double* r = slot(sp - 1);
        --sp;
        switch (op.code) {
          case Code::add: for (std::size_t k = 0; k < n; ++k) l[k] = l[k] + r[k]; break;
          case Code::sub: for (std::size_t k = 0; k < n; ++k) l[k] = l[k] - r[k]; break;
          case Code::mul: for (std::size_t k = 0; k < n; ++k) l[k] = l[k] * r[k]; break;
          case Code::div: for (std::size_t k = 0; k < n; ++k) l[k] = l[k] / r[k]; break;
          case Code::pow: for (std::size_t k = 0; k < n; ++k) l[k] = ::pow(l[k], r[k]); break;
          case Code::min: for (std::size_t k = 0; k < n; ++k) l[k] = ::fmin(l[k], r[k]); break;
          case Code::max: for (std::size_t k = 0; k < n; ++k) l[k] = ::fmax(l[k], r[k]); break;
          default: {  // compare
            const int c = op.comparator;
            for (std::size_t k = 0; k < n; ++k) {
              const double a = l[k], b = r[k];
              const bool holds = c == 0 ? a < b : c == 1 ? a <= b : c == 2 ? a == b : c == 3 ? a != b
                                 : c == 4 ? a >= b : a > b;
              l[k] = holds ? 1.0 : 0.0;
            }
            break;
          }
        }
        break;
      }
    }
  }
  std::copy_n(slot(0), n, out);
}

}  // namespace roost::spatial_detail
