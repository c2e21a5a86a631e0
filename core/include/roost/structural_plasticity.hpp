// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// NEST's structural plasticity (Butz & van Ooyen 2013) as the kernel keeps it:
// every spiking neuron integrates a calcium trace at its spikes (Ca, tau_Ca,
// beta_Ca: NEST's StructuralPlasticityNode), and neurons with synaptic
// elements grow or retract them along a growth curve of that trace. Every
// structural_plasticity_update_interval the kernel deletes connections whose
// elements were lost and pairs vacant pre- and postsynaptic elements at random
// into new connections (kernel_structural.cpp).
//
// This runs on the host from the slice's spike list, once for both backends:
// the work per spike is a few operations and the rewiring happens every few
// seconds of model time, so it is no reason to keep per-element state on a GPU.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "roost/value.hpp"

namespace roost {

// dz/dt as a function of the calcium trace (NEST's GrowthCurve* classes).
struct GrowthCurve {
  enum class Kind { linear, gaussian, sigmoid };
  Kind kind = Kind::linear;
  double eps = 0.7;  // the calcium set point (all curves)
  double eta = 0.1;  // gaussian: the lower zero of the curve
  double psi = 0.1;  // sigmoid: its width

  static const char* name(Kind kind);
  static Kind parse(const std::string& name);  // BadProperty for an unknown curve
  // z at t from z_minus at t_minus, the trace being Ca_minus at t_minus (as NEST:
  // the linear curve in closed form, the others by forward Euler on the grid h).
  double update(double t, double t_minus, double Ca_minus, double z_minus, double tau_Ca, double growth_rate,
                double h) const;
};

struct SynapticElement {
  double z = 0.0;    // number of elements (continuous)
  double z_t = 0.0;  // time of z's last update (ms)
  std::int64_t z_connected = 0;
  bool continuous = true;
  double growth_rate = 1.0;  // elements/ms
  double tau_vacant = 0.1;   // fraction of the vacant elements lost at each rewiring
  GrowthCurve curve;

  // NEST's get_z_vacant: whole elements not bound in a connection (negative
  // when elements were lost: that many connections go).
  std::int64_t vacant() const;
  // NEST's get_synaptic_elements: z, or its whole part when not continuous.
  double count() const;
  void connect(std::int64_t n);  // n more (or fewer) bound elements
  void decay_vacant();
};

// One neuron's calcium trace and its synaptic elements (by name, sorted as
// NEST's std::map sorts them).
struct NodePlasticity {
  double Ca = 0.0;    // NEST's Ca_minus: the trace at Ca_t, after that time's spike
  double Ca_t = 0.0;  // time of the last spike or rewiring (ms)
  double tau_Ca = 10000.0;
  double beta_Ca = 0.001;
  std::map<std::string, SynapticElement> elements;

  // The element, or nullptr.
  SynapticElement* element(const std::string& name);
  const SynapticElement* element(const std::string& name) const;
  // Advances the elements and the trace to t (NEST's update_synaptic_elements).
  void advance(double t, double h);
  void spike(double t, double h) {  // NEST's set_spiketime
    advance(t, h);
    Ca += beta_Ca;
  }
};

// The status keys of a node (and of its model's defaults) that live here.
bool is_plasticity_key(const std::string& key);

// Status of a node: Ca, tau_Ca, beta_Ca and the elements as NEST's nested
// dictionary flattened: "synaptic_elements" lists the names and
// "synaptic_elements.<name>.<key>" holds each value (the binding nests them).
void add_plasticity_status(const NodePlasticity& node, Dict& d);
// Applies the plasticity keys of `changes` (NEST's checks and messages);
// throws before changing anything.
void apply_plasticity_status(NodePlasticity& node, const Dict& changes);

// A rewiring rule (NEST's structural_plasticity_synapses entry).
struct StructuralSynapse {
  std::string name;           // the entry's key
  int synapse_model = -1;     // registry id
  std::string pre_element, post_element;
  bool allow_autapses = true, allow_multapses = true;
  std::optional<double> weight, delay;  // else the synapse model's defaults
};

}  // namespace roost
