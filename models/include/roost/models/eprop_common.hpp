// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What the e-prop neuron models (NEST 3.10's eprop_iaf, eprop_readout and
// their relatives) share: the surrogate gradient functions, the parameters of
// NEST's EpropArchivingNode (eprop_isi_trace_cutoff), FlushEventMechanism
// (flush_event_send_interval) and IgnoreAndSpikeMechanism, and their checks.
//
// The surrogate gradient psi(v) of a recurrent neuron (NEST's
// EpropArchivingNodeRecurrent), 0 while the neuron is refractory (r > 0):
//   piecewise_linear         height * max(0, 1 - |v - v_th| / width)
//   exponential              height * exp(-|v - v_th| / width)
//   fast_sigmoid_derivative  height * (1 + |v - v_th| / width)^-2
//   arctan_derivative        height / (1 + ((v - v_th) / width)^2)
// The model keeps the function as an index into kSurrogateGradientNames (the
// string field surrogate_gradient_function).

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"

namespace roost::models::eprop {

// NEST keeps its functions in a std::map: its error message lists them in
// this (alphabetical) order.
inline constexpr std::array<const char*, 4> kSurrogateGradientNames{
    "arctan_derivative", "exponential", "fast_sigmoid_derivative", "piecewise_linear"};
enum SurrogateGradient : int { arctan_derivative = 0, exponential = 1, fast_sigmoid_derivative = 2, piecewise_linear = 3 };

inline constexpr const char* kSurrogateGradientError =
    "Surrogate gradient / pseudo-derivate function surrogate_gradient_function from [ \"arctan_derivative\", "
    "\"exponential\", \"fast_sigmoid_derivative\", \"piecewise_linear\" ] required.";

ROOST_HD inline double surrogate_gradient(int function, double r, double v_m, double v_th, double height,
                                          double width) {
  if (r > 0.0) return 0.0;
  const double d = std::fabs(v_m - v_th) / width;
  switch (function) {
    case exponential: return height * std::exp(-d);
    case fast_sigmoid_derivative: return height * std::pow(1.0 + d, -2.0);
    case arctan_derivative: return height / (1.0 + std::pow((v_m - v_th) / width, 2.0));
    default: {
      const double x = 1.0 - d;
      return height * (x > 0.0 ? x : 0.0);
    }
  }
}

// NEST's IgnoreAndSpikeMechanism::spike_event_is_due: with ignore_and_spike a
// countdown, started from the offset (and restarted whenever the offset is
// set: `offset_applied` remembers the offset it started from) and from the
// interval after each forced spike, decides the spikes; without it, `dynamic`.
ROOST_HD inline bool spike_event_is_due(bool dynamic, bool ignore_and_spike, double& steps_until_spike,
                                        double& offset_applied, double offset_ms, double offset_steps,
                                        double interval_steps) {
  if (!ignore_and_spike) return dynamic;
  if (offset_applied != offset_ms) {
    steps_until_spike = offset_steps;
    offset_applied = offset_ms;
  }
  steps_until_spike -= 1.0;
  if (steps_until_spike != 0.0) return false;
  steps_until_spike = interval_steps;
  return true;
}

// The first N entries of a table (a model family that drops trailing fields).
template <int N, class T, std::size_t M>
constexpr std::array<T, N> take(const std::array<T, M>& all) {
  static_assert(N <= static_cast<int>(M), "take: more entries than the table has");
  std::array<T, N> out{};
  for (int k = 0; k < N; ++k) out[static_cast<std::size_t>(k)] = all[static_cast<std::size_t>(k)];
  return out;
}

// The checks of the mechanisms' parameters (NEST's texts).
inline const char* check_cutoff(double eprop_isi_trace_cutoff) {
  return eprop_isi_trace_cutoff >= 0.0 ? nullptr : "eprop_isi_trace_cutoff ≥ 0 required.";
}
inline const char* check_flush_and_ignore(double flush_event_send_interval, double offset, double interval) {
  if (!(flush_event_send_interval > 0.0)) return "flush_event_send_interval > 0 required.";
  if (!(offset > 0.0)) return "ignore_and_spike_offset > 0 required.";
  if (!(interval > 0.0)) return "ignore_and_spike_interval > 0 required.";
  return nullptr;
}

}  // namespace roost::models::eprop
