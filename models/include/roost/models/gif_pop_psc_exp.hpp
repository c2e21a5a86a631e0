// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// gif_pop_psc_exp: a population of N GIF neurons (exponential escape noise,
// multi-timescale threshold adaptation, exponential PSCs) simulated at the
// population level (Schwalger, Deger & Gerstner 2017, the algorithm of their
// Figs. 11 and 12). Each step the node draws the number of its neurons that
// fire (binomial(N, mean / N), or Poisson with BinoRand = false) and sends one
// spike of that multiplicity.
//
//   hazard  lambda(t) = lambda_0 exp((u - theta) / Delta_V)   (lambda_0 in 1/s)
//   theta   = V_T_star + sum_j q_sfa[j] * (kernel with tau_sfa[j]) * A
//
// The population keeps, per refractory age k < len_kernel, the survivors m_k,
// their variance v_k, mean potential u_k and hazard, the spike counts n_k and
// the kernels theta_k, theta~_k: seven history lists whose length
// (len_kernel, chosen at the first Simulate when < 1) is set on the host by
// `pre_run` (NEST's pre_run_hook), which also rebuilds the history whenever a
// SetStatus touched the node (NEST's `initialized_` flag, here the hidden
// field `initialized`, cleared by every SetStatus: `reset_on_set`).
// Inputs: positive weights feed the excitatory PSC, others the inhibitory
// one, each scaled by the spike's multiplicity. Reference: NEST 3.10
// gif_pop_psc_exp.

#include <array>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/propagators.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct gif_pop_psc_exp {
  static constexpr const char* model_name = "gif_pop_psc_exp";

  enum Param : int {
    N, tau_m, C_m, t_ref, lambda_0, Delta_V, len_kernel, I_e, V_reset, V_T_star, E_L, tau_syn_ex, tau_syn_in,
    BinoRand, n_sfa, n_hist, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"N", 100.0, "", FieldType::Int},
      {"tau_m", 20.0, "ms"},
      {"C_m", 250.0, "pF"},
      {"t_ref", 4.0, "ms"},
      {"lambda_0", 10.0, "1/s"},
      {"Delta_V", 2.0, "mV"},
      {"len_kernel", -1.0, "", FieldType::Int},
      {"I_e", 0.0, "pA"},
      {"V_reset", 0.0, "mV"},
      {"V_T_star", 15.0, "mV"},
      {"E_L", 0.0, "mV"},
      {"tau_syn_ex", 3.0, "ms"},
      {"tau_syn_in", 6.0, "ms"},
      {"BinoRand", 1.0, "", FieldType::Bool},
      {"n_sfa", 1.0, "", FieldType::Int, true},
      {"n_hist", 0.0, "", FieldType::Int, true},
  }};

  // y0: the step current of the last step; x, z, lambda_free: the free
  // (long-refractory) part of the population; k0: the rotating history index.
  enum State : int {
    V_m, n_events, E_sfa, mean, I_syn_ex, I_syn_in, y0, x, z, lambda_free, k0, initialized, n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", 0.0, "mV"},
      {"n_events", 0.0, "", FieldType::Int},
      {"E_sfa", 0.0, "mV"},
      {"mean", 0.0, ""},
      {"I_syn_ex", 0.0, "pA"},
      {"I_syn_in", 0.0, "pA"},
      {"y0", 0.0, "pA", FieldType::Double, true},
      {"x", 0.0, "", FieldType::Double, true},
      {"z", 0.0, "", FieldType::Double, true},
      {"lambda_free", 0.0, "1/s", FieldType::Double, true},
      {"k0", 0.0, "", FieldType::Int, true},
      {"initialized", 0.0, "", FieldType::Bool, true},
  }};
  // Any SetStatus makes the next Simulate rebuild the history (NEST's State_::set).
  static constexpr int reset_on_set = initialized;

  enum List : int { tau_sfa, q_sfa, g_sfa, hist_n, hist_m, hist_u, hist_v, hist_lambda, hist_theta, hist_theta_tld, n_lists };
  static constexpr std::array<ListGroupSpec, 2> list_groups{{
      {n_sfa, 1, 0, "'tau_sfa' and 'q_sfa' need to have the same dimension."},
      {n_hist, 0, 0, "The history lists of gif_pop_psc_exp have one length."},
  }};
  static constexpr std::array<ListSpec, n_lists> lists{{
      {"tau_sfa", 300.0, "ms", 0, ListRole::param},
      {"q_sfa", 0.5, "mV", 0, ListRole::param},
      {"g_sfa", 0.0, "", 0, ListRole::hidden_state},
      {"hist_n", 0.0, "", 1, ListRole::hidden_state},
      {"hist_m", 0.0, "", 1, ListRole::hidden_state},
      {"hist_u", 0.0, "mV", 1, ListRole::hidden_state},
      {"hist_v", 0.0, "", 1, ListRole::hidden_state},
      {"hist_lambda", 0.0, "1/s", 1, ListRole::hidden_state},
      {"hist_theta", 0.0, "mV", 1, ListRole::hidden_state},
      {"hist_theta_tld", 0.0, "mV", 1, ListRole::hidden_state},
  }};
  static constexpr int receptor_group = -1;  // receptor 0 only

  enum Coef : int { P22, P20, P11_ex, P11_in, h_ms, k_ref, n_coef };
  enum CoefList : int { Q30, Q30K };
  static constexpr std::array<int, 2> coef_list_groups{0, 0};

  static constexpr std::array<const char*, 6> recordables{"V_m", "n_events", "E_sfa", "mean", "I_syn_ex", "I_syn_in"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool stochastic = true;

  // NEST's handle(SpikeEvent&): weight * multiplicity > 0 is excitatory.
  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type != 0) return -1;
    return weight > 0.0 ? ex : in;
  }

  static const char* validate(const double* p) {
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[tau_m] > 0.0)) return "The membrane time constants must be strictly positive.";
    if (!(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0)) return "The synaptic time constants must be strictly positive.";
    if (!(p[N] > 0.0)) return "Number of neurons must be positive.";
    if (!(p[lambda_0] >= 0.0)) return "lambda_0 must be positive.";
    if (!(p[Delta_V] > 0.0)) return "Delta_V must be strictly positive.";
    if (!(p[t_ref] >= 0.0)) return "Absolute refractory period cannot be negative.";
    return nullptr;
  }

  // NEST reads these but never takes them (UnaccessedDictionaryEntry there).
  static const char* validate_key(const double*, const char* key) {
    for (const char* read_only : {"n_events", "E_sfa", "mean"}) {
      if (std::strcmp(key, read_only) == 0) return "Unaccessed elements in params: n_events, E_sfa and mean are read-only.";
    }
    return nullptr;
  }

  static const char* validate_lists(const double*, const std::vector<double>* l) {
    const std::vector<double>& tau = l[tau_sfa];
    if (!multisynapse::all_positive(tau.data(), static_cast<int>(tau.size()))) {
      return "All time constants must be strictly positive.";
    }
    return nullptr;
  }

  // sum_j q_sfa[j] exp(-k h / tau_sfa[j]) (NEST's adaptation_kernel).
  static double adaptation_kernel(const std::vector<double>* l, int k, double h) {
    double theta = 0.0;
    for (std::size_t j = 0; j < l[tau_sfa].size(); ++j) theta += l[q_sfa][j] * std::exp(-k * h / l[tau_sfa][j]);
    return theta;
  }

  // NEST's get_history_size (Eq. 86 and GetHistoryLength of the paper).
  static int history_size(const double* row, const std::vector<double>* l, double h) {
    const double tmax = 20000.0;  // ms
    int k = static_cast<int>(tmax / h);
    const int kmin = static_cast<int>(5 * row[tau_m] / h);
    while (adaptation_kernel(l, k, h) / row[Delta_V] < 0.1 && k > kmin) --k;
    if (k * h <= row[t_ref]) k = static_cast<int>(row[t_ref] / h) + 1;
    return k;
  }

  // NEST's pre_run_hook, on the host before every Simulate: the checks, and
  // for a node not initialized since its last SetStatus the kernel length and
  // InitPopulations (Fig. 11 of the paper). Returns an error or nullptr;
  // `changed` says whether row or lists were written (l == nullptr: whether
  // the lists are needed).
  static const char* pre_run(double* row, std::vector<double>* l, double h, bool& changed) {
    // tau_sfa and q_sfa are one group: both empty or neither.
    if (row[n_sfa] == 0.0) return "Time constant array should not be empty. ";
    double* s = row + static_cast<int>(n_params);
    changed = s[initialized] == 0.0;
    if (!changed || l == nullptr) return nullptr;
    if (row[len_kernel] < 1.0) row[len_kernel] = history_size(row, l, h);
    const int L = static_cast<int>(row[len_kernel]);
    const double n_pop = row[N];
    for (int list = hist_n; list <= hist_theta_tld; ++list) l[list].assign(static_cast<std::size_t>(L), 0.0);
    for (int k = 0; k < L; ++k) {
      const double theta = adaptation_kernel(l, L - k, h);
      l[hist_theta][static_cast<std::size_t>(k)] = theta;
      l[hist_theta_tld][static_cast<std::size_t>(k)] = row[Delta_V] * (1.0 - std::exp(-theta / row[Delta_V])) / n_pop;
    }
    l[hist_n][static_cast<std::size_t>(L - 1)] = n_pop;
    l[hist_m][static_cast<std::size_t>(L - 1)] = n_pop;
    l[g_sfa].assign(l[tau_sfa].size(), 0.0);
    row[n_hist] = L;
    s[x] = 0.0;
    s[z] = 0.0;
    s[lambda_free] = 0.0;
    s[k0] = 0.0;
    s[initialized] = 1.0;
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<n_lists>& l,
                                 const ListSoa<2>& cl, double h) {
    const double tau = p.col[tau_m][i];
    c.col[P22][i] = std::exp(-h / tau);
    c.col[P20][i] = tau / p.col[C_m][i] * (1.0 - c.col[P22][i]);
    c.col[P11_ex][i] = std::exp(-h / p.col[tau_syn_ex][i]);
    c.col[P11_in][i] = std::exp(-h / p.col[tau_syn_in][i]);
    c.col[h_ms][i] = h;
    c.col[k_ref][i] = nest_steps_of(p.col[t_ref][i], h);
    const int n = static_cast<int>(p.col[n_sfa][i]);
    const double L = p.col[len_kernel][i];
    for (int j = 0; j < n; ++j) {
      const double tau_j = l.at(tau_sfa, j, i);
      // times tau_sfa: the paper's J is the product of J and tau_sfa.
      cl.at(Q30K, j, i) = l.at(q_sfa, j, i) * tau_j * std::exp(-h * L / tau_j);
      cl.at(Q30, j, i) = std::exp(-h / tau_j);
    }
  }

  ROOST_HD static double escrate(ConstSoa<n_params> p, Index i, double v) {
    return p.col[lambda_0][i] * std::exp(v / p.col[Delta_V][i]);
  }

  ROOST_HD static double draw_binomial(double expected, double n_pop, RandomStream& noise) {
    const double prob = expected / n_pop;
    if (prob >= 1.0) return n_pop;
    if (prob <= 0.0) return 0.0;
    return static_cast<double>(noise.binomial(static_cast<std::uint64_t>(n_pop), prob));
  }

  ROOST_HD static double draw_poisson(double expected, double n_pop, RandomStream& noise) {
    if (expected > n_pop) return n_pop;
    if (!(expected > DBL_MIN)) return 0.0;
    double count;
    // Where P(any spike) cannot be told from P(one spike): a Bernoulli draw.
    if (1.0 - (expected + 1.0) * std::exp(-expected) > DBL_MIN) {
      count = static_cast<double>(noise.poisson(expected));
    } else {
      count = noise.uniform() < expected ? 1.0 : 0.0;
    }
    return count > n_pop ? n_pop : count;
  }

  // One step of NEST's update (Fig. 11, with UpdatePopulation of Fig. 12).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<n_lists>& l,
                           const ListSoa<2>& cl, const InputCells& input, RandomStream& noise) {
    const double h = c.col[h_ms][i];
    const double C = p.col[C_m][i], tau = p.col[tau_m][i], EL = p.col[E_L][i];
    const double tex = p.col[tau_syn_ex][i], tin = p.col[tau_syn_in][i];
    const double P22_ = c.col[P22][i];
    const double n_pop = p.col[N][i];
    const int L = static_cast<int>(p.col[n_hist][i]);
    if (L <= 0) return 0;  // not through pre_run (cannot happen in a Simulate)
    double h_tot = (p.col[I_e][i] + s.col[y0][i]) * c.col[P20][i] + EL;
    // Input as the paper's J N A, rescaled to its voltage units.
    const double JNA_ex = input.take(ex) / h * tex / C;
    const double JNA_in = input.take(in) / h * tin / C;
    double JNy_ex = s.col[I_syn_ex][i] / C;
    double JNy_in = s.col[I_syn_in][i] / C;
    const double h_ex_tmp =
        tex * c.col[P11_ex][i] * (JNy_ex - JNA_ex) - P22_ * (tex * JNy_ex - tau * JNA_ex);
    const double h_in_tmp =
        tin * c.col[P11_in][i] * (JNy_in - JNA_in) - P22_ * (tin * JNy_in - tau * JNA_in);
    h_tot += tau * (JNA_ex + h_ex_tmp / (tex - tau)) + tau * (JNA_in + h_in_tmp / (tin - tau));
    JNy_ex = JNA_ex + (JNy_ex - JNA_ex) * c.col[P11_ex][i];
    JNy_in = JNA_in + (JNy_in - JNA_in) * c.col[P11_in][i];
    s.col[I_syn_ex][i] = JNy_ex * C;
    s.col[I_syn_in][i] = JNy_in * C;
    s.col[y0][i] = input.current();

    double W = 0.0, X = 0.0, Y = 0.0, Z = 0.0;
    double theta_hat = p.col[V_T_star][i];
    double& V = s.col[V_m][i];
    V = (V - EL) * P22_ + h_tot;
    const int k0_ = static_cast<int>(s.col[k0][i]);
    const int n_sfa_ = static_cast<int>(p.col[n_sfa][i]);
    for (int j = 0; j < n_sfa_; ++j) {
      const double q30 = cl.at(Q30, j, i);
      double& g = l.at(g_sfa, j, i);
      g = g * q30 + (1.0 - q30) * l.at(hist_n, k0_, i) / (n_pop * h);
      theta_hat += cl.at(Q30K, j, i) * g;
    }
    double lambda_tld = escrate(p, i, V - theta_hat);
    const double P_free = 1.0 - std::exp(-0.0005 * (s.col[lambda_free][i] + lambda_tld) * h);
    s.col[lambda_free][i] = lambda_tld;
    theta_hat -= l.at(hist_n, 0, i) * l.at(hist_theta_tld, 0, i);
    s.col[E_sfa][i] = theta_hat;
    for (int k = 0; k < L; ++k) X += l.at(hist_m, k, i);
    const int active = L - static_cast<int>(c.col[k_ref][i]);
    for (int km = 0; km < active; ++km) {
      const int k = (k0_ + km) % L;
      const double theta = l.at(hist_theta, km, i) + theta_hat;
      theta_hat += l.at(hist_n, k, i) * l.at(hist_theta_tld, km, i);
      double& u = l.at(hist_u, k, i);
      u = (u - EL) * P22_ + h_tot;
      lambda_tld = escrate(p, i, u - theta);
      double& lam = l.at(hist_lambda, k, i);
      double P_lambda = 0.0005 * (lambda_tld + lam) * h;
      if (P_lambda > 0.01) P_lambda = 1.0 - std::exp(-P_lambda);
      lam = lambda_tld;
      double& v = l.at(hist_v, k, i);
      double& m = l.at(hist_m, k, i);
      Y += P_lambda * v;
      Z += v;
      W += P_lambda * m;
      const double ompl = 1.0 - P_lambda;
      v = ompl * ompl * v + P_lambda * m;
      m = ompl * m;
    }
    double& x_ = s.col[x][i];
    double& z_ = s.col[z][i];
    const double P_Lambda = (Z + z_) > 0.0 ? (Y + P_free * z_) / (Z + z_) : 0.0;
    const double expected = W + P_free * x_ + P_Lambda * (n_pop - X - x_);
    s.col[mean][i] = expected;
    const double spikes = p.col[BinoRand][i] != 0.0 ? draw_binomial(expected, n_pop, noise)
                                                     : draw_poisson(expected, n_pop, noise);
    s.col[n_events][i] = spikes;
    const double ompf = 1.0 - P_free;
    z_ = ompf * ompf * z_ + x_ * P_free + l.at(hist_v, k0_, i);
    x_ = x_ * ompf + l.at(hist_m, k0_, i);
    l.at(hist_n, k0_, i) = spikes;
    l.at(hist_m, k0_, i) = spikes;
    l.at(hist_v, k0_, i) = 0.0;
    l.at(hist_u, k0_, i) = p.col[V_reset][i];
    l.at(hist_lambda, k0_, i) = 0.0;
    s.col[k0][i] = static_cast<double>((k0_ + 1) % L);
    return static_cast<int>(spikes);
  }
};

}  // namespace roost::models
