// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// THE list of built-in neuron models. Each backend instantiates every entry
// (explicitly, no static self-registration); the core builds the registry from
// it. Adding a neuron model = one header, one line here, one validation case.

#include <memory>
#include <utility>

#include "roost/hd.hpp"

#include "roost/models/aeif_cond_alpha.hpp"
#include "roost/models/aeif_cond_alpha_astro.hpp"
#include "roost/models/astrocyte_lr_1994.hpp"
#include "roost/models/aeif_cond_alpha_multisynapse.hpp"
#include "roost/models/aeif_cond_beta_multisynapse.hpp"
#include "roost/models/aeif_cond_exp.hpp"
#include "roost/models/aeif_psc_alpha.hpp"
#include "roost/models/aeif_psc_delta.hpp"
#include "roost/models/aeif_psc_delta_clopath.hpp"
#include "roost/models/aeif_psc_exp.hpp"
#include "roost/models/cm_default.hpp"
#include "roost/models/eprop_iaf.hpp"
#include "roost/models/eprop_iaf_adapt.hpp"
#include "roost/models/eprop_iaf_psc_delta.hpp"
#include "roost/models/eprop_iaf_psc_delta_adapt.hpp"
#include "roost/models/eprop_readout.hpp"
#include "roost/models/erfc_neuron.hpp"
#include "roost/models/amat2_psc_exp.hpp"
#include "roost/models/gif_cond_exp.hpp"
#include "roost/models/gif_cond_exp_multisynapse.hpp"
#include "roost/models/gif_psc_exp.hpp"
#include "roost/models/gif_pop_psc_exp.hpp"
#include "roost/models/gif_psc_exp_multisynapse.hpp"
#include "roost/models/glif_cond.hpp"
#include "roost/models/glif_psc.hpp"
#include "roost/models/glif_psc_double_alpha.hpp"
#include "roost/models/ginzburg_neuron.hpp"
#include "roost/models/hh_cond_exp_traub.hpp"
#include "roost/models/hh_psc_alpha.hpp"
#include "roost/models/hh_psc_alpha_gap.hpp"
#include "roost/models/hh_cond_beta_gap_traub.hpp"
#include "roost/models/hh_psc_alpha_clopath.hpp"
#include "roost/models/iaf_cond_alpha.hpp"
#include "roost/models/iaf_cond_alpha_mc.hpp"
#include "roost/models/iaf_cond_beta.hpp"
#include "roost/models/iaf_cond_exp.hpp"
#include "roost/models/iaf_bw_2001.hpp"
#include "roost/models/iaf_bw_2001_exact.hpp"
#include "roost/models/iaf_chxk_2008.hpp"
#include "roost/models/ht_neuron.hpp"
#include "roost/models/iaf_chs_2007.hpp"
#include "roost/models/iaf_cond_exp_sfa_rr.hpp"
#include "roost/models/izhikevich.hpp"
#include "roost/models/mat2_psc_exp.hpp"
#include "roost/models/mcculloch_pitts_neuron.hpp"
#include "roost/models/iaf_psc_alpha.hpp"
#include "roost/models/iaf_psc_alpha_multisynapse.hpp"
#include "roost/models/iaf_psc_delta.hpp"
#include "roost/models/iaf_psc_exp.hpp"
#include "roost/models/iaf_psc_exp_ps.hpp"
#include "roost/models/iaf_psc_exp_ps_lossless.hpp"
#include "roost/models/iaf_psc_delta_ps.hpp"
#include "roost/models/iaf_psc_alpha_ps.hpp"
#include "roost/models/iaf_psc_exp_multisynapse.hpp"
#include "roost/models/iaf_psc_exp_htum.hpp"
#include "roost/models/iaf_tum_2000.hpp"
#include "roost/models/ignore_and_fire.hpp"
#include "roost/models/parrot_neuron.hpp"
#include "roost/models/parrot_neuron_ps.hpp"
#include "roost/models/pp_cond_exp_mc_urbanczik.hpp"
#include "roost/models/pp_psc_delta.hpp"
#include "roost/models/rate_neurons.hpp"
#include "roost/models/siegert_neuron.hpp"
#include "roost/models/volume_transmitter.hpp"

namespace roost::models {

template <class... Ts>
struct TypeList {};

using NeuronModels = TypeList<iaf_psc_delta, iaf_psc_exp, iaf_psc_alpha, parrot_neuron, iaf_psc_exp_ps, iaf_psc_alpha_ps, volume_transmitter,
                              iaf_psc_delta_ps, parrot_neuron_ps, iaf_psc_exp_ps_lossless,
                              mcculloch_pitts_neuron, ginzburg_neuron, erfc_neuron,
                              iaf_cond_exp, iaf_cond_alpha, aeif_cond_alpha, aeif_cond_exp, hh_psc_alpha,
                              hh_cond_exp_traub, izhikevich, iaf_cond_beta, iaf_cond_exp_sfa_rr, aeif_psc_exp,
                              aeif_psc_alpha, aeif_psc_delta, iaf_psc_exp_multisynapse,
                              iaf_psc_alpha_multisynapse, aeif_cond_alpha_multisynapse, aeif_cond_beta_multisynapse,
                              pp_psc_delta, mat2_psc_exp, amat2_psc_exp, iaf_psc_exp_htum, ignore_and_fire, gif_psc_exp,
                              gif_cond_exp, gif_psc_exp_multisynapse, gif_cond_exp_multisynapse, iaf_tum_2000,
                              iaf_chxk_2008, iaf_bw_2001, iaf_bw_2001_exact, glif_psc, glif_psc_double_alpha, glif_cond, iaf_chs_2007,
                              ht_neuron, aeif_psc_delta_clopath, hh_psc_alpha_clopath, lin_rate_ipn, tanh_rate_ipn,
                              threshold_lin_rate_ipn, sigmoid_rate_ipn, sigmoid_rate_gg_1998_ipn, gauss_rate_ipn,
                              lin_rate_opn, tanh_rate_opn, threshold_lin_rate_opn, rate_transformer_lin,
                              rate_transformer_tanh, rate_transformer_threshold_lin, rate_transformer_sigmoid,
                              rate_transformer_sigmoid_gg_1998, rate_transformer_gauss, gif_pop_psc_exp,
                              iaf_cond_alpha_mc, pp_cond_exp_mc_urbanczik, hh_psc_alpha_gap,
                              hh_cond_beta_gap_traub, siegert_neuron, cm_default, astrocyte_lr_1994,
                              aeif_cond_alpha_astro, eprop_iaf, eprop_readout, eprop_iaf_adapt,
                              eprop_iaf_psc_delta, eprop_iaf_psc_delta_adapt>;

// Whether a neuron model's spikes are neuromodulator spikes (volume_transmitter).
template <class M>
constexpr bool is_neuromodulator_source() {
  if constexpr (requires { M::neuromodulator_source; }) {
    return M::neuromodulator_source;
  } else {
    return false;
  }
}

// Calls f.template operator()<M>(index) for every model M of the list, in order.
template <class F, class... Ms>
void for_each_model(TypeList<Ms...>, F&& f) {
  int index = 0;
  (f.template operator()<Ms>(index++), ...);
}

// Makes Holder<M>(args...) for the model at `index` of the list (nullptr if none):
// how a backend instantiates a population of a model chosen at run time.
template <class Base, template <class> class Holder, class... Args>
std::unique_ptr<Base> make_for_model(int index, Args&&... args) {
  std::unique_ptr<Base> made;
  for_each_model(NeuronModels{}, [&]<class M>(int i) {
    if (i == index) made = std::make_unique<Holder<M>>(std::forward<Args>(args)...);
  });
  return made;
}

// The spike channel of neuron model `index` for (receptor, weight), callable on
// the device (delivery of plastic synapses chooses it from the weight sent).
template <class... Ms>
ROOST_HD int spike_channel_at(TypeList<Ms...>, int index, int receptor, double weight) {
  int i = 0, channel = -1;
  ((i++ == index ? (channel = Ms::spike_channel(receptor, weight), 0) : 0), ...);
  return channel;
}
ROOST_HD inline int neuron_spike_channel(int model_index, int receptor, double weight) {
  return spike_channel_at(NeuronModels{}, model_index, receptor, weight);
}

}  // namespace roost::models
