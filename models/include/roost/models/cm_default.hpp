// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// cm_default: NEST's compartmental neuron. Its dendritic tree is built at run
// time: `cm.compartments = [{"parent_idx": -1, "params": {...}}, ...]` adds
// compartments (index = order of addition, the root first), `cm.receptors =
// [{"comp_idx": c, "receptor_type": "AMPA", "params": {...}}, ...]` adds
// receptors (AMPA, GABA, NMDA, AMPA_NMDA; index = order of addition), which
// spikes address by receptor_type = receptor index; current generators
// address a compartment by receptor_type = compartment index.
//
// Per compartment: C_m dv/dt = -g_L (v - e_L) - sum over neighbours g_C (v - v')
// + Na (gbar_Na m^3 h) + K (gbar_K n) + receptors + injected current, stepped
// as NEST does: a Crank-Nicolson step of the tree-shaped linear system with
// every channel and receptor linearised at the present voltage, solved in
// O(n) by a down-sweep (leaves to root) and an up-sweep (cm_tree.hpp). A
// spike is sent when the root's voltage crosses V_th upwards; there is no
// reset and no refractoriness (NEST 3.10's cm_default has neither).
//
// Storage: the tree lives in three list groups (see "Models sized after
// Create" in docs/architecture.md): compartments (one element each),
// receptors (one element each) and ports (2 x max(compartments, receptors)
// ring channels: spikes on receptor r go to channel 2r, currents into
// compartment c >= 1 to channel 2c - 1, into compartment 0 to the current
// channel). The Python layer (roost/_cm.py) translates NEST's list-of-dict
// entries into these lists and back. Reference: NEST 3.10 cm_default.

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/cm_tree.hpp"
#include "roost/ring_buffer.hpp"

namespace roost::models {

struct cm_default {
  static constexpr const char* model_name = "cm_default";

  enum Param : int { V_th, n_compartments, n_receptors, n_ports, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_th", -55.0, "mV"},
      {"n_compartments", 0.0, "", FieldType::Int, true},
      {"n_receptors", 0.0, "", FieldType::Int, true},
      {"n_ports", 0.0, "", FieldType::Int, true},
  }};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};

  enum Group : int { compartments, receptors, ports };
  enum List : int {
    // per compartment
    comp_parent, comp_C_m, comp_g_C, comp_g_L, comp_e_L, comp_gbar_Na, comp_e_Na, comp_gbar_K, comp_e_K,
    comp_v, comp_m_Na, comp_h_Na, comp_n_K, comp_init,
    // per receptor
    rec_comp, rec_type, rec_e, rec_tau_r, rec_tau_d, rec_tau_r_NMDA, rec_tau_d_NMDA, rec_NMDA_ratio,
    g_r_AMPA, g_d_AMPA, g_r_GABA, g_d_GABA, g_r_NMDA, g_d_NMDA, g_r_AN_AMPA, g_d_AN_AMPA, g_r_AN_NMDA, g_d_AN_NMDA,
    // per ring port
    cm_ports,
    n_lists
  };
  static constexpr std::array<ListGroupSpec, 3> list_groups{{
      {n_compartments, 0}, {n_receptors, 0}, {n_ports, 0},
  }};
  static constexpr std::array<ListSpec, n_lists> lists{{
      {"comp_parent_idx", -1.0, "", compartments},
      {"comp_C_m", 1.0, "nF", compartments},
      {"comp_g_C", 0.01, "uS", compartments},
      {"comp_g_L", 0.1, "uS", compartments},
      {"comp_e_L", -70.0, "mV", compartments},
      {"comp_gbar_Na", 0.0, "uS", compartments},
      {"comp_e_Na", 50.0, "mV", compartments},
      {"comp_gbar_K", 0.0, "uS", compartments},
      {"comp_e_K", -85.0, "mV", compartments},
      {"comp_v_comp", -70.0, "mV", compartments, ListRole::state, "v_comp", nullptr, 0},
      {"comp_m_Na", 0.0, "", compartments, ListRole::state, "m_Na_", nullptr, 0},
      {"comp_h_Na", 0.0, "", compartments, ListRole::state, "h_Na_", nullptr, 0},
      {"comp_n_K", 0.0, "", compartments, ListRole::state, "n_K_", nullptr, 0},
      {"comp_init", 0.0, "", compartments, ListRole::hidden_state},
      {"rec_comp_idx", 0.0, "", receptors},
      {"rec_type", 0.0, "", receptors},
      {"rec_e_rev", 0.0, "mV", receptors},
      {"rec_tau_r", 0.2, "ms", receptors},
      {"rec_tau_d", 3.0, "ms", receptors},
      {"rec_tau_r_NMDA", 0.2, "ms", receptors},
      {"rec_tau_d_NMDA", 43.0, "ms", receptors},
      {"rec_NMDA_ratio", 2.0, "", receptors},
      {"g_r_AMPA", 0.0, "uS", receptors, ListRole::hidden_state, "g_r_AMPA_", nullptr, 0},
      {"g_d_AMPA", 0.0, "uS", receptors, ListRole::hidden_state, "g_d_AMPA_", nullptr, 0},
      {"g_r_GABA", 0.0, "uS", receptors, ListRole::hidden_state, "g_r_GABA_", nullptr, 0},
      {"g_d_GABA", 0.0, "uS", receptors, ListRole::hidden_state, "g_d_GABA_", nullptr, 0},
      {"g_r_NMDA", 0.0, "uS", receptors, ListRole::hidden_state, "g_r_NMDA_", nullptr, 0},
      {"g_d_NMDA", 0.0, "uS", receptors, ListRole::hidden_state, "g_d_NMDA_", nullptr, 0},
      {"g_r_AN_AMPA", 0.0, "uS", receptors, ListRole::hidden_state, "g_r_AN_AMPA_", nullptr, 0},
      {"g_d_AN_AMPA", 0.0, "uS", receptors, ListRole::hidden_state, "g_d_AN_AMPA_", nullptr, 0},
      {"g_r_AN_NMDA", 0.0, "uS", receptors, ListRole::hidden_state, "g_r_AN_NMDA_", nullptr, 0},
      {"g_d_AN_NMDA", 0.0, "uS", receptors, ListRole::hidden_state, "g_d_AN_NMDA_", nullptr, 0},
      {"cm_ports", 0.0, "", ports},
  }};
  static constexpr int receptor_group = ports;

  enum Coef : int { resolution, n_coef };
  // Per compartment: NEST's precomputed terms, the down-sweep order and the
  // solver's scratch; per receptor: normalisations and propagators.
  // The tree as linked lists (first child, next sibling: children in index
  // order) and each compartment's receptors in NEST's order (rec_order from
  // rec_first, rec_count of them), made at calibration.
  enum CoefList : int {
    ca_dt, gg0, gl_half, gc_half, gl_el, order, ff, gg, hh, xx, yy, first_child, next_sibling, rec_first, rec_count,
    norm_1, norm_2, prop_r1, prop_d1, prop_r2, prop_d2, rec_order, n_coef_lists
  };
  static constexpr std::array<int, n_coef_lists> coef_list_groups{
      compartments, compartments, compartments, compartments, compartments, compartments, compartments,
      compartments, compartments, compartments, compartments, compartments, compartments, compartments,
      compartments, receptors,    receptors,    receptors,    receptors,    receptors,    receptors,
      receptors};

  static constexpr std::array<const char*, 0> recordables{};
  static constexpr int n_spike_channels = 0;  // all ports come from the ports group
  static constexpr bool counts_spikes = false;

  // Spikes on receptor r: channel 2r; current generators on compartment c >= 1
  // reach this function with weight 0 (delivery_plan's current_channel) and go
  // to channel 2c - 1 (compartment 0: the ring's current channel). A spike of
  // weight exactly 0 lands there as well, which adds nothing. NEST refuses
  // negative weights ("Synaptic weights must be positive."); Roost at Connect.
  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type < 0 || weight < 0.0) return -1;
    if (weight == 0.0) return receptor_type >= 1 ? 2 * receptor_type - 1 : 0;
    return 2 * receptor_type;
  }
  // Which ports a target has (counts per list group): spikes address
  // receptors, currents compartments.
  static int port_count(const int* counts, bool current) { return counts[current ? compartments : receptors]; }

  static const char* validate(const double*) { return nullptr; }
  static const char* validate_lists(const double*, const std::vector<double>* l) {
    const std::vector<double>& parent = l[comp_parent];
    for (std::size_t k = 0; k < parent.size(); ++k) {
      const double p = parent[k];
      if (k == 0 ? p != -1.0 : !(p >= 0.0 && p < static_cast<double>(k))) {
        return "Compartment does not exist in tree, but was specified as a parent compartment";
      }
    }
    const std::vector<double>& comp = l[rec_comp];
    for (double c : comp) {
      if (!(c >= 0.0 && c < static_cast<double>(parent.size()))) return "Compartment does not exist in tree";
    }
    return nullptr;
  }

  // NEST's pre_run_hook checks the tree; the channels' gating variables start
  // at their steady state at the compartment's initial voltage (NEST sets
  // them when the compartment is added, before any step can move v).
  static const char* pre_run(double* row, std::vector<double>* l, double, bool& changed) {
    if (row[n_compartments] < 1.0) {
      return "Compartment 0 does not exist in tree, meaning that no compartments have been added";
    }
    if (l == nullptr) {
      changed = true;
      return nullptr;
    }
    changed = false;
    for (std::size_t k = 0; k < l[comp_init].size(); ++k) {
      if (l[comp_init][k] != 0.0) continue;
      const double v = l[comp_v][k];
      l[comp_m_Na][k] = cm::na_m(v).inf;
      l[comp_h_Na][k] = cm::na_h(v).inf;
      l[comp_n_K][k] = cm::k_n(v).inf;
      l[comp_init][k] = 1.0;
      changed = true;
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<n_lists>& l,
                                 const ListSoa<n_coef_lists>& cl, double h) {
    c.col[resolution][i] = h;
    const int nc = static_cast<int>(p.col[n_compartments][i]);
    for (int k = 0; k < nc; ++k) {
      cl.at(ca_dt, k, i) = l.at(comp_C_m, k, i) / h;
      cl.at(gl_half, k, i) = l.at(comp_g_L, k, i) / 2.;
      cl.at(gg0, k, i) = cl.at(ca_dt, k, i) + cl.at(gl_half, k, i);
      cl.at(gc_half, k, i) = l.at(comp_g_C, k, i) / 2.;
      cl.at(gl_el, k, i) = l.at(comp_g_L, k, i) * l.at(comp_e_L, k, i);
      cl.at(hh, k, i) = 0.0;
      cl.at(xx, k, i) = 0.0;
      cl.at(yy, k, i) = 0.0;
    }
    cm::downsweep_order(nc, l.col[comp_parent] + i, cl.col[order] + i, cl.col[ff] + i, l.n);
    for (int k = 0; k < nc; ++k) {
      cl.at(first_child, k, i) = -1.0;
      cl.at(next_sibling, k, i) = -1.0;
    }
    for (int k = nc - 1; k >= 0; --k) {  // backwards, so that children end up in index order
      const int parent = static_cast<int>(l.at(comp_parent, k, i));
      if (parent >= 0) {
        cl.at(next_sibling, k, i) = cl.at(first_child, parent, i);
        cl.at(first_child, parent, i) = k;
      }
    }
    const int nr = static_cast<int>(p.col[n_receptors][i]);
    int placed = 0;
    for (int k = 0; k < nc; ++k) {
      cl.at(rec_first, k, i) = placed;
      for (int type = 0; type < cm::n_receptor_types; ++type) {
        for (int r = 0; r < nr; ++r) {
          if (static_cast<int>(l.at(rec_comp, r, i)) == k && static_cast<int>(l.at(rec_type, r, i)) == type) {
            cl.at(rec_order, placed++, i) = r;
          }
        }
      }
      cl.at(rec_count, k, i) = placed - cl.at(rec_first, k, i);
    }
    for (int r = 0; r < nr; ++r) {
      const double tr = l.at(rec_tau_r, r, i), td = l.at(rec_tau_d, r, i);
      const double trn = l.at(rec_tau_r_NMDA, r, i), tdn = l.at(rec_tau_d_NMDA, r, i);
      const bool both = static_cast<int>(l.at(rec_type, r, i)) == cm::AMPA_NMDA;
      cl.at(norm_1, r, i) = g_norm(tr, td);
      cl.at(prop_r1, r, i) = exp(-h / tr);
      cl.at(prop_d1, r, i) = exp(-h / td);
      cl.at(norm_2, r, i) = both ? g_norm(trn, tdn) : 0.0;
      cl.at(prop_r2, r, i) = both ? exp(-h / trn) : 0.0;
      cl.at(prop_d2, r, i) = both ? exp(-h / tdn) : 0.0;
    }
  }

  ROOST_HD static double g_norm(double tau_r, double tau_d) {
    const double tp = (tau_r * tau_d) / (tau_d - tau_r) * log(tau_d / tau_r);
    return 1. / (-exp(-tp / tau_r) + exp(-tp / tau_d));
  }

  // The state lists of receptor r of `type`: {rise, decay[, rise NMDA, decay NMDA]}.
  ROOST_HD static constexpr int first_g(int type) {
    return type == cm::AMPA ? g_r_AMPA : type == cm::GABA ? g_r_GABA : type == cm::NMDA ? g_r_NMDA : g_r_AN_AMPA;
  }

  ROOST_HD static int step(Index i, Soa<n_state>, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<n_lists>& l,
                           const ListSoa<n_coef_lists>& cl, const InputCells& in) {
    const int nc = static_cast<int>(p.col[n_compartments][i]);
    const double dt = c.col[resolution][i];
    const double v0_prev = l.at(comp_v, 0, i);
    // NEST's construct_matrix: one row per compartment, in index order.
    for (int k = 0; k < nc; ++k) {
      const double v = l.at(comp_v, k, i);
      const int parent = static_cast<int>(l.at(comp_parent, k, i));
      double g = cl.at(gg0, k, i);
      if (parent >= 0) {
        g += cl.at(gc_half, k, i);
        cl.at(hh, k, i) = -cl.at(gc_half, k, i);
      }
      for (int j = static_cast<int>(cl.at(first_child, k, i)); j >= 0; j = static_cast<int>(cl.at(next_sibling, j, i))) {
        g += cl.at(gc_half, j, i);
      }
      double f = (cl.at(ca_dt, k, i) - cl.at(gl_half, k, i)) * v + cl.at(gl_el, k, i);
      if (parent >= 0) f -= cl.at(gc_half, k, i) * (v - l.at(comp_v, parent, i));
      for (int j = static_cast<int>(cl.at(first_child, k, i)); j >= 0; j = static_cast<int>(cl.at(next_sibling, j, i))) {
        f -= cl.at(gc_half, j, i) * (v - l.at(comp_v, j, i));
      }
      // The compartment's currents: Na, K, then its receptors by type (AMPA,
      // GABA, NMDA, AMPA_NMDA), each type in order of addition (NEST's order).
      cm::GI sum;
      const cm::GI na = cm::na_step(l.at(comp_m_Na, k, i), l.at(comp_h_Na, k, i), l.at(comp_gbar_Na, k, i),
                                    l.at(comp_e_Na, k, i), v, dt);
      sum.g += na.g;
      sum.i += na.i;
      const cm::GI kk = cm::k_step(l.at(comp_n_K, k, i), l.at(comp_gbar_K, k, i), l.at(comp_e_K, k, i), v, dt);
      sum.g += kk.g;
      sum.i += kk.i;
      const int from = static_cast<int>(cl.at(rec_first, k, i)), to = from + static_cast<int>(cl.at(rec_count, k, i));
      for (int q = from; q < to; ++q) {
        const int r = static_cast<int>(cl.at(rec_order, q, i));
        const int type = static_cast<int>(l.at(rec_type, r, i));
        const int first = first_g(type);
        double gs[4] = {l.at(first, r, i), l.at(first + 1, r, i), 0.0, 0.0};
        if (type == cm::AMPA_NMDA) {
          gs[2] = l.at(first + 2, r, i);
          gs[3] = l.at(first + 3, r, i);
        }
        const double prop[4] = {cl.at(prop_r1, r, i), cl.at(prop_d1, r, i), cl.at(prop_r2, r, i),
                                cl.at(prop_d2, r, i)};
        const double norm[2] = {cl.at(norm_1, r, i), cl.at(norm_2, r, i)};
        const cm::GI gi = cm::receptor_step(type, gs, prop, norm, in.take(2 * r), l.at(rec_e, r, i),
                                            l.at(rec_NMDA_ratio, r, i), v);
        l.at(first, r, i) = gs[0];
        l.at(first + 1, r, i) = gs[1];
        if (type == cm::AMPA_NMDA) {
          l.at(first + 2, r, i) = gs[2];
          l.at(first + 3, r, i) = gs[3];
        }
        sum.g += gi.g;
        sum.i += gi.i;
      }
      g += sum.g;
      f += sum.i;
      f += k == 0 ? in.current() : in.take(2 * k - 1);
      cl.at(gg, k, i) = g;
      cl.at(ff, k, i) = f;
    }
    // Down-sweep in NEST's order: each compartment folds its children's
    // contributions in, then hands (hh^2/gg, ff hh/gg) to its parent.
    for (int s = 0; s < nc; ++s) {
      const int k = static_cast<int>(cl.at(order, s, i));
      cl.at(gg, k, i) -= cl.at(xx, k, i);
      cl.at(ff, k, i) -= cl.at(yy, k, i);
      const int parent = static_cast<int>(l.at(comp_parent, k, i));
      if (parent >= 0) {
        const double h_k = cl.at(hh, k, i), g_k = cl.at(gg, k, i);
        cl.at(xx, parent, i) += h_k * h_k / g_k;
        cl.at(yy, parent, i) += cl.at(ff, k, i) * h_k / g_k;
      }
    }
    // Up-sweep: parents before children (parent index < child index).
    for (int k = 0; k < nc; ++k) {
      const int parent = static_cast<int>(l.at(comp_parent, k, i));
      const double v_in = parent >= 0 ? l.at(comp_v, parent, i) : 0.0;
      cl.at(xx, k, i) = 0.0;
      cl.at(yy, k, i) = 0.0;
      l.at(comp_v, k, i) = (cl.at(ff, k, i) - v_in * cl.at(hh, k, i)) / cl.at(gg, k, i);
    }
    return nc > 0 && l.at(comp_v, 0, i) >= p.col[V_th][i] && v0_prev < p.col[V_th][i] ? 1 : 0;
  }
};

}  // namespace roost::models
