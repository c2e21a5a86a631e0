// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// NEST's SignalType check at Connect: binary neurons send and take BINARY
// events, ordinary neurons and most devices SPIKE ones. A connection needs a
// kind the source sends and the target takes (multimeters are not checked).
// Both kinds: spike_generator, noise_generator, parrot_neuron (send) and
// spike_recorder, parrot_neuron (take); spin_detector and
// correlospinmatrix_detector take BINARY only. Checked against NEST 3.10.

#include "roost/model_registry.hpp"

namespace roost {

inline constexpr int kSpikeSignal = 1, kBinarySignal = 2;

inline int sends_signal(const ModelInfo& m) {
  if (m.binary_input) return kBinarySignal;
  if (m.device_kind == DeviceKind::spike_generator || m.device_kind == DeviceKind::noise_generator ||
      m.base_name == "parrot_neuron" || m.device_kind == DeviceKind::multimeter) {
    return kSpikeSignal | kBinarySignal;
  }
  return kSpikeSignal;
}

inline int receives_signal(const ModelInfo& m) {
  if (m.binary_input || m.device_kind == DeviceKind::spin_detector ||
      m.device_kind == DeviceKind::correlospinmatrix_detector) {
    return kBinarySignal;
  }
  if (m.device_kind == DeviceKind::spike_recorder || m.base_name == "parrot_neuron") return kSpikeSignal | kBinarySignal;
  return kSpikeSignal;
}

inline bool signals_compatible(const ModelInfo& source, const ModelInfo& target) {
  return (sends_signal(source) & receives_signal(target)) != 0;
}

}  // namespace roost
