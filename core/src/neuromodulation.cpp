// SPDX-License-Identifier: GPL-2.0-or-later
// Volume transmitters: the kernel collects their spikes each slice from the
// slice's spike list (every rank sees them) and hands them to the synapses
// that name them every deliver_interval min-delay slices, at the end of the
// slice, as NEST's volume_transmitter does.
#include <algorithm>

#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {

// Buffers for every volume_transmitter (kept across runs), and which buffer
// each neuromodulated synapse model reads.
void Kernel::prepare_neuromodulators(PrepareInfo& info) {
  std::vector<NeuromodulatorBuffer> buffers;
  for (const NodeRange& r : ranges_) {
    if (!registry_.at(r.model).neuromodulator_source) continue;
    for (Gid g = r.first; g <= r.last; ++g) {
      auto old = std::find_if(neuromodulators_.begin(), neuromodulators_.end(),
                              [g](const NeuromodulatorBuffer& b) { return b.gid == g; });
      if (old != neuromodulators_.end()) {
        buffers.push_back(std::move(*old));
      } else {
        buffers.emplace_back().gid = g;
      }
    }
  }
  neuromodulators_ = std::move(buffers);
  is_neuromodulator_.assign(static_cast<std::size_t>(network_size() + 1), -1);
  for (std::size_t b = 0; b < neuromodulators_.size(); ++b) {
    is_neuromodulator_[static_cast<std::size_t>(neuromodulators_[b].gid)] = static_cast<std::int32_t>(b);
  }
  for (int m = 0; m < registry_.size(); ++m) {
    const ModelInfo& syn = registry_.at(m);
    if (syn.element_type != ElementType::synapse || !syn.synapse_traits.neuromodulated) continue;
    const auto vt = static_cast<std::size_t>(as_int(syn.dict_defaults.at("volume_transmitter"), "volume_transmitter"));
    if (vt == 0) continue;  // no connections can exist (Connect refuses)
    if (vt >= is_neuromodulator_.size() || is_neuromodulator_[vt] < 0) {
      throw Error(ErrorKind::BadProperty, syn.name + ": volume_transmitter " + std::to_string(vt) +
                                              " is not a volume_transmitter node.");
    }
    info.synapses[static_cast<std::size_t>(m)].neuromodulator = is_neuromodulator_[vt];
  }
  info.neuromodulators = &neuromodulators_;
}

// Collective (after every rank prepared): each volume_transmitter's
// deliver_interval, from the rank that holds it.
void Kernel::agree_neuromodulator_intervals() {
  if (neuromodulators_.empty()) return;
  std::vector<std::int64_t> interval(neuromodulators_.size(), 0);
  for (std::size_t b = 0; b < neuromodulators_.size(); ++b) {
    const Gid g = neuromodulators_[b].gid;
    if (!is_local(g)) continue;
    double value = 0.0;
    get_values(std::span<const Gid>(&g, 1), "deliver_interval", std::span<double>(&value, 1));
    interval[b] = static_cast<std::int64_t>(value);
  }
  if (comm_->size() > 1) comm_->allreduce_sum(interval);
  for (std::size_t b = 0; b < neuromodulators_.size(); ++b) neuromodulators_[b].interval = interval[b] * min_delay_;
}

// The slice [.., to)'s spikes of volume_transmitters into their buffers (a
// spike emitted in step s arrived at the transmitter at (s + 1) h), then the
// hand-over of those whose period ends with this slice.
void Kernel::collect_neuromodulator_spikes(const std::vector<SpikeEvent>& spikes, Step to) {
  if (neuromodulators_.empty()) return;
  for (const SpikeEvent& e : spikes) {
    const std::int32_t b = is_neuromodulator_[static_cast<std::size_t>(e.gid)];
    if (b < 0) continue;
    NeuromodulatorBuffer& buffer = neuromodulators_[static_cast<std::size_t>(b)];
    buffer.t.push_back(steps_to_ms(e.step + 1));
    buffer.multiplicity.push_back(static_cast<double>(e.multiplicity));
  }
  for (std::size_t b = 0; b < neuromodulators_.size(); ++b) {
    NeuromodulatorBuffer& buffer = neuromodulators_[b];
    if (to % buffer.interval != 0) continue;
    const double t_trig = steps_to_ms(to);
    backend_->neuromodulate(static_cast<int>(b), t_trig);
    buffer.t.assign(1, t_trig);
    buffer.multiplicity.assign(1, 0.0);
  }
}

}  // namespace roost
