// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// One neuron's step, as every backend runs it: read (and clear) its ring-buffer
// cells for this step, add the input of its Poisson and current generators into
// the slots they will be read from, then call the model's step(). Written once,
// ROOST_HD, over raw pointers: the CPU backend loops over it, the CUDA backend
// calls it from a device functor.

#include <cstdint>

#include "roost/clopath_history.hpp"
#include "roost/urbanczik_history.hpp"
#include "roost/devices.hpp"
#include "roost/devices_curgen.hpp"
#include "roost/devices_ps.hpp"
#include "roost/devices_rate.hpp"
#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/post_history.hpp"
#include "roost/precise_events.hpp"
#include "roost/rate_transmission.hpp"
#include "roost/models/gap_junction_common.hpp"
#include "roost/models/rate_neurons.hpp"
#include "roost/models/sic_common.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"

namespace roost {

// Input from a poisson or current generator into one neuron.
struct StimulusInput {
  std::int32_t program;  // index into the poisson or current programs
  std::int32_t channel;  // input channel of the target
  std::int32_t delay;    // steps
  std::int32_t poisson;  // 1: Poisson counts, 0: current, kNoiseStimulus: noise_generator current
  double weight;
  std::uint64_t stream;  // poisson_stream_id / noise_stream_id(target, ordinal), keys the random input
  std::int64_t state = -1;  // programs with per-input state: its first value in UpdateContext::stimulus_state
};
inline constexpr std::int32_t kNoiseStimulus = 2;  // StimulusInput::poisson of a noise_generator input

// What a step needs beyond the population: trivially copyable, raw pointers
// into the backend's memory space. Fill it with make_update_context().
struct UpdateContext {
  RingCell* ring = nullptr;
  RingGeometry geometry;
  Step slice_from = 0;
  Step slice_length = 1;
  std::uint64_t seed = 0;
  Philox4x32::Key poisson_key{};  // RandomStream::derive_key(seed, PoissonInput, 0)
  Philox4x32::Key noise_key{};    // RandomStream::derive_key(seed, NeuronNoise, 0)
  const PoissonProgram* poissons = nullptr;
  const double* current_values = nullptr;  // [program * slice_length + (step - slice_from)]
  const NoiseProgram* noises = nullptr;     // noise_generator programs (set by the backend when there are any)
  // Rate rows of the rate-modulated generators (devices_rate.hpp):
  // [(rate_row * slice_length + (step - slice_from)) * kRateRowWidth + value].
  const double* rate_values = nullptr;
  double* stimulus_state = nullptr;  // per-input state (StimulusInput::state)
  PostHistory history;                     // spike histories (slots: PopulationView::archive_slot)
  ClopathHistory clopath;                  // Clopath histories (slots: PopulationView::clopath_slot)
  std::int64_t tics_per_step = 100;
  double ms_per_tic = 0.001;  // 1 / the kernel's tics_per_ms
  // Rate models and gap-junction neurons write what they send here
  // (rate_transmission.hpp): [(rate index) * rate_layout.width() + ...].
  double* rate_blocks = nullptr;
  RateBlockLayout rate_layout;
  // Waveform relaxation (rate_transmission.hpp): the instant cells of rate
  // models and gap-junction neurons (one ring slot per step of a slice, index
  // step % slice), and whether this update is an iteration, which leaves the
  // ring as it is.
  const RingCell* instant = nullptr;
  Step instant_slice = 1;
  bool wfr_iteration = false;
  int gap_interpolation_order = 3;  // NEST's wfr_interpolation_order
  PreciseEventView precise;  // incoming events of the precise-spiking models (precise_events.hpp)
};

inline UpdateContext make_update_context(RingCell* ring, RingGeometry geometry, Step from, Step to,
                                         std::uint64_t seed, const PoissonProgram* poissons,
                                         const double* current_values) {
  UpdateContext ctx;
  ctx.ring = ring;
  ctx.geometry = geometry;
  ctx.slice_from = from;
  ctx.slice_length = to - from;
  ctx.seed = seed;
  ctx.poisson_key = RandomStream::derive_key(seed, static_cast<std::uint32_t>(RngPurpose::PoissonInput), 0);
  ctx.noise_key = RandomStream::derive_key(seed, static_cast<std::uint32_t>(RngPurpose::NeuronNoise), 0);
  ctx.poissons = poissons;
  ctx.current_values = current_values;
  return ctx;
}

// One population of model M, as raw views.
template <class M>
struct PopulationView {
  Soa<M::n_state> state;
  ConstSoa<M::n_params> params;
  ConstSoa<M::n_coef> coef;
  Index n = 0;
  Gid first = 0;                            // gid of neuron 0 (keys the noise of stochastic models)
  std::size_t buffer_offset = 0;            // position of the population in a ring slot
  const std::int64_t* stimulus_begin = nullptr;  // CSR over neurons, null = no stimuli
  const StimulusInput* stimuli = nullptr;
  const std::int64_t* archive_slot = nullptr;  // per neuron, -1: keeps no spike history; null: none does
  const std::int64_t* clopath_slot = nullptr;  // per neuron, -1: keeps no Clopath history; null: none does
  std::int64_t rate_first = -1;                // rate models: the rate index of neuron 0 (rate_transmission.hpp)
  std::int64_t precise_first = -1;             // precise-input models: the event target of neuron 0
  // Models with list-valued fields: their list columns, coefficient lists and
  // the population's ring channels (receptor ports + the current channel).
  ListSoa<list_count<M>()> lists{};
  ListSoa<coef_list_count<M>()> coef_lists{};
  int n_channels = M::n_spike_channels + 1;
};

// Stochastic models (escape noise, point processes) draw from a stream keyed
// by (seed, gid, step): the same numbers on any backend, thread or rank count.
template <class M>
constexpr bool is_stochastic() {
  if constexpr (requires { M::stochastic; }) {
    return M::stochastic;
  } else {
    return false;
  }
}

// The state field in which model M leaves the offset of the spike it emits
// (NEST's SpikeEvent offset), or -1 for models whose spikes carry none.
template <class M>
constexpr int spike_offset_field() {
  if constexpr (requires { M::spike_offset_field; }) {
    return static_cast<int>(M::spike_offset_field);
  } else {
    return -1;
  }
}

// Binary neurons (binary_common.hpp): input is +w per spike of multiplicity
// 2, -w per spike of multiplicity 1 (roost/backend.hpp binary_input_factor).
template <class M>
constexpr bool has_binary_input() {
  if constexpr (requires { M::binary_input; }) {
    return M::binary_input;
  } else {
    return false;
  }
}
// A device's event of multiplicity m into a binary neuron (NEST does not
// unroll it): +1 for 2, -1 for 1, nothing otherwise.
ROOST_HD inline double binary_device_input_factor(double m) { return m == 2.0 ? 1.0 : m == 1.0 ? -1.0 : 0.0; }

// Calls M::step with what the model takes: list columns and input cells for
// models with receptor ports set at run time, a noise stream for stochastic ones.
template <class M, class... Args>
ROOST_HD int call_step(const UpdateContext& ctx, Gid gid, Step n, Args&&... args) {
  if constexpr (is_stochastic<M>()) {
    RandomStream noise(ctx.noise_key, static_cast<std::uint64_t>(gid), static_cast<std::uint64_t>(n));
    if constexpr (requires { M::reads_step_number; }) {
      return M::step(args..., noise, n);  // models that keep NEST's absolute times (binary neurons)
    } else {
      return M::step(args..., noise);
    }
  } else if constexpr (models::is_gap_node<M>()) {
    (void)gid, (void)n;
    return M::step(args..., models::gap::StepInfo{ctx.wfr_iteration, ctx.gap_interpolation_order});
  } else {
    (void)ctx, (void)gid, (void)n;
    return M::step(args...);
  }
}

// Computes neuron i's coefficients for resolution h.
template <class M>
ROOST_HD void calibrate_neuron(Index i, ConstSoa<M::n_params> p, Soa<M::n_coef> c, const ListSoa<list_count<M>()>& lists,
                               const ListSoa<coef_list_count<M>()>& coef_lists, double h) {
  if constexpr (list_count<M>() > 0) {
    M::calibrate(i, p, c, lists, coef_lists, h);
  } else {
    (void)lists, (void)coef_lists;
    M::calibrate(i, p, c, h);
  }
}

// The spike count of a rate-modulated or renewal generator input (neither
// poisson_generator's constant rate nor a current) in step n, and the value of
// a noise_generator input: model-independent, so compiled once for the device
// rather than into every model's update kernel.
ROOST_HD ROOST_NOINLINE inline double rate_stimulus_count(const StimulusInput& in, const UpdateContext& ctx, Step n) {
  const PoissonProgram& prog = ctx.poissons[in.program];
  auto make_rng = [&]() {
    return (in.stream >> 32) == 0
               ? RandomStream(ctx.poisson_key, in.stream, static_cast<std::uint64_t>(n))
               : RandomStream(ctx.seed, RngPurpose::PoissonInput, in.stream, static_cast<std::uint64_t>(n));
  };
  const double* row =
      ctx.rate_values + (static_cast<std::int64_t>(prog.rate_row) * ctx.slice_length + (n - ctx.slice_from)) * kRateRowWidth;
  return rate_input_count(prog, row, make_rng, in.state >= 0 ? ctx.stimulus_state + in.state : nullptr);
}
ROOST_HD ROOST_NOINLINE inline double noise_stimulus_value(const StimulusInput& in, const UpdateContext& ctx, Step n) {
  return noise_amplitude(ctx.noises[in.program], ctx.seed, in.stream, n) * in.weight;
}

// Steps neuron i of `pop` through step n; returns the spikes it emits.
// A gap-junction neuron's block (rate_transmission.hpp): in an iteration of
// waveform relaxation the interpolation of its V over step n and V after it;
// after the final update of a slice its end potential as the constant term
// of every step (NEST's constant extrapolation).
template <class M>
ROOST_HD void send_gap_coefficients(const PopulationView<M>& pop, Index i, Step n, const UpdateContext& ctx) {
  if (ctx.rate_blocks == nullptr || pop.rate_first < 0) return;
  const RateBlockLayout& layout = ctx.rate_layout;
  double* block = ctx.rate_blocks + (pop.rate_first + i) * layout.width();
  const double V = pop.state.col[M::gap_relax_field][i];
  if (ctx.wfr_iteration) {
    const Step k = n - ctx.slice_from;
    for (std::int64_t j = 0; j < layout.per_step; ++j) block[layout.sent(k, j)] = pop.state.col[M::gap_coefficient_field + j][i];
    block[layout.relaxed(k)] = V;
  } else if (n + 1 == ctx.slice_from + ctx.slice_length) {
    for (Step k = 0; k < layout.slice; ++k) {
      block[layout.sent(k)] = V;
      for (std::int64_t j = 1; j < layout.per_step; ++j) block[layout.sent(k, j)] = 0.0;
    }
    block[layout.instant()] = V;
  }
}

template <class M>
ROOST_HD int update_neuron(const PopulationView<M>& pop, const UpdateContext& ctx, Index i, Step n) {
  RingCell* slot = ctx.ring + ctx.geometry.index(ctx.geometry.slot(n), pop.buffer_offset);
  // Generator input goes to later slots (delay >= min_delay: the next slice):
  // it never touches the cells read below, and an iteration of waveform
  // relaxation leaves it to the final update (NEST's devices send once).
  if (pop.stimulus_begin != nullptr && !ctx.wfr_iteration) {
    for (std::int64_t k = pop.stimulus_begin[i]; k < pop.stimulus_begin[i + 1]; ++k) {
      const StimulusInput& in = pop.stimuli[k];
      double value;
      if (in.poisson == kNoiseStimulus) {
        value = noise_stimulus_value(in, ctx, n);
        if (value == 0.0) continue;
      } else if (in.poisson) {
        const PoissonProgram& prog = ctx.poissons[in.program];
        double count;
        if (prog.kind == rate_poisson_ps) {  // off-grid times: events to precise targets (devices_ps.hpp)
          poisson_ps_input<M>(pop, ctx, in, i, n);
          continue;
        }
        if (prog.kind == rate_constant) {
          if (!prog.window.contains(n + 1) || prog.mean_per_step <= 0.0) continue;
          // Most targets have one Poisson input (ordinal 0): their key is cached.
          RandomStream rng = (in.stream >> 32) == 0
                                 ? RandomStream(ctx.poisson_key, in.stream, static_cast<std::uint64_t>(n))
                                 : RandomStream(ctx.seed, RngPurpose::PoissonInput, in.stream, static_cast<std::uint64_t>(n));
          count = static_cast<double>(rng.poisson(prog.mean_per_step, prog.exp_minus_mean));
        } else {
          count = rate_stimulus_count(in, ctx, n);
        }
        if (count == 0.0) continue;
        value = M::counts_spikes ? count : count * in.weight;
        if constexpr (has_binary_input<M>()) value = binary_device_input_factor(count) * in.weight;
      } else {
        value = ctx.current_values[in.program * ctx.slice_length + (n - ctx.slice_from)] * in.weight;
        if (value == 0.0) continue;
      }
      // A later slot than this step's: no other neuron writes this cell during the update.
      ctx.ring[ctx.geometry.index(ctx.geometry.slot(n + in.delay), pop.buffer_offset + in.channel * pop.n + i)] += ring_value(value);
    }
  }
  int spikes;
  if constexpr (list_count<M>() > 0) {
    // Receptor ports set at run time: the model takes its cells itself.
    const InputCells in{slot, pop.n, i, pop.n_channels - 1};
    spikes = call_step<M>(ctx, pop.first + i, n, i, pop.state, pop.params, pop.coef, pop.lists, pop.coef_lists, in);
  } else {
    constexpr int channels = M::n_spike_channels + 1;
    double input[channels];
    for (int ch = 0; ch < channels; ++ch) {
      RingCell& cell = slot[ch * pop.n + i];
      input[ch] = ring_input(cell);
      if (!ctx.wfr_iteration) cell = 0;
    }
    if constexpr (models::is_rate_node<M>() || models::is_gap_node<M>()) {
      if (ctx.instant != nullptr) {
        const RingCell* lag = ctx.instant + (n % ctx.instant_slice) * static_cast<Step>(ctx.geometry.slot_size) + pop.buffer_offset;
        for (int ch = 0; ch < channels; ++ch) input[ch] += ring_input(lag[ch * pop.n + i]);
      }
    }
    if constexpr (has_precise_input<M>()) {
      // The step's events, sorted in time (precise_events.hpp), then cleared.
      int n_events = 0;
      PreciseEvent* events = nullptr;
      const Step s = ctx.geometry.slot(n);
      const auto t = static_cast<std::uint64_t>(pop.precise_first + i);
      if (pop.precise_first >= 0 && ctx.precise.counts != nullptr) {
        events = ctx.precise.block(s, t, n_events);
        sort_precise_events(events, n_events);
      }
      spikes = M::step(i, pop.state, pop.params, pop.coef, static_cast<const double*>(input),
                       static_cast<const PreciseEvent*>(events), n_events);
      if (events != nullptr && !repeats_events<M>()) ctx.precise.clear(s, t);  // repeat_events clears
    } else {
      spikes = call_step<M>(ctx, pop.first + i, n, i, pop.state, pop.params, pop.coef, static_cast<const double*>(input));
    }
  }
  // Spike-timing synapses onto this neuron read its spikes (NEST's set_spiketime, once per copy).
  if (spikes > 0 && pop.archive_slot != nullptr && pop.archive_slot[i] >= 0) {
    const double t_ms = static_cast<double>((n + 1) * ctx.tics_per_step) * ctx.ms_per_tic;
    for (int k = 0; k < spikes; ++k) ctx.history.archive_spike(pop.archive_slot[i], t_ms);
  }
  // Clopath synapses onto this neuron read its voltage history (NEST's write_clopath_history).
  if constexpr (archives_clopath<M>()) {
    if (spikes >= 0 && pop.clopath_slot != nullptr && pop.clopath_slot[i] >= 0) {
      const double t_ms = static_cast<double>((n + 1) * ctx.tics_per_step) * ctx.ms_per_tic;
      ctx.clopath.archive(pop.clopath_slot[i], t_ms, clopath_sample<M>(i, pop.state, pop.params));
    }
  }
  // Urbanczik synapses onto this neuron read its dendritic history (NEST's write_urbanczik_history).
  if constexpr (archives_urbanczik<M>()) {
    if (spikes >= 0 && pop.clopath_slot != nullptr && pop.clopath_slot[i] >= 0) {
      const double t_ms = static_cast<double>((n + 1) * ctx.tics_per_step) * ctx.ms_per_tic;
      urbanczik_archive(ctx.clopath, pop.clopath_slot[i], t_ms, urbanczik_sample<M>(i, pop.state, pop.params, spikes));
    }
  }
  // Rate models (and astrocytes, their SIC): what they send for this step, and at the end of the update.
  if constexpr (models::is_rate_node<M>() || models::sends_sic<M>()) {
    if (ctx.rate_blocks != nullptr && pop.rate_first >= 0) {
      const RateBlockLayout& layout = ctx.rate_layout;
      double* block = ctx.rate_blocks + (pop.rate_first + i) * layout.width();
      block[layout.sent(n - ctx.slice_from)] = pop.state.col[M::rate_out_field][i];
      block[layout.relaxed(n - ctx.slice_from)] = pop.state.col[M::rate_relax_field][i];
      if (n + 1 == ctx.slice_from + ctx.slice_length) block[layout.instant()] = pop.state.col[M::rate_instant_field][i];
    }
  }
  if constexpr (models::is_gap_node<M>()) send_gap_coefficients<M>(pop, i, n, ctx);
  return spikes;
}

}  // namespace roost
