// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// One population of one neuron model on the CPU: struct-of-arrays fields
// (parameters then state, column-major) and per-neuron derived coefficients.
// Population<M> runs the model's step() from models/ over a range of neurons.

#include <cstdint>
#include <string>
#include <vector>

#include "roost/backend.hpp"
#include "roost/model_registry.hpp"
#include "roost/delivery_plan.hpp"
#include "roost/list_columns.hpp"
#include "roost/neuron_update.hpp"

namespace roost::cpu {

class PopulationBase {
 public:
  PopulationBase(const ModelInfo& model, Gid first, Index n)
      : model_(model), first_(first), n_(n), neuron_model_(model.neuron_model), n_params_(model.n_params),
        n_fields_(model.n_fields()), counts_spikes_(model.counts_spikes), spike_channel_(model.spike_channel),
        reads_spike_offset_(model.reads_spike_offset), counts_receptor_(model.counts_receptor),
        lists_(list_columns(model)) {
    fields_ = default_fields(model, lists_, n);
    field_names_ = column_names(model, lists_);
  }
  virtual ~PopulationBase() = default;

  virtual void calibrate(double h) = 0;
  // Steps neurons [begin, end) through step n; appends spikes to `spikes`.
  virtual void step_range(Index begin, Index end, Step n, const UpdateContext& ctx, std::vector<SpikeEvent>& spikes) = 0;

  Gid first() const { return first_; }
  Index size() const { return n_; }
  int n_fields() const { return n_fields_; }
  int neuron_model() const { return neuron_model_; }
  int n_channels() const { return lists_.spike_channels + 1; }
  bool counts_spikes() const { return counts_spikes_; }
  int spike_channel(int receptor, double weight) const { return spike_channel_(receptor, weight); }
  int field_index(const std::string& name) const {
    for (std::size_t f = 0; f < field_names_.size(); ++f) {
      if (field_names_[f] == name) return static_cast<int>(f);
    }
    return -1;
  }
  int recordable_column(const std::string& name) const { return roost::recordable_column(model_, field_names_, name); }
  double& field(int f, Index i) { return fields_[static_cast<std::size_t>(f * n_ + i)]; }
  // Waveform relaxation runs a slice from a saved state; the field the model
  // carries across iterations (its solver's step size) keeps its new value.
  const std::vector<double>& all_fields() const { return fields_; }
  void restore_fields(const std::vector<double>& saved) {
    const int keep = model_.wfr_carried_field;
    if (keep < 0) {
      std::copy(saved.begin(), saved.end(), fields_.begin());
      return;
    }
    const auto column = static_cast<std::ptrdiff_t>(keep) * n_;
    std::copy(saved.begin(), saved.begin() + column, fields_.begin());
    std::copy(saved.begin() + column + n_, saved.end(), fields_.begin() + column + n_);
  }
  double field(int f, Index i) const { return fields_[static_cast<std::size_t>(f * n_ + i)]; }

  PopulationLayout layout() const {
    return {first_, n_, buffer_offset, n_channels(), counts_spikes_, spike_channel_, reads_spike_offset_, counts_receptor_,
            model_.binary_input, model_.gap_channel, model_.precise_input, model_.rate_receptor,
            model_.repeats_events};
  }

  ListValues get_lists(Index local) const { return read_lists(model_, lists_, n_, fields_.data(), local); }
  // Grows the list capacity where `lists` needs it; true when the layout changed.
  bool set_lists(Index local, const ListValues& lists) {
    const ListColumns next = list_columns(model_, capacity_for(model_, lists_, lists));
    const bool grown = !(next == lists_);
    if (grown) {
      fields_ = relayout_fields(model_, lists_, next, n_, fields_);
      lists_ = next;
      field_names_ = column_names(model_, lists_);
    }
    write_lists(model_, lists_, n_, fields_.data(), local, lists);
    return grown;
  }

  std::size_t buffer_offset = 0;  // position of this population in a ring slot
  std::vector<std::int64_t> stimulus_begin;  // CSR over neurons (size n+1), empty = no stimuli
  std::vector<StimulusInput> stimuli;
  std::vector<std::int64_t> archive_slot;  // per neuron (-1: no spike history); empty: none
  std::vector<std::int64_t> clopath_slot;  // per neuron (-1: no Clopath history); empty: none
  std::int64_t rate_first = -1;            // rate models: rate index of neuron 0 (rate_transmission.hpp)
  std::int64_t precise_first = -1;         // precise-input models: event target of neuron 0 (precise_events.hpp)

 protected:
  ModelInfo model_;
  Gid first_;
  Index n_;
  int neuron_model_;
  int n_params_;
  int n_fields_;
  bool counts_spikes_;
  int (*spike_channel_)(int, double);
  bool (*reads_spike_offset_)(int);
  bool (*counts_receptor_)(int);
  std::vector<std::string> field_names_;
  ListColumns lists_;
  std::vector<double> fields_;  // column-major: fields_[f*n + i], list columns after the scalar fields
  std::vector<double> coef_;
};

template <class M>
class Population final : public PopulationBase {
 public:
  using PopulationBase::PopulationBase;

  void calibrate(double h) override {
    coef_.assign(static_cast<std::size_t>((M::n_coef + lists_.coef_list_columns) * n_), 0.0);
    const ConstSoa<M::n_params> p = params();
    Soa<M::n_coef> c = coefs();
    const auto lists = list_soa<list_count<M>()>(lists_, fields_.data(), n_);
    const auto coef_lists = coef_list_soa<coef_list_count<M>()>(lists_, coef_.data(), M::n_coef, n_);
    for (Index i = 0; i < n_; ++i) calibrate_neuron<M>(i, p, c, lists, coef_lists, h);
  }

  void step_range(Index begin, Index end, Step n, const UpdateContext& ctx, std::vector<SpikeEvent>& spikes) override {
    PopulationView<M> view;
    view.state = state();
    view.params = params();
    view.coef = const_coefs();
    view.n = n_;
    view.first = first_;
    view.buffer_offset = buffer_offset;
    view.lists = list_soa<list_count<M>()>(lists_, fields_.data(), n_);
    view.coef_lists = coef_list_soa<coef_list_count<M>()>(lists_, coef_.data(), M::n_coef, n_);
    view.n_channels = n_channels();
    if (!stimulus_begin.empty()) {
      view.stimulus_begin = stimulus_begin.data();
      view.stimuli = stimuli.data();
    }
    if (!archive_slot.empty()) view.archive_slot = archive_slot.data();
    if (!clopath_slot.empty()) view.clopath_slot = clopath_slot.data();
    view.rate_first = rate_first;
    view.precise_first = precise_first;
    for (Index i = begin; i < end; ++i) {
      const int emitted = update_neuron(view, ctx, i, n);
      if constexpr (repeats_events<M>()) {  // one spike per input event, each with its offset
        if (precise_first >= 0) {
          repeat_events(ctx.precise, ctx.geometry.slot(n), static_cast<std::uint64_t>(precise_first + i), emitted,
                        [&](int m, double offset) {
                          spikes.push_back({first_ + i, n, static_cast<std::uint32_t>(m), 1.0, offset});
                        });
          continue;
        }
      }
      // A negative count (ode::numerical_instability) travels as a huge multiplicity; the kernel raises it.
      if (emitted == 0) continue;
      double offset = 0.0;
      if constexpr (spike_offset_field<M>() >= 0) offset = view.state.col[spike_offset_field<M>()][i];
      spikes.push_back({first_ + i, n, static_cast<std::uint32_t>(emitted), 1.0, offset});
    }
  }

 private:
  ConstSoa<M::n_params> params() const {
    ConstSoa<M::n_params> v{};
    for (int f = 0; f < M::n_params; ++f) v.col[f] = fields_.data() + f * n_;
    return v;
  }
  Soa<M::n_state> state() {
    Soa<M::n_state> v{};
    for (int f = 0; f < M::n_state; ++f) v.col[f] = fields_.data() + (M::n_params + f) * n_;
    return v;
  }
  Soa<M::n_coef> coefs() {
    Soa<M::n_coef> v{};
    for (int f = 0; f < M::n_coef; ++f) v.col[f] = coef_.data() + f * n_;
    return v;
  }
  ConstSoa<M::n_coef> const_coefs() const {
    ConstSoa<M::n_coef> v{};
    for (int f = 0; f < M::n_coef; ++f) v.col[f] = coef_.data() + f * n_;
    return v;
  }
};

}  // namespace roost::cpu
