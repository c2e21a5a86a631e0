// SPDX-License-Identifier: GPL-2.0-or-later
// Each neuron model's exact integration against closed-form solutions.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "roost/error.hpp"
#include "roost/model_registry.hpp"
#include "roost/models/model_list.hpp"
#include "roost/neuron_update.hpp"

using namespace roost;
using namespace roost::models;

namespace {

// One neuron of model M with its own SoA storage.
template <class M>
struct Single {
  double p[M::n_params > 0 ? M::n_params : 1];
  double s[M::n_state > 0 ? M::n_state : 1];
  double c[M::n_coef > 0 ? M::n_coef : 1];
  double h;
  std::uint64_t steps_ = 0;
  explicit Single(double h_) : h(h_) {
    for (int f = 0; f < M::n_params; ++f) p[f] = M::params[f].default_value;
    for (int f = 0; f < M::n_state; ++f) s[f] = M::state[f].default_value;
  }
  void calibrate() { M::calibrate(0, cp(), soa_c(), h); }
  int step(std::vector<double> input) {
    input.resize(M::n_spike_channels + 1, 0.0);
    Soa<M::n_state> st{};
    for (int f = 0; f < M::n_state; ++f) st.col[f] = &s[f];
    ConstSoa<M::n_coef> cc{};
    for (int f = 0; f < M::n_coef; ++f) cc.col[f] = &c[f];
    if constexpr (is_stochastic<M>()) {
      RandomStream noise(1, RngPurpose::NeuronNoise, 1, steps_++);
      return M::step(0, st, cp(), cc, static_cast<const double*>(input.data()), noise);
    } else {
      return M::step(0, st, cp(), cc, input.data());
    }
  }
  ConstSoa<M::n_params> cp() const {
    ConstSoa<M::n_params> v{};
    for (int f = 0; f < M::n_params; ++f) v.col[f] = &p[f];
    return v;
  }
  Soa<M::n_coef> soa_c() {
    Soa<M::n_coef> v{};
    for (int f = 0; f < M::n_coef; ++f) v.col[f] = &c[f];
    return v;
  }
};

constexpr double kH = 0.1;

}  // namespace

TEST(Propagators, ExpCurrentMatchesDirectFormula) {
  const double tau_s = 2.0, tau_m = 10.0, C = 250.0, h = 0.1;
  const double direct = tau_m * tau_s / (C * (tau_m - tau_s)) * (std::exp(-h / tau_m) - std::exp(-h / tau_s));
  EXPECT_NEAR(propagator_exp_current(tau_s, tau_m, C, h), direct, 1e-15);
}

TEST(Propagators, SingularLimitsAreFiniteAndContinuous) {
  const double tau = 10.0, C = 250.0, h = 0.1;
  EXPECT_DOUBLE_EQ(propagator_exp_current(tau, tau, C, h), h / C * std::exp(-h / tau));
  EXPECT_NEAR(propagator_alpha_current(tau, tau, C, h), h * h / (2 * C) * std::exp(-h / tau), 1e-18);
  // Approaching the singular point from either side stays close to the limit.
  // Approaching the singular point, the relative change is of the order of eps.
  for (double eps : {1e-3, 1e-6, 1e-9, 1e-12}) {
    const double exp_limit = h / C * std::exp(-h / tau), alpha_limit = h * h / (2 * C) * std::exp(-h / tau);
    EXPECT_NEAR(propagator_exp_current(tau * (1 + eps), tau, C, h) / exp_limit, 1.0, 10 * eps);
    EXPECT_NEAR(propagator_alpha_current(tau * (1 - eps), tau, C, h) / alpha_limit, 1.0, 10 * eps);
  }
}

TEST(Propagators, AlphaCurrentMatchesQuadrature) {
  const double tau_s = 0.5, tau_m = 20.0, C = 250.0, h = 0.1;
  // Simpson's rule over (1/C) int_0^h exp(-(h-s)/tau_m) s exp(-s/tau_s) ds
  const int n = 2000;
  double sum = 0.0;
  for (int k = 0; k <= n; ++k) {
    const double s = h * k / n;
    const double f = std::exp(-(h - s) / tau_m) * s * std::exp(-s / tau_s) / C;
    sum += f * (k == 0 || k == n ? 1 : (k % 2 ? 4 : 2));
  }
  EXPECT_NEAR(propagator_alpha_current(tau_s, tau_m, C, h), sum * h / (3 * n), 1e-16);
}

TEST(IafPscDelta, ConstantCurrentApproachesSteadyState) {
  Single<iaf_psc_delta> n(kH);
  n.p[iaf_psc_delta::I_e] = 100.0;  // below threshold: V_inf = -70 + 100 * 10/250 = -66
  n.calibrate();
  for (int k = 1; k <= 500; ++k) {
    ASSERT_EQ(n.step({0.0}), 0);
    const double t = k * kH;
    ASSERT_NEAR(n.s[iaf_psc_delta::V_m], -70.0 + 4.0 * (1 - std::exp(-t / 10.0)), 1e-12) << "t=" << t;
  }
}

TEST(IafPscDelta, SpikeInputJumpsByWeightAndThresholdResets) {
  Single<iaf_psc_delta> n(kH);
  n.calibrate();
  n.step({7.5});
  EXPECT_NEAR(n.s[iaf_psc_delta::V_m], -62.5, 1e-12);
  EXPECT_EQ(n.step({8.0}), 1);  // crosses -55
  EXPECT_DOUBLE_EQ(n.s[iaf_psc_delta::V_m], -70.0);
  // Refractory for t_ref = 2 ms = 20 steps: input is dropped, V stays at reset.
  for (int k = 0; k < 20; ++k) {
    EXPECT_EQ(n.step({100.0}), 0);
    EXPECT_DOUBLE_EQ(n.s[iaf_psc_delta::V_m], -70.0);
  }
  n.step({1.0});
  EXPECT_NEAR(n.s[iaf_psc_delta::V_m], -69.0, 1e-12);
}

TEST(IafPscDelta, StepCurrentActsOneStepLater) {
  Single<iaf_psc_delta> n(kH);
  n.calibrate();
  n.step({0.0, 250.0});  // current read now...
  EXPECT_DOUBLE_EQ(n.s[iaf_psc_delta::V_m], -70.0);
  n.step({0.0, 250.0});  // ...acts from the next step
  EXPECT_NEAR(n.s[iaf_psc_delta::V_m], -70.0 + 10.0 * (1 - std::exp(-kH / 10.0)), 1e-12);
}

TEST(IafPscExp, SinglePscMatchesClosedForm) {
  Single<iaf_psc_exp> n(kH);
  n.calibrate();
  const double w = 900.0, tau_m = 10.0, tau_s = 2.0, C = 250.0;
  n.step({w, 0.0});  // arrives in step 0: the current jumps at its end
  EXPECT_DOUBLE_EQ(n.s[iaf_psc_exp::I_syn_ex], w);
  for (int k = 1; k <= 300; ++k) {
    n.step({0.0, 0.0});
    const double t = k * kH;
    const double v = w / C * tau_m * tau_s / (tau_m - tau_s) * (std::exp(-t / tau_m) - std::exp(-t / tau_s));
    ASSERT_NEAR(n.s[iaf_psc_exp::V_m] + 70.0, v, 1e-12) << "t=" << t;
    ASSERT_NEAR(n.s[iaf_psc_exp::I_syn_ex], w * std::exp(-t / tau_s), 1e-9);
  }
}

TEST(IafPscExp, NegativeWeightsUseTheInhibitoryChannel) {
  EXPECT_EQ(iaf_psc_exp::spike_channel(0, 1.0), iaf_psc_exp::ex);
  EXPECT_EQ(iaf_psc_exp::spike_channel(0, -1.0), iaf_psc_exp::in);
  EXPECT_EQ(iaf_psc_exp::spike_channel(1, 1.0), -1);
}

TEST(IafPscExp, CurrentsEvolveWhileRefractory) {
  Single<iaf_psc_exp> n(kH);
  n.p[iaf_psc_exp::I_e] = 1e4;
  n.calibrate();
  int k = 0;
  while (n.step({0.0, 0.0}) == 0) ASSERT_LT(++k, 1000);
  n.step({500.0, 0.0});
  EXPECT_DOUBLE_EQ(n.s[iaf_psc_exp::V_m], -70.0);  // clamped
  EXPECT_DOUBLE_EQ(n.s[iaf_psc_exp::I_syn_ex], 500.0);
  n.step({0.0, 0.0});
  EXPECT_NEAR(n.s[iaf_psc_exp::I_syn_ex], 500.0 * std::exp(-kH / 2.0), 1e-12);
}

TEST(IafPscAlpha, SinglePscMatchesClosedForm) {
  Single<iaf_psc_alpha> n(kH);
  n.calibrate();
  const double w = 100.0, tau_m = 10.0, tau_s = 2.0, C = 250.0, e = std::exp(1.0);
  n.step({w, 0.0});
  const double a = 1 / tau_s - 1 / tau_m;
  for (int k = 1; k <= 400; ++k) {
    n.step({0.0, 0.0});
    const double t = k * kH;
    const double current = w * e / tau_s * t * std::exp(-t / tau_s);
    const double v = w * e / (tau_s * C) * std::exp(-t / tau_m) * (1 - std::exp(-a * t) * (1 + a * t)) / (a * a);
    ASSERT_NEAR(n.s[iaf_psc_alpha::I_syn_ex], current, 1e-10) << "t=" << t;
    ASSERT_NEAR(n.s[iaf_psc_alpha::V_m] + 70.0, v, 1e-10) << "t=" << t;
  }
}

TEST(IafPscAlpha, PscPeaksAtWeightAfterTauSyn) {
  Single<iaf_psc_alpha> n(kH);
  n.calibrate();
  n.step({0.0, -50.0, 0.0});
  double peak = 0.0;
  for (int k = 1; k <= 100; ++k) {
    n.step({0.0, 0.0});
    peak = std::min(peak, n.s[iaf_psc_alpha::I_syn_in]);
  }
  EXPECT_NEAR(peak, -50.0, 1e-9);  // t = tau_syn = 2 ms lies on the grid
}

TEST(ParrotNeuron, RepeatsReceptorZeroWithMultiplicityOnly) {
  Single<parrot_neuron> n(kH);
  EXPECT_EQ(n.step({3.0, 0.0, 0.0}), 3);
  EXPECT_EQ(n.step({0.0, 5.0, 0.0}), 0);
  EXPECT_EQ(parrot_neuron::spike_channel(2, 1.0), -1);
}

TEST(ModelValidation, RejectsNonsenseParameters) {
  ModelRegistry registry;
  const ModelInfo& m = registry.get("iaf_psc_alpha");
  std::vector<double> row = m.field_defaults;
  EXPECT_THROW(apply_neuron_fields(m, row.data(), {{"tau_m", -1.0}}), Error);
  EXPECT_THROW(apply_neuron_fields(m, row.data(), {{"V_reset", -50.0}}), Error);
  EXPECT_THROW(apply_neuron_fields(m, row.data(), {{"no_such_field", 1.0}}), Error);
  EXPECT_EQ(row, m.field_defaults);  // untouched after errors
}

TEST(ModelValidation, SettingELAloneMovesNothingElseLikeNest) {
  ModelRegistry registry;
  const ModelInfo& m = registry.get("iaf_psc_delta");
  std::vector<double> row = m.field_defaults;
  apply_neuron_fields(m, row.data(), {{"E_L", -65.0}});
  EXPECT_DOUBLE_EQ(row[static_cast<std::size_t>(m.field_index("V_th"))], -55.0);
  EXPECT_DOUBLE_EQ(row[static_cast<std::size_t>(m.field_index("V_reset"))], -70.0);
  EXPECT_DOUBLE_EQ(row[static_cast<std::size_t>(m.field_index("V_m"))], -70.0);
  apply_neuron_fields(m, row.data(), {{"E_L", -60.0}, {"V_th", -52.0}});
  EXPECT_DOUBLE_EQ(row[static_cast<std::size_t>(m.field_index("V_th"))], -52.0);
}

TEST(ModelRegistry, NamesAreUniqueAndDefaultsValid) {
  ModelRegistry registry;
  for (const auto& name : registry.names()) {
    const ModelInfo& m = registry.get(name);
    if (m.element_type != ElementType::neuron) continue;
    for (int a = 0; a < m.n_fields(); ++a) {
      for (int b = a + 1; b < m.n_fields(); ++b) EXPECT_STRNE(m.fields[a].name, m.fields[b].name) << name;
    }
    EXPECT_EQ(m.validate(m.field_defaults.data()), nullptr) << name;
    for (const auto& r : m.recordables) {
      std::string column = r;  // a recordable may read a column of another name (recorded_as)
      for (const auto& [alias, target] : m.recorded_as) {
        if (alias == r) column = target;
      }
      EXPECT_GE(m.field_index(column), 0) << name << " recordable " << r;
    }
  }
}
