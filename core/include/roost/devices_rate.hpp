// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rate-modulated and renewal spike generators (NEST 3.10):
// sinusoidal_poisson_generator, inhomogeneous_poisson_generator,
// gamma_sup_generator, sinusoidal_gamma_generator, ppd_sup_generator and
// mip_generator. They extend poisson_generator's mechanism: each is a
// PoissonProgram (devices.hpp) whose spikes are drawn at the target, per
// (generator, target) connection, from RandomStream(seed, PoissonInput,
// poisson_stream_id(target, ordinal), step).
//
// What is shared by all targets of a generator (its rate at each step, its
// window, a mip mother train, a train with individual_spike_trains = False)
// is computed once per slice on the host by RateRows::fill into "rate rows":
// per program and step, kRateRowWidth values (see RateRowValue). Shared
// random trains are drawn there from RandomStream(seed, PoissonInput,
// shared_train_stream_id(gid), step): independent of threads, ranks and
// backends. What a process keeps per target (gamma_sup's occupation of its
// component states, ppd_sup's age distribution, the sinusoidal gamma's
// integrated hazard) is state of the (generator, target) input, in an array
// each backend keeps next to its stimulus inputs (StimulusInput::state).

#include <cstdint>
#include <map>
#include <vector>

#include "roost/devices.hpp"
#include "roost/hd.hpp"
#include "roost/rng.hpp"

namespace roost {

// PoissonProgram::kind.
enum RateKind : std::int32_t {
  rate_constant = 0,          // poisson_generator: mean_per_step inside the window
  rate_modulated_poisson = 1, // Poisson(row mean): sinusoidal_poisson / inhomogeneous_poisson
  rate_shared_count = 2,      // the row's count for every target (individual_spike_trains = False)
  rate_mip = 3,               // Binomial(row's mother count, p_copy)
  rate_gamma_sup = 4,         // superposition of n_proc gamma processes (per-target occupations)
  rate_ppd_sup = 5,           // superposition of n_proc Poisson processes with dead time
  rate_sinusoidal_gamma = 6,  // inhomogeneous gamma process (per-target integrated hazard)
  rate_poisson_ps = 7,        // poisson_generator_ps: off-grid times (devices_ps.hpp), no row
};

// The values of one step in a rate row.
enum RateRowValue : int {
  row_value = 0,   // the Poisson mean, the shared count, the transition probability or hazard factor; 0: inactive
  row_lambda = 1,  // sinusoidal_gamma: order * integral of the rate over the step (advances even when inactive)
  row_rate_hz = 2, // the recordable 'rate' (Hz) at the step's stamp
};
inline constexpr int kRateRowWidth = 3;

// Stream of a train shared by all targets of generator `gid` (never equal to a
// poisson_stream_id: those have ordinals < 2^31).
ROOST_HD inline std::uint64_t shared_train_stream_id(Gid gid) {
  return static_cast<std::uint64_t>(gid) | (std::uint64_t{1} << 63);
}

// Number of transitions out of a state occupied by `occupation` processes,
// each with probability p: binomial, or Poisson where NEST approximates it
// (occupation >= 100 and p <= 0.01, or occupation >= 500 and p*occupation <= 0.1).
ROOST_HD inline double occupation_transitions(RandomStream& rng, double occupation, double p) {
  if (!(occupation > 0.0) || !(p > 0.0)) return 0.0;
  if (p > 1.0) p = 1.0;
  if ((occupation >= 100.0 && p <= 0.01) || (occupation >= 500.0 && p * occupation <= 0.1)) {
    const double k = static_cast<double>(rng.poisson(p * occupation));
    return k > occupation ? occupation : k;
  }
  return static_cast<double>(rng.binomial(static_cast<std::uint64_t>(occupation), p));
}

// x^(a-1) e^-x / Gamma(a, x) (Gamma(a, x) the upper incomplete gamma function,
// GSL's gsl_sf_gamma_inc), a >= 1, x >= 0: the hazard of a gamma process of
// order a per unit of integrated rate.
ROOST_HD inline double gamma_hazard_factor(double a, double x) {
  if (a == 1.0) return 1.0;
  if (!(x > 0.0)) return 0.0;
  if (x < a + 1.0) {
    // Gamma(a, x) = Gamma(a) - x^a e^-x sum_n x^n / (a (a+1) ... (a+n)).
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 500; ++n) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    const double lower = ::exp(a * ::log(x) - x) * sum;
    const double upper = ::exp(::lgamma(a)) - lower;
    return upper > 0.0 ? ::exp((a - 1.0) * ::log(x) - x) / upper : 0.0;
  }
  // Continued fraction (modified Lentz): Gamma(a, x) = x^a e^-x / (x + 1 - a - 1(1-a)/(x + 3 - a - ...)),
  // so the factor is (continued fraction's denominator) / x.
  const double tiny = 1e-300;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, f = d;
  for (int i = 1; i < 500; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    f *= delta;
    if (::fabs(delta - 1.0) < 1e-16) break;
  }
  return 1.0 / (x * f);
}

// Per-target state of a program at the start (doubles, program.state_size of them).
inline void init_rate_state(const PoissonProgram& p, double* s) {
  switch (p.kind) {
    case rate_gamma_sup:
      // NEST: floor(n_proc / shape) in every state, the remainder in the last.
      for (int i = 0; i < p.shape; ++i) s[i] = p.init_occupation;
      s[p.shape - 1] += p.n_proc - p.init_occupation * p.shape;
      break;
    case rate_ppd_sup:
      // [active, index of the bin that activates next, refractory bins...]
      s[0] = p.n_proc - p.init_occupation * p.shape;
      s[1] = 0.0;
      for (int i = 0; i < p.shape; ++i) s[2 + i] = p.init_occupation;
      break;
    case rate_sinusoidal_gamma: s[0] = 0.0; break;  // integrated hazard since the last spike
    case rate_poisson_ps: s[0] = -1.0, s[1] = 0.0; break;  // [next spike's stamp (-1: not drawn), its offset]
    default: break;
  }
}

// The spikes one (generator, target) input receives in step n. `row` points at
// the step's rate-row values; `make_rng()` returns the input's stream for the
// step; `state` the input's state (program.state_size doubles).
template <class MakeRng>
ROOST_HD double rate_input_count(const PoissonProgram& p, const double* row, MakeRng&& make_rng, double* state) {
  const double v = row[row_value];
  switch (p.kind) {
    case rate_modulated_poisson: {
      if (!(v > 0.0)) return 0.0;
      RandomStream rng = make_rng();
      return static_cast<double>(rng.poisson(v));
    }
    case rate_shared_count: return v;
    case rate_mip: {
      if (!(v > 0.0)) return 0.0;
      RandomStream rng = make_rng();
      return static_cast<double>(rng.binomial(static_cast<std::uint64_t>(v), p.p_copy));
    }
    case rate_gamma_sup: {
      if (!(v > 0.0)) return 0.0;
      RandomStream rng = make_rng();
      // All states move at once: draw from the last state down, so that every
      // draw sees the occupation before this step's moves.
      const int last = p.shape - 1;
      const double out = occupation_transitions(rng, state[last], v);
      state[last] -= out;
      for (int i = last - 1; i >= 0; --i) {
        const double moved = occupation_transitions(rng, state[i], v);
        state[i] -= moved;
        state[i + 1] += moved;
      }
      state[0] += out;
      return out;
    }
    case rate_ppd_sup: {
      if (!(v > 0.0)) return 0.0;
      RandomStream rng = make_rng();
      const double spikes = occupation_transitions(rng, state[0], v);
      if (p.shape > 0) {
        const int next = static_cast<int>(state[1]);
        state[0] += state[2 + next] - spikes;
        state[2 + next] = spikes;
        state[1] = static_cast<double>((next + 1) % p.shape);
      }
      return spikes;
    }
    case rate_sinusoidal_gamma: {
      state[0] += row[row_lambda];
      if (!(v > 0.0)) return 0.0;
      RandomStream rng = make_rng();
      if (rng.uniform() < v * gamma_hazard_factor(p.order, state[0])) {
        state[0] = 0.0;
        return 1.0;
      }
      return 0.0;
    }
    default: return 0.0;
  }
}

// spike_dilutor (NEST 3.10, deprecated) is a program of kind rate_mip too:
// its row holds the mother spikes it receives in each step, which the kernel
// collects on the host (Kernel::feed_dilutors), and each target copies each
// of them with p_copy.

// Host side: the shared part of every rate-modulated program, and the rows.
struct RateSchedule {
  Gid gid = 0;
  DeviceKind device = DeviceKind::none;
  std::int32_t kind = rate_constant;
  StampWindow window;
  Step min_delay = 1;           // mip: NEST tests the window at each slice's first step
  double h = 0.1;
  double rate = 0.0;            // 1/ms
  double amplitude = 0.0;       // 1/ms (ppd_sup: relative)
  double omega = 0.0;           // rad/ms
  double phase = 0.0;           // rad
  double order = 1.0;
  double step_value = 0.0;      // gamma_sup: transition probability; ppd_sup: hazard per step; mip: mother mean
  std::vector<Step> change_stamp;  // inhomogeneous_poisson: rate change_rate[k] (Hz) from stamp change_stamp[k]
  std::vector<double> change_rate;
  double shared_lambda = 0.0;   // shared sinusoidal gamma train: integrated hazard since its last spike
  std::map<Step, double> mother;  // spike_dilutor: mother spikes by the step that reads them
};

class RateRows {
 public:
  // Starts a prepare: forgets the programs, keeps shared trains' state by gid.
  void begin(double h, Step min_delay);
  // The program of a generator of one of the kinds above (is_rate_generator).
  PoissonProgram add(Gid gid, DeviceKind kind, const Dict& params);
  // Rows of all programs for steps [from, to): out[(row * (to - from) + n - from) * kRateRowWidth + value].
  void fill(Step from, Step to, std::uint64_t seed, std::vector<double>& out);
  std::size_t size() const { return schedules_.size(); }
  const RateSchedule& schedule(int row) const { return schedules_[static_cast<std::size_t>(row)]; }
  // spike_dilutor: `count` mother spikes read in step `step`.
  void add_mother_spikes(int row, Step step, double count) { schedules_[static_cast<std::size_t>(row)].mother[step] += count; }
  bool has_dilutors() const;

 private:
  double h_ = 0.1;
  Step min_delay_ = 1;
  std::vector<RateSchedule> schedules_;
  std::map<Gid, double> saved_lambda_;
  std::map<Gid, std::map<Step, double>> saved_mother_;
};

// The NEST name of a kind of this file (for messages).
const char* device_kind_name(DeviceKind kind);
// The device kinds of this file.
bool is_rate_generator(DeviceKind kind);
// Kinds with the recordable 'rate' (sinusoidal_poisson, sinusoidal_gamma).
bool records_rate(DeviceKind kind);
Dict rate_generator_defaults(DeviceKind kind);
void validate_rate_generator(DeviceKind kind, const Dict& params, double resolution);
// SetStatus on a node (on_node) or SetDefaults: NEST's checks of what may be
// set there together, and off-grid rate_times rounded up to the grid (as
// GetStatus shows them). `next` is the dictionary with `changes` applied.
void check_rate_generator_status(DeviceKind kind, const Dict& changes, Dict& next, double resolution, bool on_node);

}  // namespace roost
