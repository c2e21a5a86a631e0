// SPDX-License-Identifier: GPL-2.0-or-later
// NEST's pre_run_hook for models whose state has a length known only when a
// run starts (gif_pop_psc_exp: history lists of len_kernel elements, chosen
// from the parameters and the resolution). Before every Simulate the kernel
// hands each local neuron of such a model its row and lists; the model checks
// them, and where it writes (sizes or rebuilds its state) the row and lists go
// back to the backend, which re-lays the population's list columns when a
// list outgrew them. Runs on the host: one read of the population's rows per
// Simulate, the lists only of the neurons whose hook asks for them (a first
// call without lists says whether it needs them).
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
    // One read of all rows; lists only for the neurons that ask for them.
    const auto width = static_cast<std::size_t>(m.n_fields());
    std::vector<Index> locals(static_cast<std::size_t>(r.local_count));
    for (Index local = 0; local < r.local_count; ++local) locals[static_cast<std::size_t>(local)] = local;
    std::vector<double> rows(width * locals.size());
    backend_->get_rows(r.population, locals, rows);
    auto fail = [&](Index local, const char* problem) {
      throw Error(ErrorKind::BadProperty, m.name + " (node " + std::to_string(r.local_first + local) + "): " + problem);
    };
    for (Index local = 0; local < r.local_count; ++local) {
      double* row = rows.data() + static_cast<std::size_t>(local) * width;
      bool wants_lists = false;
      if (const char* problem = m.pre_run(row, nullptr, resolution_, wants_lists)) fail(local, problem);
      if (!wants_lists) continue;
      ListValues lists = neuron_lists(r, m, local, row);
      bool changed = false;
      if (const char* problem = m.pre_run(row, lists.data(), resolution_, changed)) fail(local, problem);
      if (!changed) continue;
      backend_->set_rows(r.population, std::span<const Index>(&local, 1), std::span<const double>(row, width));
      backend_->set_lists(r.population, local, lists);
    }
  }
}

}  // namespace roost
