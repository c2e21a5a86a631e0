// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel properties (SetKernelStatus / GetKernelStatus) and the delay extrema:
// those the user set (NEST's DelayChecker) and those the connections imply.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

#include "roost/correlation_detectors.hpp"
#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {
namespace {

[[noreturn]] void bad_property(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

// A number as NEST prints it in messages (1, 0.2, 1.4).
std::string format_number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

}  // namespace

// ---------------------------------------------------------------- kernel status

void Kernel::set_kernel_status(const Dict& changes) {
  static const char* read_only[] = {"biological_time", "network_size", "num_connections",
                                    "num_processes", "rank",            "time_construction_create",
                                    "time_construction_connect", "time_simulate", "ms_per_tic",
                                    "max_num_threads", "local_spike_counter", "device_name",
                                    "device_emulated", "device_memory_used", "device_bytes_per_neuron",
                                    "device_bytes_per_synapse", "time_device_tables", "time_device_connect", "communicator", "time_communicate",
                                    "local_num_connections"};
  std::unique_ptr<Backend> new_backend;
  double resolution = resolution_;
  std::uint64_t seed = rng_seed_;
  int threads = threads_;
  bool print_time = print_time_, overwrite = overwrite_files_, dict_miss = dict_miss_is_error_;
  std::string data_path = data_path_, data_prefix = data_prefix_, spike_exchange = spike_exchange_;
  std::uint32_t post_history_capacity = post_history_capacity_;
  std::optional<double> min_delay_ms, max_delay_ms, tics_per_ms;
  for (const auto& [key, value] : changes) {
    if (key == "resolution") {
      resolution = as_double(value, key);
      if (!(resolution > 0.0)) bad_property("resolution must be > 0 ms.");
      if (resolution != resolution_ && !ranges_.empty() && changes.count("tics_per_ms") == 0) {
        throw Error(ErrorKind::KernelException,
                    "Cannot change the resolution after nodes have been created; call ResetKernel first.");
      }
    } else if (key == "rng_seed") {
      const auto s = as_int(value, key);
      if (s < 1 || s > 4294967295LL) bad_property("rng_seed must be an integer in [1, 2^32-1].");
      seed = static_cast<std::uint64_t>(s);
    } else if (key == "local_num_threads" || key == "total_num_virtual_procs") {
      const auto t = as_int(value, key);
      if (t < 1) bad_property(key + " must be >= 1.");
      threads = static_cast<int>(t);
      if (key == "total_num_virtual_procs") {
        // NEST: the virtual processes are shared out evenly over the ranks.
        if (t % comm_->size() != 0) {
          bad_property("total_num_virtual_procs (" + std::to_string(t) + ") must be a multiple of the number of "
                       "MPI processes (" + std::to_string(comm_->size()) + ").");
        }
        threads = static_cast<int>(t / comm_->size());
      }
    } else if (key == "print_time") {
      print_time = as_bool(value, key);
    } else if (key == "overwrite_files") {
      overwrite = as_bool(value, key);
    } else if (key == "data_path") {
      data_path = as_string(value, key);
    } else if (key == "data_prefix") {
      data_prefix = as_string(value, key);
      if (data_prefix.find('/') != std::string::npos) bad_property("data_prefix must not contain '/'.");
    } else if (key == "dict_miss_is_error") {
      dict_miss = as_bool(value, key);
    } else if (key == "backend") {
      const std::string& name = as_string(value, key);
      if (name == backend_->name()) continue;
      if (!ranges_.empty()) {
        throw Error(ErrorKind::KernelException,
                    "The backend can only be chosen before nodes are created; call ResetKernel first.");
      }
      if (!factory_) bad_property("This kernel has a fixed backend ('" + backend_->name() + "').");
      new_backend = factory_(name);
    } else if (key == "spike_exchange") {
      spike_exchange = as_string(value, key);
      if (spike_exchange != "allgather" && spike_exchange != "alltoallv") {
        bad_property("spike_exchange must be 'allgather' or 'alltoallv'.");
      }
    } else if (key == "post_history_capacity") {
      const auto c = as_int(value, key);
      if (c < 2 || c > (1 << 24)) bad_property("post_history_capacity must be in [2, 2^24].");
      if (static_cast<std::uint32_t>(c) != post_history_capacity_) prepared_ = false;
      post_history_capacity = static_cast<std::uint32_t>(c);
    } else if (key == "min_delay") {
      min_delay_ms = as_double(value, key);
    } else if (key == "max_delay") {
      max_delay_ms = as_double(value, key);
    } else if (key == "use_wfr" || key.rfind("wfr_", 0) == 0) {
      continue;  // set_wfr, below, in NEST's order
    } else if (key == "tics_per_ms") {
      tics_per_ms = as_double(value, key);
    } else if (key == "structural_plasticity_update_interval" || key.rfind("structural_plasticity_synapses", 0) == 0) {
      continue;  // set_structural_status, below
    } else if (key == "growth_curves") {
      bad_property("Kernel property 'growth_curves' is read-only.");
    } else if (std::find_if(std::begin(read_only), std::end(read_only),
                            [&](const char* k) { return key == k; }) != std::end(read_only)) {
      bad_property("Kernel property '" + key + "' is read-only.");
    } else {
      throw Error(ErrorKind::UnknownParameter, "Unknown kernel property '" + key + "'.");
    }
  }
  const double tics = check_time_representation(changes.count("resolution") > 0, resolution, tics_per_ms);
  if (min_delay_ms.has_value() != max_delay_ms.has_value()) {
    bad_property("Both min_delay and max_delay have to be specified");
  }
  if (min_delay_ms) set_user_delay_extrema(*min_delay_ms, *max_delay_ms, resolution, tics);  // checks before any change
  set_wfr(changes, resolution);
  set_structural_status(changes);
  if (new_backend) {
    backend_ = std::move(new_backend);
    prepared_ = false;
    connections_changed_ = true;
  }
  if (resolution != resolution_) {
    // As NEST recalibrates its detectors' defaults (correlation_detectors.hpp).
    for (DeviceKind kind : {DeviceKind::correlation_detector, DeviceKind::correlomatrix_detector}) {
      const Dict d = correlation_detector_defaults(kind, resolution);
      try {
        registry_.set_defaults(kind == DeviceKind::correlation_detector ? "correlation_detector" : "correlomatrix_detector",
                               {{"delta_tau", d.at("delta_tau")}, {"tau_max", d.at("tau_max")}}, resolution);
      } catch (const Error&) {  // 5 ms not a multiple of the new bin width: NEST keeps such defaults too
      }
    }
    try {  // NEST's correlospinmatrix_detector: delta_tau defaults to the resolution
      registry_.set_defaults("correlospinmatrix_detector", {{"delta_tau", resolution}}, resolution);
    } catch (const Error&) {  // tau_max not a multiple of the new resolution: the old defaults stay
    }
  }
  resolution_ = resolution;
  tics_per_ms_ = tics;
  rng_seed_ = seed;
  if (threads != threads_) prepared_ = false;
  threads_ = threads;
  print_time_ = print_time;
  overwrite_files_ = overwrite;
  dict_miss_is_error_ = dict_miss;
  data_path_ = data_path;
  data_prefix_ = data_prefix;
  if (post_history_capacity != post_history_capacity_) connections_changed_ = true;
  post_history_capacity_ = post_history_capacity;
  if (spike_exchange != spike_exchange_) prepared_ = false;
  spike_exchange_ = spike_exchange;
}

Dict Kernel::get_kernel_status() const {
  Dict d;
  d["resolution"] = resolution_;
  d["rng_seed"] = static_cast<std::int64_t>(rng_seed_);
  d["local_num_threads"] = static_cast<std::int64_t>(threads_);
  d["total_num_virtual_procs"] = static_cast<std::int64_t>(threads_) * comm_->size();
  d["max_num_threads"] = static_cast<std::int64_t>(threads_);
  d["print_time"] = print_time_;
  get_wfr(d);
  d["overwrite_files"] = overwrite_files_;
  d["data_path"] = data_path_;
  d["data_prefix"] = data_prefix_;
  d["dict_miss_is_error"] = dict_miss_is_error_;
  d["biological_time"] = steps_to_ms(now_);
  d["network_size"] = static_cast<std::int64_t>(network_size());
  std::int64_t all_connections = 0;
  for (auto n : global_connections_) all_connections += n;
  d["num_connections"] = all_connections;
  // Current extrema, as NEST reports them right after Connect (not only after Prepare).
  const auto [min_delay, max_delay] = delay_extrema();
  add_structural_status(d);
  d["min_delay"] = steps_to_ms(min_delay);
  d["max_delay"] = steps_to_ms(max_delay);
  d["num_processes"] = static_cast<std::int64_t>(comm_->size());
  d["rank"] = static_cast<std::int64_t>(comm_->rank());
  d["communicator"] = comm_->name();
  d["spike_exchange"] = spike_exchange_;
  d["local_num_connections"] = static_cast<std::int64_t>(store_.size());
  d["time_construction_create"] = time_create_;
  d["time_construction_connect"] = time_connect_;
  d["time_simulate"] = time_simulate_;
  d["time_communicate"] = time_communicate_;
  d["backend"] = backend_->name();
  for (auto& [key, value] : backend_->status()) d[key] = value;
  d["tics_per_ms"] = tics_per_ms_;
  d["post_history_capacity"] = static_cast<std::int64_t>(post_history_capacity_);
  d["ms_per_tic"] = 1.0 / tics_per_ms_;
  return d;
}

// NEST's DelayChecker: set only before any connection exists; min_delay is
// rounded down to the grid, max_delay up.
void Kernel::set_user_delay_extrema(double min_ms, double max_ms, double resolution, double tics_per_ms) {
  std::int64_t all_connections = 0;
  for (auto n : global_connections_) all_connections += n;
  if (all_connections > 0) bad_property("Connections already exist. Please call ResetKernel first");
  if (!std::isfinite(min_ms) || !std::isfinite(max_ms)) bad_property("min_delay and max_delay must be finite.");
  const std::int64_t tics_per_step = std::llround(resolution * tics_per_ms);
  const Step min_steps = static_cast<Step>(std::floor(static_cast<double>(std::llround(min_ms * tics_per_ms)) /
                                                      static_cast<double>(tics_per_step)));
  const Step max_steps = static_cast<Step>(std::ceil(static_cast<double>(std::llround(max_ms * tics_per_ms)) /
                                                     static_cast<double>(tics_per_step)));
  auto bad_delay = [&](Step steps, const char* what) {
    throw Error(ErrorKind::BadDelay, "Delay value " + format_number(static_cast<double>(steps) * resolution) +
                                         " is invalid: " + what);
  };
  if (min_steps < 1) bad_delay(min_steps, "min_delay must be greater than or equal to resolution.");
  if (max_steps < min_steps) bad_delay(min_steps, "min_delay must be smaller than or equal to max_delay.");
  if (max_steps > (1 << 30)) bad_property("max_delay is too large.");
  user_min_delay_ = min_steps;
  user_max_delay_ = max_steps;
  prepared_ = false;
}

void Kernel::check_user_delay(Step delay_steps, bool default_delay, const std::string& synapse_model) const {
  if (user_min_delay_ == 0 || (delay_steps >= user_min_delay_ && delay_steps <= user_max_delay_)) return;
  const std::string value = "Delay value " + format_number(steps_to_ms(delay_steps)) + " is invalid: ";
  if (default_delay) {
    throw Error(ErrorKind::BadDelay, value + "Default delay of '" + synapse_model + "' must be between min_delay " +
                                         format_number(steps_to_ms(user_min_delay_)) + " and max_delay " +
                                         format_number(steps_to_ms(user_max_delay_)) + ".");
  }
  throw Error(ErrorKind::BadDelay,
              value + (delay_steps < user_min_delay_ ? "Delay must be greater than or equal to min_delay."
                                                     : "Delay must be smaller than or equal to max_delay.") +
                  " You may set min_delay before creating connections.");
}

std::pair<Step, Step> Kernel::delay_extrema() const {
  if (user_min_delay_ > 0) return {user_min_delay_, user_max_delay_};
  Step lo = event_delay_min_, hi = event_delay_max_;
  for (const StructuralSynapse& s : structural_synapses_) {  // connections that rewiring may make
    lo = std::min(lo, structural_delay(s));
    hi = std::max(hi, structural_delay(s));
  }
  if (hi == 0) {
    // No event connections: any slice length is correct; 1 ms keeps runs cheap.
    const Step one_ms = std::max<Step>(1, static_cast<Step>(std::llround(1.0 / resolution_)));
    return {one_ms, one_ms};
  }
  return {lo, hi};
}

void Kernel::recompute_event_delays() {
  const std::vector<NodeRole> roles = node_roles();
  event_delay_min_ = std::numeric_limits<Step>::max();
  event_delay_max_ = 0;
  any_delay_min_ = std::numeric_limits<Step>::max();
  for (std::size_t c = 0; c < store_.size(); ++c) {
    any_delay_min_ = std::min<Step>(any_delay_min_, store_.delay_steps[c]);
    if (roles[store_.source[c]] == NodeRole::recorder || roles[store_.target[c]] == NodeRole::recorder) continue;
    event_delay_min_ = std::min<Step>(event_delay_min_, store_.delay_steps[c]);
    event_delay_max_ = std::max<Step>(event_delay_max_, store_.delay_steps[c]);
  }
}

void Kernel::compute_delay_extrema() {
  // Over all ranks: every rank runs slices of the same length.
  std::int64_t extrema[3] = {event_delay_min_, -event_delay_max_, any_delay_min_};
  comm_->allreduce_min(extrema);
  event_delay_min_ = extrema[0];
  event_delay_max_ = -extrema[1];
  std::tie(min_delay_, max_delay_) = delay_extrema();
  nest_min_delay_ = std::max<Step>(1, std::min<Step>(min_delay_, extrema[2]));
}

// NEST's time representation (SimulationManager::set_status): tics_per_ms
// only together with the resolution and only before any node exists; the
// resolution at least one tic and a whole number of tics. Applies the new
// tic rate and returns it (the kernel's when unchanged).
double Kernel::check_time_representation(bool resolution_given, double resolution, std::optional<double> tics) {
  if (tics) {
    std::vector<std::string> errors;
    if (!ranges_.empty()) errors.emplace_back("Nodes have already been created");
    if (now_ > 0) errors.emplace_back("Network has been simulated");
    if (errors.size() == 1) throw Error(ErrorKind::KernelException, errors[0] + ": time representation cannot be changed.");
    if (errors.size() > 1) {
      std::string msg = "Time representation unchanged. Error conditions:";
      for (const auto& e : errors) msg += " " + e + ".";
      throw Error(ErrorKind::KernelException, msg);
    }
    if (!resolution_given) {
      throw Error(ErrorKind::KernelException,
                  "Change of tics_per_ms requires simultaneous specification of resolution.");
    }
    *tics = std::trunc(*tics);  // NEST reads it as an integer
    if (!(*tics >= 1.0)) bad_property("tics_per_ms must be a positive integer.");
  }
  const double tpm = tics ? *tics : tics_per_ms_;
  if (resolution_given) {
    if (resolution < 1.0 / tpm) {
      throw Error(ErrorKind::KernelException, "Resolution must be greater than or equal to one tic. Value unchanged.");
    }
    const double n = resolution * tpm;
    if (std::fabs(n - std::round(n)) > 1e-9 * std::max(1.0, n)) {
      throw Error(ErrorKind::KernelException, "Resolution must be a multiple of the tic length. Value unchanged.");
    }
  }
  return tpm;
}

}  // namespace roost
