// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel's side of correlation_detector and correlomatrix_detector
// (correlation_detectors.hpp): which sources feed which detector (found at
// prepare among the recorder links), and the spikes of each slice handed
// over on the host, so that both backends get them alike.
#include "roost/correlation_detectors.hpp"
#include "roost/devices_curgen.hpp"
#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {

CorrelationDetectors& Kernel::detectors() {
  if (!detectors_) detectors_ = std::make_unique<CorrelationDetectors>();
  return *detectors_;
}

void Kernel::prepare_correlation_detectors() {
  bool any = false;
  for (const Device& dev : devices_) any = any || is_correlation_detector(registry_.at(dev.model).device_kind);
  if (!any) return;
  CorrelationDetectors& det = detectors();
  // NEST's slices (min_delay over all connections, detector links included)
  // set the order in which a detector sees the spikes.
  det.begin_prepare(now_, nest_min_delay_);
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    const DeviceKind kind = registry_.at(devices_[d].model).device_kind;
    if (is_correlation_detector(kind)) det.add_detector(d, kind, devices_[d].params, resolution_);
  }
  for (const std::size_t c : recorder_links_) {
    const Gid src = store_.source[c], tgt = store_.target[c];
    const NodeRange& r = range_of(tgt);
    if (r.is_neuron() || !is_correlation_detector(registry_.at(r.model).device_kind)) continue;
    const NodeRole role = roles_[static_cast<std::size_t>(src)];
    if (role == NodeRole::poisson_generator) continue;  // drawn per link (record_poisson)
    // NEST's nodes with proxies (neurons, spike_train_injector) reach the
    // detector through the spike exchange: one slice later, unrolled.
    const bool unrolled = role == NodeRole::neuron || registry_.at(range_of(src).model).neuron_like;
    det.add_link(src, r.first_device + static_cast<std::size_t>(tgt - r.first), store_.receptor[c], store_.weight[c],
                 unrolled);
  }
  if (comm_->size() > 1 && det.any()) {
    throw Error(ErrorKind::KernelException,
                "correlation_detector and correlomatrix_detector run on a single MPI process only in Roost.");
  }
}

void Kernel::feed_correlation_detectors(const std::vector<SpikeEvent>& spikes, Step to, bool run_end) {
  CorrelationDetectors& det = *detectors_;
  for (const SpikeEvent& e : spikes) det.collect(e.gid, e.step, e.multiplicity, e.weight_scale);
  det.advance(to, run_end);
}

}  // namespace roost
