// SPDX-License-Identifier: GPL-2.0-or-later
// Recorders: collecting spikes and samples into memory or NEST-style ASCII files.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numeric>

#include "roost/correlation_detectors.hpp"
#include "roost/error.hpp"
#include "roost/kernel.hpp"
#include "roost/rng.hpp"

namespace roost {
namespace {

int decimal_digits(std::int64_t n) {
  int digits = 1;
  while (n >= 10) {
    n /= 10;
    ++digits;
  }
  return digits;
}

}  // namespace

void Kernel::open_recorder_files() {
  for (auto& dev : devices_) {
    const ModelInfo& m = registry_.at(dev.model);
    if (m.element_type != ElementType::recorder || dev.data.writes_files()) continue;
    if (!dev.params.count("record_to")) continue;  // correlation detectors record to their status only
    const std::string& record_to = as_string(dev.params.at("record_to"), "record_to");
    dev.data.precision = dev.params.count("precision") ? static_cast<int>(as_int(dev.params.at("precision"), "precision")) : 3;
    dev.data.to_screen = record_to == "screen";
    if (record_to != "ascii") continue;
    std::filesystem::path dir = data_path_.empty() ? std::filesystem::current_path() : std::filesystem::path(data_path_);
    if (!std::filesystem::is_directory(dir)) {
      throw Error(ErrorKind::KernelException, "data_path '" + dir.string() + "' is not an existing directory.");
    }
    // NEST's names: <data_path>/<data_prefix><label or model>-<gid>-<vp>.dat, one
    // per virtual process, gid and vp zero-padded to the digits of the network
    // size and of the number of VPs. This rank writes its own VPs' files.
    const std::string& label = as_string(dev.params.at("label"), "label");
    const std::int64_t vps = static_cast<std::int64_t>(threads_) * comm_->size();
    std::vector<std::filesystem::path> paths;
    for (int t = 0; t < threads_; ++t) {
      char gid_part[64];
      std::snprintf(gid_part, sizeof gid_part, "-%0*lld-%0*lld.", decimal_digits(network_size()),
                    static_cast<long long>(dev.gid), decimal_digits(vps),
                    static_cast<long long>(comm_->rank()) * threads_ + t);
      const std::string extension =
          dev.params.count("file_extension") ? as_string(dev.params.at("file_extension"), "file_extension") : "dat";
      paths.push_back(dir / (data_prefix_ + (label.empty() ? m.name : label) + gid_part + extension));
      if (std::filesystem::exists(paths.back()) && !overwrite_files_) {
        throw Error(ErrorKind::KernelException,
                    "IOError: The file '" + paths.back().string() +
                        "' already exists and overwriting files is disabled. To overwrite files, set the kernel "
                        "property overwrite_files to true. To change the name or location of the file, change the "
                        "kernel properties data_path or data_prefix, or the device property label.");
      }
    }
    const bool in_steps = as_bool(dev.params.at("time_in_steps"), "time_in_steps");
    std::vector<std::unique_ptr<std::ofstream>> files;
    for (const auto& path : paths) {
      auto file = std::make_unique<std::ofstream>(path, std::ios::trunc);
      if (!*file) throw Error(ErrorKind::KernelException, "Cannot open '" + path.string() + "' for writing.");
      *file << "# NEST version: 3.10.0 (Roost)\n# RecordingBackendASCII version: 2\n"
            << (in_steps ? "sender\ttime_step\ttime_offset" : "sender\ttime_ms");
      if (m.device_kind == DeviceKind::multimeter) {
        for (const auto& name : as_strings(dev.params.at("record_from"), "record_from")) *file << '\t' << name;
      }
      if (m.device_kind == DeviceKind::weight_recorder) *file << "\tweights\ttargets\treceptors\tports";
      *file << '\n';
      files.push_back(std::move(file));
    }
    dev.data.files = std::move(files);
    dev.data.filenames.clear();
    for (const auto& path : paths) dev.data.filenames.push_back(path.string());
  }
}

namespace {

template <class T>
void put(std::vector<char>& out, const std::vector<T>& values) {
  const char* bytes = reinterpret_cast<const char*>(values.data());
  out.insert(out.end(), bytes, bytes + values.size() * sizeof(T));
}

template <class T>
void take(const char*& in, std::size_t n, std::vector<T>& values) {
  const std::size_t at = values.size();
  values.resize(at + n);
  std::memcpy(values.data() + at, in, n * sizeof(T));
  in += n * sizeof(T);
}

}  // namespace

RecorderData Kernel::gather_events(Gid recorder, int root) const {
  const RecorderData& mine = events(recorder);
  // Per rank: event count, then senders, stamps and each value column.
  std::vector<char> bytes;
  const std::vector<std::int64_t> count{static_cast<std::int64_t>(mine.senders.size())};
  put(bytes, count);
  put(bytes, mine.senders);
  put(bytes, mine.stamps);
  const std::vector<std::int64_t> has_offsets{mine.offsets.empty() ? 0 : 1};
  put(bytes, has_offsets);
  if (!mine.offsets.empty()) put(bytes, mine.offsets);
  for (const auto& column : mine.values) put(bytes, column);
  const bool weights = registry_.at(device(recorder).model).device_kind == DeviceKind::weight_recorder;
  const bool spin = registry_.at(device(recorder).model).device_kind == DeviceKind::spin_detector;
  if (spin) put(bytes, mine.states);
  if (weights) {
    put(bytes, mine.targets);
    put(bytes, mine.weights);
    put(bytes, mine.receptors);
    put(bytes, mine.ports);
  }
  std::vector<std::int64_t> per_rank;
  const std::vector<char> all = comm_->gather_bytes(bytes, root, per_rank);
  RecorderData out;
  if (comm_->rank() != root) return out;
  out.values.resize(mine.values.size());
  const char* in = all.data();
  for (std::size_t r = 0; r < per_rank.size(); ++r) {
    std::int64_t n = 0;
    std::memcpy(&n, in, sizeof n);
    in += sizeof n;
    take(in, static_cast<std::size_t>(n), out.senders);
    take(in, static_cast<std::size_t>(n), out.stamps);
    std::int64_t rank_has_offsets = 0;
    std::memcpy(&rank_has_offsets, in, sizeof rank_has_offsets);
    in += sizeof rank_has_offsets;
    std::vector<double> rank_offsets;
    if (rank_has_offsets != 0) take(in, static_cast<std::size_t>(n), rank_offsets);
    if (!rank_offsets.empty() || !out.offsets.empty()) {
      out.offsets.resize(out.stamps.size() - static_cast<std::size_t>(n), 0.0);
      if (rank_offsets.empty()) rank_offsets.assign(static_cast<std::size_t>(n), 0.0);
      out.offsets.insert(out.offsets.end(), rank_offsets.begin(), rank_offsets.end());
    }
    for (auto& column : out.values) take(in, static_cast<std::size_t>(n), column);
    if (spin) take(in, static_cast<std::size_t>(n), out.states);
    if (weights) {
      take(in, static_cast<std::size_t>(n), out.targets);
      take(in, static_cast<std::size_t>(n), out.weights);
      take(in, static_cast<std::size_t>(n), out.receptors);
      take(in, static_cast<std::size_t>(n), out.ports);
    }
  }
  // One order whatever the rank count: by time, then sender (stable for samples).
  std::vector<std::size_t> order(out.senders.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (out.stamps[a] != out.stamps[b]) return out.stamps[a] < out.stamps[b];
    if (out.senders[a] != out.senders[b]) return out.senders[a] < out.senders[b];
    return weights && out.targets[a] < out.targets[b];  // weight_recorder: then by target
  });
  auto permute = [&](auto& v) {
    auto copy = v;
    for (std::size_t k = 0; k < order.size(); ++k) v[k] = copy[order[k]];
  };
  permute(out.senders);
  permute(out.stamps);
  if (!out.offsets.empty()) permute(out.offsets);
  for (auto& column : out.values) permute(column);
  if (spin) permute(out.states);
  if (weights) {
    permute(out.targets);
    permute(out.weights);
    permute(out.receptors);
    permute(out.ports);
  }
  return out;
}

void Kernel::close_recorder_files() {
  for (auto& dev : devices_) dev.data.files.clear();
}

int Kernel::thread_of_sender(Gid sender) const {
  const NodeRange& r = range_of(sender);
  // Devices (generators) are recorded by the rank's first VP.
  return r.is_neuron() && r.holds_locally(sender) ? backend_->owner_thread(r.population, sender - r.local_first) : 0;
}

// One event as NEST's ascii and screen backends write it: std::fixed with the
// device's `precision` (default 3) for times, offsets and values.
void Kernel::write_ascii(Device& recorder, Gid sender, Step stamp, const double* values, std::size_t width,
                         double offset) {
  const int precision = recorder.data.precision;
  char part[400];
  std::string line;
  if (as_bool(recorder.params.at("time_in_steps"), "time_in_steps")) {
    std::snprintf(part, sizeof part, "%lld\t%lld\t%.*f", static_cast<long long>(sender), static_cast<long long>(stamp),
                  precision, offset);
  } else {
    std::snprintf(part, sizeof part, "%lld\t%.*f", static_cast<long long>(sender), precision,
                  steps_to_ms(stamp) - offset);
  }
  line += part;
  // weight_recorder: NEST's double value (the weight), then its integers
  // (target, receptor, port), which print without decimals.
  const DeviceKind recorder_kind = registry_.at(recorder.model).device_kind;
  const std::size_t doubles = recorder_kind == DeviceKind::weight_recorder ? 1
                              : recorder_kind == DeviceKind::spin_detector ? 0
                                                                           : width;
  for (std::size_t k = 0; k < width; ++k) {
    if (k < doubles) {
      std::snprintf(part, sizeof part, "\t%.*f", precision, values[k]);
    } else {
      std::snprintf(part, sizeof part, "\t%lld", static_cast<long long>(values[k]));
    }
    line += part;
  }
  line += '\n';
  ++recorder.data.file_events;
  if (recorder.data.to_screen) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    return;
  }
  auto& files = recorder.data.files;
  std::ofstream& out = *files[static_cast<std::size_t>(thread_of_sender(sender)) % files.size()];
  out << line;
}

void Kernel::record_spikes(const std::vector<SpikeEvent>& spikes) {
  std::vector<std::pair<int, SpikeEvent>> spin_events;
  for (const SpikeEvent& e : spikes) {
    if (static_cast<std::size_t>(e.gid) >= spike_recorders_of_.size()) continue;
    for (int d : spike_recorders_of_[static_cast<std::size_t>(e.gid)]) {
      Device& rec = devices_[static_cast<std::size_t>(d)];
      const Step stamp = e.step + 1;
      if (!rec.data.window.contains(stamp)) continue;
      if (registry_.at(rec.model).device_kind == DeviceKind::spin_detector) {
        spin_events.emplace_back(d, e);
        continue;
      }
      for (std::uint32_t m = 0; m < e.multiplicity; ++m) {
        if (rec.data.writes_out()) {
          write_ascii(rec, e.gid, stamp, nullptr, 0, e.offset);
        } else {
          rec.data.senders.push_back(e.gid);
          rec.data.stamps.push_back(stamp);
          rec.data.add_offset(e.offset);
        }
      }
    }
  }
  if (!spin_events.empty()) record_spin_events(spin_events);
}

// spin_detector: NEST 3.10's spin_detector::handle, event by event, in the
// order NEST hands a local recorder its events: per min-delay slice, by
// sender, then time (its 1-thread order). Multiplicity 2 writes state 1; a
// single event waits: a second single one of the same sender and time makes
// it a 1, any other event writes it as a 0 -- and, as in NEST, a single
// event that arrives while one waits is dropped. The waiting event is
// written at the end of its slice (NEST's update).
void Kernel::record_spin(Device& rec, Gid sender, Step stamp, std::int64_t state) {
  if (rec.data.writes_out()) {
    const double value = static_cast<double>(state);
    write_ascii(rec, sender, stamp, &value, 1);
    return;
  }
  rec.data.senders.push_back(sender);
  rec.data.stamps.push_back(stamp);
  rec.data.states.push_back(state);
}

void Kernel::record_spin_events(std::vector<std::pair<int, SpikeEvent>>& events) {
  const Step slice = std::max<Step>(1, nest_min_delay_);
  std::stable_sort(events.begin(), events.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    const Step sa = a.second.step / slice, sb = b.second.step / slice;
    if (sa != sb) return sa < sb;
    return a.second.gid != b.second.gid ? a.second.gid < b.second.gid : a.second.step < b.second.step;
  });
  for (std::size_t k = 0; k < events.size(); ++k) {
    Device& rec = devices_[static_cast<std::size_t>(events[k].first)];
    RecorderData::SpinPending& last = rec.data.spin;
    const SpikeEvent& e = events[k].second;
    const Step stamp = e.step + 1;
    if (e.multiplicity == 1 && last.sender == e.gid && last.stamp == stamp) last.state = 1;
    if (last.sender != 0) record_spin(rec, last.sender, last.stamp, last.state);
    if (e.multiplicity == 2) {
      record_spin(rec, e.gid, stamp, 1);
      last.sender = 0;
    } else if (last.sender == 0) {
      last = {e.gid, stamp, 0};
    } else {
      last.sender = 0;
    }
    // NEST's update of the detector at the end of the slice writes what waits.
    const bool slice_ends = k + 1 == events.size() || events[k + 1].first != events[k].first ||
                            events[k + 1].second.step / slice != e.step / slice;
    if (slice_ends && last.sender != 0) {
      record_spin(rec, last.sender, last.stamp, last.state);
      last.sender = 0;
    }
  }
}

void Kernel::record_poisson(Step from, Step to) {
  for (PoissonRecording& p : poisson_recordings_) {
    Device& rec = devices_[static_cast<std::size_t>(p.recorder)];
    const bool detector = is_correlation_detector(registry_.at(rec.model).device_kind);
    for (Step n = from; n < to; ++n) {
      const Step stamp = n + 1;
      std::uint64_t count = 0;
      auto make_rng = [&]() { return RandomStream(rng_seed_, RngPurpose::PoissonInput, p.stream, static_cast<std::uint64_t>(n)); };
      if (p.program.kind != rate_constant) {
        // As at a neuron target (the state advances outside the recorder's window too).
        const double* row = rate_values_.data() + (static_cast<std::size_t>(p.program.rate_row) * static_cast<std::size_t>(to - from) +
                                                   static_cast<std::size_t>(n - from)) * kRateRowWidth;
        count = static_cast<std::uint64_t>(rate_input_count(p.program, row, make_rng, p.state.data()));
        if (!rec.data.window.contains(stamp)) continue;
      } else {
        if (!p.program.window.contains(stamp) || !rec.data.window.contains(stamp) || p.program.mean_per_step <= 0.0) continue;
        count = make_rng().poisson(p.program.mean_per_step);
      }
      if (detector) {  // one event of multiplicity `count`, as NEST's generators send it
        detectors_->collect_drawn(static_cast<std::size_t>(p.recorder), p.receptor, p.weight, p.program.gid, n,
                                  static_cast<std::uint32_t>(count));
        continue;
      }
      for (auto k = count; k > 0; --k) {
        if (rec.data.writes_out()) {
          write_ascii(rec, p.program.gid, stamp, nullptr, 0);
        } else {
          rec.data.senders.push_back(p.program.gid);
          rec.data.stamps.push_back(stamp);
        }
      }
    }
  }
}

void Kernel::record_sample(Device& rec, Gid sender, Step stamp, const double* values, std::size_t width) {
  if (rec.data.writes_out()) {
    write_ascii(rec, sender, stamp, values, width);
    return;
  }
  rec.data.senders.push_back(sender);
  rec.data.stamps.push_back(stamp);
  for (std::size_t f = 0; f < width && f < rec.data.values.size(); ++f) rec.data.values[f].push_back(values[f]);
}

void Kernel::record_samples(const SampleBatch& batch, Step withhold_after) {
  std::size_t offset = 0;
  WithheldSamples& w = withheld_samples_;
  for (std::size_t k = 0; k < batch.sender.size(); ++k) {
    const auto d = static_cast<std::size_t>(sampler_device_[static_cast<std::size_t>(batch.sampler[k])]);
    const std::size_t width = devices_[d].data.values.size();
    if (batch.stamp[k] > withhold_after) {
      w.device.push_back(d);
      w.width.push_back(width);
      w.sender.push_back(batch.sender[k]);
      w.stamp.push_back(batch.stamp[k]);
      w.values.insert(w.values.end(), batch.values.begin() + static_cast<std::ptrdiff_t>(offset),
                      batch.values.begin() + static_cast<std::ptrdiff_t>(offset + width));
    } else {
      record_sample(devices_[d], batch.sender[k], batch.stamp[k], batch.values.data() + offset, width);
    }
    offset += width;
  }
}

void Kernel::record_withheld_samples() {
  WithheldSamples& w = withheld_samples_;
  std::size_t offset = 0;
  for (std::size_t k = 0; k < w.sender.size(); ++k) {
    record_sample(devices_[w.device[k]], w.sender[k], w.stamp[k], w.values.data() + offset, w.width[k]);
    offset += w.width[k];
  }
  w = WithheldSamples{};
}

// weight_recorder events, already ordered by (step, sender, target, port).
void Kernel::record_weights(const std::vector<WeightEvent>& events) {
  for (const WeightEvent& e : events) {
    const ModelInfo& syn = registry_.at(e.model);
    const Gid gid = static_cast<Gid>(as_int(syn.dict_defaults.at("weight_recorder"), "weight_recorder"));
    if (gid == 0) continue;
    Device& rec = device(gid);
    const Step stamp = e.step + 1;
    if (!rec.data.window.contains(stamp)) continue;
    // NEST records the event's rport, which some targets number differently (pp_cond_exp_mc_urbanczik).
    const ModelInfo& target = registry_.at(range_of(e.target).model);
    const auto receptor = target.rport != nullptr ? target.rport(static_cast<int>(e.receptor)) : e.receptor;
    if (rec.data.writes_out()) {
      const double values[4] = {e.weight, static_cast<double>(e.target), static_cast<double>(receptor),
                                static_cast<double>(e.port)};  // NEST's columns
      write_ascii(rec, e.sender, stamp, values, 4);
      continue;
    }
    rec.data.senders.push_back(e.sender);
    rec.data.stamps.push_back(stamp);
    rec.data.targets.push_back(e.target);
    rec.data.weights.push_back(e.weight);
    rec.data.receptors.push_back(receptor);
    rec.data.ports.push_back(e.port);
  }
}

}  // namespace roost
