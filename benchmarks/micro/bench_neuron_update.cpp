// SPDX-License-Identifier: GPL-2.0-or-later
// Neuron update per model: roost::update_neuron (ring read-and-clear, generator
// input, the model's step) over a population, as the CPU backend runs it.
// Reported per neuron-step (items_per_second = neuron updates per second).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <random>
#include <vector>

#include "roost/models/model_list.hpp"
#include "roost/neuron_update.hpp"
#include "roost/ring_buffer.hpp"

namespace {

using namespace roost;

// One population of model M with its own ring: fields at the model defaults,
// V_m spread and I_e set so that current-based models fire at a few to tens of Hz.
// A Poisson weight of the unit the model takes: a spike count, mV for a single
// delta input, nS for conductance synapses (models with an E_ex), else pA.
template <class M>
double poisson_weight() {
  if (M::counts_spikes) return 1.0;
  if (M::n_spike_channels == 1) return 0.1;
  for (const auto& f : M::params) {
    if (std::string_view(f.name) == "E_ex") return 1.0;
  }
  if constexpr (list_count<M>() > 0) {
    for (const auto& l : M::lists) {
      if (std::string_view(l.name) == "E_rev") return 1.0;  // conductance ports (nS)
    }
  }
  return 87.8;
}

template <class M>
struct Bench {
  Index n;
  std::vector<double> params, state, coef;
  std::vector<RingCell> ring;
  std::vector<std::int64_t> stim_begin;
  std::vector<StimulusInput> stimuli;
  PoissonProgram poisson;
  RingGeometry geometry;
  PopulationView<M> view{};
  UpdateContext ctx{};

  std::vector<double> list_columns, coef_list_columns;

  // Models with list fields: each list with its group's default length (the
  // ports a neuron has unless set otherwise).
  void allocate_lists() {
    if constexpr (list_count<M>() > 0) {
      auto length = [](int group) { return M::list_groups[static_cast<std::size_t>(group)].default_length; };
      Index columns = 0;
      for (const auto& l : M::lists) columns += length(l.group);
      list_columns.resize(static_cast<std::size_t>(columns * n));
      Index at = 0;
      for (int l = 0; l < list_count<M>(); ++l) {
        view.lists.col[l] = list_columns.data() + at * n;
        const Index cols = length(M::lists[static_cast<std::size_t>(l)].group);
        std::fill_n(view.lists.col[l], cols * n, M::lists[static_cast<std::size_t>(l)].default_value);
        at += cols;
      }
      view.lists.n = n;
      Index coef_columns = 0;
      for (int g : M::coef_list_groups) coef_columns += length(g);
      coef_list_columns.resize(static_cast<std::size_t>(coef_columns * n));
      at = 0;
      for (int k = 0; k < coef_list_count<M>(); ++k) {
        view.coef_lists.col[k] = coef_list_columns.data() + at * n;
        at += length(M::coef_list_groups[static_cast<std::size_t>(k)]);
      }
      view.coef_lists.n = n;
      view.n_channels = M::n_spike_channels + (M::receptor_group >= 0 ? length(M::receptor_group) : 0) + 1;
    }
  }

  Bench(Index n_, bool with_poisson) : n(n_) {
    params.resize(static_cast<std::size_t>(M::n_params * n));
    state.resize(static_cast<std::size_t>(M::n_state * n));
    coef.resize(static_cast<std::size_t>(M::n_coef * n));
    std::mt19937_64 gen(42);
    for (int f = 0; f < M::n_params; ++f) {
      for (Index i = 0; i < n; ++i) params[static_cast<std::size_t>(f * n + i)] = M::params[f].default_value;
    }
    for (int f = 0; f < M::n_state; ++f) {
      for (Index i = 0; i < n; ++i) state[static_cast<std::size_t>(f * n + i)] = M::state[f].default_value;
    }
    if constexpr (M::n_params > 0) {
      std::uniform_real_distribution<double> ie(380.0, 520.0), vm(-70.0, -56.0);
      for (int f = 0; f < M::n_params; ++f) {
        if (std::string_view(M::params[f].name) == "I_e" && !with_poisson) {
          for (Index i = 0; i < n; ++i) params[static_cast<std::size_t>(f * n + i)] = ie(gen);
        }
      }
      for (int f = 0; f < M::n_state; ++f) {
        if (std::string_view(M::state[f].name) == "V_m") {
          for (Index i = 0; i < n; ++i) state[static_cast<std::size_t>(f * n + i)] = vm(gen);
        }
      }
    }
    for (int f = 0; f < M::n_params; ++f) view.params.col[f] = params.data() + f * n;
    for (int f = 0; f < M::n_state; ++f) view.state.col[f] = state.data() + f * n;
    for (int f = 0; f < M::n_coef; ++f) view.coef.col[f] = coef.data() + f * n;
    Soa<M::n_coef> c{};
    for (int f = 0; f < M::n_coef; ++f) c.col[f] = coef.data() + f * n;
    allocate_lists();
    for (Index i = 0; i < n; ++i) calibrate_neuron<M>(i, view.params, c, view.lists, view.coef_lists, 0.1);
    view.n = n;
    view.buffer_offset = 0;
    const int channels = view.n_channels;
    geometry = RingGeometry::for_delays(static_cast<std::size_t>(channels * n), 15, 15);
    ring.assign(geometry.total(), 0);
    if (with_poisson) {
      // Brunel's drive: one Poisson input per neuron, mean 2 events per step
      // (20 kHz at h = 0.1 ms), weight 87.8 pA / 0.1 mV / 1 nS, delay 15 steps.
      poisson.gid = 1;
      poisson.mean_per_step = 2.0;
      poisson.exp_minus_mean = std::exp(-poisson.mean_per_step);
      stim_begin.resize(static_cast<std::size_t>(n + 1));
      for (Index i = 0; i < n; ++i) {
        stim_begin[static_cast<std::size_t>(i)] = i;
        stimuli.push_back({0, 0, 15, 1, poisson_weight<M>(), i});
      }
      stim_begin[static_cast<std::size_t>(n)] = n;
      view.stimulus_begin = stim_begin.data();
      view.stimuli = stimuli.data();
    }
    ctx = make_update_context(ring.data(), geometry, 0, 15, 12345, &poisson, nullptr);
  }
};

template <class M>
void BM_NeuronUpdate(benchmark::State& st) {
  const Index n = st.range(0);
  const bool with_poisson = st.range(1) != 0;
  Bench<M> b(n, with_poisson);
  Step step = 0;
  std::int64_t spikes = 0;
  for (auto _ : st) {
    b.ctx.slice_from = step - step % 15;
    for (Index i = 0; i < n; ++i) spikes += update_neuron(b.view, b.ctx, i, step);
    ++step;
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * n);
  st.counters["ns_per_neuron_step"] = benchmark::Counter(
      static_cast<double>(st.iterations() * n), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  st.counters["rate_Hz"] = static_cast<double>(spikes) / (static_cast<double>(st.iterations()) * 1e-4 * static_cast<double>(n));
}

void args(benchmark::internal::Benchmark* b) {
  for (std::int64_t poisson : {0, 1}) {
    for (std::int64_t n : {1000, 12500, 100000}) b->Args({n, poisson});
  }
  b->ArgNames({"n", "poisson"});
}

// Every model of the list (models/model_list.hpp), so a new model is measured
// without editing this file.
const bool registered_every_model = [] {
  models::for_each_model(models::NeuronModels{}, []<class M>(int) {
    const std::string name = std::string("BM_NeuronUpdate<") + M::model_name + ">";
    benchmark::RegisterBenchmark(name.c_str(), BM_NeuronUpdate<M>)->Apply(args);
  });
  return true;
}();

// The Poisson draw alone: one RandomStream per (connection, step) from the
// precomputed key, and one Poisson(mean) variate, as update_neuron does for
// every generator input.
void BM_PoissonDraw(benchmark::State& st) {
  const double mean = static_cast<double>(st.range(0)) / 10.0;
  const double e = std::exp(-mean);
  const auto key = RandomStream::derive_key(12345, static_cast<std::uint32_t>(RngPurpose::PoissonInput), 0);
  std::uint64_t k = 0, sum = 0;
  for (auto _ : st) {
    RandomStream rng(key, k & 0xFFFFF, k >> 20);
    sum += static_cast<std::uint64_t>(rng.poisson(mean, e));
    ++k;
  }
  benchmark::DoNotOptimize(sum);
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_PoissonDraw)->Arg(2)->Arg(20)->Arg(200)->ArgName("mean_x10");

}  // namespace
