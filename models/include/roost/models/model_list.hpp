// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// THE list of built-in neuron models. Each backend instantiates every entry
// (explicitly, no static self-registration); the core builds the registry from
// it. Adding a neuron model = one header, one line here, one validation case.

#include "roost/models/iaf_psc_alpha.hpp"
#include "roost/models/iaf_psc_delta.hpp"
#include "roost/models/iaf_psc_exp.hpp"
#include "roost/models/parrot_neuron.hpp"

namespace roost::models {

template <class... Ts>
struct TypeList {};

using NeuronModels = TypeList<iaf_psc_delta, iaf_psc_exp, iaf_psc_alpha, parrot_neuron>;

// Calls f.template operator()<M>(index) for every model M of the list, in order.
template <class F, class... Ms>
void for_each_model(TypeList<Ms...>, F&& f) {
  int index = 0;
  (f.template operator()<Ms>(index++), ...);
}

}  // namespace roost::models
