// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The CUDA backend's Clopath histories (roost/clopath_history.hpp) in device
// memory, with a host copy (ClopathStore) that carries them over when the set
// of slots changes and grows the LTP rings between slices.

#include <thrust/copy.h>

#include <algorithm>
#include <vector>

#include "roost/clopath_history_store.hpp"

namespace roost::cuda {

template <template <class> class Vec>
class DeviceClopath {
 public:
  std::size_t slots() const { return store_.slots(); }

  // New slots (connections changed); neurons that had one keep their history.
  template <class DelaySteps>
  void build(const std::vector<Gid>& gids, std::vector<std::uint32_t> n_incoming, std::uint32_t ltd_length,
             DelaySteps&& delay_steps) {
    download();
    store_.remap(gids, ltd_length, delay_steps);
    store_.n_incoming = std::move(n_incoming);
    upload();
  }

  // Before a slice of `steps` steps: grows the LTP rings if one could fill up.
  void make_room(std::uint32_t steps) {
    if (store_.slots() == 0) return;
    std::vector<std::uint32_t> counts(count_.size());
    thrust::copy(count_.begin(), count_.end(), counts.begin());
    const std::uint32_t most = *std::max_element(counts.begin(), counts.end());
    if (static_cast<std::uint64_t>(most) + steps <= store_.ltp_capacity) return;
    download();
    if (store_.make_room(steps)) upload();
  }

  ClopathHistory view(double h_ms) {
    ClopathHistory h;
    h.ltp = raw(ltp_);
    h.ltp_head = raw(head_);
    h.ltp_count = raw(count_);
    h.ltp_capacity = store_.ltp_capacity;
    h.ltd = raw(ltd_);
    h.ltd_current = raw(ltd_current_);
    h.ltd_length = store_.ltd_length;
    h.delayed = raw(delayed_);
    h.delay_base = raw(delay_base_);
    h.delay_length = raw(delay_length_);
    h.delay_index = raw(delay_index_);
    h.n_incoming = raw(n_incoming_);
    h.h_ms = h_ms;
    h.overflow = raw(overflow_);
    return h;
  }

  Gid overflow() const {
    if (store_.slots() == 0) return 0;
    const std::int64_t slot = overflow_[0];
    return slot > 0 ? store_.gids[static_cast<std::size_t>(slot - 1)] : 0;
  }

  std::size_t device_bytes() const {
    return ltp_.size() * sizeof(LtpEntry) + ltd_.size() * sizeof(LtdEntry) + delayed_.size() * sizeof(double);
  }

 private:
  void upload() {
    ltp_.assign(store_.ltp.begin(), store_.ltp.end());
    head_.assign(store_.ltp_head.begin(), store_.ltp_head.end());
    count_.assign(store_.ltp_count.begin(), store_.ltp_count.end());
    n_incoming_.assign(store_.n_incoming.begin(), store_.n_incoming.end());
    ltd_.assign(store_.ltd.begin(), store_.ltd.end());
    ltd_current_.assign(store_.ltd_current.begin(), store_.ltd_current.end());
    delayed_.assign(store_.delayed.begin(), store_.delayed.end());
    delay_base_.assign(store_.delay_base.begin(), store_.delay_base.end());
    delay_length_.assign(store_.delay_length.begin(), store_.delay_length.end());
    delay_index_.assign(store_.delay_index.begin(), store_.delay_index.end());
    overflow_.assign(1, store_.overflow);
    device_current_ = true;
  }
  // What the device learned, into the host copy (what changes during a run).
  void download() {
    if (!device_current_ || store_.slots() == 0) return;
    thrust::copy(ltp_.begin(), ltp_.end(), store_.ltp.begin());
    thrust::copy(head_.begin(), head_.end(), store_.ltp_head.begin());
    thrust::copy(count_.begin(), count_.end(), store_.ltp_count.begin());
    thrust::copy(ltd_.begin(), ltd_.end(), store_.ltd.begin());
    thrust::copy(ltd_current_.begin(), ltd_current_.end(), store_.ltd_current.begin());
    thrust::copy(delayed_.begin(), delayed_.end(), store_.delayed.begin());
    thrust::copy(delay_index_.begin(), delay_index_.end(), store_.delay_index.begin());
    store_.overflow = overflow_[0];
  }
  template <class T>
  static T* raw(Vec<T>& v) { return thrust::raw_pointer_cast(v.data()); }

  ClopathStore store_;
  bool device_current_ = false;
  Vec<LtpEntry> ltp_;
  Vec<std::uint32_t> head_, count_, n_incoming_, ltd_current_, delay_length_, delay_index_;
  Vec<LtdEntry> ltd_;
  Vec<double> delayed_;
  Vec<std::uint64_t> delay_base_;
  Vec<std::int64_t> overflow_;
};

}  // namespace roost::cuda
