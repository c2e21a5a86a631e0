// SPDX-License-Identifier: GPL-2.0-or-later
// Structural plasticity in the kernel (NEST's SPManager): the calcium trace of
// every spiking neuron, the synaptic elements' status, the rewiring rules
// (structural_plasticity_synapses) and the rewiring itself, which deletes and
// creates connections through Disconnect and Connect every
// structural_plasticity_update_interval.
//
// The random choices come from keyed streams (seed, update step, rule), so a
// run rewires the same way for any thread count and on either backend. They
// are NEST's choices in law, not in value: NEST draws from its own generator.
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "roost/error.hpp"
#include "roost/kernel.hpp"
#include "roost/rng.hpp"

namespace roost {
namespace {

[[noreturn]] void bad(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

constexpr const char* kSynapses = "structural_plasticity_synapses";

// Ids of the random streams of one rewiring (RngPurpose::Misc, id_a = step).
enum StructuralStream : std::uint64_t { kDeleteFromPre = 0, kDeleteFromPost = 1, kCreate = 2, kStreamsPerRule = 3 };

// The first n of v become a uniform random choice of n of its entries, in
// random order (NEST's global_shuffle, which then drops the rest).
void choose(std::vector<Gid>& v, std::size_t n, RandomStream& rng) {
  n = std::min(n, v.size());
  for (std::size_t i = 0; i < n; ++i) std::swap(v[i], v[i + rng.uniform_int(v.size() - i)]);
  v.resize(n);
}

// gid repeated once per vacant element (NEST's serialize_id).
std::vector<Gid> serialize(const std::vector<std::pair<Gid, std::int64_t>>& counts) {
  std::vector<Gid> out;
  for (const auto& [gid, n] : counts) out.insert(out.end(), static_cast<std::size_t>(n), gid);
  return out;
}

}  // namespace

// As NEST: every neuron with a spike history keeps the trace, except the
// models that are no StructuralPlasticityNode there.
bool Kernel::archives_calcium(const ModelInfo& m) {
  if (m.element_type != ElementType::neuron) return false;
  const std::string& base = m.base_name;
  return base != "astrocyte_lr_1994" && base != "gif_pop_psc_exp" && base != "spike_train_injector" &&
         base.rfind("eprop_", 0) != 0;
}

const NodePlasticity& Kernel::plasticity_prototype(int model) const {
  static const NodePlasticity nest_defaults{};
  auto it = plasticity_defaults_.find(model);
  return it == plasticity_defaults_.end() ? nest_defaults : it->second;
}

NodePlasticity* Kernel::plasticity_of(Gid gid) {
  const auto g = static_cast<std::size_t>(gid);
  if (g >= plasticity_slot_.size() || plasticity_slot_[g] < 0) return nullptr;
  return &plasticity_[static_cast<std::size_t>(plasticity_slot_[g])];
}

const NodePlasticity* Kernel::plasticity_of(Gid gid) const { return const_cast<Kernel*>(this)->plasticity_of(gid); }

void Kernel::add_plasticity_nodes(const NodeRange& range) {
  plasticity_slot_.resize(static_cast<std::size_t>(network_size() + 1), -1);
  const ModelInfo& m = registry_.at(range.model);
  if (!range.is_neuron() || !archives_calcium(m)) return;
  const NodePlasticity& prototype = plasticity_prototype(range.model);
  for (Gid g = range.local_first; g < range.local_first + range.local_count; ++g) {
    plasticity_slot_[static_cast<std::size_t>(g)] = static_cast<std::int32_t>(plasticity_.size());
    plasticity_.push_back(prototype);
  }
}

// Splits the plasticity keys off `changes` for a model or node that has them;
// UnknownParameter for a model that has none (as the other unknown keys).
Dict Kernel::take_plasticity_keys(const ModelInfo& m, Dict& changes) const {
  Dict taken;
  for (auto it = changes.begin(); it != changes.end();) {
    if (!is_plasticity_key(it->first)) {
      ++it;
      continue;
    }
    if (!archives_calcium(m)) {
      const std::string key = it->first.substr(0, it->first.find('.'));
      throw Error(ErrorKind::UnknownParameter, "'" + key + "' is not a parameter of model '" + m.name + "'");
    }
    taken.insert(changes.extract(it++));
  }
  return taken;
}

void Kernel::set_plasticity_defaults(int model, const Dict& changes) {
  if (changes.empty()) return;
  NodePlasticity next = plasticity_prototype(model);
  apply_plasticity_status(next, changes);
  plasticity_defaults_[model] = std::move(next);
}

// ---------------------------------------------------------------- kernel status

void Kernel::set_structural_status(const Dict& changes) {
  double interval = structural_update_interval_;
  if (auto it = changes.find("structural_plasticity_update_interval"); it != changes.end()) {
    interval = as_double(it->second, it->first);
    if (!(interval > 0.0)) bad("structural_plasticity_update_interval must be > 0 ms.");
  }
  std::vector<StructuralSynapse> rules = structural_synapses_;
  if (auto it = changes.find(kSynapses); it != changes.end()) {
    rules.clear();
    for (const std::string& name : as_strings(it->second, kSynapses)) {
      StructuralSynapse s;
      s.name = name;
      std::string model = "static_synapse";
      const std::string head = std::string(kSynapses) + "." + name + ".";
      for (auto e = changes.lower_bound(head); e != changes.end() && e->first.compare(0, head.size(), head) == 0; ++e) {
        const std::string key = e->first.substr(head.size());
        if (key == "synapse_model") model = as_string(e->second, key);
        else if (key == "pre_synaptic_element") s.pre_element = as_string(e->second, key);
        else if (key == "post_synaptic_element") s.post_element = as_string(e->second, key);
        else if (key == "allow_autapses") s.allow_autapses = as_bool(e->second, key);
        else if (key == "allow_multapses") s.allow_multapses = as_bool(e->second, key);
        else if (key == "weight") s.weight = as_double(e->second, key);
        else if (key == "delay") s.delay = as_double(e->second, key);
        else throw Error(ErrorKind::UnknownParameter, std::string(kSynapses) + ": unknown key '" + key + "' in '" + name + "'.");
      }
      s.synapse_model = registry_.find(model);
      if (registry_.at(s.synapse_model).element_type != ElementType::synapse) {
        throw Error(ErrorKind::UnknownModelName, "'" + model + "' is not a synapse model.");
      }
      if (s.pre_element.empty() || s.post_element.empty()) {
        bad("pre_synaptic_element and/or post_synaptic_elements is missing.");
      }
      if (s.delay && user_min_delay_ == 0) {
        bad("Structural Plasticity: to use different delays for synapses you must specify the min and max delay in "
            "the kernel parameters.");
      }
      rules.push_back(std::move(s));
    }
  }
  structural_update_interval_ = interval;
  structural_synapses_ = std::move(rules);
  prepared_ = false;
}

void Kernel::add_structural_status(Dict& d) const {
  d["structural_plasticity_update_interval"] = structural_update_interval_;
  d["growth_curves"] = std::vector<std::string>{"gaussian", "linear", "sigmoid"};
  std::vector<std::string> names;
  for (const StructuralSynapse& s : structural_synapses_) {
    names.push_back(s.name);
    const std::string head = std::string(kSynapses) + "." + s.name + ".";
    d[head + "synapse_model"] = registry_.at(s.synapse_model).name;
    d[head + "pre_synaptic_element"] = s.pre_element;
    d[head + "post_synaptic_element"] = s.post_element;
    d[head + "allow_autapses"] = s.allow_autapses;
    d[head + "allow_multapses"] = s.allow_multapses;
  }
  d[kSynapses] = names;
}

// The delays of the rewiring rules take part in min_delay and max_delay
// before any of their connections exists (NEST's builder_min/max_delay).
Step Kernel::structural_delay(const StructuralSynapse& s) const {
  const double ms = s.delay ? *s.delay : as_double(registry_.at(s.synapse_model).dict_defaults.at("delay"), "delay");
  return delay_to_steps(ms);
}

void Kernel::enable_structural_plasticity(bool on) {
  if (on && comm_->size() > 1) {
    throw Error(ErrorKind::KernelException,
                "Structural plasticity runs on one MPI process in Roost (its rewiring is not distributed yet).");
  }
  structural_plasticity_ = on;
}

// ---------------------------------------------------------------- a run

void Kernel::track_calcium(const std::vector<SpikeEvent>& spikes) {
  if (plasticity_.empty()) return;
  for (const SpikeEvent& e : spikes) {
    // NEST stamps the spike at the end of its step; the trace ignores the
    // sub-step offset, which shifts it by less than resolution / tau_Ca.
    if (NodePlasticity* node = plasticity_of(e.gid)) node->spike(steps_to_ms(e.step + 1), resolution_);
  }
}

bool Kernel::structural_update_due(Step now) const {
  return std::fmod(steps_to_ms(now), structural_update_interval_) == 0.0;
}

void Kernel::change_synaptic_elements(std::span<const Gid> gids, const std::string& element, std::int64_t delta) {
  for (const Gid g : gids) {
    if (NodePlasticity* node = plasticity_of(g)) {
      if (SynapticElement* e = node->element(element)) e->connect(delta);
    }
  }
}

// Connect with pre_synaptic_element / post_synaptic_element: each new
// connection binds one element at its source and one at its target.
void Kernel::bind_connected_elements(std::size_t base, const SynSpec& syn_spec) {
  for (std::size_t c = base; c < store_.size(); ++c) {
    const Gid src = store_.source[c], tgt = store_.target[c];
    change_synaptic_elements(std::span<const Gid>(&src, 1), syn_spec.pre_element, 1);
    change_synaptic_elements(std::span<const Gid>(&tgt, 1), syn_spec.post_element, 1);
  }
}

// Whole vacant (> 0) and lost (< 0) elements of one kind, by gid.
void Kernel::element_balance(const std::string& element, std::vector<std::pair<Gid, std::int64_t>>& vacant,
                             std::vector<std::pair<Gid, std::int64_t>>& lost) const {
  vacant.clear();
  lost.clear();
  for (Gid g = 1; g < static_cast<Gid>(plasticity_slot_.size()); ++g) {
    const NodePlasticity* node = plasticity_of(g);
    const SynapticElement* e = node ? node->element(element) : nullptr;
    if (!e) continue;
    const std::int64_t n = e->vacant();
    if (n > 0) vacant.emplace_back(g, n);
    if (n < 0) lost.emplace_back(g, n);
  }
}

// Deletes connections of `rule` where elements were lost: at their sources
// (from_pre) or their targets. As NEST: a source that lost n axonal elements
// drops n of its connections onto targets that have the rule's postsynaptic
// element, chosen at random; a target drops n of its incoming ones.
void Kernel::delete_lost_connections(const StructuralSynapse& rule, std::size_t index, bool from_pre) {
  std::vector<std::pair<Gid, std::int64_t>> vacant, lost;
  element_balance(from_pre ? rule.pre_element : rule.post_element, vacant, lost);
  if (lost.empty()) return;
  std::vector<std::vector<std::size_t>> conns_of(lost.size());  // per lost node, its connections of the rule
  std::vector<std::int64_t> slot(plasticity_slot_.size(), -1);
  for (std::size_t k = 0; k < lost.size(); ++k) slot[static_cast<std::size_t>(lost[k].first)] = static_cast<std::int64_t>(k);
  for (std::size_t c = 0; c < store_.size(); ++c) {
    if (store_.synapse_model[c] != rule.synapse_model) continue;
    const Gid key = from_pre ? store_.source[c] : store_.target[c];
    if (static_cast<std::size_t>(key) >= slot.size() || slot[key] < 0) continue;
    if (from_pre) {
      const NodePlasticity* target = plasticity_of(store_.target[c]);
      const SynapticElement* e = target ? target->element(rule.post_element) : nullptr;
      if (!e || e->count() == 0.0) continue;
    }
    conns_of[static_cast<std::size_t>(slot[key])].push_back(c);
  }
  RandomStream rng(rng_seed_, RngPurpose::Misc, static_cast<std::uint64_t>(now_),
                   index * kStreamsPerRule + (from_pre ? kDeleteFromPre : kDeleteFromPost));
  std::vector<std::int64_t> drop;
  for (std::size_t k = 0; k < lost.size(); ++k) {
    std::vector<Gid> picks(conns_of[k].size());
    std::iota(picks.begin(), picks.end(), Gid{0});
    choose(picks, static_cast<std::size_t>(-lost[k].second), rng);
    for (const Gid p : picks) {
      const std::size_t c = conns_of[k][static_cast<std::size_t>(p)];
      const Gid src = store_.source[c], tgt = store_.target[c];
      change_synaptic_elements(std::span<const Gid>(&src, 1), rule.pre_element, -1);
      change_synaptic_elements(std::span<const Gid>(&tgt, 1), rule.post_element, -1);
      drop.push_back(static_cast<std::int64_t>(c));
    }
  }
  if (drop.empty()) return;
  std::sort(drop.begin(), drop.end());
  disconnect(drop, false);
  removed_in_run_.push_back(std::move(drop));
}

// Pairs vacant axonal and dendritic elements at random into new connections
// (NEST's create_synapses: the longer list is sampled down to the shorter).
void Kernel::create_structural_connections(const StructuralSynapse& rule, std::size_t index) {
  std::vector<std::pair<Gid, std::int64_t>> pre_vacant, post_vacant, lost;
  element_balance(rule.pre_element, pre_vacant, lost);
  element_balance(rule.post_element, post_vacant, lost);
  std::vector<Gid> pre = serialize(pre_vacant), post = serialize(post_vacant);
  if (pre.empty() || post.empty()) return;
  RandomStream rng(rng_seed_, RngPurpose::Misc, static_cast<std::uint64_t>(now_), index * kStreamsPerRule + kCreate);
  if (pre.size() > post.size()) {
    choose(pre, post.size(), rng);
  } else {
    choose(post, pre.size(), rng);
  }
  // The pairs as Connect takes them: the distinct sources and targets, and
  // per connection their indices, grouped by target.
  std::vector<std::pair<Gid, Gid>> chosen;  // (target, source)
  for (std::size_t k = 0; k < pre.size(); ++k) {
    if (pre[k] != post[k] || rule.allow_autapses) chosen.emplace_back(post[k], pre[k]);
  }
  if (chosen.empty()) return;
  std::stable_sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Gid> sources, targets;
  for (const auto& [t, s] : chosen) {
    sources.push_back(s);
    targets.push_back(t);
  }
  auto distinct = [](std::vector<Gid> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  const std::vector<Gid> source_ids = distinct(sources), target_ids = distinct(targets);
  auto pairs = std::make_shared<GeneratedConnections>();
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    pairs->source_index.push_back(static_cast<std::uint32_t>(
        std::lower_bound(source_ids.begin(), source_ids.end(), sources[k]) - source_ids.begin()));
    pairs->target_index.push_back(static_cast<std::uint32_t>(
        std::lower_bound(target_ids.begin(), target_ids.end(), targets[k]) - target_ids.begin()));
    pairs->array_index.push_back(k);
  }
  ConnSpec one_to_one;
  one_to_one.rule = Rule::one_to_one;
  one_to_one.pairs = std::move(pairs);
  SynSpec syn;
  syn.synapse_model = registry_.at(rule.synapse_model).name;
  if (rule.weight) syn.weight = SynapseValue{SynapseValue::Kind::constant, *rule.weight, {}, {}};
  if (rule.delay) syn.delay = SynapseValue{SynapseValue::Kind::constant, *rule.delay, {}, {}};
  syn.pre_element = rule.pre_element;
  syn.post_element = rule.post_element;
  connect(source_ids, target_ids, one_to_one, syn);
}

// One rewiring at the start of a slice (NEST's order: the elements and traces
// are brought up to now, each rule deletes and then creates, and the vacant
// elements that found no partner decay).
void Kernel::update_structural_plasticity() {
  const double t = steps_to_ms(now_);
  for (NodePlasticity& node : plasticity_) node.advance(t, resolution_);
  for (std::size_t k = 0; k < structural_synapses_.size(); ++k) {
    const StructuralSynapse& rule = structural_synapses_[k];
    delete_lost_connections(rule, k, true);
    delete_lost_connections(rule, k, false);
    create_structural_connections(rule, k);
  }
  for (NodePlasticity& node : plasticity_) {
    for (auto& [name, e] : node.elements) e.decay_vacant();
  }
  if (connections_changed_) prepare_local();  // the delivery tables follow the new connections
}

std::vector<std::vector<std::int64_t>> Kernel::take_removed_connections() {
  std::vector<std::vector<std::int64_t>> out;
  out.swap(removed_in_run_);
  return out;
}

}  // namespace roost
