// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The gain functions of NEST's rate models (models/<name>.h in NEST 3.10):
// input(h), and the multiplicative-coupling factors H_ex(rate), H_in(rate)
// (1 except for lin_rate). Each lists its parameters with NEST's names and
// defaults; a rate model appends them to its own.
//
// A RateGain is one neuron's gain function as plain data: the delivery of
// rate connections (rate_transmission.hpp) applies the TARGET's input() to
// each incoming rate when the target sums non-linearly (linear_summation =
// false), and it does not know the target's model type.

#include <array>
#include <cmath>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"

namespace roost::models {

enum class RateGainKind : int { lin, tanh, threshold_lin, sigmoid, sigmoid_gg_1998, gauss };

// A gain function and its parameters: up to five numbers, in the order of
// the nonlinearity's `params`.
struct RateGain {
  RateGainKind kind = RateGainKind::lin;
  double q[5] = {1.0, 0.0, 0.0, 0.0, 0.0};
};

ROOST_HD inline double rate_gain_input(const RateGain& f, double h) {
  const double* q = f.q;
  switch (f.kind) {
    case RateGainKind::lin: return q[0] * h;                                    // g h
    case RateGainKind::tanh: return ::tanh(q[0] * (h - q[1]));                  // tanh(g (h - theta))
    case RateGainKind::threshold_lin: return ::fmin(::fmax(q[0] * (h - q[1]), 0.0), q[2]);  // min(max(g (h - theta), 0), alpha)
    case RateGainKind::sigmoid: return q[0] / (1.0 + ::exp(-q[1] * (h - q[2])));  // g / (1 + exp(-beta (h - theta)))
    case RateGainKind::sigmoid_gg_1998: {                                         // (g h)^4 / (0.1^4 + (g h)^4)
      const double gh4 = ::pow(q[0] * h, 4.0);
      return gh4 / (::pow(0.1, 4.0) + gh4);
    }
    case RateGainKind::gauss:  // g exp(-(h - mu)^2 / (2 sigma^2))
      return q[0] * ::exp(-::pow(h - q[1], 2.0) / (2.0 * ::pow(q[2], 2.0)));
  }
  return 0.0;
}

// Multiplicative coupling: only lin_rate's factors differ from 1.
ROOST_HD inline double rate_gain_mult_ex(const RateGain& f, double rate) {
  return f.kind == RateGainKind::lin ? f.q[1] * (f.q[3] - rate) : 1.0;  // g_ex (theta_ex - rate)
}
ROOST_HD inline double rate_gain_mult_in(const RateGain& f, double rate) {
  return f.kind == RateGainKind::lin ? f.q[2] * (f.q[4] + rate) : 1.0;  // g_in (theta_in + rate)
}

namespace rate_gain {

inline constexpr double inf = std::numeric_limits<double>::infinity();

struct lin {
  static constexpr RateGainKind kind = RateGainKind::lin;
  static constexpr const char* ipn_name = "lin_rate_ipn";
  static constexpr const char* opn_name = "lin_rate_opn";
  static constexpr const char* transformer_name = "rate_transformer_lin";
  static constexpr std::array<FieldSpec, 5> params{{
      {"g", 1.0, ""}, {"g_ex", 1.0, ""}, {"g_in", 1.0, ""}, {"theta_ex", 0.0, ""}, {"theta_in", 0.0, ""}}};
};
struct tanh {
  static constexpr RateGainKind kind = RateGainKind::tanh;
  static constexpr const char* ipn_name = "tanh_rate_ipn";
  static constexpr const char* opn_name = "tanh_rate_opn";
  static constexpr const char* transformer_name = "rate_transformer_tanh";
  static constexpr std::array<FieldSpec, 2> params{{{"g", 1.0, ""}, {"theta", 0.0, ""}}};
};
struct threshold_lin {
  static constexpr RateGainKind kind = RateGainKind::threshold_lin;
  static constexpr const char* ipn_name = "threshold_lin_rate_ipn";
  static constexpr const char* opn_name = "threshold_lin_rate_opn";
  static constexpr const char* transformer_name = "rate_transformer_threshold_lin";
  static constexpr std::array<FieldSpec, 3> params{{{"g", 1.0, ""}, {"theta", 0.0, ""}, {"alpha", inf, ""}}};
};
struct sigmoid {
  static constexpr RateGainKind kind = RateGainKind::sigmoid;
  static constexpr const char* ipn_name = "sigmoid_rate_ipn";
  static constexpr const char* opn_name = nullptr;  // NEST has no sigmoid_rate_opn
  static constexpr const char* transformer_name = "rate_transformer_sigmoid";
  static constexpr std::array<FieldSpec, 3> params{{{"g", 1.0, ""}, {"beta", 1.0, ""}, {"theta", 0.0, ""}}};
};
struct sigmoid_gg_1998 {
  static constexpr RateGainKind kind = RateGainKind::sigmoid_gg_1998;
  static constexpr const char* ipn_name = "sigmoid_rate_gg_1998_ipn";
  static constexpr const char* opn_name = nullptr;
  static constexpr const char* transformer_name = "rate_transformer_sigmoid_gg_1998";
  static constexpr std::array<FieldSpec, 1> params{{{"g", 1.0, ""}}};
};
// NEST's gauss_rate shares the names mu and sigma with the neuron's noise
// parameters; gauss_rate_ipn therefore names its noise parameters by their
// old names, mean and std (see rate_neurons.hpp).
struct gauss {
  static constexpr RateGainKind kind = RateGainKind::gauss;
  static constexpr const char* ipn_name = "gauss_rate_ipn";
  static constexpr const char* opn_name = nullptr;
  static constexpr const char* transformer_name = "rate_transformer_gauss";
  static constexpr std::array<FieldSpec, 3> params{{{"g", 1.0, ""}, {"mu", 0.0, ""}, {"sigma", 0.0, ""}}};
};

}  // namespace rate_gain

// Two field lists as one (a model's own fields, then its gain's).
template <std::size_t A, std::size_t B>
constexpr std::array<FieldSpec, A + B> concat_fields(const std::array<FieldSpec, A>& a, const std::array<FieldSpec, B>& b) {
  std::array<FieldSpec, A + B> out{};
  for (std::size_t k = 0; k < A; ++k) out[k] = a[k];
  for (std::size_t k = 0; k < B; ++k) out[A + k] = b[k];
  return out;
}

}  // namespace roost::models
