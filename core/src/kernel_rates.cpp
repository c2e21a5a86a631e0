// SPDX-License-Identifier: GPL-2.0-or-later
// Rate models, rate connections and gap junctions in the kernel: NEST's
// waveform-relaxation settings and iterations, the connection rules of rate
// models and gap junctions, the rate index of every rate node and
// gap-junction neuron at prepare, and the per-slice transmission (an
// exchange between ranks, then the backend's delivery). The transmission itself is
// rate_transmission.hpp, written once for the backends.
#include <bit>
#include <cmath>
#include <cstdio>

#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {
namespace {

[[noreturn]] void illegal_connection(const std::string& why) {
  throw Error(ErrorKind::IllegalConnection, "Creation of connection is not possible because:\n" + why);
}

}  // namespace

// NEST's SimulationManager rules: use_wfr only before nodes exist (and it sets
// the communication interval to the resolution when off); the interval only
// with use_wfr, before connections, and not below the resolution.
void Kernel::set_wfr(const Dict& changes, double resolution) {
  WfrSettings next = wfr_;
  if (auto it = changes.find("use_wfr"); it != changes.end()) {
    const bool use = as_bool(it->second, "use_wfr");
    if (!ranges_.empty()) {
      throw Error(ErrorKind::KernelException,
                  "Cannot enable/disable usage of waveform relaxation after nodes have been created. Please call "
                  "ResetKernel first.");
    }
    next.use = use;
  }
  if (auto it = changes.find("wfr_comm_interval"); it != changes.end()) {
    const double interval = as_double(it->second, "wfr_comm_interval");
    if (!next.use) {
      throw Error(ErrorKind::KernelException, "Cannot set waveform communication interval when usage of waveform "
                                              "relaxation is disabled. Set use_wfr to true first.");
    }
    if (store_.size() != 0) {
      throw Error(ErrorKind::KernelException, "Cannot change waveform communication interval after connections have "
                                              "been created. Please call ResetKernel first.");
    }
    if (interval < resolution) {
      throw Error(ErrorKind::KernelException, "Communication interval of the waveform relaxation must be greater or "
                                              "equal to the resolution of the simulation.");
    }
    next.comm_interval = interval;
  }
  if (auto it = changes.find("wfr_tol"); it != changes.end()) {
    next.tol = as_double(it->second, "wfr_tol");
    if (next.tol < 0.0) throw Error(ErrorKind::KernelException, "Tolerance must be zero or positive");
  }
  if (auto it = changes.find("wfr_max_iterations"); it != changes.end()) {
    next.max_iterations = as_int(it->second, "wfr_max_iterations");
    if (next.max_iterations <= 0) {
      throw Error(ErrorKind::KernelException, "Maximal number of iterations  for the waveform relaxation must be "
                                              "positive. To disable waveform relaxation set use_wfr instead.");
    }
  }
  if (auto it = changes.find("wfr_interpolation_order"); it != changes.end()) {
    next.interpolation_order = as_int(it->second, "wfr_interpolation_order");
    if (next.interpolation_order < 0 || next.interpolation_order == 2 || next.interpolation_order > 3) {
      throw Error(ErrorKind::KernelException, "Interpolation order must be 0, 1, or 3.");
    }
  }
  for (const auto& [key, value] : changes) {
    if (key.rfind("wfr_", 0) == 0 && key != "wfr_comm_interval" && key != "wfr_tol" && key != "wfr_max_iterations" &&
        key != "wfr_interpolation_order") {
      throw Error(ErrorKind::UnknownParameter, "Unknown kernel property '" + key + "'.");
    }
  }
  wfr_ = next;
}

void Kernel::get_wfr(Dict& d) const {
  d["use_wfr"] = wfr_.use;
  d["wfr_comm_interval"] = wfr_.use ? wfr_.comm_interval : resolution_;
  d["wfr_tol"] = wfr_.tol;
  d["wfr_max_iterations"] = wfr_.max_iterations;
  d["wfr_interpolation_order"] = wfr_.interpolation_order;
}

// The delay an instantaneous rate connection counts with (min_delay, slices):
// NEST registers it with the waveform-relaxation communication interval, the
// resolution when use_wfr is off.
Step Kernel::instantaneous_rate_delay() const {
  return wfr_.use ? std::max<Step>(1, std::llround(wfr_.comm_interval / resolution_)) : 1;
}

// Rate connections join rate models (and step_rate_generator to them); rate
// models send and take nothing else.
void Kernel::refuse_delay(const ModelInfo& syn) {
  if (syn.synapse_traits.rate_connection == kRateInstantaneous) {
    throw Error(ErrorKind::BadProperty, "rate_connection_instantaneous has no delay. Please use rate_connection_delayed.");
  }
  if (syn.synapse_traits.rate_connection == kGapJunction) {
    throw Error(ErrorKind::BadProperty, syn.name + " connection has no delay");
  }
  if (syn.synapse_traits.rate_connection == kDiffusion) throw Error(ErrorKind::BadProperty, syn.name + " has no delay.");
}

void Kernel::refuse_weight(const ModelInfo& syn) {
  if (syn.synapse_traits.rate_connection == kDiffusion) {
    throw Error(ErrorKind::BadProperty, "Please use the parameters drift_factor and diffusion_factor to specifiy the "
                                        "weights.");  // sic, NEST's message
  }
}

// diffusion_connection joins siegert_neurons (NEST's messages).
void Kernel::check_diffusion_connections(std::span<const Gid> sources, std::span<const Gid> targets) const {
  for (Gid g : sources) {
    if (!registry_.at(range_of(g).model).diffusion_node) illegal_connection("The source node does not support diffusion output.");
  }
  for (Gid g : targets) {
    if (!registry_.at(range_of(g).model).diffusion_node) {
      illegal_connection("The target node or synapse model does not support diffusion input.");
    }
  }
}

// Gap junctions join gap-junction neurons. NEST checks the reverse
// connection of a symmetric pair first: a non-gap target is reported as the
// (reverse) source, a non-gap source as the (reverse) target.
void Kernel::check_gap_junctions(std::span<const Gid> sources, std::span<const Gid> targets) const {
  for (Gid g : targets) {
    if (!registry_.at(range_of(g).model).gap_node) illegal_connection("The source node does not support gap junction output.");
  }
  for (Gid g : sources) {
    if (!registry_.at(range_of(g).model).gap_node) {
      illegal_connection("The target node or synapse model does not support gap junction input.");
    }
  }
}

void Kernel::check_rate_connections(std::span<const Gid> sources, std::span<const Gid> targets,
                                    const ModelInfo& syn) const {
  const int rate = syn.synapse_traits.rate_connection;
  if (rate == kGapJunction) {
    check_gap_junctions(sources, targets);
    return;
  }
  if (rate == kDiffusion) {
    check_diffusion_connections(sources, targets);
    return;
  }
  if ((rate & kSicConnection) != 0) return check_sic_connections(sources, targets);  // kernel_sic.cpp
  for (std::size_t k = 0; k < sources.size();) {
    const NodeRange& r = range_of(sources[k]);
    const ModelInfo& m = registry_.at(r.model);
    const bool rate_generator = m.device_kind == DeviceKind::step_rate_generator;
    if (rate_generator && rate != kRateDelayed) {
      illegal_connection("step_rate_generator sends delayed rates only: connect it with rate_connection_delayed.");
    }
    if (rate != 0 && (!m.rate_node || m.diffusion_node) && !rate_generator) {
      illegal_connection("The source node (" + m.name + ") does not send rates: " + syn.name +
                         " connects rate models (lin_rate_ipn, rate_transformer_lin, ...).");
    }
    if (rate == 0 && m.sends_sic) {
      illegal_connection("Source node does not send output.\n  " + m.name + " sends a slow inward current only: "
                         "connect it with sic_connection.");
    }
    if (rate == 0 && m.rate_node) {
      illegal_connection("Source node does not send output.\n  " + m.name +
                         " sends rates only: connect it with rate_connection_delayed or rate_connection_instantaneous.");
    }
    while (k < sources.size() && sources[k] <= r.last) ++k;
  }
  for (std::size_t k = 0; k < targets.size();) {
    const NodeRange& r = range_of(targets[k]);
    const ModelInfo& m = registry_.at(r.model);
    // eprop_readout: delayed rates into its rate ports (checked per connection at Connect).
    const bool rate_ports = m.rate_receptor != nullptr && rate == kRateDelayed;
    if (rate != 0 && (!m.rate_node || m.diffusion_node) && !rate_ports) {
      illegal_connection(std::string("The target node or synapse model does not support ") +
                         (rate == kRateDelayed ? "delayed" : "instantaneous") + " rate input.");
    }
    if (rate == 0 && m.rate_node) {
      // Multimeters record rate models; current generators are refused by accepts_current.
      for (Gid s : sources) {
        const ModelInfo& sm = registry_.at(range_of(s).model);
        if (sm.device_kind != DeviceKind::multimeter && !is_current_source(sm.device_kind)) {
          illegal_connection("The target node or synapse model does not support spike input.");
        }
      }
    }
    while (k < targets.size() && targets[k] <= r.last) ++k;
  }
}

// Whether any rank stores a rate connection, and the check that NEST's
// waveform relaxation is not asked for. Collective (every prepare).
void Kernel::agree_rate_connections() {
  if (connections_changed_ || rate_scan_size_ != store_.size()) {
    local_rate_connections_ = 0;
    for (std::size_t c = 0; c < store_.size(); ++c) {
      const int rate = registry_.at(store_.synapse_model[c]).synapse_traits.rate_connection;
      local_rate_connections_ |= rate;  // bits: kRateDelayed, kRateInstantaneous, kGapJunction, kDiffusion
    }
    rate_scan_size_ = store_.size();
  }
  // One flag per kind (bit): a maximum over ranks of the bits themselves would lose some.
  std::int64_t kinds[4];
  for (int bit = 0; bit < 4; ++bit) kinds[bit] = (local_rate_connections_ >> bit) & 1;
  comm_->allreduce_max(kinds);
  const bool delayed = kinds[0] != 0, instantaneous = kinds[1] != 0, gap = kinds[2] != 0, diffusion = kinds[3] != 0;
  has_rate_connections_ = delayed || instantaneous || gap || diffusion;
  has_gap_junctions_ = gap;
  // NEST iterates slices only where instantaneous connections make it matter.
  waveform_relaxation_ = wfr_.use && (instantaneous || gap || diffusion);
}

// The rate index of every rate node (by gid, over all ranks) and the gain
// functions of the local ones.
void Kernel::prepare_rates(PrepareInfo& info) {
  info.rate_index.assign(static_cast<std::size_t>(network_size() + 1), -1);
  std::int64_t n = 0;
  for (const NodeRange& r : ranges_) {
    const ModelInfo& m = registry_.at(r.model);
    if (!m.rate_node && !m.sends_sic && !(m.gap_node && has_gap_junctions_)) continue;  // astrocytes: their SIC
    for (Gid g = r.first; g <= r.last; ++g) info.rate_index[static_cast<std::size_t>(g)] = n++;
  }
  info.n_rate_nodes = n;
  // step_rate_generators: their own blocks, written on every rank (rate_transmission.hpp).
  info.n_rate_generators = 0;
  for (CurrentProgram& program : info.currents) {
    const NodeRange& r = range_of(program.gid);
    if (registry_.at(r.model).device_kind != DeviceKind::step_rate_generator) continue;
    program.rate_index = info.n_rate_generators++;
    info.rate_index[static_cast<std::size_t>(program.gid)] = program.rate_index;
  }
  info.waveform_relaxation = waveform_relaxation_;
  info.rate_values_per_step = has_gap_junctions_ ? wfr_.interpolation_order + 1 : 1;
  info.wfr_interpolation_order = wfr_.interpolation_order;
  if (!has_rate_connections_) return;
  info.rate_gains.assign(static_cast<std::size_t>(n), models::RateGain{});
  info.rate_nonlinear.assign(static_cast<std::size_t>(n), 0);
  for (const NodeRange& r : ranges_) {
    const ModelInfo& m = registry_.at(r.model);
    if (!m.rate_node || r.local_count == 0) continue;
    std::vector<Index> locals(static_cast<std::size_t>(r.local_count));
    for (Index k = 0; k < r.local_count; ++k) locals[static_cast<std::size_t>(k)] = k;
    const auto width = static_cast<std::size_t>(m.n_fields());
    std::vector<double> rows(locals.size() * width);
    backend_->get_rows(r.population, locals, rows);
    for (std::size_t k = 0; k < locals.size(); ++k) {
      const double* row = rows.data() + k * width;
      const auto index = static_cast<std::size_t>(info.rate_index[static_cast<std::size_t>(r.local_first) + k]);
      info.rate_gains[index] = m.rate_gain(row);
      info.rate_nonlinear[index] = m.sums_linearly(row) ? 0 : 1;
    }
  }
}

// After each update: one rank delivers its own blocks; several exchange them
// first. Each block entry is written by exactly one rank (others hold +0.0),
// so a sum of the bit patterns as integers reproduces every value exactly,
// and every rank sees the same largest change (waveform relaxation).
double Kernel::transmit_rates(RateDelivery mode) {
  if (!has_rate_connections_) return 0.0;
  if (comm_->size() == 1) return backend_->deliver_rates(nullptr, mode);
  backend_->rate_blocks(rate_exchange_);
  std::vector<std::int64_t>& bits = rate_exchange_bits_;
  bits.resize(rate_exchange_.size());
  for (std::size_t k = 0; k < bits.size(); ++k) bits[k] = std::bit_cast<std::int64_t>(rate_exchange_[k]);
  comm_->allreduce_sum(bits);
  for (std::size_t k = 0; k < bits.size(); ++k) rate_exchange_[k] = std::bit_cast<double>(bits[k]);
  return backend_->deliver_rates(&rate_exchange_, mode);
}

// NEST's waveform relaxation (SimulationManager::update_): the rate models
// run the slice again and again, each iteration from the slice's initial
// state and with the instantaneous input of the previous one, until no sent
// rate changes by more than wfr_tol (or wfr_max_iterations); the final
// update then uses the converged instantaneous input.
void Kernel::relax_waveforms(Step from, Step to) {
  for (std::int64_t it = 0; it < wfr_.max_iterations; ++it) {
    backend_->wfr_update(from, to);
    if (transmit_rates(RateDelivery::wfr_iteration) <= wfr_.tol) return;
  }
  if (!wfr_iterations_warned_) {
    wfr_iterations_warned_ = true;
    std::fprintf(stderr, "Warning: waveform relaxation reached wfr_max_iterations (%lld) without converging to "
                 "wfr_tol (%g) at t = %g ms; the run goes on, as NEST's does.\n",
                 static_cast<long long>(wfr_.max_iterations), wfr_.tol, steps_to_ms(to));
  }
}

}  // namespace roost
