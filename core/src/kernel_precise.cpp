// SPDX-License-Identifier: GPL-2.0-or-later
// Event room of the neurons that repeat their input events (parrot_neuron_ps,
// precise_events.hpp repeat_events), agreed over ranks. A target of such a
// neuron keeps room for as many of its events per step as the neuron can
// receive; the neuron's incoming connections are stored on its own rank
// only, so each rank counts its part and the sums are shared
// (allreduce_sum; every rank takes part when the network has such a model).
#include <algorithm>

#include "roost/devices_ps.hpp"
#include "roost/kernel.hpp"

namespace roost {

void Kernel::agree_repeat_rooms() {
  repeat_room_.clear();
  bool any = false;
  for (const NodeRange& r : ranges_) any = any || registry_.at(r.model).repeats_events;
  if (!any) return;
  const auto n = static_cast<std::size_t>(network_size() + 1);
  std::vector<std::int64_t> room(n, 0), burst(n, 1);
  // A device's densest step: a spike_generator's train, a poisson_generator_ps's bound.
  for (const NodeRange& r : ranges_) {
    const ModelInfo& m = registry_.at(r.model);
    if (r.is_neuron()) continue;
    for (Gid g = r.first; g <= r.last; ++g) {
      const Device& dev = devices_[r.first_device + static_cast<std::size_t>(g - r.first)];
      std::int64_t most = 1;
      if (m.device_kind == DeviceKind::spike_generator) {
        const SpikeTrainProgram train = make_spike_train(g, dev.params, resolution_, now_, tics_per_ms_);
        std::int64_t run = 0;
        for (std::size_t k = 0; k < train.emission_step.size(); ++k) {
          run = k > 0 && train.emission_step[k] == train.emission_step[k - 1] ? run + 1 : 1;
          most = std::max(most, run);
        }
      } else if (m.device_kind == DeviceKind::poisson_generator_ps) {
        most = static_cast<std::int64_t>(poisson_ps_burst(make_poisson_ps(g, dev.params, resolution_)));
      }
      burst[static_cast<std::size_t>(g)] = most;
    }
  }
  for (std::size_t c = 0; c < store_.size(); ++c) {
    const Gid t = store_.target[c];
    if (!registry_.at(range_of(t).model).repeats_events) continue;
    room[static_cast<std::size_t>(t)] += burst[static_cast<std::size_t>(store_.source[c])];
  }
  comm_->allreduce_sum(room);
  for (std::int64_t& x : room) x += 1;  // the generators' count at the step's end
  repeat_room_ = std::move(room);
}

}  // namespace roost
