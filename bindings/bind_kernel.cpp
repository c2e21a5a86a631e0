// SPDX-License-Identifier: GPL-2.0-or-later
// roost._roost.Kernel: the contract in docs/dev/binding-contract.md, one method each.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "convert.hpp"
#include <cstdlib>
#include <map>

#include "roost/cpu/backend.hpp"
#ifdef ROOST_HAVE_CUDA_BACKEND
#include "roost/cuda/backend.hpp"
#endif
#include "roost/error.hpp"
#include "roost/kernel.hpp"
#ifdef ROOST_HAVE_MPI
#include "roost/mpi_communicator.hpp"
#endif
#ifdef ROOST_HAVE_NCCL
#include "roost/cuda/nccl_communicator.hpp"
#endif

namespace roost::bindings {
namespace {

py::array_t<double> to_array(const std::vector<double>& v) { return py::array_t<double>(v.size(), v.data()); }
py::array_t<std::int64_t> to_array(const std::vector<std::int64_t>& v) {
  return py::array_t<std::int64_t>(v.size(), v.data());
}

// NEST's receptor_types of a model with named ports: {name: port}.
void add_receptor_types(const ModelInfo& m, py::dict& d) {
  if (m.receptor_names.empty()) return;
  // By name, as NEST's dictionaries are ordered.
  std::map<std::string, std::size_t> ports;
  for (std::size_t k = 0; k < m.receptor_names.size(); ++k) ports[m.receptor_names[k]] = k + 1;
  py::dict types;
  for (const auto& [name, port] : ports) types[py::str(name)] = port;
  d["receptor_types"] = types;
}

// A model's grouped fields "<group>.<key>" as NEST's sub-dictionaries d[group][key].
void nest_field_groups(const ModelInfo& m, py::dict& d) {
  for (const std::string& group : m.field_groups) {
    const std::string prefix = group + ".";
    py::dict sub;
    py::list grouped;
    for (auto item : d) {
      const auto key = item.first.cast<std::string>();
      if (key.rfind(prefix, 0) == 0) {
        sub[py::str(key.substr(prefix.size()))] = item.second;
        grouped.append(item.first);
      }
    }
    for (auto key : grouped) PyDict_DelItem(d.ptr(), key.ptr());
    d[py::str(group)] = sub;
  }
}

// correlomatrix_detector: covariance and count_covariance as NEST shapes them,
// [N_channels][N_channels][bins] (1 x 1 x 0 before the first Simulate).
void reshape_covariances(const Dict& status, py::dict& d) {
  if (!status.count("N_channels") || !status.count("count_covariance")) return;
  for (const char* key : {"covariance", "count_covariance"}) {
    if (!d.contains(key)) continue;  // correlospinmatrix_detector: count_covariance only
    py::array flat = d[key].cast<py::array>();
    const auto size = static_cast<py::ssize_t>(flat.size());
    py::ssize_t n = size == 0 ? 1 : static_cast<py::ssize_t>(as_int(status.at("N_channels"), "N_channels"));
    const py::ssize_t bins = size / (n * n);
    d[key] = flat.attr("reshape")(py::make_tuple(n, n, bins));
  }
}

py::dict events_dict(const Kernel& k, Gid gid, const RecorderData& data) {
  const Dict& params = k.device_params(gid);
  py::dict out;
  out["senders"] = to_array(std::vector<std::int64_t>(data.senders.begin(), data.senders.end()));
  if (as_bool(params.at("time_in_steps"), "time_in_steps")) {
    out["times"] = to_array(std::vector<std::int64_t>(data.stamps.begin(), data.stamps.end()));
    out["offsets"] = to_array(data.offsets.empty() ? std::vector<double>(data.stamps.size(), 0.0) : data.offsets);
  } else {
    // NEST records a spike at its stamp minus the offset it carries.
    std::vector<double> times(data.stamps.size());
    for (std::size_t i = 0; i < times.size(); ++i) times[i] = k.steps_to_ms(data.stamps[i]) - data.offset(i);
    out["times"] = to_array(times);
  }
  if (k.registry().at(k.device_model(gid)).device_kind == DeviceKind::spin_detector) {
    out["state"] = to_array(data.states);
  }
  if (k.registry().at(k.device_model(gid)).device_kind == DeviceKind::weight_recorder) {
    out["targets"] = to_array(std::vector<std::int64_t>(data.targets.begin(), data.targets.end()));
    out["weights"] = to_array(data.weights);
    out["receptors"] = to_array(data.receptors);
    out["ports"] = to_array(data.ports);
  }
  if (auto it = params.find("record_from"); it != params.end()) {
    const auto names = as_strings(it->second, "record_from");
    for (std::size_t f = 0; f < names.size() && f < data.values.size(); ++f) out[py::str(names[f])] = to_array(data.values[f]);
  }
  return out;
}

py::object connection_values(const Kernel& k, const std::vector<std::int64_t>& ids, const std::string& key) {
  const ConnectionStore& s = k.connections();
  auto gather = [&](auto getter) {
    using T = decltype(getter(std::size_t{0}));
    std::vector<T> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto c = static_cast<std::size_t>(ids[i]);
      if (ids[i] < 0 || c >= s.size()) throw Error(ErrorKind::KernelException, "Connection id does not exist.");
      out[i] = getter(c);
    }
    return to_array(out);
  };
  if (key == "source") return gather([&](std::size_t c) { return static_cast<std::int64_t>(s.source[c]); });
  if (key == "target") return gather([&](std::size_t c) { return static_cast<std::int64_t>(s.target[c]); });
  if (key == "weight") return gather([&](std::size_t c) { return s.weight[c]; });
  if (key == "delay") return gather([&](std::size_t c) { return k.steps_to_ms(s.delay_steps[c]); });
  if (key == "receptor") return gather([&](std::size_t c) { return static_cast<std::int64_t>(s.receptor[c]); });
  if (key == "synapse_id") return gather([&](std::size_t c) { return static_cast<std::int64_t>(s.synapse_model[c]); });
  if (key == "target_thread") return gather([&](std::size_t c) { return static_cast<std::int64_t>(k.connection_thread(static_cast<std::int64_t>(c))); });
  if (key == "port") return to_array(k.connection_ports(ids));
  if (key == "synapse_model") {
    py::list names;
    for (auto id : ids) names.append(k.registry().at(s.synapse_model.at(static_cast<std::size_t>(id))).name);
    return names;
  }
  return to_array(k.get_connection_field(ids, key));
}

std::unique_ptr<Backend> make_backend(const std::string& name) {
  if (name == "cpu") return cpu::make_backend();
  if (name == "cuda") {
#ifdef ROOST_HAVE_CUDA_BACKEND
    return cuda::make_backend();
#else
    throw Error(ErrorKind::BadProperty, "This Roost was built without the CUDA backend; available: cpu.");
#endif
  }
  throw Error(ErrorKind::BadProperty, "Unknown backend '" + name + "'; use 'cpu' or 'cuda'.");
}

// ROOST_BACKEND if set, else the real GPU backend when a GPU is usable, else cpu.
// The emulated CUDA build is chosen only on request.
std::string default_backend() {
  if (const char* env = std::getenv("ROOST_BACKEND"); env && *env) return env;
#ifdef ROOST_HAVE_CUDA_BACKEND
  const cuda::DeviceInfo info = cuda::device_info();
  if (info.usable && !info.emulated) return "cuda";
#endif
  return "cpu";
}

// The process's communicator, made once: MPI when this process was started by
// an MPI launcher (or ROOST_MPI=1), else the one-rank communicator.
std::shared_ptr<Communicator> process_communicator() {
  static const std::shared_ptr<Communicator> comm = []() -> std::shared_ptr<Communicator> {
    const char* force = std::getenv("ROOST_MPI");
    const bool launched = launcher_world_size() > 1;
    const bool want = force && *force ? std::string(force) != "0" : launched;
#ifdef ROOST_HAVE_MPI
    if (want) return make_mpi_communicator();
#else
    if (want) {
      throw Error(ErrorKind::KernelException,
                  "This process is one of " + std::to_string(launcher_world_size()) +
                      " MPI ranks, but this Roost was built without MPI; rebuild with libopenmpi-dev "
                      "installed (ROOST_WITH_MPI=ON).");
    }
#endif
    return make_local_communicator();
  }();
  return comm;
}

// The communicator a kernel on `backend` exchanges spikes through: NCCL (device
// buffers, bootstrapped over MPI) for the real CUDA backend on several ranks
// when built with NCCL, unless ROOST_COMMUNICATOR=mpi; the process's otherwise.
std::shared_ptr<Communicator> kernel_communicator(const std::string& backend) {
  auto comm = process_communicator();
#ifdef ROOST_HAVE_NCCL
  const char* choice = std::getenv("ROOST_COMMUNICATOR");
  const bool want_nccl = choice && *choice ? std::string(choice) == "nccl" : backend == "cuda" && comm->size() > 1;
  if (want_nccl) {
    static const std::shared_ptr<Communicator> nccl = cuda::make_nccl_communicator(comm);
    return nccl;
  }
#else
  (void)backend;
#endif
  return comm;
}

py::dict mpi_info() {
  py::dict out;
#ifdef ROOST_HAVE_MPI
  out["built"] = true;
#else
  out["built"] = false;
#endif
  const auto comm = process_communicator();
  out["communicator"] = comm->name();
  out["num_processes"] = comm->size();
  out["rank"] = comm->rank();
  return out;
}

py::dict backend_info() {
  py::dict out;
  out["cpu"] = py::dict(py::arg("built") = true, py::arg("usable") = true);
#ifdef ROOST_HAVE_CUDA_BACKEND
  const cuda::DeviceInfo info = cuda::device_info();
  out["cuda"] = py::dict(py::arg("built") = true, py::arg("usable") = info.usable, py::arg("emulated") = info.emulated,
                         py::arg("device") = info.name, py::arg("total_memory") = info.total_memory);
#else
  out["cuda"] = py::dict(py::arg("built") = false, py::arg("usable") = false);
#endif
  out["default"] = default_backend();
  return out;
}

}  // namespace

void register_kernel(py::module_& m) {
  m.def("backend_info", &backend_info, "What was built, whether it can run here, and the default backend.");
  m.def("mpi_built", [] {
#ifdef ROOST_HAVE_MPI
    return true;
#else
    return false;
#endif
  }, "Whether this module was built with MPI (starts nothing).");
  m.def("mpi_info", &mpi_info, "Whether MPI was built in, and this process's rank and rank count.");
  m.def("abort", [](int code) { process_communicator()->abort(code); },
        "Ends every rank (MPI_Abort under MPI); for uncaught exceptions in one rank.");
  m.def("available_backends", [] {
    std::vector<std::string> names{"cpu"};
#ifdef ROOST_HAVE_CUDA_BACKEND
    if (cuda::device_info().usable) names.push_back("cuda");
#endif
    return names;
  });
  py::class_<Kernel>(m, "Kernel")
      .def(py::init([] {
        const std::string backend = default_backend();
        return std::make_unique<Kernel>(&make_backend, backend, kernel_communicator(backend));
      }))
      .def("set_kernel_status", [](Kernel& k, const py::dict& d) { k.set_kernel_status(to_dict(d)); })
      .def("get_kernel_status", [](const Kernel& k) { return from_dict(k.get_kernel_status()); })
      .def("models", [](const Kernel& k) { return k.registry().names(); })
      .def("get_defaults",
           [](const Kernel& k, const std::string& model) {
             const Dict defaults = k.get_defaults(model);
             py::dict d = from_dict(defaults);
             add_receptor_types(k.registry().get(model), d);
             nest_field_groups(k.registry().get(model), d);
             reshape_covariances(defaults, d);
             return d;
           })
      .def("set_defaults", [](Kernel& k, const std::string& model, const py::dict& d) { k.set_defaults(model, to_dict(d)); })
      .def("copy_model",
           [](Kernel& k, const std::string& old_name, const std::string& new_name, const py::object& d) {
             k.copy_model(old_name, new_name, to_dict(d));
           })
      .def("model_units",
           [](const Kernel& k, const std::string& model) {
             py::dict out;
             const ModelInfo& m = k.registry().get(model);
             for (const auto& f : m.fields) {
               if (!f.hidden) out[py::str(f.name)] = f.unit;
             }
             for (const auto& l : m.lists) {
               if (l.visible()) out[py::str(l.name)] = l.unit;
             }
             return out;
           })
      // Units of everything a multimeter can record from a model: all its
      // fields (hidden ones too: some are recordable only) and, for list
      // elements recorded as <prefix>k, the prefix.
      .def("recordable_units",
           [](const Kernel& k, const std::string& model) {
             py::dict fields, prefixes;
             const ModelInfo& m = k.registry().get(model);
             for (const auto& f : m.fields) fields[py::str(f.name)] = f.unit;
             for (const auto& l : m.lists) {
               if (!l.element_prefix.empty()) prefixes[py::str(l.element_prefix)] = l.unit;
             }
             return py::make_tuple(fields, prefixes);
           })
      .def("create", &Kernel::create)
      .def("node_ranges",
           [](const Kernel& k) {
             py::list out;
             for (const auto& r : k.node_ranges()) out.append(py::make_tuple(r.first, r.last, k.registry().at(r.model).name));
             return out;
           })
      .def("get_status",
           [](const Kernel& k, Gid gid) {
             const Dict status = k.get_status(gid);
             py::dict d = from_dict(status);
             if (status.count("recordables")) {
               const ModelInfo& m = k.registry().get(as_string(status.at("model"), "model"));
               add_receptor_types(m, d);
               nest_field_groups(m, d);
             }
             // Recorders' events (a neuron's n_events, gif_pop_psc_exp's spike count, is a state).
             if (d.contains("n_events") && std::holds_alternative<std::int64_t>(status.at("n_events")) &&
                 k.registry().get(as_string(status.at("model"), "model")).element_type == ElementType::recorder) {
               d["events"] = events_dict(k, gid, k.events(gid));
             }
             reshape_covariances(status, d);
             return d;
           })
      .def("set_status", [](Kernel& k, Gid gid, const py::dict& d) { k.set_status(gid, to_dict(d)); })
      .def("get_values",
           [](const Kernel& k, const py::object& gids, const std::string& key) {
             const auto g = to_gids(gids);
             std::vector<double> out(g.size());
             k.get_values(g, key, out);
             return to_array(out);
           })
      .def("set_values",
           [](Kernel& k, const py::object& gids, const std::string& key, const py::object& values) {
             const auto g = to_gids(gids);
             k.set_values(g, key, to_doubles(values));
           })
      .def("get_events", [](const Kernel& k, Gid gid) { return events_dict(k, gid, k.events(gid)); })
      .def("gather_events",
           [](const Kernel& k, Gid gid, int root) -> py::object {
             RecorderData all = k.gather_events(gid, root);
             if (k.communicator().rank() != root) return py::none();
             return events_dict(k, gid, all);
           })
      .def("is_local", &Kernel::is_local)
      .def("barrier", [](const Kernel& k) { k.communicator().barrier(); })
      .def("evaluate_parameter",
           [](Kernel& k, const py::object& spec, const py::object& gids, const py::object& positions) {
             if (positions.is_none()) return to_array(k.evaluate_parameter(to_parameter(spec), to_gids(gids)));
             auto pos = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(positions);
             if (!pos || pos.ndim() != 2) throw Error(ErrorKind::BadProperty, "positions must be an (n, dim) array");
             std::vector<double> flat(pos.data(), pos.data() + pos.size());
             return to_array(k.evaluate_parameter(to_parameter(spec), to_gids(gids), flat,
                                                  static_cast<int>(pos.shape(1))));
           },
           py::arg("spec"), py::arg("gids"), py::arg("positions") = py::none())
      .def("connect",
           [](Kernel& k, const py::object& sources, const py::object& targets, const py::dict& conn_spec,
              const py::dict& syn_spec) {
             const auto s = to_gids(sources), t = to_gids(targets);
             const ConnSpec cs = to_conn_spec(conn_spec);
             const SynSpec ss = to_syn_spec(syn_spec);
             py::gil_scoped_release release;
             k.connect(s, t, cs, ss);
           })
      .def("get_connections",
           [](const Kernel& k, const py::object& sources, const py::object& targets, const py::object& model) {
             std::optional<std::vector<Gid>> s, t;
             std::optional<std::string> m;
             if (!sources.is_none()) s = to_gids(sources);
             if (!targets.is_none()) t = to_gids(targets);
             if (!model.is_none()) m = model.cast<std::string>();
             return to_array(k.get_connections(s, t, m));
           },
           py::arg("sources") = py::none(), py::arg("targets") = py::none(), py::arg("synapse_model") = py::none())
      .def("get_connection_values",
           [](const Kernel& k, const py::object& ids, const std::string& key) {
             return connection_values(k, to_gids(ids), key);
           })
      .def("disconnect",
           [](Kernel& k, const py::object& ids, bool missing) { k.disconnect(to_gids(ids), missing); })
      .def("set_connection_values",
           [](Kernel& k, const py::object& ids, const std::string& key, const py::object& values) {
             k.set_connection_values(to_gids(ids), key, to_doubles(values));
           })
      .def("enable_structural_plasticity", &Kernel::enable_structural_plasticity)
      .def("bind_elements",
           [](Kernel& k, const py::object& sources, const py::object& targets, const std::string& pre,
              const std::string& post, std::int64_t delta) {
             k.bind_elements(to_gids(sources), to_gids(targets), pre, post, delta);
           })
      .def("take_removed_connections",
           [](Kernel& k) {
             py::list out;
             for (const auto& ids : k.take_removed_connections()) out.append(to_array(ids));
             return out;
           })
      .def("prepare", &Kernel::prepare)
      .def("run", &Kernel::run, py::call_guard<py::gil_scoped_release>())
      .def("cleanup", &Kernel::cleanup)
      .def("simulate", &Kernel::simulate, py::call_guard<py::gil_scoped_release>());
}

}  // namespace roost::bindings
