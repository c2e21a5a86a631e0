// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/delivery_plan.hpp"

#include <algorithm>
#include <numeric>

#include "roost/devices_ps.hpp"
#include "roost/parallel.hpp"
#include "roost/plastic_plan.hpp"

namespace roost {
namespace {

// Generator inputs: CSR by neuron, creation order within a neuron.
bool is_rate_connection(const PrepareInfo& info, std::size_t c) {
  const auto m = static_cast<std::size_t>(info.connections->synapse_model[c]);
  return m < info.synapses.size() && info.synapses[m].rate_connection != 0;
}

// Rate connections: per partition, in creation order (few; one pass).
void plan_rates(DeliveryPlan& plan, const PrepareInfo& info, const std::vector<PopulationLayout>& pops,
                const std::vector<std::int32_t>& pop_of, const std::vector<std::int32_t>& part_of, int partitions) {
  plan.rates.assign(static_cast<std::size_t>(partitions), {});
  plan.generator_rates.assign(static_cast<std::size_t>(partitions), {});
  // No rate connections anywhere (step_rate_generators may still feed the rate
  // ports of models that are no rate nodes: eprop_readout).
  if (info.rate_gains.empty() && info.n_rate_generators == 0) return;
  const std::vector<NodeRole>& roles = *info.roles;
  const ConnectionStore& store = *info.connections;
  for (std::size_t c = 0; c < store.size(); ++c) {
    if (!is_rate_connection(info, c)) continue;
    const Gid target = store.target[c];
    const std::int32_t p = pop_of[static_cast<std::size_t>(target)];
    if (p < 0) continue;
    const PopulationLayout& pop = pops[static_cast<std::size_t>(p)];
    const int kind = info.synapses[store.synapse_model[c]].rate_connection;
    // sic_connection: the target's SIC channel (models/sic_common.hpp).
    const bool sic = (kind & kSicConnection) != 0;
    const int channel = kind == kGapJunction ? pop.gap_channel
                                             : pop.spike_channel(sic ? models::sic::kSicReceptor : store.receptor[c],
                                                                 kind == kDiffusion ? 0.0 : store.weight[c]);
    // step_rate_generator (the one rate source that is a device): as NEST, the
    // rate of step n arrives in step n + delay - min_delay.
    const bool generator = roles[store.source[c]] != NodeRole::neuron;
    RateTable& table = (generator ? plan.generator_rates : plan.rates)[static_cast<std::size_t>(part_of[static_cast<std::size_t>(target)])];
    auto add = [&](int into, double weight, std::int32_t delay) {
      table.source.push_back(static_cast<std::uint32_t>(info.rate_index[static_cast<std::size_t>(store.source[c])]));
      table.buffer_index.push_back(
          static_cast<std::uint32_t>(pop.buffer_offset + static_cast<std::size_t>(into * pop.n + (target - pop.first))));
      table.delay.push_back(delay);
      table.weight.push_back(weight);
      table.gain.push_back(static_cast<std::int32_t>(info.rate_index[static_cast<std::size_t>(target)]));
      table.channel_stride.push_back(kind == kGapJunction ? static_cast<std::uint32_t>(pop.n) : 0);
    };
    if (kind == kDiffusion) {  // drift and variance: an instantaneous rate into each of the two channels
      const SynapseRows& rows = (*info.synapse_rows)[store.synapse_model[c]];
      const double* params = rows.values.data() + rows.row_of(static_cast<std::int64_t>(c)) * rows.width +
                             info.synapses[store.synapse_model[c]].layout.param_offset();
      add(channel, params[0], kInstantaneousRate);      // drift_factor (diffusion_connection.hpp's order)
      add(channel + 1, params[1], kInstantaneousRate);  // diffusion_factor
      continue;
    }
    // A model's rate ports (eprop_readout) latch what arrives at the start of
    // the next slice, whatever the delay (NEST): the value of step n in step n + 1.
    const bool latched = pop.rate_receptor != nullptr && pop.rate_receptor(store.receptor[c]);
    add(channel, store.weight[c], kind == kRateInstantaneous ? kInstantaneousRate
                                  : kind == kGapJunction     ? kGapJunctionDelay
                                  : latched                  ? 1
                                                             : static_cast<std::int32_t>(store.delay_steps[c] - (generator ? info.min_delay : 0)));
  }
}

DeliveryPlan finish_stimuli(DeliveryPlan& plan, const std::vector<PopulationLayout>& pops,
                            std::vector<std::vector<std::pair<Index, StimulusInput>>>& stimuli) {
  plan.stimulus_begin.resize(pops.size());
  plan.stimuli.resize(pops.size());
  for (std::size_t p = 0; p < pops.size(); ++p) {
    auto& list = stimuli[p];
    if (list.empty()) continue;
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    auto& begin = plan.stimulus_begin[p];
    begin.assign(static_cast<std::size_t>(pops[p].n) + 1, 0);
    for (const auto& [local, in] : list) {
      ++begin[static_cast<std::size_t>(local) + 1];
      plan.stimuli[p].push_back(in);
    }
    std::partial_sum(begin.begin(), begin.end(), begin.begin());
  }
  return std::move(plan);
}

// The channel of a current generator's input: the current channel for
// receptor 0, else the model's channel for that current receptor
// (iaf_cond_alpha_mc's soma/proximal/distal_curr; Connect checked it).
int current_channel(const PopulationLayout& pop, std::int32_t receptor) {
  return receptor == 0 ? pop.n_channels - 1 : pop.spike_channel(receptor, 0.0);
}

}  // namespace

DeliveryPlan plan_delivery(const PrepareInfo& info, const std::vector<PopulationLayout>& pops, int partitions,
                           const std::function<int(int, Index)>& partition_of, TableLayout layout) {
  const ConnectionStore& store = *info.connections;
  const std::vector<NodeRole>& roles = *info.roles;
  const std::size_t n_gids = roles.size();
  std::vector<int> poisson_of(n_gids, -1), current_of(n_gids, -1);
  for (std::size_t k = 0; k < info.poissons.size(); ++k) poisson_of[static_cast<std::size_t>(info.poissons[k].gid)] = static_cast<int>(k);
  for (std::size_t k = 0; k < info.currents.size(); ++k) current_of[static_cast<std::size_t>(info.currents[k].gid)] = static_cast<int>(k);
  std::vector<int> noise_of(n_gids, -1);
  for (std::size_t k = 0; k < info.noises.size(); ++k) noise_of[static_cast<std::size_t>(info.noises[k].gid)] = static_cast<int>(k);
  std::vector<std::uint32_t> noise_inputs(n_gids, 0);  // per target so far, for noise_stream_id (as add_noise_streams)

  DeliveryPlan plan;
  plan.weighted.assign(static_cast<std::size_t>(partitions), {});
  plan.counting.assign(static_cast<std::size_t>(partitions), {});
  plan.offset_weighted.assign(static_cast<std::size_t>(partitions), {});
  plan.binary.assign(static_cast<std::size_t>(partitions), {});
  plan.precise.assign(static_cast<std::size_t>(partitions), {});
  if (layout == TableLayout::csr) {
    for (auto* tables : {&plan.weighted, &plan.counting, &plan.offset_weighted, &plan.binary, &plan.precise}) {
      for (auto& table : *tables) table.row.assign(n_gids + 1, 0);
    }
  }
  // Per neuron gid: its population and partition, so routing is a few lookups.
  std::vector<std::int32_t> pop_of(n_gids, -1), part_of(n_gids, 0);
  for (std::size_t p = 0; p < pops.size(); ++p) {
    for (Index local = 0; local < pops[p].n; ++local) {
      const auto g = static_cast<std::size_t>(pops[p].first + local);
      pop_of[g] = static_cast<std::int32_t>(p);
      part_of[g] = partition_of(static_cast<int>(p), local);
    }
  }
  // Where a delivered connection goes. Recomputed in both passes instead of
  // stored: a route per connection would cost more memory than the tables.
  // The partition is checked first (cheap); the ring cell is computed only by
  // the partition that owns the connection.
  auto partition_of_connection = [&](std::size_t c) -> std::int32_t {
    const NodeRole src = roles[store.source[c]];
    if (roles[store.target[c]] != NodeRole::neuron || (src != NodeRole::neuron && src != NodeRole::spike_generator) ||
        delivered_plastic(info, c) || is_rate_connection(info, c)) {
      return -1;  // not delivered through the static tables
    }
    return part_of[store.target[c]];
  };
  auto kind_of = [&](std::size_t c) {
    const PopulationLayout& pop = pops[static_cast<std::size_t>(pop_of[store.target[c]])];
    if (pop.precise_input) return precise_delivery;
    if (pop.counts(store.receptor[c])) return counting_delivery;
    if (pop.binary_input) return binary_delivery;
    const bool offset = pop.reads_spike_offset != nullptr && pop.reads_spike_offset(store.receptor[c]);
    return offset ? offset_weighted_delivery : weighted_delivery;
  };
  struct Route {
    int kind = weighted_delivery;
    std::uint32_t buffer_index = 0;
  };
  auto route_of = [&](std::size_t c) {
    const PopulationLayout& pop = pops[static_cast<std::size_t>(pop_of[store.target[c]])];
    const Index local = store.target[c] - pop.first;
    if (pop.precise_input) {
      const std::int64_t first = plan.precise_first[static_cast<std::size_t>(pop_of[store.target[c]])];
      return Route{precise_delivery, static_cast<std::uint32_t>(first + local)};
    }
    const int channel = pop.spike_channel(store.receptor[c], store.weight[c]);
    return Route{kind_of(c),
                 static_cast<std::uint32_t>(pop.buffer_offset + static_cast<std::size_t>(channel * pop.n + local))};
  };
  // A model that repeats its events (parrot_neuron_ps) takes multiplicities
  // from port 0 and ignores the weights; port 1's events count nothing.
  auto table_weight = [&](std::size_t c) {
    const PopulationLayout& pop = pops[static_cast<std::size_t>(pop_of[store.target[c]])];
    if (!pop.repeats_events || kind_of(c) != precise_delivery) return store.weight[c];
    return store.receptor[c] == 0 ? 1.0 : 0.0;
  };
  // Event targets and their capacities: one event per incoming connection.
  plan.precise_first.assign(pops.size(), -1);
  std::int64_t n_precise = 0;
  for (std::size_t p = 0; p < pops.size(); ++p) {
    if (!pops[p].precise_input) continue;
    plan.precise_first[p] = n_precise;
    n_precise += static_cast<std::int64_t>(pops[p].n);
  }
  if (n_precise > 0) {
    // A neuron sends at most one event per step; a spike generator as many as
    // its train has spikes in one step.
    std::vector<std::uint64_t> burst(n_gids, 1);
    for (const SpikeTrainProgram& train : info.spike_trains) {
      std::uint64_t run = 0, most = 1;
      for (std::size_t k = 0; k < train.emission_step.size(); ++k) {
        run = k > 0 && train.emission_step[k] == train.emission_step[k - 1] ? run + 1 : 1;
        most = std::max(most, run);
      }
      if (static_cast<std::size_t>(train.gid) < n_gids) burst[static_cast<std::size_t>(train.gid)] = most;
    }
    std::vector<std::uint64_t> ps_extra(static_cast<std::size_t>(n_precise) + 1, 0);
    auto capacities = [&]() {
      plan.precise_base.assign(static_cast<std::size_t>(n_precise) + 1, 0);
      for (std::size_t c = 0; c < store.size(); ++c) {
        if (partition_of_connection(c) < 0 || kind_of(c) != precise_delivery) continue;
        const auto p = static_cast<std::size_t>(pop_of[store.target[c]]);
        plan.precise_base[static_cast<std::size_t>(plan.precise_first[p] + (store.target[c] - pops[p].first)) + 1] +=
            burst[store.source[c]];
      }
    };
    capacities();
    // poisson_generator_ps: room for its densest step (devices_ps.hpp).
    for (std::size_t c = 0; c < store.size(); ++c) {
      if (roles[store.source[c]] != NodeRole::poisson_generator || roles[store.target[c]] != NodeRole::neuron) continue;
      const int prog = poisson_of[store.source[c]];
      if (prog < 0 || info.poissons[static_cast<std::size_t>(prog)].kind != rate_poisson_ps) continue;
      const auto p = static_cast<std::size_t>(pop_of[store.target[c]]);
      if (!pops[p].precise_input) continue;
      ps_extra[static_cast<std::size_t>(plan.precise_first[p] + (store.target[c] - pops[p].first)) + 1] +=
          poisson_ps_burst(info.poissons[static_cast<std::size_t>(prog)]);
    }
    for (std::size_t k = 0; k < ps_extra.size(); ++k) plan.precise_base[k] += ps_extra[k];
    // A neuron that repeats its events sends as many per step as it can
    // receive (and one for its generators' counts).
    bool repeaters = false;
    for (std::size_t p = 0; p < pops.size(); ++p) {
      if (!pops[p].repeats_events) continue;
      repeaters = true;
      for (Index local = 0; local < pops[p].n; ++local) {
        const auto g = static_cast<std::size_t>(pops[p].first + local);
        if (g < n_gids) burst[g] = plan.precise_base[static_cast<std::size_t>(plan.precise_first[p] + local) + 1] + 1;
      }
    }
    // Their room over all ranks (a neuron's inputs are stored on its rank only).
    if (info.repeat_room != nullptr) {
      for (std::size_t g = 0; g < info.repeat_room->size() && g < n_gids; ++g) {
        const auto r = static_cast<std::uint64_t>((*info.repeat_room)[g]);
        if (r > 1 && r > burst[g]) burst[g] = r;
        repeaters = repeaters || r > 1;
      }
    }
    if (repeaters) {
      capacities();
      for (std::size_t k = 0; k < ps_extra.size(); ++k) plan.precise_base[k] += ps_extra[k];
    }
    std::partial_sum(plan.precise_base.begin(), plan.precise_base.end(), plan.precise_base.begin());
  }

  plan_rates(plan, info, pops, pop_of, part_of, partitions);

  // Pass 1: generator inputs (and, for the flat layout, the tables themselves).
  std::vector<std::vector<std::pair<Index, StimulusInput>>> stimuli(pops.size());
  std::vector<std::uint32_t> poisson_inputs(n_gids, 0);  // per target so far, for poisson_stream_id
  for (std::size_t c = 0; c < store.size(); ++c) {
    const NodeRole src = roles[store.source[c]];
    if (roles[store.target[c]] != NodeRole::neuron) continue;
    if ((src == NodeRole::neuron || src == NodeRole::spike_generator) && layout == TableLayout::flat) {
      if (delivered_plastic(info, c) || is_rate_connection(info, c)) continue;
      const Route r = route_of(c);
      DeliveryTable& table = plan.table(r.kind, static_cast<std::size_t>(partition_of_connection(c)));
      if (layout == TableLayout::flat) {
        table.source.push_back(store.source[c]);
        table.buffer_index.push_back(r.buffer_index);
        table.delay.push_back(store.delay_steps[c]);
        table.weight.push_back(table_weight(c));
      }
    } else if ((src == NodeRole::poisson_generator || src == NodeRole::current_generator) && !is_rate_connection(info, c)) {
      const std::int32_t p = pop_of[store.target[c]];
      const PopulationLayout& pop = pops[static_cast<std::size_t>(p)];
      const bool poisson = src == NodeRole::poisson_generator;
      const int channel = poisson ? pop.spike_channel(store.receptor[c], store.weight[c]) : current_channel(pop, store.receptor[c]);
      // A counting receptor takes the bare Poisson count (update_neuron multiplies by the weight).
      const double weight = poisson && pop.counts(store.receptor[c]) ? 1.0 : store.weight[c];
      StimulusInput in{poisson ? poisson_of[store.source[c]] : current_of[store.source[c]], channel,
                       store.delay_steps[c], poisson ? 1 : 0, weight,
                       poisson ? poisson_stream_id(store.target[c], poisson_inputs[store.target[c]]++) : 0};
      if (poisson) {
        const PoissonProgram& prog = info.poissons[static_cast<std::size_t>(in.program)];
        if (prog.state_size > 0) {
          in.state = static_cast<std::int64_t>(plan.stimulus_state.size());
          plan.stimulus_state.resize(plan.stimulus_state.size() + static_cast<std::size_t>(prog.state_size));
          init_rate_state(prog, plan.stimulus_state.data() + in.state);
        }
      }
      stimuli[static_cast<std::size_t>(p)].push_back({store.target[c] - pop.first, in});
    } else if (src == NodeRole::noise_generator) {
      const std::int32_t p = pop_of[store.target[c]];
      const PopulationLayout& pop = pops[static_cast<std::size_t>(p)];
      StimulusInput in{noise_of[store.source[c]], current_channel(pop, store.receptor[c]), store.delay_steps[c], kNoiseStimulus,
                       store.weight[c], noise_stream_id(store.target[c], noise_inputs[store.target[c]]++)};
      stimuli[static_cast<std::size_t>(p)].push_back({store.target[c] - pop.first, in});
    }
  }
  if (layout == TableLayout::flat) return finish_stimuli(plan, pops, stimuli);

  // CSR tables: each partition is built on its own thread, which scans every
  // connection (routing is a few lookups) and keeps its own: count rows,
  // prefix sums, then fill rows in creation order.
  parallel_for(static_cast<std::size_t>(partitions), partitions, [&](std::size_t t) {
    DeliveryTable* tables[n_delivery_kinds];
    for (int k = 0; k < n_delivery_kinds; ++k) tables[k] = &plan.table(k, t);
    for (std::size_t c = 0; c < store.size(); ++c) {
      if (partition_of_connection(c) != static_cast<std::int32_t>(t)) continue;
      ++tables[kind_of(c)]->row[store.source[c] + 1];
    }
    std::vector<std::uint64_t> cursor[n_delivery_kinds];
    for (int k = 0; k < n_delivery_kinds; ++k) {
      DeliveryTable& table = *tables[k];
      std::partial_sum(table.row.begin(), table.row.end(), table.row.begin());
      table.buffer_index.resize(table.row.back());
      table.delay.resize(table.row.back());
      table.weight.resize(table.row.back());
      cursor[k].assign(table.row.begin(), table.row.end() - 1);
    }
    for (std::size_t c = 0; c < store.size(); ++c) {
      if (partition_of_connection(c) != static_cast<std::int32_t>(t)) continue;
      const Route r = route_of(c);
      DeliveryTable& table = *tables[r.kind];
      const std::uint64_t k = cursor[r.kind][store.source[c]]++;
      table.buffer_index[k] = r.buffer_index;
      table.delay[k] = store.delay_steps[c];
      table.weight[k] = table_weight(c);
    }
  });
  return finish_stimuli(plan, pops, stimuli);
}

}  // namespace roost
