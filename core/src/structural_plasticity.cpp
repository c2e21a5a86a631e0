// SPDX-License-Identifier: GPL-2.0-or-later
// Growth curves, synaptic elements and the calcium trace with NEST 3.10's
// numerics, defaults, status keys, checks and messages (NEST's growth_curve,
// synaptic_element and structural_plasticity_node).
#include "roost/structural_plasticity.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "roost/error.hpp"

namespace roost {
namespace {

[[noreturn]] void bad(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

constexpr const char* kElements = "synaptic_elements";
constexpr const char* kElementParams = "synaptic_elements_param";

// The entries "<prefix>.<name>.<key>" of one element, by key.
Dict element_entries(const Dict& changes, const std::string& prefix, const std::string& name) {
  const std::string head = prefix + "." + name + ".";
  Dict out;
  for (auto it = changes.lower_bound(head); it != changes.end() && it->first.compare(0, head.size(), head) == 0; ++it) {
    out[it->first.substr(head.size())] = it->second;
  }
  return out;
}

void set_element(SynapticElement& e, const Dict& d, const std::string& name) {
  static const char* const known[] = {"growth_rate", "tau_vacant", "continuous", "z", "z_connected",
                                      "growth_curve", "eps", "eta", "psi"};
  for (const auto& [key, value] : d) {
    if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return key == k; }) == std::end(known)) {
      throw Error(ErrorKind::UnknownParameter,
                  "Unknown parameter '" + key + "' of synaptic element '" + name + "'.");
    }
  }
  SynapticElement next = e;
  auto number = [&](const char* key, double& out) {
    if (auto it = d.find(key); it != d.end()) out = as_double(it->second, key);
  };
  number("growth_rate", next.growth_rate);
  number("z", next.z);
  double tau_vacant = next.tau_vacant;
  number("tau_vacant", tau_vacant);
  if (auto it = d.find("continuous"); it != d.end()) next.continuous = as_bool(it->second, "continuous");
  if (auto it = d.find("growth_curve"); it != d.end()) {
    const GrowthCurve::Kind kind = GrowthCurve::parse(as_string(it->second, "growth_curve"));
    if (kind != next.curve.kind) {  // as NEST: a new curve starts from its defaults
      next.curve = GrowthCurve{};
      next.curve.kind = kind;
    }
  }
  number("eps", next.curve.eps);
  if (next.curve.kind == GrowthCurve::Kind::gaussian) number("eta", next.curve.eta);
  if (next.curve.kind == GrowthCurve::Kind::sigmoid) {
    number("psi", next.curve.psi);
    if (!(next.curve.psi >= 0.0)) bad("psi parameter must be greater than 0.");
  }
  if (tau_vacant <= 0.0) bad("All time constants must be strictly positive.");
  next.tau_vacant = tau_vacant;
  e = next;
}

}  // namespace

const char* GrowthCurve::name(Kind kind) {
  switch (kind) {
    case Kind::linear: return "linear";
    case Kind::gaussian: return "gaussian";
    case Kind::sigmoid: return "sigmoid";
  }
  return "linear";
}

GrowthCurve::Kind GrowthCurve::parse(const std::string& name) {
  if (name == "linear") return Kind::linear;
  if (name == "gaussian") return Kind::gaussian;
  if (name == "sigmoid") return Kind::sigmoid;
  bad("Unknown growth curve '" + name + "' (growth_curves: gaussian, linear, sigmoid).");
}

double GrowthCurve::update(double t, double t_minus, double Ca_minus, double z_minus, double tau_Ca,
                           double growth_rate, double h) const {
  if (kind == Kind::linear) {
    const double Ca = Ca_minus * std::exp((t_minus - t) / tau_Ca);
    const double z = growth_rate * tau_Ca * (Ca - Ca_minus) / eps + growth_rate * (t - t_minus) + z_minus;
    return std::max(z, 0.0);
  }
  // NEST integrates these two step by step on the simulation grid (forward
  // Euler for the trace too), which the results depend on.
  double z = z_minus, Ca = Ca_minus;
  const double inv_tau_Ca = 1.0 / tau_Ca;
  if (kind == Kind::gaussian) {
    const double inv_zeta = 2.0 * std::sqrt(std::numbers::ln2) / (eta - eps);
    const double xi = (eta + eps) * 0.5;
    for (double lag = t_minus; lag < t - h * 0.5; lag += h) {
      Ca -= Ca * inv_tau_Ca * h;
      const double x = (Ca - xi) * inv_zeta;
      z += h * growth_rate * (2.0 * std::exp(-x * x) - 1.0);
    }
  } else {
    for (double lag = t_minus; lag < t - h / 2.0; lag += h) {
      Ca -= Ca / tau_Ca * h;
      z += h * growth_rate * (2.0 / (1.0 + std::exp((Ca - eps) / psi)) - 1.0);
    }
  }
  return std::max(z, 0.0);
}

std::int64_t SynapticElement::vacant() const { return static_cast<std::int64_t>(std::floor(z)) - z_connected; }

double SynapticElement::count() const { return continuous ? z : std::floor(z); }

void SynapticElement::connect(std::int64_t n) {
  z_connected += n;
  if (static_cast<double>(z_connected) > std::floor(z)) z = static_cast<double>(z_connected) + (z - std::floor(z));
}

void SynapticElement::decay_vacant() {
  const std::int64_t v = vacant();
  if (v > 0) z -= static_cast<double>(v) * tau_vacant;
}

SynapticElement* NodePlasticity::element(const std::string& name) {
  auto it = elements.find(name);
  return it == elements.end() ? nullptr : &it->second;
}

const SynapticElement* NodePlasticity::element(const std::string& name) const {
  auto it = elements.find(name);
  return it == elements.end() ? nullptr : &it->second;
}

void NodePlasticity::advance(double t, double h) {
  for (auto& [name, e] : elements) {
    e.z = e.curve.update(t, Ca_t, Ca, e.z, tau_Ca, e.growth_rate, h);
    e.z_t = t;
  }
  Ca *= std::exp((Ca_t - t) / tau_Ca);
  Ca_t = t;
}

bool is_plasticity_key(const std::string& key) {
  if (key == "Ca" || key == "tau_Ca" || key == "beta_Ca" || key == kElements || key == kElementParams) return true;
  return key.rfind(std::string(kElements) + ".", 0) == 0 || key.rfind(std::string(kElementParams) + ".", 0) == 0;
}

void add_plasticity_status(const NodePlasticity& node, Dict& d) {
  d["Ca"] = node.Ca;
  d["tau_Ca"] = node.tau_Ca;
  d["beta_Ca"] = node.beta_Ca;
  std::vector<std::string> names;
  for (const auto& [name, e] : node.elements) {
    names.push_back(name);
    const std::string head = std::string(kElements) + "." + name + ".";
    d[head + "growth_rate"] = e.growth_rate;
    d[head + "tau_vacant"] = e.tau_vacant;
    d[head + "continuous"] = e.continuous;
    d[head + "z"] = e.z;
    d[head + "z_connected"] = e.z_connected;
    d[head + "growth_curve"] = std::string(GrowthCurve::name(e.curve.kind));
    d[head + "eps"] = e.curve.eps;
    if (e.curve.kind == GrowthCurve::Kind::gaussian) d[head + "eta"] = e.curve.eta;
    if (e.curve.kind == GrowthCurve::Kind::sigmoid) d[head + "psi"] = e.curve.psi;
  }
  d[kElements] = names;
}

void apply_plasticity_status(NodePlasticity& node, const Dict& changes) {
  NodePlasticity next = node;
  auto number = [&](const char* key, double& out) {
    if (auto it = changes.find(key); it != changes.end()) out = as_double(it->second, key);
  };
  number("Ca", next.Ca);
  number("tau_Ca", next.tau_Ca);
  number("beta_Ca", next.beta_Ca);
  if (next.Ca < 0.0) bad("Calcium concentration cannot be negative.");
  if (next.tau_Ca <= 0.0) bad("All time constants must be strictly positive.");
  if (next.beta_Ca <= 0.0) {
    bad("For Ca to function as an integrator of the electrical activity, beta_ca needs to be greater than 0.");
  }
  if (auto it = changes.find(kElementParams); it != changes.end()) {
    for (const std::string& name : as_strings(it->second, kElementParams)) {
      if (SynapticElement* e = next.element(name)) set_element(*e, element_entries(changes, kElementParams, name), name);
    }
  }
  if (auto it = changes.find(kElements); it != changes.end()) {
    // As NEST: the given elements replace all of the node's elements.
    next.elements.clear();
    for (const std::string& name : as_strings(it->second, kElements)) {
      SynapticElement e;
      // Dated at the trace's last update (NEST dates a new element 0 and then
      // refuses to update it once the neuron has spiked).
      e.z_t = next.Ca_t;
      set_element(e, element_entries(changes, kElements, name), name);
      next.elements[name] = e;
    }
  }
  node = std::move(next);
}

}  // namespace roost
