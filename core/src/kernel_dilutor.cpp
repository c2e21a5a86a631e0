// SPDX-License-Identifier: GPL-2.0-or-later
// spike_dilutor (NEST 3.10, deprecated): a relay that repeats each mother
// spike it receives to each of its targets independently with probability
// p_copy, at the mother spike's arrival time. Its targets draw the copies
// like a mip_generator's (devices_rate.hpp); the kernel collects the mother
// spikes on the host: from each slice's spike list, and, for generators that
// are drawn at the target, by drawing the dilutor's own input as a neuron
// target would. Every connection delay is at least min_delay, so a mother
// spike found in slice [from, to) is read at or after `to`: its count is in
// the rate rows before the slice that reads it.
#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {

void Kernel::prepare_dilutors(const PrepareInfo& info) {
  dilutor_inputs_.clear();
  std::vector<DilutorFeed> previous = std::move(dilutor_feeds_);
  dilutor_feeds_.clear();
  if (!rate_rows_.has_dilutors()) return;
  if (threads_ > 1) {
    throw Error(ErrorKind::KernelException,
                "The network contains a spike_dilutor which cannot be used with multiple threads.");
  }
  std::vector<int> row_of(static_cast<std::size_t>(network_size() + 1), -1), program_of(row_of.size(), -1);
  for (std::size_t k = 0; k < info.poissons.size(); ++k) {
    const PoissonProgram& p = info.poissons[k];
    program_of[static_cast<std::size_t>(p.gid)] = static_cast<int>(k);
    if (p.rate_row >= 0 && rate_rows_.schedule(p.rate_row).device == DeviceKind::spike_dilutor) {
      row_of[static_cast<std::size_t>(p.gid)] = p.rate_row;
    }
  }
  dilutor_inputs_.assign(static_cast<std::size_t>(network_size() + 1), {});
  std::vector<std::uint32_t> ordinal(static_cast<std::size_t>(network_size() + 1), 0);
  for (std::size_t c = 0; c < store_.size(); ++c) {
    const Gid src = store_.source[c], tgt = store_.target[c];
    const int row = row_of[static_cast<std::size_t>(tgt)];
    if (row < 0) continue;
    const Step delay = store_.delay_steps[c];
    if (roles_[static_cast<std::size_t>(src)] == NodeRole::poisson_generator) {
      const PoissonProgram& program = info.poissons[static_cast<std::size_t>(program_of[static_cast<std::size_t>(src)])];
      DilutorFeed feed{poisson_stream_id(tgt, ordinal[static_cast<std::size_t>(tgt)]++), program, row, delay, {}};
      feed.state.resize(static_cast<std::size_t>(program.state_size));
      if (program.state_size > 0) init_rate_state(program, feed.state.data());
      // A feed that existed before keeps its process state.
      for (const DilutorFeed& old : previous) {
        if (old.stream == feed.stream && old.program.gid == src && old.state.size() == feed.state.size()) feed.state = old.state;
      }
      dilutor_feeds_.push_back(std::move(feed));
    } else {
      dilutor_inputs_[static_cast<std::size_t>(src)].push_back({row, delay});
    }
  }
}

void Kernel::feed_dilutors(const std::vector<SpikeEvent>& spikes, Step from, Step to) {
  for (const SpikeEvent& e : spikes) {
    const auto src = static_cast<std::size_t>(e.gid);
    if (src >= dilutor_inputs_.size()) continue;
    for (const DilutorInput& in : dilutor_inputs_[src]) {
      rate_rows_.add_mother_spikes(in.row, e.step + in.delay, static_cast<double>(e.multiplicity));
    }
  }
  const auto length = static_cast<std::size_t>(to - from);
  for (DilutorFeed& f : dilutor_feeds_) {
    for (Step n = from; n < to; ++n) {
      auto make_rng = [&]() { return RandomStream(rng_seed_, RngPurpose::PoissonInput, f.stream, static_cast<std::uint64_t>(n)); };
      double count = 0.0;
      if (f.program.kind == rate_constant) {
        if (!f.program.window.contains(n + 1) || f.program.mean_per_step <= 0.0) continue;
        count = static_cast<double>(make_rng().poisson(f.program.mean_per_step));
      } else {
        const double* row = rate_values_.data() +
                            (static_cast<std::size_t>(f.program.rate_row) * length + static_cast<std::size_t>(n - from)) * kRateRowWidth;
        count = rate_input_count(f.program, row, make_rng, f.state.data());
      }
      if (count > 0.0) rate_rows_.add_mother_spikes(f.row, n + f.delay, count);
    }
  }
}

}  // namespace roost
