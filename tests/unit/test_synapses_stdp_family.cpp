// SPDX-License-Identifier: GPL-2.0-or-later
// The STDP family (stdp_pl_synapse_hom, stdp_triplet_synapse, stdp_nn_*)
// against NEST's formulas written out here by hand: small cases with the
// expected numbers spelled out, and long spike trains against a reference that
// recomputes every trace as an explicit sum over spikes instead of recursively.
#include <gtest/gtest.h>

#include "roost/post_history_store.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "roost/models/synapses/stdp_nn.hpp"
#include "roost/models/synapses/stdp_pl_synapse_hom.hpp"
#include "roost/models/synapses/stdp_triplet_synapse.hpp"

using namespace roost;
using namespace roost::models;

namespace {

constexpr double kEps = 1e-6;  // NEST's stdp_eps

// One postsynaptic neuron's archive (slot 0), in the backends' own storage.
struct Post {
  HistoryStore store;
  PostHistory h;

  explicit Post(double delay, double tau_minus = 20.0, double tau_minus_triplet = 110.0, std::uint32_t cap = 16) {
    store.remap({1}, cap);
    store.n_incoming[0] = 1;
    store.max_delay[0] = delay;
    store.tau_minus_inv[0] = 1.0 / tau_minus;
    store.tau_minus_triplet_inv[0] = 1.0 / tau_minus_triplet;
    h = store.view();
    h.min_delay_ms = 0.1;
  }
  Post(const Post&) = delete;
  void spike(double t) { h.archive_spike(0, t); }
  PostView view() const { return PostView{&h, 0}; }
};

// One connection of model M, driven as the delivery does (t_last set after on_pre).
template <class M>
struct Conn {
  double w = 1.0;
  std::array<double, M::n_params> p{};
  std::array<double, (M::n_state > 0 ? M::n_state : 1)> s{};
  double delay;
  double t_last = 0.0;
  double sent = NAN;

  explicit Conn(double w0, double d) : w(w0), delay(d) {
    for (int i = 0; i < M::n_params; ++i) p[i] = M::params[i].default_value;
    for (int i = 0; i < M::n_state; ++i) s[i] = M::state[i].default_value;
  }
  double pre(double t, const Post& post) {
    const PreSpike ps{t, t_last, delay, nullptr};
    EXPECT_TRUE(M::on_pre(SynapseRef{&w, p.data(), s.data()}, ps, post.view(), sent));
    EXPECT_EQ(sent, w);
    t_last = t;
    return w;
  }
};

// Pre and post trains merged in time (a post spike at or before a pre spike is
// archived before the pre spike is delivered); the weight after each pre spike.
template <class M>
std::vector<double> run(Conn<M>& c, Post& post, const std::vector<double>& pre, const std::vector<double>& posts) {
  std::vector<double> out;
  std::size_t j = 0;
  for (double t : pre) {
    while (j < posts.size() && posts[j] <= t) post.spike(posts[j++]);
    out.push_back(c.pre(t, post));
  }
  EXPECT_EQ(post.store.overflow, 0);
  return out;
}

// ---- NEST's rules typed out independently ----------------------------------

// (t1, t2] with NEST's tolerance: get_history's window.
bool in_window(double x, double t1, double t2) { return x >= t1 + kEps && x < t2 + kEps; }
bool strictly_before(double x, double t) { return t - x > kEps; }

// Post trace K- at t as an explicit sum over the post spikes strictly before t.
double kminus_sum(const std::vector<double>& posts, double t, double tau) {
  double k = 0.0;
  for (double q : posts)
    if (strictly_before(q, t)) k += std::exp(-(t - q) / tau);
  return k;
}
// Nearest-neighbour post trace at t: only the latest post spike strictly before t.
double kminus_nearest(const std::vector<double>& posts, double t, double tau) {
  double k = 0.0;
  for (double q : posts)
    if (strictly_before(q, t)) k = std::exp(-(t - q) / tau);
  return k;
}
// Pre trace at time x from the pre spikes with index in [from, to).
double kplus_sum(const std::vector<double>& pre, std::size_t from, std::size_t to, double x, double tau) {
  double k = 0.0;
  for (std::size_t j = from; j < to; ++j) k += std::exp(-(x - pre[j]) / tau);
  return k;
}

double multiplicative_fac(double w, double k, double lambda, double mu_plus, double Wmax) {
  const double x = w / Wmax + lambda * std::pow(1.0 - w / Wmax, mu_plus) * k;
  return x < 1.0 ? x * Wmax : Wmax;
}
double multiplicative_dep(double w, double k, double lambda, double alpha, double mu_minus, double Wmax) {
  const double x = w / Wmax - alpha * lambda * std::pow(w / Wmax, mu_minus) * k;
  return x > 0.0 ? x * Wmax : 0.0;
}

void expect_close(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-12 * std::max(1.0, std::fabs(want[i]))) << "pre spike " << i;
}

// A grid spike train (multiples of 0.1 ms) with gaps of 1..max_gap steps.
std::vector<double> train(std::uint64_t seed, int n, int max_gap, int start_step) {
  std::vector<double> t;
  std::uint64_t x = seed;
  long step = start_step;
  for (int i = 0; i < n; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    step += 1 + static_cast<long>((x >> 33) % static_cast<std::uint64_t>(max_gap));
    t.push_back(step * 0.1);
  }
  return t;
}

}  // namespace

// ============================== stdp_pl_synapse_hom =========================

TEST(StdpPlSynapseHom, FieldsAndTraits) {
  using M = stdp_pl_synapse_hom;
  EXPECT_STREQ(M::model_name, "stdp_pl_synapse_hom");
  EXPECT_TRUE(M::traits.homogeneous);
  EXPECT_TRUE(M::traits.reads_post_history);
  EXPECT_STREQ(M::params[M::tau_plus].name, "tau_plus");
  EXPECT_EQ(M::params[M::tau_plus].default_value, 20.0);
  EXPECT_EQ(M::params[M::lambda].default_value, 0.1);
  EXPECT_EQ(M::params[M::alpha].default_value, 1.0);
  EXPECT_EQ(M::params[M::mu].default_value, 0.4);
  EXPECT_STREQ(M::state[M::Kplus].name, "Kplus");
}

TEST(StdpPlSynapseHom, FacilitationOnly) {
  Post post(1.0);
  Conn<stdp_pl_synapse_hom> c(10.0, 1.0);
  c.p[stdp_pl_synapse_hom::alpha] = 0.0;
  const auto w = run(c, post, {10.0, 12.0, 30.0}, {20.0});
  EXPECT_EQ(w[0], 10.0);
  EXPECT_EQ(w[1], 10.0);
  // Post 20 reaches the synapse at 21: pairs with pre 10 and 12.
  const double k = std::exp(-11.0 / 20.0) + std::exp(-9.0 / 20.0);
  EXPECT_NEAR(w[2], 10.0 + 0.1 * std::pow(10.0, 0.4) * k, 1e-12);
  EXPECT_NEAR(c.s[0], 1.0 + std::exp(-20.0 / 20.0) + std::exp(-18.0 / 20.0), 1e-12);
}

TEST(StdpPlSynapseHom, DepressionOnly) {
  Post post(1.0);
  Conn<stdp_pl_synapse_hom> c(10.0, 1.0);
  const auto w = run(c, post, {10.0}, {5.0, 7.0});
  // Both posts lie in the first window but K+ is still 0: only depression, all-to-all K-.
  const double km = std::exp(-4.0 / 20.0) + std::exp(-2.0 / 20.0);
  EXPECT_NEAR(w[0], 10.0 - 0.1 * 1.0 * 10.0 * km, 1e-12);
  EXPECT_EQ(c.s[0], 1.0);
}

TEST(StdpPlSynapseHom, ClipsAtZeroButNotAbove) {
  Post post(1.0);
  Conn<stdp_pl_synapse_hom> c(1000.0, 1.0);
  c.p[stdp_pl_synapse_hom::alpha] = 0.0;
  c.p[stdp_pl_synapse_hom::lambda] = 10.0;
  const auto w = run(c, post, {10.0, 30.0}, {20.0});
  EXPECT_NEAR(w[1], 1000.0 + 10.0 * std::pow(1000.0, 0.4) * std::exp(-11.0 / 20.0), 1e-9);
  EXPECT_GT(w[1], 1000.0);

  Post post2(1.0);
  Conn<stdp_pl_synapse_hom> d(5.0, 1.0);
  d.p[stdp_pl_synapse_hom::alpha] = 100.0;
  EXPECT_EQ(run(d, post2, {10.0}, {8.0})[0], 0.0);
}

TEST(StdpPlSynapseHom, PostSpikeExactlyDelayBeforePrePairsWithNeither) {
  Post post(1.0);
  Conn<stdp_pl_synapse_hom> c(10.0, 1.0);
  const auto w = run(c, post, {5.0, 10.0, 30.0}, {9.0});
  // Pre 10: post 9 arrives at 10 = the pre spike; it facilitates with pre 5's
  // K+ only, and is not strictly before 9 for the depression.
  const double w1 = 10.0 + 0.1 * std::pow(10.0, 0.4) * std::exp(-5.0 / 20.0);
  EXPECT_NEAR(w[1], w1, 1e-12);
  // Pre 30: post 9 is outside (9, 29]: depression only.
  EXPECT_NEAR(w[2], w1 - 0.1 * w1 * std::exp(-20.0 / 20.0), 1e-12);
}

TEST(StdpPlSynapseHom, LongTrainMatchesSums) {
  const double d = 1.5, tau_plus = 15.0, lambda = 0.05, alpha = 1.2, mu = 0.4, tau_minus = 25.0;
  const auto pre = train(1, 60, 80, 0), posts = train(2, 60, 80, 3);
  Post post(d, tau_minus, 110.0, 64);
  Conn<stdp_pl_synapse_hom> c(20.0, d);
  c.p = {tau_plus, lambda, alpha, mu};
  const auto got = run(c, post, pre, posts);

  std::vector<double> want;
  double w = 20.0;
  for (std::size_t i = 0; i < pre.size(); ++i) {
    const double t_last = i ? pre[i - 1] : 0.0;
    for (double q : posts)
      if (in_window(q, t_last - d, pre[i] - d)) w += lambda * std::pow(w, mu) * kplus_sum(pre, 0, i, q + d, tau_plus);
    w = std::max(0.0, w - lambda * alpha * w * kminus_sum(posts, pre[i] - d, tau_minus));
    want.push_back(w);
  }
  expect_close(got, want);
}

TEST(StdpPlSynapseHom, Validate) {
  using M = stdp_pl_synapse_hom;
  std::array<double, M::n_params> p{20.0, 0.1, 1.0, 0.4};
  double s[1] = {-5.0};  // NEST does not check Kplus here
  EXPECT_EQ(M::validate(p.data(), s, -3.0), nullptr);
  for (double bad : {0.0, -1.0, std::nan("")}) {
    p[M::tau_plus] = bad;
    EXPECT_NE(M::validate(p.data(), nullptr, 1.0), nullptr) << bad;
  }
}

// ============================== stdp_triplet_synapse ========================

namespace {
struct TripletParams {
  double tau_plus = 16.8, tau_x = 101.0, Ap = 5e-10, Am = 7e-3, Ap3 = 6.2e-3, Am3 = 2.3e-4, Wmax = 100.0;
};
void set(Conn<stdp_triplet_synapse>& c, const TripletParams& q) {
  c.p = {q.tau_plus, q.tau_x, q.Ap, q.Am, q.Ap3, q.Am3, q.Wmax};
}
}  // namespace

TEST(StdpTripletSynapse, FieldsAndTraits) {
  using M = stdp_triplet_synapse;
  EXPECT_FALSE(M::traits.homogeneous);
  EXPECT_TRUE(M::traits.reads_post_history);
  const char* names[] = {"tau_plus", "tau_plus_triplet", "Aplus", "Aminus", "Aplus_triplet", "Aminus_triplet", "Wmax"};
  const double defaults[] = {16.8, 101.0, 5e-10, 7e-3, 6.2e-3, 2.3e-4, 100.0};
  for (int i = 0; i < M::n_params; ++i) {
    EXPECT_STREQ(M::params[i].name, names[i]);
    EXPECT_EQ(M::params[i].default_value, defaults[i]);
  }
  EXPECT_STREQ(M::state[M::Kplus].name, "Kplus");
  EXPECT_STREQ(M::state[M::Kplus_triplet].name, "Kplus_triplet");
}

TEST(StdpTripletSynapse, FacilitationUsesPostTripletTraceJustBeforeThePostSpike) {
  Post post(1.0, 20.0, 110.0);
  Conn<stdp_triplet_synapse> c(1.0, 1.0);
  set(c, {.Ap = 0.5, .Am = 0.0, .Ap3 = 1.0, .Am3 = 0.0});
  const auto w = run(c, post, {10.0, 30.0}, {15.0, 18.0});
  EXPECT_EQ(w[0], 1.0);
  // Post 15: no earlier post (o2 = 0); post 18: o2 = exp(-3/110) from post 15.
  const double w1 = 1.0 + std::exp(-6.0 / 16.8) * 0.5;
  EXPECT_NEAR(w[1], w1 + std::exp(-9.0 / 16.8) * (0.5 + 1.0 * std::exp(-3.0 / 110.0)), 1e-12);
  EXPECT_NEAR(c.s[stdp_triplet_synapse::Kplus], std::exp(-20.0 / 16.8) + 1.0, 1e-12);
  EXPECT_NEAR(c.s[stdp_triplet_synapse::Kplus_triplet], std::exp(-20.0 / 101.0) + 1.0, 1e-12);
}

TEST(StdpTripletSynapse, DepressionUsesPreTripletTraceBeforeIncrement) {
  Post post(1.0, 20.0, 110.0);
  Conn<stdp_triplet_synapse> c(50.0, 1.0);
  set(c, {.Ap = 0.0, .Am = 0.5, .Ap3 = 0.0, .Am3 = 2.0});
  const auto w = run(c, post, {10.0, 20.0, 30.0}, {22.0});
  EXPECT_EQ(w[0], 50.0);
  EXPECT_EQ(w[1], 50.0);
  const double r2 = std::exp(-20.0 / 101.0) + std::exp(-10.0 / 101.0);
  EXPECT_NEAR(w[2], 50.0 - std::exp(-7.0 / 20.0) * (0.5 + 2.0 * r2), 1e-12);
}

TEST(StdpTripletSynapse, ClipsMagnitudeAndKeepsSignOfWmax) {
  Post post(1.0);
  Conn<stdp_triplet_synapse> c(-4.9, 1.0);
  set(c, {.Ap = 10.0, .Am = 0.0, .Am3 = 0.0, .Wmax = -5.0});
  const auto w = run(c, post, {10.0, 30.0}, {20.0});
  EXPECT_EQ(w[1], -5.0);

  Post post2(1.0);
  Conn<stdp_triplet_synapse> d(-4.0, 1.0);
  set(d, {.Am = 100.0, .Wmax = -5.0});
  const double w2 = run(d, post2, {10.0}, {5.0})[0];
  EXPECT_EQ(w2, 0.0);
  EXPECT_TRUE(std::signbit(w2));  // copysign(0, Wmax) as NEST
}

TEST(StdpTripletSynapse, PostSpikeExactlyDelayBeforePrePairsWithNeither) {
  Post post(2.0);
  Conn<stdp_triplet_synapse> c(10.0, 2.0);
  set(c, {.Ap = 0.5, .Am = 0.5, .Ap3 = 0.0, .Am3 = 0.0});
  const auto w = run(c, post, {5.0, 10.0}, {8.0});
  // Post 8 + d = 10: facilitation with pre 5's K+ only; no depression (K- at 8 is 0).
  EXPECT_NEAR(w[1], 10.0 + std::exp(-5.0 / 16.8) * 0.5, 1e-12);
}

TEST(StdpTripletSynapse, LongTrainMatchesSums) {
  const double d = 2.0, tau_minus = 33.7, tau_my = 125.0;
  const TripletParams q{.tau_plus = 16.8, .tau_x = 101.0, .Ap = 0.02, .Am = 0.03, .Ap3 = 0.05, .Am3 = 0.01, .Wmax = -40.0};
  const auto pre = train(3, 60, 60, 0), posts = train(4, 60, 60, 7);
  Post post(d, tau_minus, tau_my, 64);
  Conn<stdp_triplet_synapse> c(-20.0, d);
  set(c, q);
  const auto got = run(c, post, pre, posts);

  std::vector<double> want;
  double a = 20.0;  // |w|; the sign is Wmax's
  for (std::size_t i = 0; i < pre.size(); ++i) {
    const double t_last = i ? pre[i - 1] : 0.0;
    for (std::size_t m = 0; m < posts.size(); ++m) {
      if (!in_window(posts[m], t_last - d, pre[i] - d)) continue;
      double o2 = 0.0;  // post triplet trace just before post m
      for (std::size_t n = 0; n < m; ++n) o2 += std::exp(-(posts[m] - posts[n]) / tau_my);
      a = std::min(a + kplus_sum(pre, 0, i, posts[m] + d, q.tau_plus) * (q.Ap + q.Ap3 * o2), 40.0);
    }
    const double r2 = kplus_sum(pre, 0, i, pre[i], q.tau_x);
    a = std::max(0.0, a - kminus_sum(posts, pre[i] - d, tau_minus) * (q.Am + q.Am3 * r2));
    want.push_back(-a);
  }
  expect_close(got, want);
}

TEST(StdpTripletSynapse, Validate) {
  using M = stdp_triplet_synapse;
  std::array<double, M::n_params> p{};
  for (int i = 0; i < M::n_params; ++i) p[i] = M::params[i].default_value;
  double s[2] = {0.0, 0.0};
  EXPECT_EQ(M::validate(p.data(), s, 1.0), nullptr);
  EXPECT_EQ(M::validate(p.data(), s, 0.0), nullptr);
  EXPECT_NE(M::validate(p.data(), s, -1.0), nullptr);
  p[M::Wmax] = -100.0;
  EXPECT_EQ(M::validate(p.data(), s, -1.0), nullptr);
  EXPECT_NE(M::validate(p.data(), s, 0.0), nullptr);  // NEST counts 0 as positive
  EXPECT_NE(M::validate(p.data(), s, 1.0), nullptr);
  p[M::Wmax] = 100.0;
  s[M::Kplus] = -1.0;
  EXPECT_NE(M::validate(p.data(), s, 1.0), nullptr);
  s[M::Kplus] = NAN;
  EXPECT_NE(M::validate(p.data(), s, 1.0), nullptr);
  s[M::Kplus] = 0.0;
  s[M::Kplus_triplet] = -1.0;
  EXPECT_NE(M::validate(p.data(), s, 1.0), nullptr);
  s[M::Kplus_triplet] = 0.0;
  p[M::tau_plus] = -1.0;  // NEST does not check the time constants of this model
  EXPECT_EQ(M::validate(p.data(), s, 1.0), nullptr);
}

// ============================== stdp_nn_* ===================================

TEST(StdpNn, FieldsAndTraits) {
  const char* names[] = {"tau_plus", "lambda", "alpha", "mu_plus", "mu_minus", "Wmax"};
  const double defaults[] = {20.0, 0.01, 1.0, 1.0, 1.0, 100.0};
  for (int i = 0; i < stdp_nn_rule::n_params; ++i) {
    EXPECT_STREQ(stdp_nn_rule::params[i].name, names[i]);
    EXPECT_EQ(stdp_nn_rule::params[i].default_value, defaults[i]);
  }
  EXPECT_STREQ(stdp_nn_symm_synapse::model_name, "stdp_nn_symm_synapse");
  EXPECT_STREQ(stdp_nn_pre_centered_synapse::model_name, "stdp_nn_pre_centered_synapse");
  EXPECT_STREQ(stdp_nn_restr_synapse::model_name, "stdp_nn_restr_synapse");
  EXPECT_EQ(stdp_nn_symm_synapse::n_state, 0);
  EXPECT_EQ(stdp_nn_restr_synapse::n_state, 0);
  EXPECT_EQ(stdp_nn_pre_centered_synapse::n_state, 1);
  EXPECT_STREQ(stdp_nn_pre_centered_synapse::state[0].name, "Kplus");
  EXPECT_TRUE(stdp_nn_symm_synapse::traits.reads_post_history);
  EXPECT_TRUE(stdp_nn_pre_centered_synapse::traits.reads_post_history);
  EXPECT_TRUE(stdp_nn_restr_synapse::traits.reads_post_history);
}

namespace {
double fac(double w, double k) { return multiplicative_fac(w, k, 0.01, 1.0, 100.0); }
double dep(double w, double k) { return multiplicative_dep(w, k, 0.01, 1.0, 1.0, 100.0); }
}  // namespace

TEST(StdpNnSymm, EachPostPairsWithNearestPreAndEachPreWithNearestPost) {
  Post post(1.0);
  Conn<stdp_nn_symm_synapse> c(50.0, 1.0);
  const auto w = run(c, post, {10.0, 12.0, 30.0}, {20.0, 22.0});
  EXPECT_EQ(w[1], 50.0);
  // Both posts (at the synapse 21, 23) pair with pre 12 only; pre 30 pairs with post 22 only.
  double want = fac(fac(50.0, std::exp(-9.0 / 20.0)), std::exp(-11.0 / 20.0));
  want = dep(want, std::exp(-7.0 / 20.0));
  EXPECT_NEAR(w[2], want, 1e-12);
}

TEST(StdpNnSymm, FirstPreSpikePairsAsIfAPreSpikeAtZero) {
  Post post(1.0);
  Conn<stdp_nn_symm_synapse> c(50.0, 1.0);
  // NEST starts t_last at 0: post 5 facilitates with exp(-(5 + 1 - 0)/tau_plus).
  const double w = run(c, post, {10.0}, {5.0})[0];
  EXPECT_NEAR(w, dep(fac(50.0, std::exp(-6.0 / 20.0)), std::exp(-4.0 / 20.0)), 1e-12);
}

TEST(StdpNnSymm, ClipsAtWmaxAndZero) {
  Post post(1.0);
  Conn<stdp_nn_symm_synapse> c(99.0, 1.0);
  c.p[stdp_nn_rule::lambda] = 5.0;
  c.p[stdp_nn_rule::alpha] = 0.0;
  EXPECT_EQ(run(c, post, {10.0, 30.0}, {20.0})[1], 100.0);
  Post post2(1.0);
  Conn<stdp_nn_symm_synapse> d(1.0, 1.0);
  d.p[stdp_nn_rule::alpha] = 1000.0;
  EXPECT_EQ(run(d, post2, {10.0, 30.0}, {20.0})[1], 0.0);
}

TEST(StdpNnSymm, PostSpikeExactlyDelayBeforePrePairsWithNeither) {
  Post post(1.0);
  Conn<stdp_nn_symm_synapse> c(50.0, 1.0);
  const auto w = run(c, post, {5.0, 10.0, 30.0}, {9.0});
  // Pre 10: post 9 pairs with pre 5 only (facilitation), no depression.
  const double w1 = fac(50.0, std::exp(-5.0 / 20.0));
  EXPECT_NEAR(w[1], w1, 1e-12);
  EXPECT_NEAR(w[2], dep(w1, std::exp(-20.0 / 20.0)), 1e-12);
}

TEST(StdpNnPreCentered, FirstPostPairsWithAllPreSinceLastPostThenResets) {
  Post post(1.0);
  Conn<stdp_nn_pre_centered_synapse> c(50.0, 1.0);
  const auto w = run(c, post, {10.0, 12.0, 30.0, 40.0}, {20.0, 22.0});
  EXPECT_EQ(w[1], 50.0);
  // Pre 30: only post 20 facilitates, with pre 10 and 12; K+ is then reset.
  const double w2 = dep(fac(50.0, std::exp(-11.0 / 20.0) + std::exp(-9.0 / 20.0)), std::exp(-7.0 / 20.0));
  EXPECT_NEAR(w[2], w2, 1e-12);
  // Pre 40: no post since 30; depression with the nearest post 22 still.
  EXPECT_NEAR(w[3], dep(w2, std::exp(-17.0 / 20.0)), 1e-12);
  EXPECT_NEAR(c.s[0], std::exp(-10.0 / 20.0) + 1.0, 1e-12);  // only pre 30 and 40
}

TEST(StdpNnPreCentered, PostSpikeExactlyDelayBeforePrePairsWithNeither) {
  Post post(1.0);
  Conn<stdp_nn_pre_centered_synapse> c(50.0, 1.0);
  const auto w = run(c, post, {5.0, 10.0}, {9.0});
  EXPECT_NEAR(w[1], fac(50.0, std::exp(-5.0 / 20.0)), 1e-12);
  EXPECT_EQ(c.s[0], 1.0);  // reset by post 9, then pre 10 alone
}

TEST(StdpNnRestr, OnlyImmediateNeighbours) {
  Post post(1.0);
  Conn<stdp_nn_restr_synapse> c(50.0, 1.0);
  const auto w = run(c, post, {10.0, 12.0, 30.0, 40.0}, {20.0, 22.0});
  EXPECT_EQ(w[1], 50.0);
  // Pre 30: the first post of the window (20) with pre 12, then depression with post 22.
  const double w2 = dep(fac(50.0, std::exp(-9.0 / 20.0)), std::exp(-7.0 / 20.0));
  EXPECT_NEAR(w[2], w2, 1e-12);
  // Pre 40: no post spike since pre 30: no change at all.
  EXPECT_EQ(w[3], w2);
}

TEST(StdpNnRestr, DepressionMayUseAPostSpikeBeforeTheWindow) {
  Post post(1.0);
  Conn<stdp_nn_restr_synapse> c(50.0, 1.0);
  // Pre 34: window (29, 33] holds only post 33 (= 34 - d), which is not strictly
  // before 33; NEST's nearest-neighbour trace then comes from post 20.
  const auto w = run(c, post, {10.0, 30.0, 34.0}, {20.0, 33.0});
  const double w1 = dep(fac(50.0, std::exp(-11.0 / 20.0)), std::exp(-9.0 / 20.0));
  EXPECT_NEAR(w[1], w1, 1e-12);
  EXPECT_NEAR(w[2], dep(fac(w1, std::exp(-4.0 / 20.0)), std::exp(-13.0 / 20.0)), 1e-12);
}

TEST(StdpNn, LongTrainsMatchReference) {
  const double d = 1.0, tau_plus = 17.0, tau_minus = 23.0, lambda = 0.03, alpha = 0.8, mu_p = 0.5, mu_m = 0.7;
  const double Wmax = 80.0;
  const auto pre = train(5, 80, 70, 0), posts = train(6, 80, 70, 2);
  auto F = [&](double w, double k) { return multiplicative_fac(w, k, lambda, mu_p, Wmax); };
  auto D = [&](double w, double k) { return multiplicative_dep(w, k, lambda, alpha, mu_m, Wmax); };
  auto setp = [&](auto& c) { c.p = {tau_plus, lambda, alpha, mu_p, mu_m, Wmax}; };

  Post p1(d, tau_minus, 110.0, 64), p2(d, tau_minus, 110.0, 64), p3(d, tau_minus, 110.0, 64);
  Conn<stdp_nn_symm_synapse> symm(40.0, d);
  Conn<stdp_nn_pre_centered_synapse> pc(40.0, d);
  Conn<stdp_nn_restr_synapse> restr(40.0, d);
  setp(symm);
  setp(pc);
  setp(restr);
  const auto g_symm = run(symm, p1, pre, posts), g_pc = run(pc, p2, pre, posts), g_restr = run(restr, p3, pre, posts);

  std::vector<double> w_symm, w_pc, w_restr;
  double ws = 40.0, wp = 40.0, wr = 40.0;
  std::size_t since = 0;  // pre-centered: first pre spike after the last reset
  for (std::size_t i = 0; i < pre.size(); ++i) {
    const double t_last = i ? pre[i - 1] : 0.0;
    std::vector<double> win;
    for (double q : posts)
      if (in_window(q, t_last - d, pre[i] - d)) win.push_back(q);
    const double nn = kminus_nearest(posts, pre[i] - d, tau_minus);
    for (double q : win) ws = F(ws, std::exp(-(q + d - t_last) / tau_plus));
    ws = D(ws, nn);
    if (!win.empty()) {
      wp = F(wp, kplus_sum(pre, since, i, win[0] + d, tau_plus));
      since = i;
      wr = D(F(wr, std::exp(-(win[0] + d - t_last) / tau_plus)), nn);
    }
    wp = D(wp, nn);
    w_symm.push_back(ws);
    w_pc.push_back(wp);
    w_restr.push_back(wr);
  }
  expect_close(g_symm, w_symm);
  expect_close(g_pc, w_pc);
  expect_close(g_restr, w_restr);
}

TEST(StdpNn, ReadsEachHistoryEntryOnce) {
  Post post(1.0);
  Conn<stdp_nn_restr_synapse> c(50.0, 1.0);
  run(c, post, {10.0, 30.0, 50.0}, {20.0, 22.0, 40.0});
  for (std::uint32_t k = 0; k < post.store.count[0]; ++k) EXPECT_EQ(post.view().entry(k).access, 1u) << k;
}

TEST(StdpNn, Validate) {
  std::array<double, stdp_nn_rule::n_params> p{20.0, 0.01, 1.0, 1.0, 1.0, 100.0};
  // nn_symm compares sign bits: -0.0 is negative.
  EXPECT_EQ(stdp_nn_symm_synapse::validate(p.data(), nullptr, 0.0), nullptr);
  EXPECT_NE(stdp_nn_symm_synapse::validate(p.data(), nullptr, -0.0), nullptr);
  EXPECT_NE(stdp_nn_symm_synapse::validate(p.data(), nullptr, -1.0), nullptr);
  // The other two count any zero as positive.
  EXPECT_EQ(stdp_nn_restr_synapse::validate(p.data(), nullptr, -0.0), nullptr);
  EXPECT_NE(stdp_nn_restr_synapse::validate(p.data(), nullptr, -1.0), nullptr);
  double s[1] = {0.0};
  EXPECT_EQ(stdp_nn_pre_centered_synapse::validate(p.data(), s, -0.0), nullptr);
  EXPECT_NE(stdp_nn_pre_centered_synapse::validate(p.data(), s, -1.0), nullptr);
  s[0] = -0.5;
  EXPECT_NE(stdp_nn_pre_centered_synapse::validate(p.data(), s, 1.0), nullptr);
  s[0] = 0.0;
  p[stdp_nn_rule::Wmax] = -100.0;
  EXPECT_EQ(stdp_nn_symm_synapse::validate(p.data(), nullptr, -1.0), nullptr);
  EXPECT_NE(stdp_nn_restr_synapse::validate(p.data(), nullptr, 0.0), nullptr);
  EXPECT_NE(stdp_nn_pre_centered_synapse::validate(p.data(), s, 0.0), nullptr);
  // No check of tau_plus in NEST for these models.
  p[stdp_nn_rule::Wmax] = 100.0;
  p[stdp_nn_rule::tau_plus] = -1.0;
  EXPECT_EQ(stdp_nn_restr_synapse::validate(p.data(), nullptr, 1.0), nullptr);
}
