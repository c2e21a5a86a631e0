// SPDX-License-Identifier: GPL-2.0-or-later
// sic_connection (NEST's SICEvent): an astrocyte's slow inward current to the
// neurons that take it. The connections ride the rate transmission
// (rate_transmission.hpp; kernel_rates.cpp gives astrocytes their rate index);
// here only NEST's check_connection: the source must send SICEvents, the target handle them.
#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {

void Kernel::check_sic_connections(std::span<const Gid> sources, std::span<const Gid> targets) const {
  auto check = [&](std::span<const Gid> gids, bool (*ok)(const ModelInfo&)) {
    for (std::size_t k = 0; k < gids.size();) {
      const NodeRange& r = range_of(gids[k]);
      if (!ok(registry_.at(r.model))) {
        throw Error(ErrorKind::IllegalConnection, "Creation of connection is not possible.");
      }
      while (k < gids.size() && gids[k] <= r.last) ++k;
    }
  };
  check(sources, [](const ModelInfo& m) { return m.sends_sic; });
  check(targets, [](const ModelInfo& m) { return m.accepts_sic; });
}

}  // namespace roost
