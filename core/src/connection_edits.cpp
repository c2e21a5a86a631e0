// SPDX-License-Identifier: GPL-2.0-or-later
// Changes to the connection store besides Connect itself: Disconnect, and the
// numbering of multimeter links (NEST's receptor of a multimeter connection).
#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {
namespace {

[[noreturn]] void illegal(const std::string& message) { throw Error(ErrorKind::IllegalConnection, message); }

}  // namespace

void Kernel::disconnect(std::span<const std::int64_t> ids, bool missing) {
  std::exception_ptr error;
  try {
    if (missing) {
      throw Error(ErrorKind::KernelException, "InexistentConnection: Deletion of connection is not possible because "
                                              "it does not exist.");
    }
    for (auto id : ids) {
      if (id < 0 || static_cast<std::size_t>(id) >= store_.size()) {
        throw Error(ErrorKind::KernelException, "Connection id " + std::to_string(id) + " does not exist.");
      }
    }
  } catch (...) {
    error = std::current_exception();
  }
  agree(error, Call::connect);
  backend_->sync_connections();  // keep what a run learned for the connections that stay
  const std::size_t n = store_.size();
  std::vector<std::uint8_t> drop(n, 0);
  for (auto id : ids) drop[static_cast<std::size_t>(id)] = 1;
  std::vector<std::int64_t> new_id(n, -1);
  std::vector<std::int64_t> removed(global_connections_.size(), 0);
  std::size_t kept = 0;
  for (std::size_t c = 0; c < n; ++c) {
    if (drop[c]) {
      ++removed[store_.synapse_model[c]];
      multimeter_links_.erase((std::uint64_t{store_.source[c]} << 32) | store_.target[c]);
      continue;
    }
    new_id[c] = static_cast<std::int64_t>(kept);
    store_.source[kept] = store_.source[c];
    store_.target[kept] = store_.target[c];
    store_.weight[kept] = store_.weight[c];
    store_.delay_steps[kept] = store_.delay_steps[c];
    store_.receptor[kept] = store_.receptor[c];
    store_.synapse_model[kept] = store_.synapse_model[c];
    ++kept;
  }
  store_.resize(kept);
  for (SynapseRows& rows : synapse_rows_) {  // rows follow their connections
    const auto width = static_cast<std::size_t>(rows.width);
    std::size_t out = 0;
    for (std::size_t r = 0; r < rows.conn.size(); ++r) {
      const std::int64_t id = new_id[static_cast<std::size_t>(rows.conn[r])];
      if (id < 0) continue;
      rows.conn[out] = id;
      std::copy_n(rows.values.begin() + static_cast<std::ptrdiff_t>(r * width), width,
                  rows.values.begin() + static_cast<std::ptrdiff_t>(out * width));
      if (!rows.label.empty()) rows.label[out] = rows.label[r];
      ++out;
    }
    rows.truncate(out);
  }
  if (comm_->size() > 1) comm_->allreduce_sum(std::span<std::int64_t>(removed));
  for (std::size_t m = 0; m < removed.size(); ++m) global_connections_[m] -= removed[m];
  recompute_event_delays();
  connections_changed_ = true;
  prepared_ = false;
}

// Called for Connects that have a multimeter among their sources.
void Kernel::number_multimeter_links(std::size_t base) {
  std::vector<std::size_t> links;  // the new connections that leave a multimeter
  std::vector<std::uint64_t> keys;
  for (std::size_t c = base; c < store_.size(); ++c) {
    if (registry_.at(range_of(store_.source[c]).model).device_kind != DeviceKind::multimeter) continue;
    links.push_back(c);
    keys.push_back((std::uint64_t{store_.source[c]} << 32) | store_.target[c]);
  }
  std::vector<std::uint64_t> sorted = keys;  // checks first: nothing changes on error
  std::sort(sorted.begin(), sorted.end());
  const bool repeated = std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end() ||
                        std::any_of(keys.begin(), keys.end(), [&](std::uint64_t k) { return multimeter_links_.count(k); });
  if (repeated) {
    illegal("Creation of connection is not possible because:\nEach multimeter can only be connected once to a "
            "given node.");
  }
  for (std::size_t k = 0; k < links.size(); ++k) {
    multimeter_links_.insert(keys[k]);
    multimeter_links_added_.push_back(keys[k]);
    store_.receptor[links[k]] = ++multimeters_on_[store_.target[links[k]]];
  }
}

void Kernel::forget_multimeter_links() {
  for (const std::uint64_t key : multimeter_links_added_) {
    multimeter_links_.erase(key);
    --multimeters_on_[static_cast<Gid>(key & 0xffffffffu)];
  }
  multimeter_links_added_.clear();
}

}  // namespace roost
