// SPDX-License-Identifier: GPL-2.0-or-later
// NEST's pre_run_hook for models whose state has a length known only when a
// run starts (gif_pop_psc_exp: history lists of len_kernel elements, chosen
// from the parameters and the resolution). Before every Simulate the kernel
// hands each local neuron of such a model its row and lists; the model checks
// them, and where it writes (sizes or rebuilds its state) the row and lists go
// back to the backend, which re-lays the population's list columns when a
// list outgrew them. Runs on the host, once per neuron and Simulate: meant
// for models with few nodes (one node stands for a population).
#include <string>
#include <vector>

#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {

void Kernel::run_model_pre_run() {
  for (const NodeRange& r : ranges_) {
    if (r.population < 0 || r.local_count == 0) continue;
    const ModelInfo& m = registry_.at(r.model);
    if (m.pre_run == nullptr) continue;
    std::vector<double> row(static_cast<std::size_t>(m.n_fields()));
    for (Index local = 0; local < r.local_count; ++local) {
      backend_->get_rows(r.population, std::span<const Index>(&local, 1), row);
      ListValues lists = neuron_lists(r, m, local, row.data());
      bool changed = false;
      if (const char* problem = m.pre_run(row.data(), lists.data(), resolution_, changed)) {
        throw Error(ErrorKind::BadProperty, m.name + " (node " + std::to_string(r.local_first + local) + "): " + problem);
      }
      if (!changed) continue;
      backend_->set_rows(r.population, std::span<const Index>(&local, 1), row);
      backend_->set_lists(r.population, local, lists);
    }
  }
}

}  // namespace roost
