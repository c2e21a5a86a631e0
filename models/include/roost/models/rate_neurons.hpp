// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// NEST's rate models, one template each over a gain function
// (rate_nonlinearities.hpp). Reference: NEST 3.10 rate_neuron_ipn,
// rate_neuron_opn, rate_transformer_node.
//
//  *_ipn (input noise):   tau dX/dt = -lambda X + mu + I(t) + sqrt(tau) sigma xi(t)
//  *_opn (output noise):  tau dX/dt = -X + mu + I(t);  it sends X + sqrt(tau/h) sigma xi
//  rate_transformer_*:    X = input(I(t)) (or the sum of the transformed inputs)
//
// I(t) is the rate input: with linear_summation, input(sum of weighted rates);
// otherwise the sum of weighted input(rate) (the delivery applies the target's
// gain to each incoming rate). Weights >= 0 arrive on the excitatory channel,
// negative ones on the inhibitory one: with mult_coupling the two are scaled
// by H_ex(X), H_in(X) of the rate sent this step.
//
// A rate model sends, for every step n of a slice, the value it had at the
// start of the step (the *_opn models: with output noise) through
// rate_connection_delayed (read by the target in step n + delay), and at the
// end of the slice its final value through rate_connection_instantaneous
// (read in each step of the next min-delay slice: without waveform
// relaxation, as NEST, the instantaneous connections act one slice late).
// rate_out_field and rate_instant_field name those two values (and
// rate_relax_field the one waveform relaxation checks); the kernel's
// rate transmission (rate_transmission.hpp) carries them, written once for
// every backend. The noise is one standard normal per step from the neuron's
// keyed stream (NEST draws them per slice from the thread's generator).

#include <array>
#include <cmath>
#include <utility>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/rate_nonlinearities.hpp"
#include "roost/rng.hpp"

namespace roost::models {

namespace rate_detail {

// The neuron's gain function, from its parameter columns (first at `first`).
template <class NL, int N>
ROOST_HD RateGain gain_of(ConstSoa<N> p, Index i, int first) {
  RateGain f;
  f.kind = NL::kind;
  for (std::size_t k = 0; k < NL::params.size(); ++k) f.q[k] = p.col[first + static_cast<int>(k)][i];
  return f;
}
template <class NL>
RateGain gain_of_row(const double* row, int first) {
  RateGain f;
  f.kind = NL::kind;
  for (std::size_t k = 0; k < NL::params.size(); ++k) f.q[k] = row[first + static_cast<int>(k)];
  return f;
}

// The rate input of one step, as NEST's rate models add it to X (before the
// factor P2): ex and in hold this step's weighted input on each channel.
ROOST_HD inline double rate_drive(const RateGain& f, bool linear_summation, bool mult_coupling, double sent, double ex,
                                  double in) {
  const double H_ex = mult_coupling ? rate_gain_mult_ex(f, sent) : 1.0;
  const double H_in = mult_coupling ? rate_gain_mult_in(f, sent) : 1.0;
  if (!linear_summation) return H_ex * ex + H_in * in;  // the delivery applied input() per connection
  if (mult_coupling) return H_ex * rate_gain_input(f, ex) + H_in * rate_gain_input(f, in);
  return rate_gain_input(f, ex + in);
}

// What every rate model reports to the rate transmission: whether it sums its
// input linearly (parameter LinearSummation) and its gain (from Gain0 on).
template <class NL, int LinearSummation, int Gain0>
struct RateNode {
  static constexpr bool rate_node = true;
  static bool sums_linearly(const double* row) { return row[LinearSummation] != 0.0; }
  static RateGain rate_gain(const double* row) { return gain_of_row<NL>(row, Gain0); }
};

// The input of *_ipn and *_opn: weights >= 0 excitatory, negative inhibitory.
struct ExInChannels {
  enum Channel : int { rate_ex, rate_in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool accepts_current = false;
  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return receptor_type != 0 ? -1 : weight >= 0.0 ? rate_ex : rate_in;
  }
};

inline const char* check_tau(double tau) { return tau > 0.0 ? nullptr : "Time constant must be > 0."; }
inline const char* check_sigma(double sigma) { return sigma >= 0.0 ? nullptr : "Noise parameter must not be negative."; }

}  // namespace rate_detail

// Input noise. gauss_rate_ipn calls mu and sigma "mean" and "std" (NEST's old
// names, which NEST also accepts): its gain function owns "mu" and "sigma".
template <class NL>
struct rate_neuron_ipn : rate_detail::ExInChannels, rate_detail::RateNode<NL, 5, 8> {
  static constexpr const char* model_name = NL::ipn_name;
  static constexpr bool gauss = NL::kind == RateGainKind::gauss;

  enum Param : int { tau, lambda, sigma, mu, rectify_rate, linear_summation, rectify_output, mult_coupling, gain0 };
  static constexpr int n_params = gain0 + static_cast<int>(NL::params.size());
  static constexpr std::array<FieldSpec, gain0> own_params{{
      {"tau", 10.0, "ms"},
      {"lambda", 1.0, ""},
      {gauss ? "std" : "sigma", 1.0, ""},
      {gauss ? "mean" : "mu", 0.0, ""},
      {"rectify_rate", 0.0, ""},
      {"linear_summation", 1.0, "", FieldType::Bool},
      {"rectify_output", 0.0, "", FieldType::Bool},
      {"mult_coupling", 0.0, "", FieldType::Bool},
  }};
  static constexpr auto params = concat_fields(own_params, NL::params);
  static_assert(linear_summation == 5 && gain0 == 8, "RateNode<NL, 5, 8> above");
  // NEST's gauss_rate_ipn: mu and sigma set the gain's and the noise's (mean, std).
  static constexpr std::array<std::pair<const char*, const char*>, gauss ? 2 : 0> also_sets = [] {
    if constexpr (gauss) {
      return std::array<std::pair<const char*, const char*>, 2>{{{"mu", "mean"}, {"sigma", "std"}}};
    } else {
      return std::array<std::pair<const char*, const char*>, 0>{};
    }
  }();

  enum State : int { rate, noise, sent_rate, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"rate", 0.0, ""},
      {"noise", 0.0, ""},
      {"sent_rate", 0.0, "", FieldType::Double, true},
  }};
  enum Coef : int { P1, P2, input_noise_factor, n_coef };

  static constexpr std::array<const char*, 2> recordables{"noise", "rate"};
  static constexpr bool stochastic = true;
  static constexpr int rate_out_field = sent_rate;
  static constexpr int rate_instant_field = rate;
  static constexpr int rate_relax_field = rate;  // what waveform relaxation checks

  static const char* validate(const double* p) {
    if (const char* problem = rate_detail::check_tau(p[tau])) return problem;
    if (!(p[lambda] >= 0.0)) return "Passive decay rate must be >= 0.";
    if (const char* problem = rate_detail::check_sigma(p[sigma])) return problem;
    if (!(p[rectify_rate] >= 0.0)) return "Rectifying rate must not be negative.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double t = p.col[tau][i], lam = p.col[lambda][i];
    if (lam > 0.0) {  // stochastic exponential Euler
      c.col[P1][i] = std::exp(-lam * h / t);
      c.col[P2][i] = -1.0 / lam * std::expm1(-lam * h / t);
      c.col[input_noise_factor][i] = std::sqrt(-0.5 / lam * std::expm1(-2.0 * lam * h / t));
    } else {  // Euler-Maruyama
      c.col[P1][i] = 1.0;
      c.col[P2][i] = h / t;
      c.col[input_noise_factor][i] = std::sqrt(h / t);
    }
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* in,
                           RandomStream& rng) {
    const double sent = s.col[rate][i];
    s.col[sent_rate][i] = sent;
    const double xi = p.col[sigma][i] * rng.normal();
    s.col[noise][i] = xi;
    double x = c.col[P1][i] * sent + c.col[P2][i] * p.col[mu][i] + c.col[input_noise_factor][i] * xi;
    const RateGain f = rate_detail::gain_of<NL>(p, i, gain0);
    x += c.col[P2][i] * rate_detail::rate_drive(f, p.col[linear_summation][i] != 0.0, p.col[mult_coupling][i] != 0.0,
                                                sent, in[rate_ex], in[rate_in]);
    if (p.col[rectify_output][i] != 0.0 && x < p.col[rectify_rate][i]) x = p.col[rectify_rate][i];
    s.col[rate][i] = x;
    return 0;
  }
};

// Output noise: the rate itself is noise-free; what it sends carries the noise.
template <class NL>
struct rate_neuron_opn : rate_detail::ExInChannels, rate_detail::RateNode<NL, 3, 5> {
  static constexpr const char* model_name = NL::opn_name;

  enum Param : int { tau, sigma, mu, linear_summation, mult_coupling, gain0 };
  static constexpr int n_params = gain0 + static_cast<int>(NL::params.size());
  static constexpr std::array<FieldSpec, gain0> own_params{{
      {"tau", 10.0, "ms"},
      {"sigma", 1.0, ""},
      {"mu", 0.0, ""},
      {"linear_summation", 1.0, "", FieldType::Bool},
      {"mult_coupling", 0.0, "", FieldType::Bool},
  }};
  static constexpr auto params = concat_fields(own_params, NL::params);
  static_assert(linear_summation == 3 && gain0 == 5, "RateNode<NL, 3, 5> above");

  enum State : int { rate, noise, noisy_rate, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"rate", 0.0, ""},
      {"noise", 0.0, ""},
      {"noisy_rate", 0.0, ""},
  }};
  enum Coef : int { P1, P2, output_noise_factor, n_coef };

  static constexpr std::array<const char*, 3> recordables{"noise", "noisy_rate", "rate"};
  static constexpr bool stochastic = true;
  static constexpr int rate_out_field = noisy_rate;
  static constexpr int rate_instant_field = noisy_rate;
  static constexpr int rate_relax_field = rate;

  static const char* validate(const double* p) {
    if (const char* problem = rate_detail::check_tau(p[tau])) return problem;
    return rate_detail::check_sigma(p[sigma]);
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double t = p.col[tau][i];
    c.col[P1][i] = std::exp(-h / t);
    c.col[P2][i] = -std::expm1(-h / t);
    c.col[output_noise_factor][i] = std::sqrt(t / h);  // white noise as a piecewise constant value
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* in,
                           RandomStream& rng) {
    const double xi = p.col[sigma][i] * rng.normal();
    s.col[noise][i] = xi;
    const double sent = s.col[rate][i] + c.col[output_noise_factor][i] * xi;
    s.col[noisy_rate][i] = sent;
    double x = c.col[P1][i] * s.col[rate][i] + c.col[P2][i] * p.col[mu][i];
    const RateGain f = rate_detail::gain_of<NL>(p, i, gain0);
    x += c.col[P2][i] * rate_detail::rate_drive(f, p.col[linear_summation][i] != 0.0, p.col[mult_coupling][i] != 0.0,
                                                sent, in[rate_ex], in[rate_in]);
    s.col[rate][i] = x;
    return 0;
  }
};

// No dynamics of its own: each step its rate is the gain of its input.
template <class NL>
struct rate_transformer : rate_detail::RateNode<NL, 0, 1> {
  static constexpr const char* model_name = NL::transformer_name;

  enum Param : int { linear_summation, gain0 };
  static constexpr int n_params = gain0 + static_cast<int>(NL::params.size());
  static constexpr std::array<FieldSpec, gain0> own_params{{{"linear_summation", 1.0, "", FieldType::Bool}}};
  static constexpr auto params = concat_fields(own_params, NL::params);
  static_assert(linear_summation == 0 && gain0 == 1, "RateNode<NL, 0, 1> above");

  enum State : int { rate, sent_rate, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"rate", 0.0, ""},
      {"sent_rate", 0.0, "", FieldType::Double, true},
  }};
  enum Coef : int { n_coef };

  static constexpr std::array<const char*, 1> recordables{"rate"};
  enum Channel : int { rate_in, n_spike_channels };  // one channel, whatever the weight's sign
  static constexpr bool counts_spikes = false;
  static constexpr bool accepts_current = false;
  static constexpr int rate_out_field = sent_rate;
  static constexpr int rate_instant_field = rate;
  static constexpr int rate_relax_field = rate;

  ROOST_HD static int spike_channel(int receptor_type, double) { return receptor_type == 0 ? rate_in : -1; }

  static const char* validate(const double*) { return nullptr; }
  ROOST_HD static void calibrate(Index, ConstSoa<n_params>, Soa<n_coef>, double) {}

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef>, const double* in) {
    s.col[sent_rate][i] = s.col[rate][i];
    const double input = in[rate_in];
    s.col[rate][i] =
        p.col[linear_summation][i] != 0.0 ? rate_gain_input(rate_detail::gain_of<NL>(p, i, gain0), input) : input;
    return 0;
  }
};

using lin_rate_ipn = rate_neuron_ipn<rate_gain::lin>;
using tanh_rate_ipn = rate_neuron_ipn<rate_gain::tanh>;
using threshold_lin_rate_ipn = rate_neuron_ipn<rate_gain::threshold_lin>;
using sigmoid_rate_ipn = rate_neuron_ipn<rate_gain::sigmoid>;
using sigmoid_rate_gg_1998_ipn = rate_neuron_ipn<rate_gain::sigmoid_gg_1998>;
using gauss_rate_ipn = rate_neuron_ipn<rate_gain::gauss>;
using lin_rate_opn = rate_neuron_opn<rate_gain::lin>;
using tanh_rate_opn = rate_neuron_opn<rate_gain::tanh>;
using threshold_lin_rate_opn = rate_neuron_opn<rate_gain::threshold_lin>;
using rate_transformer_lin = rate_transformer<rate_gain::lin>;
using rate_transformer_tanh = rate_transformer<rate_gain::tanh>;
using rate_transformer_threshold_lin = rate_transformer<rate_gain::threshold_lin>;
using rate_transformer_sigmoid = rate_transformer<rate_gain::sigmoid>;
using rate_transformer_sigmoid_gg_1998 = rate_transformer<rate_gain::sigmoid_gg_1998>;
using rate_transformer_gauss = rate_transformer<rate_gain::gauss>;

// Whether M is a rate model (sends rates, takes rate input only).
template <class M>
constexpr bool is_rate_node() {
  if constexpr (requires { M::rate_node; }) {
    return M::rate_node;
  } else {
    return false;
  }
}

}  // namespace roost::models
