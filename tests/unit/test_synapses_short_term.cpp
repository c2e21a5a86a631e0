// SPDX-License-Identifier: GPL-2.0-or-later
// Short-term plasticity, stochastic and other synapse rules: on_pre against
// independent formulas, NEST 3.10 weight_recorder data (shared/reference/nest/
// synapses/*.json, 13 significant digits), statistics and validate().
#include <gtest/gtest.h>

#include "roost/post_history_store.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "roost/models/synapses/ht_synapse.hpp"
#include "roost/models/synapses/stochastic.hpp"
#include "roost/models/synapses/tsodyks.hpp"
#include "roost/models/synapses/vogels_sprekeler.hpp"

using namespace roost;
using namespace roost::models;

namespace {

// One connection of model M, driven as the delivery does: t_last is set after
// on_pre returns, whether or not the spike was transmitted.
template <class M>
struct Conn {
  double weight = 1.0;
  std::array<double, (M::n_params > 0 ? M::n_params : 1)> p{};
  std::array<double, (M::n_state > 0 ? M::n_state : 1)> s{};
  double t_last = 0.0;
  Conn() {
    for (int f = 0; f < M::n_params; ++f) p[f] = M::params[f].default_value;
    for (int f = 0; f < M::n_state; ++f) s[f] = M::state[f].default_value;
  }
  bool fire(double t, double& sent, PostView post = {}, RandomStream* rng = nullptr, double delay = 1.0) {
    const PreSpike pre{t, t_last, delay, rng};
    const bool ok = M::on_pre(SynapseRef{&weight, p.data(), s.data()}, pre, post, sent);
    t_last = t;
    return ok;
  }
};

void expect_rel(double actual, double expected, double rtol) {
  EXPECT_NEAR(actual, expected, rtol * std::max(std::fabs(expected), 1e-300)) << "expected " << expected;
}

// Parrot spike times (generator time + 1 ms) of the NEST cases tsodyks_synapse_hom,
// tsodyks2_synapse_mixed_delay2p5 and ht_synapse.
const std::vector<double> kTrain = {21.0,  46.0,  51.0,  56.0,  61.0,  63.0,  65.0,  67.0,  101.0,
                                    181.0, 182.0, 183.5, 251.0, 401.0, 406.0, 411.0, 701.0, 703.0};
const std::vector<double> kRegular = {21.0, 71.0, 121.0, 171.0, 221.0, 271.0, 321.0, 371.0, 421.0, 471.0, 1001.0, 1021.0};
constexpr double kNestRtol = 1e-10;  // the reference files keep 13 significant digits

// Tsodyks 2000 between spikes in closed form (a different algebra from NEST's
// propagators): y decays, the inactive z = 1 - x - y fills from y and recovers.
struct TsodyksRef {
  double U, tau_psc, tau_fac, tau_rec, x = 1.0, y = 0.0, u = 0.0, t_last = 0.0;
  double spike(double t, double w) {
    const double h = t - t_last;
    const double z0 = 1.0 - x - y;
    const double a = y * tau_rec / (tau_psc - tau_rec);
    const double z = z0 * std::exp(-h / tau_rec) + a * (std::exp(-h / tau_psc) - std::exp(-h / tau_rec));
    y *= std::exp(-h / tau_psc);
    x = 1.0 - y - z;
    u = (tau_fac > 0.0 ? u * std::exp(-h / tau_fac) : 0.0);
    u = u + U * (1.0 - u);
    const double dy = u * x;
    x -= dy;
    y += dy;
    t_last = t;
    return dy * w;
  }
};

}  // namespace

TEST(Tsodyks, FacilitatingMatchesClosedFormAndNest) {
  const std::vector<double> nest = {47.03242670281, 57.58731207011, 63.45467392585, 66.96934449304,
                                    69.42950386152, 71.39600584754, 73.06426029671, 74.49586014858,
                                    75.71862855916, 76.75667827142, 100.0663779144, 74.87503208513};
  Conn<tsodyks_synapse> c;
  c.weight = 250.0;
  c.p = {0.1, 3.0, 1000.0, 100.0};  // U, tau_psc, tau_fac, tau_rec
  c.s[tsodyks_synapse::u] = 0.1;
  TsodyksRef ref{0.1, 3.0, 1000.0, 100.0, 1.0, 0.0, 0.1};
  for (std::size_t k = 0; k < kRegular.size(); ++k) {
    double w = 0.0;
    ASSERT_TRUE(c.fire(kRegular[k], w));
    expect_rel(w, ref.spike(kRegular[k], 250.0), 1e-12);
    expect_rel(w, nest[k], kNestRtol);
    expect_rel(c.s[tsodyks_synapse::x], ref.x, 1e-12);
    expect_rel(c.s[tsodyks_synapse::y], ref.y, 1e-12);
  }
  // NEST's probe after the last spike (1027 ms).
  expect_rel(c.s[tsodyks_synapse::x], 0.3594925187504, kNestRtol);
  expect_rel(c.s[tsodyks_synapse::u], 0.4544817452253, kNestRtol);
  expect_rel(c.s[tsodyks_synapse::y], 0.3000095197602, kNestRtol);
  EXPECT_EQ(c.weight, 250.0);  // the connection weight never changes
}

TEST(Tsodyks, DepressingMatchesNest) {
  const std::vector<double> nest = {125.0, 66.06567988728, 38.48804240978, 25.58340404831, 19.54482690855, 16.71914416941,
                                    15.3968984222, 14.77816872838, 14.4886412825, 14.35316024327, 64.24093394511, 34.29590469498};
  Conn<tsodyks_synapse> c;
  c.weight = 250.0;
  c.s[tsodyks_synapse::u] = 0.5;  // defaults otherwise: U 0.5, tau_fac 0, tau_rec 800
  for (std::size_t k = 0; k < kRegular.size(); ++k) {
    double w = 0.0;
    c.fire(kRegular[k], w);
    expect_rel(w, nest[k], kNestRtol);
  }
}

TEST(TsodyksHom, MatchesNestTwoConnectionsAndClosedForm) {
  const std::vector<double> nest = {120.0, 101.7040066496, 60.41193532095, 22.78011016739, 8.157181069245, 2.791651177761,
                                    1.679143717422, 1.517844436272, 16.67965624951, 29.28218938832, 21.89930724743,
                                    8.851114739897, 25.29124871151, 45.4991764526, 41.68250880571, 20.74962848603,
                                    63.46401290079, 60.26874831314};
  // Common U, tau_psc, tau_fac, tau_rec and weight; two connections (delays 1 and 3 in NEST).
  const std::array<double, 4> common = {0.4, 3.0, 50.0, 400.0};
  Conn<tsodyks_synapse_hom> c1, c2;
  c1.p = c2.p = common;
  c1.weight = c2.weight = 300.0;
  TsodyksRef ref{0.4, 3.0, 50.0, 400.0};
  for (std::size_t k = 0; k < kTrain.size(); ++k) {
    double w1 = 0.0, w2 = 0.0;
    c1.fire(kTrain[k], w1);
    c2.fire(kTrain[k], w2, {}, nullptr, 3.0);
    EXPECT_EQ(w1, w2);
    expect_rel(w1, nest[k], kNestRtol);
    expect_rel(w1, ref.spike(kTrain[k], 300.0), 1e-12);
  }
  expect_rel(c1.s[tsodyks_synapse_hom::x], 0.1172975051301, kNestRtol);
  expect_rel(c1.s[tsodyks_synapse_hom::y], 0.3095075299297, kNestRtol);
  expect_rel(c1.s[tsodyks_synapse_hom::u], 0.6313640387027, kNestRtol);
}

TEST(Tsodyks2, MixedMatchesRecurrenceAndNest) {
  const std::vector<double> nest = {100.0, 125.8825043185, 101.490515803, 57.81862323864, 27.11310511208, 10.31337819554,
                                    4.56891897956, 3.104149429942, 33.17392589621, 59.52273442933, 29.59400831977,
                                    11.69956075741, 51.26249423351, 74.20280917839, 59.66973438475, 35.09186904121,
                                    81.78411402174, 85.14705689935};
  Conn<tsodyks2_synapse> c;
  c.weight = 400.0;
  c.p = {0.25, 300.0, 150.0};  // U, tau_rec, tau_fac
  c.s[tsodyks2_synapse::u] = 0.25;
  double x = 1.0, u = 0.25, t_last = -1.0;
  for (std::size_t k = 0; k < kTrain.size(); ++k) {
    double w = 0.0;
    ASSERT_TRUE(c.fire(kTrain[k], w));
    if (t_last >= 0.0) {  // Maass & Markram 2002, Eqs 5 and 4
      const double h = kTrain[k] - t_last;
      x = 1.0 - (1.0 - x + x * u) * std::exp(-h / 300.0);
      u = 0.25 + u * 0.75 * std::exp(-h / 150.0);
    }
    t_last = kTrain[k];
    expect_rel(w, 400.0 * x * u, 1e-12);
    expect_rel(w, nest[k], kNestRtol);
  }
  expect_rel(c.s[tsodyks2_synapse::x], 0.4367678635559, kNestRtol);
  expect_rel(c.s[tsodyks2_synapse::u], 0.4873702028243, kNestRtol);
}

TEST(Tsodyks2, UIsStateAndUnrolledCopiesUpdateWithZeroInterval) {
  Conn<tsodyks2_synapse> c;  // U 0.5, u 0.5
  c.p[tsodyks2_synapse::U] = 0.2;  // setting U alone leaves u at 0.5
  double w = 0.0;
  c.fire(10.0, w);
  EXPECT_DOUBLE_EQ(w, 0.5);  // first spike: x u w with x = 1, u untouched
  c.fire(10.0, w);           // second copy of a multiplicity-2 spike: h = 0
  EXPECT_DOUBLE_EQ(c.s[tsodyks2_synapse::x], 0.5);  // x - x u, nothing recovered
  EXPECT_DOUBLE_EQ(c.s[tsodyks2_synapse::u], 0.2);  // tau_fac = 0: no facilitation memory
  EXPECT_DOUBLE_EQ(w, 0.5 * 0.2);
}

TEST(HtSynapse, MatchesFormulaAndNest) {
  const std::vector<double> nest = {500.0, 361.9933378056, 257.471353033, 185.5152812085, 135.9785614106, 97.87478376937,
                                    71.37936563906, 52.95580699587, 86.67072911365, 163.5043280921, 115.7360466826,
                                    83.10492792277, 147.1943335839, 259.2291835219, 186.7254244831, 136.8116603665,
                                    346.2509231405, 244.0874296057};
  Conn<ht_synapse> c;
  c.weight = 500.0;
  c.p = {300.0, 0.3};
  double P = 1.0, t_last = 0.0;
  for (std::size_t k = 0; k < kTrain.size(); ++k) {
    double w = 0.0;
    c.fire(kTrain[k], w);
    P = 1.0 - (1.0 - P) * std::exp(-(kTrain[k] - t_last) / 300.0);
    expect_rel(w, 500.0 * P, 1e-13);
    expect_rel(w, nest[k], kNestRtol);
    P *= 0.7;
    t_last = kTrain[k];
    expect_rel(c.s[ht_synapse::P], P, 1e-13);
  }
  expect_rel(c.s[ht_synapse::P], 0.341722401448, kNestRtol);
}

namespace {

// A one-neuron PostHistory in the backends' own storage (capacity 16, one
// history-reading synapse).
struct HistoryFixture {
  static constexpr std::uint32_t kCapacity = 16;
  HistoryStore store;
  PostHistory h;
  const std::int64_t& overflow = store.overflow;
  HistoryFixture(double tau_minus, double delay) {
    store.remap({1}, kCapacity);
    store.n_incoming[0] = 1;
    store.max_delay[0] = delay;
    store.tau_minus_inv[0] = 1.0 / tau_minus;
    h = store.view();
    h.min_delay_ms = 1.0;
  }
  HistoryFixture(const HistoryFixture&) = delete;
  PostView view() const { return PostView{&h, 0}; }
};

// Parrot times of the NEST cases vogels_sprekeler_synapse and jonke_synapse
// (delay 1 ms, post tau_minus 20 ms).
const std::vector<double> kPre = {41,  81,  121, 161, 201, 241, 281, 321, 361, 401, 441, 481,
                                  521, 561, 601, 641, 648, 653, 671, 721, 741, 761, 841};
const std::vector<double> kPost = {21,  71,  116, 157.5, 199,   240, 281, 322, 363, 404.5, 446, 491,
                                   541, 563.7, 598.3, 643, 645, 647, 654.5, 655.5, 670, 801, 811};

// Runs pre spikes through c with post spikes archived up to each pre spike's time.
template <class M>
std::vector<double> run_with_post(Conn<M>& c, HistoryFixture& hist, double delay) {
  std::vector<double> sent;
  std::size_t j = 0;
  for (double t : kPre) {
    while (j < kPost.size() && kPost[j] <= t) hist.h.archive_spike(0, kPost[j++]);
    double w = 0.0;
    EXPECT_TRUE(c.fire(t, w, hist.view(), nullptr, delay));
    sent.push_back(w);
  }
  EXPECT_EQ(hist.overflow, 0);
  return sent;
}

// Brute-force pairing: the post spikes in (t_last - d, t - d], and K- summed
// over all post spikes strictly before t - d.
template <class Facilitate, class Depress>
std::vector<double> pair_reference(double w, double tau_plus, double d, Facilitate fac, Depress dep, double& kplus) {
  std::vector<double> out;
  double t_last = 0.0;
  kplus = 0.0;
  for (double t : kPre) {
    for (double tp : kPost) {
      if (tp > t_last - d + 1e-6 && tp < t - d + 1e-6) w = fac(w, kplus * std::exp((t_last - (tp + d)) / tau_plus));
    }
    double kminus = 0.0;
    for (double tp : kPost) {
      if (t - d - tp > 1e-6) kminus += std::exp(-(t - d - tp) / 20.0);
    }
    w = dep(w, kminus);
    out.push_back(w);
    kplus = kplus * std::exp(-(t - t_last) / tau_plus) + 1.0;
    t_last = t;
  }
  return out;
}

}  // namespace

TEST(VogelsSprekeler, MatchesBruteForceAndNest) {
  const std::vector<double> nest = {4.043370511727, 4.344478427426, 4.744367131718, 5.18579481271, 5.661722565191,
                                    5.663557477242, 5.59118304077, 6.072881902671, 6.531945484967, 6.969892331056,
                                    7.378595064549, 7.761442752283, 8.076491745614, 8.340002972776, 9.325050110492,
                                    9.25208999651, 9.85, 9.85, 9.85, 9.816634164984, 9.709541476419, 9.575326194172,
                                    9.771758334737};
  Conn<vogels_sprekeler_synapse> c;
  EXPECT_EQ(vogels_sprekeler_synapse::default_weight, 0.5);
  c.weight = 4.0;
  c.p = {20.0, 0.3, 0.5, 10.0};  // tau, alpha, eta, Wmax
  HistoryFixture hist(20.0, 1.0);
  const std::vector<double> got = run_with_post(c, hist, 1.0);
  auto fac = [](double w, double k) { return std::min(w + 0.5 * k, 10.0); };
  double kplus = 0.0;
  const std::vector<double> ref = pair_reference(
      4.0, 20.0, 1.0, fac, [&](double w, double km) { return std::max(fac(w, km) - 0.15, 0.0); }, kplus);
  for (std::size_t k = 0; k < got.size(); ++k) {
    expect_rel(got[k], ref[k], 1e-12);
    expect_rel(got[k], nest[k], kNestRtol);
  }
  EXPECT_EQ(c.weight, got.back());
  expect_rel(c.s[vogels_sprekeler_synapse::Kplus], kplus, 1e-12);
  expect_rel(c.s[vogels_sprekeler_synapse::Kplus], 1.027935461886, kNestRtol);
}

TEST(VogelsSprekeler, NegativeWmaxKeepsTheSign) {
  Conn<vogels_sprekeler_synapse> c;
  c.weight = -0.5;
  c.p[vogels_sprekeler_synapse::Wmax] = -1.0;
  HistoryFixture hist(20.0, 1.0);
  double w = 0.0;
  c.fire(10.0, w, hist.view());
  EXPECT_DOUBLE_EQ(w, -(0.5 - 0.12 * 0.001));  // no post spikes: constant depression of |w|
}

TEST(Jonke, MatchesBruteForceAndNest) {
  const std::vector<double> nest = {5.771706616649, 5.522690883674, 5.140302990841, 4.704881868664, 4.223853038925,
                                    4.225146547132, 4.135842379652, 4.707396837903, 5.25875513052, 5.789226619381,
                                    6.280272809589, 6.731203411585, 7.031574656502, 7.062549057893, 7.193711175006,
                                    7.097674461399, 7.972199839711, 6.701467024591, 9.336875945921, 9.187971257396,
                                    9.127098840791, 9.098418070077, 9.092992964912};
  Conn<jonke_synapse> c;
  c.weight = 6.0;
  c.p = {0.9, 0.02, 0.5, 0.05, 0.03, 20.0, 15.0};  // alpha, beta, lambda, mu_plus, mu_minus, tau_plus, Wmax
  HistoryFixture hist(20.0, 1.0);
  const std::vector<double> got = run_with_post(c, hist, 1.0);
  double kplus = 0.0;
  const std::vector<double> ref = pair_reference(
      6.0, 20.0, 1.0, [](double w, double k) { return std::min(w + 0.5 * (std::exp(0.05 * w) * k - 0.02), 15.0); },
      [](double w, double k) { return std::max(w + 0.5 * (-0.9 * std::exp(0.03 * w) * k - 0.02), 0.0); }, kplus);
  for (std::size_t k = 0; k < got.size(); ++k) {
    expect_rel(got[k], ref[k], 1e-12);
    expect_rel(got[k], nest[k], kNestRtol);
  }
  expect_rel(c.s[jonke_synapse::Kplus], 1.027935461886, kNestRtol);
}

TEST(Jonke, ZeroLambdaChangesNothing) {
  Conn<jonke_synapse> c;
  c.weight = 3.0;
  c.p[jonke_synapse::lambda] = 0.0;
  c.p[jonke_synapse::beta] = 1.0;  // would depress even without pairings
  HistoryFixture hist(20.0, 1.0);
  const std::vector<double> got = run_with_post(c, hist, 1.0);
  for (double w : got) EXPECT_EQ(w, 3.0);
  EXPECT_GT(c.s[jonke_synapse::Kplus], 0.0);  // K+ still counts the spikes
}

namespace {

constexpr std::uint64_t kSeed = 12345;

// The stream the delivery hands a (connection, step).
RandomStream stream(std::uint64_t conn, std::uint64_t step) { return RandomStream(kSeed, RngPurpose::Misc, conn, step); }

}  // namespace

TEST(Bernoulli, TransmitsWithProbabilityPAndOneDrawPerSpike) {
  Conn<bernoulli_synapse> c;
  c.weight = 2.5;
  c.p[bernoulli_synapse::p_transmit] = 0.3;
  const int n = 20000;
  int sent_count = 0;
  for (int k = 0; k < n; ++k) {
    RandomStream rng = stream(7, k);
    RandomStream copy = rng;
    double w = 0.0;
    const bool sent = c.fire(0.1 * (k + 1), w, {}, &rng);
    EXPECT_EQ(sent, copy.uniform() < 0.3);
    EXPECT_EQ(rng.next_u32(), copy.next_u32());  // exactly one uniform consumed
    if (sent) {
      EXPECT_EQ(w, 2.5);
      ++sent_count;
    }
  }
  const double sigma = std::sqrt(n * 0.3 * 0.7);
  EXPECT_NEAR(sent_count, 0.3 * n, 5.0 * sigma);
}

TEST(Bernoulli, ZeroAndOneAreCertainAndStreamsAreDeterministic) {
  Conn<bernoulli_synapse> never, always, a, b;
  never.p[0] = 0.0;
  a.p[0] = b.p[0] = 0.5;
  for (int k = 0; k < 1000; ++k) {
    RandomStream r0 = stream(1, k), r1 = stream(1, k), ra = stream(2, k), rb = stream(2, k);
    double w = 0.0;
    EXPECT_FALSE(never.fire(k + 1.0, w, {}, &r0));
    EXPECT_TRUE(always.fire(k + 1.0, w, {}, &r1));  // default p_transmit = 1
    EXPECT_EQ(a.fire(k + 1.0, w, {}, &ra), b.fire(k + 1.0, w, {}, &rb));
  }
}

namespace {

// quantal_stp_synapse written out plainly, drawing from its own copy of the stream.
struct QuantalRef {
  double U, tau_rec, tau_fac, u;
  int n, a;
  double t_last = -1.0;
  int spike(double t, RandomStream& rng) {
    if (t_last >= 0.0) {
      const double h = t - t_last;
      u = U + u * (1.0 - U) * (tau_fac < 1e-10 ? 0.0 : std::exp(-h / tau_fac));
      const int depleted = n - a;
      for (int i = 0; i < depleted; ++i) a += rng.uniform() < 1.0 - std::exp(-h / tau_rec) ? 1 : 0;
    }
    int released = 0;
    for (int i = 0; i < a; ++i) released += rng.uniform() < u ? 1 : 0;
    a -= released;
    t_last = t;
    return released;
  }
};

}  // namespace

TEST(QuantalStp, SameDrawsAsPlainImplementation) {
  Conn<quantal_stp_synapse> c;
  c.weight = 0.7;
  c.p = {0.3, 60.0, 40.0, 6.0};  // U, tau_rec, tau_fac, n
  c.s = {0.3, 6.0};              // u, a
  QuantalRef ref{0.3, 60.0, 40.0, 0.3, 6, 6};
  for (int k = 0; k < 400; ++k) {
    const double t = 5.0 + 7.5 * k;
    RandomStream rng = stream(3, k), copy = rng;
    double w = -1.0;
    const bool sent = c.fire(t, w, {}, &rng);
    const int released = ref.spike(t, copy);
    EXPECT_EQ(sent, released > 0);
    if (sent) {
      EXPECT_DOUBLE_EQ(w, released * 0.7);
    }
    EXPECT_EQ(c.s[quantal_stp_synapse::a], ref.a);
    EXPECT_EQ(c.s[quantal_stp_synapse::u], ref.u);
    EXPECT_EQ(rng.next_u32(), copy.next_u32());  // same number of draws
  }
}

TEST(QuantalStp, MeanReleaseFollowsExpectation) {
  // The NEST statistics case: n = a = 5, U = u = 0.5, tau_rec 100, tau_fac 0, 50 Hz trains.
  const int trials = 20000, spikes = 10;
  std::vector<double> mean(spikes, 0.0);
  for (int trial = 0; trial < trials; ++trial) {
    Conn<quantal_stp_synapse> c;
    c.p = {0.5, 100.0, 0.0, 5.0};
    c.s = {0.5, 5.0};
    for (int k = 0; k < spikes; ++k) {
      RandomStream rng = stream(trial, k);
      double w = 0.0;
      if (c.fire(11.0 + 20.0 * k, w, {}, &rng)) mean[k] += w / trials;
    }
  }
  // E[weight] = U E[a]; between spikes E[a] <- n - (n - (1 - U) E[a]) exp(-20/100).
  double a = 5.0;
  for (int k = 0; k < spikes; ++k) {
    EXPECT_NEAR(mean[k], 0.5 * a, 0.04) << "spike " << k + 1;
    a = 5.0 - (5.0 - 0.5 * a) * std::exp(-0.2);
  }
  EXPECT_NEAR(mean[0], 2.504, 0.05);  // NEST: 2.504 +- 0.018
  EXPECT_NEAR(mean[1], 1.475, 0.05);  // NEST: 1.475 +- 0.02
  EXPECT_NEAR(mean[9], 0.7655, 0.05);
}

TEST(QuantalStp, NothingSentWithoutReleaseAndNoDrawsForDepletedFirstSpike) {
  Conn<quantal_stp_synapse> c;
  c.p[quantal_stp_synapse::n] = 3.0;
  c.s[quantal_stp_synapse::a] = 0.0;
  RandomStream rng = stream(4, 0), fresh = stream(4, 0);
  double w = 0.0;
  EXPECT_FALSE(c.fire(5.0, w, {}, &rng));  // first spike: no recovery, no site available
  EXPECT_EQ(rng.next_u32(), fresh.next_u32());
  EXPECT_EQ(c.s[quantal_stp_synapse::a], 0.0);
  EXPECT_EQ(c.t_last, 5.0);  // the delivery moves t_last even when nothing is sent
  EXPECT_EQ(c.s[quantal_stp_synapse::u], 0.5);
}

TEST(QuantalStp, FacilitationOfU) {
  Conn<quantal_stp_synapse> c;
  c.p = {0.2, 800.0, 50.0, 1.0};
  c.s = {0.2, 0.0};  // no site: only u moves
  double w = 0.0;
  RandomStream rng = stream(5, 0);
  c.fire(10.0, w, {}, &rng);
  EXPECT_EQ(c.s[quantal_stp_synapse::u], 0.2);  // first spike leaves u alone
  c.s[quantal_stp_synapse::a] = 1.0;             // n - a = 0: no recovery draws
  c.fire(30.0, w, {}, &rng);
  EXPECT_DOUBLE_EQ(c.s[quantal_stp_synapse::u], 0.2 + 0.2 * 0.8 * std::exp(-20.0 / 50.0));
}

TEST(Validate, RejectsWhatNestRejects) {
  double ok_s[3] = {1.0, 0.0, 0.0};
  const double tp[4] = {0.5, 3.0, 0.0, 800.0};
  EXPECT_EQ(tsodyks_synapse::validate(tp, ok_s, 1.0), nullptr);
  const double xy[3] = {0.7, 0.4, 0.0};
  EXPECT_STREQ(tsodyks_synapse::validate(tp, xy, 1.0), "x + y must be <= 1.0.");
  EXPECT_STREQ(tsodyks_synapse_hom::validate(tp, xy, 1.0), "x + y must be <= 1.0.");
  const double bad_u[3] = {1.0, 0.0, 1.5};
  EXPECT_STREQ(tsodyks_synapse::validate(tp, bad_u, 1.0), "'u' must be in [0,1].");
  EXPECT_EQ(tsodyks_synapse_hom::validate(tp, bad_u, 1.0), nullptr);  // NEST checks no u here
  const double t_bad[4][4] = {{1.5, 3.0, 0.0, 800.0}, {0.5, 0.0, 0.0, 800.0}, {0.5, 3.0, -1.0, 800.0}, {0.5, 3.0, 0.0, 0.0}};
  for (const auto& p : t_bad) {
    EXPECT_NE(tsodyks_synapse::validate(p, nullptr, 1.0), nullptr);
    EXPECT_NE(tsodyks_synapse_hom::validate(p, nullptr, 1.0), nullptr);
  }
  EXPECT_STREQ(tsodyks_synapse_hom::validate(t_bad[0], nullptr, 1.0), "U must be in [0,1].");

  const double t2[3] = {0.5, 800.0, 0.0};
  const double t2_u[2] = {-0.1, 1.0};
  EXPECT_EQ(tsodyks2_synapse::validate(t2, nullptr, 1.0), nullptr);
  EXPECT_STREQ(tsodyks2_synapse::validate(t2, t2_u, 1.0), "'u' must be in [0,1].");
  const double t2_tau[3] = {0.5, 0.0, 0.0};
  EXPECT_STREQ(tsodyks2_synapse::validate(t2_tau, nullptr, 1.0), "'tau_rec' must be > 0.");

  const double q[4] = {0.5, 800.0, -1.0, 1.0};
  EXPECT_STREQ(quantal_stp_synapse::validate(q, nullptr, 1.0), "'tau_fac' must be >= 0.");
  const double q_ok[4] = {0.5, 800.0, 0.0, 3.0}, q_a[2] = {0.5, 7.0};
  EXPECT_EQ(quantal_stp_synapse::validate(q_ok, q_a, 1.0), nullptr);  // a > n is allowed

  const double pt[2][1] = {{-0.01}, {1.01}};
  for (const auto& p : pt) EXPECT_NE(bernoulli_synapse::validate(p, nullptr, 1.0), nullptr);
  const double pt_ok[1] = {0.0};
  EXPECT_EQ(bernoulli_synapse::validate(pt_ok, nullptr, 1.0), nullptr);

  const double ht_p[2] = {500.0, 1.5}, ht_s[1] = {1.2}, ht_ok[2] = {500.0, 0.125}, ht_tau[2] = {0.0, 0.1};
  EXPECT_STREQ(ht_synapse::validate(ht_p, nullptr, 1.0), "0 <= delta_P <= 1 required.");
  EXPECT_STREQ(ht_synapse::validate(ht_ok, ht_s, 1.0), "0 <= P <= 1 required.");
  EXPECT_STREQ(ht_synapse::validate(ht_tau, nullptr, 1.0), "tau_P > 0 required.");

  const double vs[4] = {20.0, 0.12, 0.001, 1.0}, kp_bad[1] = {NAN}, kp_ok[1] = {0.0};
  EXPECT_STREQ(vogels_sprekeler_synapse::validate(vs, kp_ok, -0.5), "Weight and Wmax must have same sign.");
  EXPECT_EQ(vogels_sprekeler_synapse::validate(vs, kp_ok, 0.0), nullptr);
  EXPECT_EQ(vogels_sprekeler_synapse::validate(vs, kp_ok, -0.0), nullptr);
  EXPECT_STREQ(vogels_sprekeler_synapse::validate(vs, kp_bad, 0.5), "State Kplus must be positive.");

  const double jk[7] = {1.0, 0.0, 0.01, 0.0, 0.0, -20.0, -100.0}, jk_neg[1] = {-1.0};
  EXPECT_EQ(jonke_synapse::validate(jk, kp_ok, 5.0), nullptr);  // NEST checks no common parameter
  EXPECT_STREQ(jonke_synapse::validate(jk, jk_neg, 5.0), "Kplus must be non-negative.");
}

TEST(Traits, MatchNestModelProperties) {
  static_assert(tsodyks_synapse_hom::traits.homogeneous && tsodyks_synapse_hom::traits.common_weight);
  static_assert(!tsodyks_synapse::traits.homogeneous && !tsodyks2_synapse::traits.common_weight);
  static_assert(quantal_stp_synapse::traits.stochastic && bernoulli_synapse::traits.stochastic);
  static_assert(jonke_synapse::traits.homogeneous && !jonke_synapse::traits.common_weight);
  static_assert(jonke_synapse::traits.reads_post_history && vogels_sprekeler_synapse::traits.reads_post_history);
  static_assert(!ht_synapse::traits.is_static && !bernoulli_synapse::traits.is_static);
  EXPECT_STREQ(tsodyks2_synapse::params[tsodyks2_synapse::U].name, "U");
  EXPECT_EQ(quantal_stp_synapse::state[quantal_stp_synapse::a].type, FieldType::Int);
  EXPECT_EQ(tsodyks_synapse::state[tsodyks_synapse::u].default_value, 0.0);
}
