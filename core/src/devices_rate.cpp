// SPDX-License-Identifier: GPL-2.0-or-later
// Rate-modulated and renewal spike generators: defaults, checks (NEST 3.10's
// texts), programs and the per-slice rate rows. See devices_rate.hpp.
#include "roost/devices_rate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "roost/error.hpp"

namespace roost {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kForever = std::numeric_limits<double>::max();

[[noreturn]] void bad(DeviceKind kind, const std::string& message) {
  throw Error(ErrorKind::BadProperty, std::string(device_kind_name(kind)) + ": " + message);
}

Dict common() { return {{"origin", 0.0}, {"start", 0.0}, {"stop", kForever}, {"label", std::string()}}; }

Step to_stamp(double t_ms, double h) {
  if (t_ms >= kForever / 2) return kNever;
  return static_cast<Step>(std::llround(t_ms / h));
}

// NEST's Time::ms_stamp for off-grid times: the end of the step holding t.
// Exact grid times (1e-9 relative) stay where they are.
bool rate_time_stamp(double t_ms, double h, bool allow_offgrid, Step& stamp) {
  const double steps = t_ms / h;
  const double rounded = std::round(steps);
  if (std::fabs(steps - rounded) <= 1e-9 * std::max(1.0, std::fabs(steps))) {
    stamp = static_cast<Step>(rounded);
    return true;
  }
  if (!allow_offgrid) return false;
  stamp = static_cast<Step>(std::ceil(steps));
  return true;
}

}  // namespace

const char* device_kind_name(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::sinusoidal_poisson_generator: return "sinusoidal_poisson_generator";
    case DeviceKind::inhomogeneous_poisson_generator: return "inhomogeneous_poisson_generator";
    case DeviceKind::gamma_sup_generator: return "gamma_sup_generator";
    case DeviceKind::sinusoidal_gamma_generator: return "sinusoidal_gamma_generator";
    case DeviceKind::ppd_sup_generator: return "ppd_sup_generator";
    case DeviceKind::mip_generator: return "mip_generator";
    case DeviceKind::spike_dilutor: return "spike_dilutor";
    default: return "device";
  }
}

bool is_rate_generator(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::sinusoidal_poisson_generator:
    case DeviceKind::inhomogeneous_poisson_generator:
    case DeviceKind::gamma_sup_generator:
    case DeviceKind::sinusoidal_gamma_generator:
    case DeviceKind::ppd_sup_generator:
    case DeviceKind::mip_generator:
    case DeviceKind::spike_dilutor: return true;
    default: return false;
  }
}

bool records_rate(DeviceKind kind) {
  return kind == DeviceKind::sinusoidal_poisson_generator || kind == DeviceKind::sinusoidal_gamma_generator ||
         kind == DeviceKind::step_rate_generator;
}

Dict rate_generator_defaults(DeviceKind kind) {
  Dict d = common();
  switch (kind) {
    case DeviceKind::sinusoidal_poisson_generator:
    case DeviceKind::sinusoidal_gamma_generator:
      d["rate"] = 0.0;
      d["amplitude"] = 0.0;
      d["frequency"] = 0.0;
      d["phase"] = 0.0;
      d["individual_spike_trains"] = true;
      if (kind == DeviceKind::sinusoidal_gamma_generator) {
        d["order"] = 1.0;
      } else {
        d["y_0"] = 0.0;  // NEST's oscillator state (read only; Roost evaluates the sine directly)
        d["y_1"] = 0.0;
      }
      break;
    case DeviceKind::inhomogeneous_poisson_generator:
      d["rate_times"] = std::vector<double>{};
      d["rate_values"] = std::vector<double>{};
      d["allow_offgrid_times"] = false;
      break;
    case DeviceKind::gamma_sup_generator:
      d["rate"] = 0.0;
      d["gamma_shape"] = std::int64_t{1};
      d["n_proc"] = std::int64_t{1};
      break;
    case DeviceKind::ppd_sup_generator:
      d["rate"] = 0.0;
      d["dead_time"] = 0.0;
      d["n_proc"] = std::int64_t{1};
      d["frequency"] = 0.0;
      d["relative_amplitude"] = 0.0;
      break;
    case DeviceKind::mip_generator:
      d["rate"] = 0.0;
      d["p_copy"] = 1.0;
      break;
    case DeviceKind::spike_dilutor: d["p_copy"] = 1.0; break;
    default: break;
  }
  return d;
}

void validate_rate_generator(DeviceKind kind, const Dict& p, double h) {
  switch (kind) {
    case DeviceKind::sinusoidal_poisson_generator:
      // NEST checks nothing here: a negative rate gives no spikes.
      for (const char* key : {"rate", "amplitude", "frequency", "phase"}) as_double(p.at(key), key);
      as_bool(p.at("individual_spike_trains"), "individual_spike_trains");
      break;
    case DeviceKind::sinusoidal_gamma_generator: {
      for (const char* key : {"frequency", "phase"}) as_double(p.at(key), key);
      as_bool(p.at("individual_spike_trains"), "individual_spike_trains");
      if (as_double(p.at("order"), "order") < 1.0) bad(kind, "The gamma order must be at least 1.");
      const double rate = as_double(p.at("rate"), "rate"), amplitude = as_double(p.at("amplitude"), "amplitude");
      if (!(0.0 <= amplitude && amplitude <= rate)) bad(kind, "Rate parameters must fulfill 0 <= amplitude <= rate.");
      break;
    }
    case DeviceKind::inhomogeneous_poisson_generator: {
      const auto times = as_doubles(p.at("rate_times"), "rate_times");
      const auto values = as_doubles(p.at("rate_values"), "rate_values");
      const bool offgrid = as_bool(p.at("allow_offgrid_times"), "allow_offgrid_times");
      if (times.size() != values.size()) bad(kind, "Rate times and values have to be the same size.");
      Step previous = std::numeric_limits<Step>::min();
      for (double t : times) {
        if (!(t > 0.0)) bad(kind, "Time points must lie strictly in the future.");
        Step stamp = 0;
        if (!rate_time_stamp(t, h, offgrid, stamp)) {
          bad(kind, "rate_times: Time point " + std::to_string(t) +
                        " is not representable in current resolution (set allow_offgrid_times=True to round it up).");
        }
        if (stamp <= previous) bad(kind, "Rate times must be strictly increasing.");
        previous = stamp;
      }
      break;
    }
    case DeviceKind::gamma_sup_generator:
      if (as_int(p.at("gamma_shape"), "gamma_shape") < 1) bad(kind, "The shape must be larger or equal 1");
      if (as_double(p.at("rate"), "rate") < 0.0) bad(kind, "The rate must be larger than 0.");
      if (as_int(p.at("n_proc"), "n_proc") < 1) bad(kind, "The number of component processes cannot be smaller than one");
      break;
    case DeviceKind::ppd_sup_generator: {
      const double dead_time = as_double(p.at("dead_time"), "dead_time");
      if (dead_time < 0.0) bad(kind, "The dead time cannot be negative.");
      const double rate = as_double(p.at("rate"), "rate");
      if (1000.0 / rate <= dead_time) bad(kind, "The inverse rate has to be larger than the dead time.");
      if (as_int(p.at("n_proc"), "n_proc") < 1) bad(kind, "The number of component processes cannot be smaller than one");
      as_double(p.at("frequency"), "frequency");
      const double a = as_double(p.at("relative_amplitude"), "relative_amplitude");
      if (a > 1.0 || a < 0.0) bad(kind, "The relative amplitude of the rate modulation must be in [0,1].");
      break;
    }
    case DeviceKind::mip_generator:
    case DeviceKind::spike_dilutor: {
      if (kind == DeviceKind::mip_generator && as_double(p.at("rate"), "rate") < 0.0) bad(kind, "Rate must be non-negative.");
      const double p_copy = as_double(p.at("p_copy"), "p_copy");
      if (p_copy < 0.0 || p_copy > 1.0) bad(kind, "Copy probability must be in [0, 1].");
      break;
    }
    default: break;
  }
}

bool RateRows::has_dilutors() const {
  return std::any_of(schedules_.begin(), schedules_.end(), [](const RateSchedule& s) { return s.device == DeviceKind::spike_dilutor; });
}

void check_rate_generator_status(DeviceKind kind, const Dict& changes, Dict& next, double h, bool on_node) {
  if (on_node && records_rate(kind) && changes.count("individual_spike_trains") > 0) {
    bad(kind, "The individual_spike_trains property can only be set as a model default using SetDefaults or "
              "upon CopyModel.");
  }
  if (kind != DeviceKind::inhomogeneous_poisson_generator) return;
  if ((changes.count("rate_times") > 0) != (changes.count("rate_values") > 0)) {
    bad(kind, "Rate times and values must be reset together.");
  }
  if (!as_bool(next.at("allow_offgrid_times"), "allow_offgrid_times")) return;
  auto times = as_doubles(next.at("rate_times"), "rate_times");
  for (double& t : times) {
    Step stamp = 0;
    if (t > 0.0 && rate_time_stamp(t, h, true, stamp)) t = static_cast<double>(stamp) * h;
  }
  next["rate_times"] = times;
}

void RateRows::begin(double h, Step min_delay) {
  saved_lambda_.clear();
  saved_mother_.clear();
  for (RateSchedule& s : schedules_) {
    saved_lambda_[s.gid] = s.shared_lambda;
    if (!s.mother.empty()) saved_mother_[s.gid] = std::move(s.mother);
  }
  schedules_.clear();
  h_ = h;
  min_delay_ = min_delay;
}

PoissonProgram RateRows::add(Gid gid, DeviceKind kind, const Dict& p) {
  RateSchedule s;
  s.gid = gid;
  s.device = kind;
  s.h = h_;
  s.min_delay = min_delay_;
  s.window = exclusive_start_window(p, h_);
  PoissonProgram prog;
  prog.gid = gid;
  prog.mean_per_step = 1.0;  // the rows say what is drawn; the window is in the rows too
  prog.exp_minus_mean = 0.0;
  prog.rate_row = static_cast<std::int32_t>(schedules_.size());
  const double two_pi_per_ms = 2.0 * kPi / 1000.0;
  switch (kind) {
    case DeviceKind::sinusoidal_poisson_generator:
    case DeviceKind::sinusoidal_gamma_generator: {
      s.rate = as_double(p.at("rate"), "rate") / 1000.0;
      s.amplitude = as_double(p.at("amplitude"), "amplitude") / 1000.0;
      s.omega = as_double(p.at("frequency"), "frequency") * two_pi_per_ms;
      s.phase = as_double(p.at("phase"), "phase") * kPi / 180.0;
      const bool individual = as_bool(p.at("individual_spike_trains"), "individual_spike_trains");
      if (kind == DeviceKind::sinusoidal_gamma_generator) {
        s.order = as_double(p.at("order"), "order");
        s.kind = individual ? rate_sinusoidal_gamma : rate_shared_count;
        prog.order = s.order;
        if (individual) prog.state_size = 1;
        auto it = saved_lambda_.find(gid);
        if (it != saved_lambda_.end()) s.shared_lambda = it->second;
      } else {
        s.kind = individual ? rate_modulated_poisson : rate_shared_count;
      }
      break;
    }
    case DeviceKind::inhomogeneous_poisson_generator: {
      s.kind = rate_modulated_poisson;
      const auto times = as_doubles(p.at("rate_times"), "rate_times");
      const bool offgrid = as_bool(p.at("allow_offgrid_times"), "allow_offgrid_times");
      s.change_rate = as_doubles(p.at("rate_values"), "rate_values");
      for (double t : times) {
        Step stamp = 0;
        rate_time_stamp(t, h_, offgrid, stamp);
        s.change_stamp.push_back(stamp);
      }
      break;
    }
    case DeviceKind::gamma_sup_generator: {
      s.kind = rate_gamma_sup;
      const auto shape = as_int(p.at("gamma_shape"), "gamma_shape");
      const auto n_proc = as_int(p.at("n_proc"), "n_proc");
      s.rate = as_double(p.at("rate"), "rate");
      s.step_value = s.rate * static_cast<double>(shape) * h_ / 1000.0;
      prog.shape = static_cast<std::int32_t>(shape);
      prog.n_proc = static_cast<double>(n_proc);
      prog.init_occupation = static_cast<double>(n_proc / shape);
      prog.state_size = prog.shape;
      break;
    }
    case DeviceKind::ppd_sup_generator: {
      s.kind = rate_ppd_sup;
      s.rate = as_double(p.at("rate"), "rate");
      const double dead_time = as_double(p.at("dead_time"), "dead_time");
      const auto n_proc = as_int(p.at("n_proc"), "n_proc");
      const auto bins = static_cast<std::int32_t>(dead_time / h_);
      s.step_value = 1.0 / (1000.0 / s.rate - dead_time) * h_;
      s.omega = as_double(p.at("frequency"), "frequency") * two_pi_per_ms;
      s.amplitude = as_double(p.at("relative_amplitude"), "relative_amplitude");
      prog.shape = bins;
      prog.n_proc = static_cast<double>(n_proc);
      prog.init_occupation = std::floor(s.rate / 1000.0 * static_cast<double>(n_proc) * h_);
      prog.state_size = 2 + bins;
      break;
    }
    case DeviceKind::mip_generator:
      s.kind = rate_mip;
      s.rate = as_double(p.at("rate"), "rate");
      s.step_value = h_ * s.rate * 1e-3;
      prog.p_copy = as_double(p.at("p_copy"), "p_copy");
      break;
    case DeviceKind::spike_dilutor: {
      s.kind = rate_mip;
      prog.p_copy = as_double(p.at("p_copy"), "p_copy");
      auto it = saved_mother_.find(gid);
      if (it != saved_mother_.end()) s.mother = std::move(it->second);
      break;
    }
    default: break;
  }
  prog.kind = s.kind;
  schedules_.push_back(std::move(s));
  return prog;
}

void RateRows::fill(Step from, Step to, std::uint64_t seed, std::vector<double>& out) {
  const auto length = static_cast<std::size_t>(to - from);
  out.assign(schedules_.size() * length * kRateRowWidth, 0.0);
  for (std::size_t r = 0; r < schedules_.size(); ++r) {
    RateSchedule& s = schedules_[r];
    for (Step n = from; n < to; ++n) {
      double* v = out.data() + (r * length + static_cast<std::size_t>(n - from)) * kRateRowWidth;
      const Step stamp = n + 1;
      const double t = static_cast<double>(stamp) * s.h;  // the step's end, ms
      const bool active = s.window.contains(stamp);
      switch (s.device) {
        case DeviceKind::sinusoidal_poisson_generator: {
          // NEST: the rate at the step's end, clipped at 0; a shared train draws one count for all targets.
          const double rate = std::max(0.0, s.rate + s.amplitude * std::sin(s.omega * t + s.phase));
          v[row_rate_hz] = rate * 1000.0;
          if (!active || rate <= 0.0) break;
          if (s.kind == rate_shared_count) {
            RandomStream rng(seed, RngPurpose::PoissonInput, shared_train_stream_id(s.gid), static_cast<std::uint64_t>(n));
            v[row_value] = static_cast<double>(rng.poisson(rate * s.h));
          } else {
            v[row_value] = rate * s.h;
          }
          break;
        }
        case DeviceKind::sinusoidal_gamma_generator: {
          const double rate = s.rate + s.amplitude * std::sin(s.omega * t + s.phase);
          v[row_rate_hz] = rate * 1000.0;
          // order * integral of the rate over (t - h, t]
          double lambda = s.order * s.rate * s.h;
          if (s.amplitude != 0.0 && s.omega != 0.0) {
            lambda -= s.order * s.amplitude / s.omega * (std::cos(s.omega * t + s.phase) - std::cos(s.omega * (t - s.h) + s.phase));
          }
          v[row_lambda] = lambda;
          const double factor = (active && rate > 0.0) ? s.h * s.order * rate : 0.0;
          if (s.kind == rate_shared_count) {
            s.shared_lambda += lambda;
            if (factor > 0.0) {
              RandomStream rng(seed, RngPurpose::PoissonInput, shared_train_stream_id(s.gid), static_cast<std::uint64_t>(n));
              if (rng.uniform() < factor * gamma_hazard_factor(s.order, s.shared_lambda)) {
                v[row_value] = 1.0;
                s.shared_lambda = 0.0;
              }
            }
          } else {
            v[row_value] = factor;
          }
          break;
        }
        case DeviceKind::inhomogeneous_poisson_generator: {
          // The rate given for time t applies from the step ending at t.
          const auto it = std::upper_bound(s.change_stamp.begin(), s.change_stamp.end(), stamp);
          const double rate_hz = it == s.change_stamp.begin() ? 0.0 : s.change_rate[static_cast<std::size_t>(it - s.change_stamp.begin() - 1)];
          v[row_rate_hz] = rate_hz;
          if (active && rate_hz > 0.0) v[row_value] = rate_hz / 1000.0 * s.h;
          break;
        }
        case DeviceKind::gamma_sup_generator:
          if (active && s.rate > 0.0) v[row_value] = s.step_value;
          break;
        case DeviceKind::ppd_sup_generator:
          if (active && s.rate > 0.0) {
            // NEST evaluates the modulation at the step's start.
            const double start = static_cast<double>(n) * s.h;
            v[row_value] = s.amplitude > 0.0 && s.omega != 0.0 ? s.step_value * (1.0 + s.amplitude * std::sin(s.omega * start))
                                                               : s.step_value;
          }
          break;
        case DeviceKind::mip_generator: {
          // NEST tests the window once per slice, at the slice's first step.
          const Step slice_start = (n / s.min_delay) * s.min_delay;
          if (s.window.contains(slice_start + 1) && s.rate > 0.0) {
            RandomStream rng(seed, RngPurpose::PoissonInput, shared_train_stream_id(s.gid), static_cast<std::uint64_t>(n));
            v[row_value] = static_cast<double>(rng.poisson(s.step_value));
          }
          break;
        }
        case DeviceKind::spike_dilutor: {
          // NEST tests the window once per slice (at its first step), like mip_generator.
          const auto it = s.mother.find(n);
          if (it == s.mother.end()) break;
          const Step slice_start = (n / s.min_delay) * s.min_delay;
          if (s.window.contains(slice_start + 1)) v[row_value] = it->second;
          break;
        }
        default: break;
      }
    }
    if (!s.mother.empty()) s.mother.erase(s.mother.begin(), s.mother.lower_bound(to));
  }
}

}  // namespace roost
