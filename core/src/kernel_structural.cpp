// SPDX-License-Identifier: GPL-2.0-or-later
// Structural plasticity in the kernel (NEST's SPManager): the calcium trace of
// every spiking neuron, the synaptic elements' status, the rewiring rules
// (structural_plasticity_synapses) and the rewiring itself, which deletes and
// creates connections through Disconnect and Connect every
// structural_plasticity_update_interval.
//
// The random choices come from keyed streams (seed, update step, rule, node),
// so a run rewires the same way for any thread or rank count and on either
// backend. They are NEST's choices in law, not in value: NEST draws from its
// own generator. With several ranks, the element counts and a source's
// connections are gathered on every rank, and each rank stores the new
// connections onto its neurons.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <tuple>

#include "roost/error.hpp"
#include "roost/kernel.hpp"
#include "roost/rng.hpp"

namespace roost {
namespace {

[[noreturn]] void bad(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

constexpr const char* kSynapses = "structural_plasticity_synapses";

// The purposes of the rewiring's random streams (with the rule's index).
enum StructuralStream : std::uint64_t { kDeleteFromPre = 0, kDeleteFromPost = 1, kCreate = 2, kStreamsPerRule = 3 };

// One stream per step, rule, purpose and (for deletions) node: the same draws
// whichever rank handles the node.
RandomStream structural_stream(std::uint64_t seed, Step now, std::size_t rule, StructuralStream purpose, Gid node = 0) {
  return RandomStream(seed, RngPurpose::StructuralPlasticity, static_cast<std::uint64_t>(now),
                      (static_cast<std::uint64_t>(node) << 16) | (rule * kStreamsPerRule + purpose));
}

// The first n of v become a uniform random choice of n of its entries, in
// random order (NEST's global_shuffle, which then drops the rest).
template <class T>
void choose(std::vector<T>& v, std::size_t n, RandomStream& rng) {
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

// Every rank's values, concatenated in rank order (a copy on one rank).
template <class T>
std::vector<T> allgather(Communicator& comm, const std::vector<T>& local) {
  if (comm.size() == 1) return local;
  std::vector<std::int64_t> counts;
  const std::span<const char> bytes(reinterpret_cast<const char*>(local.data()), local.size() * sizeof(T));
  const std::vector<char> all = comm.broadcast_bytes(comm.gather_bytes(bytes, 0, counts), 0);
  std::vector<T> out(all.size() / sizeof(T));
  std::memcpy(out.data(), all.data(), out.size() * sizeof(T));
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

// nodes.Ca, nodes.tau_Ca = [...]: the vectorised get and set of the trace's
// keys (false: `key` is none of them).
bool Kernel::get_calcium_values(std::span<const Gid> gids, const std::string& key, std::span<double> out) const {
  if (key != "Ca" && key != "tau_Ca" && key != "beta_Ca") return false;
  for (std::size_t j = 0; j < gids.size(); ++j) {
    const ModelInfo& m = model_of(gids[j]);
    if (!archives_calcium(m)) throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for model " + m.name + ".");
    const NodePlasticity* p = plasticity_of(gids[j]);  // nullptr: held by another rank, read as NaN
    out[j] = !p ? std::numeric_limits<double>::quiet_NaN() : key == "Ca" ? p->Ca : key == "tau_Ca" ? p->tau_Ca : p->beta_Ca;
  }
  return true;
}

bool Kernel::set_calcium_values(std::span<const Gid> gids, const std::string& key, std::span<const double> values) {
  if (key != "Ca" && key != "tau_Ca" && key != "beta_Ca") return false;
  std::vector<std::pair<NodePlasticity*, NodePlasticity>> next;  // all checked before any changes
  for (std::size_t j = 0; j < gids.size(); ++j) {
    const ModelInfo& m = model_of(gids[j]);
    if (!archives_calcium(m)) throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for model " + m.name + ".");
    NodePlasticity* p = plasticity_of(gids[j]);
    if (!p) continue;  // held by another rank
    next.emplace_back(p, *p);
    apply_plasticity_status(next.back().second, Dict{{key, values[j]}});
  }
  for (auto& [node, value] : next) *node = std::move(value);
  return true;
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

void Kernel::enable_structural_plasticity(bool on) { structural_plasticity_ = on; }

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

// Connections made (delta 1) or removed (-1) bind or free one element at each
// end. The targets are this rank's (it stores their connections); the sources
// may be anywhere, so with several ranks every rank hears of all of them.
void Kernel::bind_elements(std::span<const Gid> sources, std::span<const Gid> targets, const std::string& pre_element,
                           const std::string& post_element, std::int64_t delta) {
  if (!post_element.empty()) change_synaptic_elements(targets, post_element, delta);
  if (pre_element.empty()) return;
  const std::vector<Gid> all = allgather(*comm_, std::vector<Gid>(sources.begin(), sources.end()));
  change_synaptic_elements(all, pre_element, delta);
}

// Connect with pre_synaptic_element / post_synaptic_element.
void Kernel::bind_connected_elements(std::size_t base, const SynSpec& syn_spec) {
  std::vector<Gid> sources, targets;
  for (std::size_t c = base; c < store_.size(); ++c) {
    sources.push_back(store_.source[c]);
    targets.push_back(store_.target[c]);
  }
  bind_elements(sources, targets, syn_spec.pre_element, syn_spec.post_element, 1);
}

// Whole vacant (> 0) and lost (< 0) elements of one kind over all ranks, by gid.
void Kernel::element_balance(const std::string& element, std::vector<std::pair<Gid, std::int64_t>>& vacant,
                             std::vector<std::pair<Gid, std::int64_t>>& lost) const {
  std::vector<std::int64_t> local;  // gid, n, gid, n, ...
  for (Gid g = 1; g < static_cast<Gid>(plasticity_slot_.size()); ++g) {
    const NodePlasticity* node = plasticity_of(g);
    const SynapticElement* e = node ? node->element(element) : nullptr;
    if (!e || e->vacant() == 0) continue;
    local.push_back(static_cast<std::int64_t>(g));
    local.push_back(e->vacant());
  }
  const std::vector<std::int64_t> all = allgather(*comm_, local);
  vacant.clear();
  lost.clear();
  for (std::size_t k = 0; k < all.size(); k += 2) (all[k + 1] > 0 ? vacant : lost).emplace_back(all[k], all[k + 1]);
  std::sort(vacant.begin(), vacant.end());
  std::sort(lost.begin(), lost.end());
}

// Deletes connections of `rule` where elements were lost: at their sources
// (from_pre) or their targets. As NEST: a source that lost n axonal elements
// drops n of its connections onto targets that have the rule's postsynaptic
// element, chosen at random; a target drops n of its incoming ones. The
// candidates are ordered by (target, creation), which no rank count changes.
void Kernel::delete_lost_connections(const StructuralSynapse& rule, std::size_t index, bool from_pre) {
  std::vector<std::pair<Gid, std::int64_t>> vacant, lost;
  element_balance(from_pre ? rule.pre_element : rule.post_element, vacant, lost);
  if (lost.empty()) return;
  // Candidates: (lost node, target, rank, connection id on that rank).
  struct Candidate {
    std::int64_t node, target, rank, id;
  };
  std::vector<Candidate> local;
  std::vector<std::uint8_t> is_lost(plasticity_slot_.size(), 0);
  for (const auto& [gid, n] : lost) is_lost[static_cast<std::size_t>(gid)] = 1;
  for (std::size_t c = 0; c < store_.size(); ++c) {
    if (store_.synapse_model[c] != rule.synapse_model) continue;
    const Gid node = from_pre ? store_.source[c] : store_.target[c];
    if (static_cast<std::size_t>(node) >= is_lost.size() || !is_lost[node]) continue;
    if (from_pre) {
      const NodePlasticity* target = plasticity_of(store_.target[c]);
      const SynapticElement* e = target ? target->element(rule.post_element) : nullptr;
      if (!e || e->count() == 0.0) continue;
    }
    local.push_back({node, store_.target[c], comm_->rank(), static_cast<std::int64_t>(c)});
  }
  // A target's connections are all on its rank: only a source's are spread.
  std::vector<Candidate> candidates = from_pre ? allgather(*comm_, local) : std::move(local);
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.node, a.target, a.id) < std::tie(b.node, b.target, b.id);
  });
  std::vector<std::int64_t> drop;
  std::vector<Gid> freed_sources, freed_targets;
  auto first = candidates.begin();
  for (const auto& [gid, n] : lost) {
    while (first != candidates.end() && first->node < gid) ++first;
    auto last = first;
    while (last != candidates.end() && last->node == gid) ++last;
    std::vector<Candidate> picks(first, last);
    first = last;
    if (picks.empty()) continue;  // (a target's lost elements on another rank)
    RandomStream rng = structural_stream(rng_seed_, now_, index, from_pre ? kDeleteFromPre : kDeleteFromPost, gid);
    choose(picks, static_cast<std::size_t>(-n), rng);
    for (const Candidate& p : picks) {
      if (from_pre) change_synaptic_elements(std::span<const Gid>(&gid, 1), rule.pre_element, -1);
      if (p.rank != comm_->rank()) continue;
      drop.push_back(p.id);
      freed_targets.push_back(p.target);
      if (!from_pre) freed_sources.push_back(store_.source[static_cast<std::size_t>(p.id)]);
    }
  }
  // As NEST, element by element: a neuron's z rises back while more of its
  // elements are bound than it has (SynapticElement::connect).
  bind_elements(freed_sources, freed_targets, from_pre ? "" : rule.pre_element, rule.post_element, -1);
  std::int64_t total = static_cast<std::int64_t>(drop.size());
  comm_->allreduce_sum(std::span<std::int64_t>(&total, 1));
  if (total == 0) return;
  std::sort(drop.begin(), drop.end());
  disconnect(drop, false);
  removed_in_run_.push_back(std::move(drop));
}

// Pairs vacant axonal and dendritic elements at random into new connections
// (NEST's create_synapses: the longer list is sampled down to the shorter).
// Every rank draws the same pairs and stores those onto its neurons.
void Kernel::create_structural_connections(const StructuralSynapse& rule, std::size_t index) {
  std::vector<std::pair<Gid, std::int64_t>> pre_vacant, post_vacant, lost;
  element_balance(rule.pre_element, pre_vacant, lost);
  element_balance(rule.post_element, post_vacant, lost);
  std::vector<Gid> pre = serialize(pre_vacant), post = serialize(post_vacant);
  if (pre.empty() || post.empty()) return;
  RandomStream rng = structural_stream(rng_seed_, now_, index, kCreate);
  if (pre.size() > post.size()) {
    choose(pre, post.size(), rng);
  } else {
    choose(post, pre.size(), rng);
  }
  std::vector<std::pair<Gid, Gid>> chosen;  // (target, source), all ranks'
  for (std::size_t k = 0; k < pre.size(); ++k) {
    if (pre[k] != post[k] || rule.allow_autapses) chosen.emplace_back(post[k], pre[k]);
  }
  if (chosen.empty()) return;
  std::stable_sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Connect takes the distinct sources and targets and, per connection, their
  // indices, grouped by target: this rank's part of the pairs.
  auto distinct = [](std::vector<Gid> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  std::vector<Gid> sources, targets, local_targets;
  for (const auto& [t, s] : chosen) {
    sources.push_back(s);
    targets.push_back(t);
  }
  const std::vector<Gid> source_ids = distinct(sources), target_ids = distinct(targets);
  auto pairs = std::make_shared<GeneratedConnections>();
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    if (!is_local(targets[k])) continue;
    local_targets.push_back(targets[k]);
    pairs->source_index.push_back(static_cast<std::uint32_t>(
        std::lower_bound(source_ids.begin(), source_ids.end(), sources[k]) - source_ids.begin()));
    pairs->target_index.push_back(static_cast<std::uint32_t>(
        std::lower_bound(target_ids.begin(), target_ids.end(), targets[k]) - target_ids.begin()));
    pairs->array_index.push_back(k);
  }
  ConnSpec given;
  given.rule = Rule::one_to_one;
  given.pairs = std::move(pairs);
  SynSpec syn;
  syn.synapse_model = registry_.at(rule.synapse_model).name;
  if (rule.weight) syn.weight = SynapseValue{SynapseValue::Kind::constant, *rule.weight, {}, {}};
  if (rule.delay) syn.delay = SynapseValue{SynapseValue::Kind::constant, *rule.delay, {}, {}};
  connect(source_ids, target_ids, given, syn);  // every rank: it agrees on errors and counts
  change_synaptic_elements(local_targets, rule.post_element, 1);
  change_synaptic_elements(sources, rule.pre_element, 1);  // each rank binds its own
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
  // The delivery tables (and, with several ranks, the spike destinations)
  // follow the new connections, as after a Connect between two runs.
  if (connections_changed_) prepare();
}

std::vector<std::vector<std::int64_t>> Kernel::take_removed_connections() {
  std::vector<std::vector<std::int64_t>> out;
  out.swap(removed_in_run_);
  return out;
}

}  // namespace roost
