// SPDX-License-Identifier: GPL-2.0-or-later
#include "convert.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <pybind11/stl.h>

#include "roost/error.hpp"
#include "roost/spatial_connect.hpp"

namespace roost::bindings {
namespace {

[[noreturn]] void type_error(const std::string& message) { throw Error(ErrorKind::TypeMismatch, message); }

bool is_integer(const py::handle& o) {
  return (py::isinstance<py::int_>(o) && !py::isinstance<py::bool_>(o)) ||
         py::isinstance(o, py::module_::import("numpy").attr("integer"));
}
bool is_real(const py::handle& o) {
  return py::isinstance<py::float_>(o) || py::isinstance(o, py::module_::import("numpy").attr("floating"));
}
bool is_bool(const py::handle& o) {
  return py::isinstance<py::bool_>(o) || py::isinstance(o, py::module_::import("numpy").attr("bool_"));
}

double number(const py::handle& o, const std::string& key) {
  if (is_bool(o) || !(is_integer(o) || is_real(o))) type_error("'" + key + "' expects a number.");
  return o.cast<double>();
}

}  // namespace

Value to_value(const py::handle& obj, const std::string& key) {
  if (is_bool(obj)) return obj.cast<bool>();
  if (is_integer(obj)) return obj.cast<std::int64_t>();
  if (is_real(obj)) return obj.cast<double>();
  if (py::isinstance<py::str>(obj)) return obj.cast<std::string>();
  if (py::isinstance<py::array>(obj)) {
    auto arr = py::reinterpret_borrow<py::array>(obj);
    if (arr.ndim() > 1) type_error("'" + key + "' expects a one-dimensional list.");
    const char kind = arr.dtype().kind();
    if (kind == 'i' || kind == 'u' || kind == 'b') return obj.attr("tolist")().cast<std::vector<std::int64_t>>();
    if (kind == 'f') return obj.attr("tolist")().cast<std::vector<double>>();
    if (kind == 'U' || kind == 'S' || kind == 'O') return to_value(obj.attr("tolist")(), key);
    type_error("'" + key + "' has an unsupported array type.");
  }
  if (py::isinstance<py::list>(obj) || py::isinstance<py::tuple>(obj)) {
    auto seq = py::reinterpret_borrow<py::sequence>(obj);
    if (seq.size() == 0) return std::vector<double>{};
    bool all_str = true, all_int = true;
    for (auto item : seq) {
      all_str = all_str && py::isinstance<py::str>(item);
      all_int = all_int && (is_integer(item) || is_bool(item));
    }
    if (all_str) return seq.cast<std::vector<std::string>>();
    if (all_int) {
      std::vector<std::int64_t> out;
      for (auto item : seq) out.push_back(item.cast<std::int64_t>());
      return out;
    }
    std::vector<double> out;
    for (auto item : seq) out.push_back(number(item, key));
    return out;
  }
  type_error("'" + key + "' has a value of unsupported type " + std::string(py::str(py::type::of(obj).attr("__name__"))) + ".");
}

namespace {

// NEST's dictionaries of named dictionaries (a neuron's synaptic elements, the
// kernel's rewiring rules). The core sees them flattened: "<key>" lists the
// names and "<key>.<name>.<entry>" holds each entry.
bool is_named_dicts(const std::string& key) {
  return key == "synaptic_elements" || key == "synaptic_elements_param" || key == "structural_plasticity_synapses";
}

void flatten_named_dicts(const std::string& key, const py::handle& obj, Dict& d) {
  if (!py::isinstance<py::dict>(obj)) type_error("'" + key + "' expects a dictionary of dictionaries.");
  std::vector<std::string> names;
  for (auto item : py::reinterpret_borrow<py::dict>(obj)) {
    if (!py::isinstance<py::str>(item.first)) type_error("Names in '" + key + "' must be strings.");
    const auto name = item.first.cast<std::string>();
    if (!py::isinstance<py::dict>(item.second)) type_error("'" + key + "." + name + "' expects a dictionary.");
    names.push_back(name);
    for (auto entry : py::reinterpret_borrow<py::dict>(item.second)) {
      const std::string flat = key + "." + name + "." + py::str(entry.first).cast<std::string>();
      d[flat] = to_value(entry.second, flat);
    }
  }
  d[key] = names;
}

// The inverse, on a status dictionary going back to Python.
void nest_named_dicts(py::dict& out) {
  for (const char* key : {"synaptic_elements", "structural_plasticity_synapses"}) {
    if (!out.contains(key)) continue;
    const std::string prefix = std::string(key) + ".";
    py::dict nested;
    for (auto name : out[key]) nested[name] = py::dict();
    py::list flat_keys;
    for (auto item : out) {
      const auto flat = item.first.cast<std::string>();
      if (flat.rfind(prefix, 0) != 0) continue;
      flat_keys.append(item.first);
      for (auto name : out[key]) {
        const std::string head = prefix + name.cast<std::string>() + ".";
        if (flat.rfind(head, 0) == 0) nested[name][py::str(flat.substr(head.size()))] = item.second;
      }
    }
    for (auto flat : flat_keys) PyDict_DelItem(out.ptr(), flat.ptr());
    out[key] = nested;
  }
}

}  // namespace

Dict to_dict(const py::handle& obj) {
  if (obj.is_none()) return {};
  if (!py::isinstance<py::dict>(obj)) type_error("Expected a dictionary of parameters.");
  Dict d;
  for (auto item : py::reinterpret_borrow<py::dict>(obj)) {
    if (!py::isinstance<py::str>(item.first)) type_error("Parameter names must be strings.");
    const auto key = item.first.cast<std::string>();
    if (is_named_dicts(key)) {
      flatten_named_dicts(key, item.second, d);
      continue;
    }
    if (py::isinstance<py::dict>(item.second)) {
      // A sub-dictionary (NEST's {"soma": {"C_m": ...}}): its entries become
      // "<key>.<entry>", the names of a model's grouped fields (ModelInfo::field_groups).
      for (auto sub : py::reinterpret_borrow<py::dict>(item.second)) {
        if (!py::isinstance<py::str>(sub.first)) type_error("Parameter names must be strings.");
        const std::string name = key + "." + sub.first.cast<std::string>();
        d[name] = to_value(sub.second, name);
      }
      continue;
    }
    d[key] = to_value(item.second, key);
  }
  return d;
}

py::object from_value(const Value& v) {
  return std::visit(
      [](const auto& x) -> py::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::vector<double>> || std::is_same_v<T, std::vector<std::int64_t>>) {
          return py::array(py::cast(x));
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          return py::list(py::cast(x));  // NEST gives lists of names (recordables, record_from)
        } else {
          return py::cast(x);
        }
      },
      v);
}

py::dict from_dict(const Dict& d) {
  py::dict out;
  for (const auto& [key, value] : d) out[py::str(key)] = from_value(value);
  nest_named_dicts(out);
  return out;
}

Parameter to_parameter(const py::handle& spec) {
  if (!py::isinstance<py::dict>(spec)) {
    return Parameter::constant(number(spec, "parameter"));
  }
  auto d = py::reinterpret_borrow<py::dict>(spec);
  if (!d.contains("type")) type_error("Parameter spec needs a 'type'.");
  const auto type = d["type"].cast<std::string>();
  auto num = [&](const char* key, double fallback) {
    return d.contains(key) ? number(d[key], key) : fallback;
  };
  auto sub = [&](const char* key) {
    if (!d.contains(key)) type_error("Parameter '" + type + "' needs '" + key + "'.");
    return to_parameter(d[key]);
  };
  if (type == "constant") return Parameter::constant(num("value", 0.0));
  if (type == "uniform") return Parameter::uniform(num("min", 0.0), num("max", 1.0));
  if (type == "normal") return Parameter::normal(num("mean", 0.0), num("std", 1.0));
  if (type == "lognormal") return Parameter::lognormal(num("mean", 0.0), num("std", 1.0));
  if (type == "exponential") return Parameter::exponential(num("beta", 1.0));
  if (type == "uniform_int") return Parameter::uniform_int(static_cast<std::int64_t>(num("max", 1.0)));
  if (type == "redraw") return Parameter::redraw(sub("param"), num("min", -1e308), num("max", 1e308));
  if (type == "add") return Parameter::add(sub("a"), sub("b"));
  if (type == "sub") return Parameter::sub(sub("a"), sub("b"));
  if (type == "mul") return Parameter::mul(sub("a"), sub("b"));
  if (type == "div") return Parameter::div(sub("a"), sub("b"));
  if (type == "pow") return Parameter::pow(sub("a"), sub("b"));
  if (type == "min") return Parameter::min(sub("a"), sub("b"));
  if (type == "max") return Parameter::max(sub("a"), sub("b"));
  if (type == "compare") {  // NEST's comparator codes 0 <, 1 <=, 2 ==, 3 !=, 4 >=, 5 >
    const double c = num("comparator", 2.0);
    if (c != std::floor(c) || c < 0 || c > 5) throw Error(ErrorKind::BadProperty, "compare: comparator must be 0..5.");
    return Parameter::compare(sub("a"), sub("b"), static_cast<Parameter::Comparator>(static_cast<int>(c)));
  }
  if (type == "conditional") return Parameter::conditional(sub("condition"), sub("if_true"), sub("if_false"));
  if (type == "neg") return Parameter::neg(sub("a"));
  if (type == "exp") return Parameter::exp(sub("a"));
  if (type == "sin") return Parameter::sin(sub("a"));
  if (type == "cos") return Parameter::cos(sub("a"));
  if (type == "abs") return Parameter::abs(sub("a"));
  if (type.rfind("spatial_", 0) == 0) {
    const int dim = static_cast<int>(num("dimension", 0.0));
    using L = Parameter::SpatialLeaf;
    if (type == "spatial_distance") return Parameter::spatial(L::distance);
    if (type == "spatial_distance_component") return Parameter::spatial(L::distance_component, dim);
    if (type == "spatial_source_position") return Parameter::spatial(L::source_position, dim);
    if (type == "spatial_target_position") return Parameter::spatial(L::target_position, dim);
    if (type == "spatial_node_position") return Parameter::spatial(L::node_position, dim);
  }
  throw Error(ErrorKind::BadProperty, "Unknown parameter type '" + type + "'.");
}

SynapseValue to_synapse_value(const py::handle& obj, const std::string& key) {
  SynapseValue v;
  if (py::isinstance<py::dict>(obj)) {
    Parameter p = to_parameter(obj);
    if (p.is_constant()) {
      v.constant = p.constant_value();
    } else {
      v.kind = SynapseValue::Kind::parameter;
      v.parameter = p;
    }
  } else if (py::isinstance<py::array>(obj) || py::isinstance<py::list>(obj) || py::isinstance<py::tuple>(obj)) {
    v.kind = SynapseValue::Kind::array;
    v.array = to_doubles(obj);
  } else {
    v.constant = number(obj, key);
  }
  return v;
}

namespace {

// A few coordinates (at most 3) from a list.
int coordinates(const py::handle& obj, const std::string& key, double* out) {
  const std::vector<double> v = to_doubles(obj);
  if (v.size() < 2 || v.size() > 3) throw Error(ErrorKind::BadProperty, "'" + key + "' needs 2 or 3 coordinates.");
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i];
  return static_cast<int>(v.size());
}

// NEST's mask dictionaries: {"circular": {...}, "anchor": [..]}; combinations
// (nest.CreateMask objects joined with & | -) as {"intersection"|"union"|"difference": [m1, m2]}.
SpatialMask to_mask(const py::handle& obj) {
  if (!py::isinstance<py::dict>(obj)) type_error("mask must be a dictionary.");
  auto d = py::reinterpret_borrow<py::dict>(obj);
  SpatialMask m;
  std::string type;
  py::dict inner;
  py::handle combo;
  bool have_anchor = false;
  double anchor[3] = {0, 0, 0};
  int anchor_dim = 0;
  for (auto item : d) {
    const auto key = item.first.cast<std::string>();
    if (key == "anchor") {
      anchor_dim = coordinates(item.second, key, anchor);
      have_anchor = true;
    } else if (!type.empty()) {
      throw Error(ErrorKind::BadProperty, "Mask definition must have exactly one mask type, got '" + type + "' and '" +
                                              key + "'.");
    } else {
      type = key;
      if (key == "intersection" || key == "union" || key == "difference") {
        combo = item.second;
      } else {
        if (!py::isinstance<py::dict>(item.second)) type_error("Mask '" + key + "' expects a dictionary.");
        inner = py::reinterpret_borrow<py::dict>(item.second);
      }
    }
  }
  if (type.empty()) throw Error(ErrorKind::BadProperty, "Mask definition needs a mask type.");
  std::vector<std::string> unused;
  for (auto item : inner) unused.push_back(item.first.cast<std::string>());
  auto take = [&](const char* key) -> py::object {
    unused.erase(std::remove(unused.begin(), unused.end(), std::string(key)), unused.end());
    return inner.contains(key) ? py::reinterpret_borrow<py::object>(inner[key]) : py::object();
  };
  auto need = [&](const char* key) {
    py::object v = take(key);
    if (!v) throw Error(ErrorKind::BadProperty, "Mask '" + type + "' needs '" + key + "'.");
    return v;
  };
  auto angle = [&](const char* key) {
    py::object v = take(key);
    return v ? number(v, key) : 0.0;
  };
  using K = SpatialMask::Kind;
  if (type == "intersection" || type == "union" || type == "difference") {
    m.kind = type == "intersection" ? K::intersection : type == "union" ? K::union_ : K::difference;
    auto seq = py::reinterpret_borrow<py::sequence>(combo);
    if (seq.size() != 2) throw Error(ErrorKind::BadProperty, "Mask combination needs two masks.");
    m.children = {to_mask(seq[0]), to_mask(seq[1])};
    if (m.children[0].dim != m.children[1].dim) {
      throw Error(ErrorKind::BadProperty, "Masks must have same number of dimensions.");
    }
    if (m.children[0].kind == K::grid || m.children[1].kind == K::grid) {
      throw Error(ErrorKind::KernelException, "Grid masks can not be combined.");
    }
    m.dim = m.children[0].dim;
  } else if (type == "circular" || type == "spherical") {
    m.kind = K::ball;
    m.dim = type == "circular" ? 2 : 3;
    m.radius = number(need("radius"), "radius");
    if (!(m.radius > 0)) throw Error(ErrorKind::BadProperty, "nest::BallMask<D>: radius > 0 required.");
    if (py::object a = take("anchor")) coordinates(a, "anchor", m.center);
  } else if (type == "doughnut") {
    m.kind = K::doughnut;
    m.dim = 2;
    m.inner_radius = number(need("inner_radius"), "inner_radius");
    m.radius = number(need("outer_radius"), "outer_radius");
    if (py::object a = take("anchor")) coordinates(a, "anchor", m.center);
  } else if (type == "rectangular" || type == "box") {
    m.kind = K::box;
    m.dim = type == "rectangular" ? 2 : 3;
    const int n1 = coordinates(need("lower_left"), "lower_left", m.lower_left);
    const int n2 = coordinates(need("upper_right"), "upper_right", m.upper_right);
    if (n1 != m.dim || n2 != m.dim) throw Error(ErrorKind::BadProperty, "Mask '" + type + "': wrong number of coordinates.");
    for (int i = 0; i < m.dim; ++i) {
      if (!(m.lower_left[i] < m.upper_right[i])) {
        throw Error(ErrorKind::BadProperty,
                    "nest::BoxMask<D>: Upper right must be strictly to the right and above lower left.");
      }
    }
    m.azimuth = angle("azimuth_angle");
    m.polar = angle("polar_angle");
    if (m.dim == 2 && m.polar != 0.0) throw Error(ErrorKind::BadProperty, "nest::BoxMask<D>: polar_angle not defined in 2D.");
  } else if (type == "elliptical" || type == "ellipsoidal") {
    m.kind = K::ellipse;
    m.dim = type == "elliptical" ? 2 : 3;
    m.major = number(need("major_axis"), "major_axis");
    m.minor = number(need("minor_axis"), "minor_axis");
    if (m.major <= 0 || m.minor <= 0) throw Error(ErrorKind::BadProperty, "nest::EllipseMask<D>: All axis > 0 required.");
    if (m.major < m.minor) {
      throw Error(ErrorKind::BadProperty, "nest::EllipseMask<D>: major_axis greater than minor_axis required.");
    }
    if (m.dim == 3) {
      m.polar_axis = number(need("polar_axis"), "polar_axis");
      if (m.polar_axis <= 0) throw Error(ErrorKind::BadProperty, "nest::EllipseMask<D>: All axis > 0 required.");
    }
    if (py::object a = take("anchor")) coordinates(a, "anchor", m.center);
    m.azimuth = angle("azimuth_angle");
    m.polar = angle("polar_angle");
    if (m.dim == 2 && m.polar != 0.0) {
      throw Error(ErrorKind::BadProperty, "nest::EllipseMask<D>: polar_angle not defined in 2D.");
    }
  } else if (type == "grid" || type == "grid3d") {
    m.kind = K::grid;
    const std::vector<double> shape = to_doubles(need("shape"));
    if (shape.size() < 2 || shape.size() > 3) throw Error(ErrorKind::BadProperty, "Grid mask must be 2- or 3-dimensional.");
    m.dim = static_cast<int>(shape.size());
    for (int i = 0; i < m.dim; ++i) m.grid_shape[i] = static_cast<std::int64_t>(shape[static_cast<std::size_t>(i)]);
  } else {
    throw Error(ErrorKind::UnknownParameter, "The name " + type + " is not defined.");
  }
  if (!unused.empty()) {
    std::string names;
    for (const auto& u : unused) names += " " + u;
    throw Error(ErrorKind::UnknownParameter, "Unaccessed elements in specs, in function CreateMask: " + names);
  }
  if (have_anchor) {
    if (anchor_dim != m.dim) throw Error(ErrorKind::BadProperty, "Mask anchor has the wrong number of dimensions.");
    for (int i = 0; i < m.dim; ++i) m.anchor[i] = anchor[i];
  }
  return m;
}

LayerGeometry to_layer(const py::handle& obj, const char* which) {
  if (obj.is_none() || !py::isinstance<py::dict>(obj)) {
    throw Error(ErrorKind::TypeMismatch, std::string(which) + " NodeCollection must have spatial information");
  }
  auto d = py::reinterpret_borrow<py::dict>(obj);
  LayerGeometry g;
  auto pos = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(d["positions"]);
  if (!pos || pos.ndim() != 2 || pos.shape(1) < 2 || pos.shape(1) > 3) {
    throw Error(ErrorKind::BadProperty, std::string(which) + " layer: positions must be an (n, 2 or 3) array");
  }
  g.dim = static_cast<int>(pos.shape(1));
  g.positions.assign(pos.data(), pos.data() + pos.size());
  auto vec = [&](const char* key, double* out) {
    if (!d.contains(key) || d[key].is_none()) return;
    const std::vector<double> v = to_doubles(d[key]);
    for (std::size_t i = 0; i < v.size() && i < 3; ++i) out[i] = v[i];
  };
  vec("extent", g.extent);
  vec("center", g.center);
  g.edge_wrap = d.contains("edge_wrap") && py::bool_(d["edge_wrap"]);
  if (d.contains("shape") && !d["shape"].is_none()) {
    g.grid = true;
    const std::vector<double> v = to_doubles(d["shape"]);
    for (std::size_t i = 0; i < v.size() && i < 3; ++i) g.shape[i] = static_cast<std::int64_t>(v[i]);
  }
  return g;
}

std::shared_ptr<SpatialSpec> to_spatial(const py::dict& d) {
  auto s = std::make_shared<SpatialSpec>();
  auto get = [&](const char* key) -> py::object {
    return d.contains(key) ? py::reinterpret_borrow<py::object>(d[key]) : py::object(py::none());
  };
  s->source = to_layer(get("source"), "Presynaptic");
  s->target = to_layer(get("target"), "Postsynaptic");
  if (d.contains("mask") && !d["mask"].is_none()) s->mask = to_mask(d["mask"]);
  if (d.contains("use_on_source")) s->use_on_source = py::bool_(d["use_on_source"]);
  if (d.contains("allow_oversized_mask")) s->allow_oversized_mask = py::bool_(d["allow_oversized_mask"]);
  return s;
}

}  // namespace

ConnSpec to_conn_spec(const py::dict& spec) {
  ConnSpec c;
  std::shared_ptr<SpatialSpec> spatial;
  std::optional<Parameter> spatial_p;
  for (auto item : spec) {
    const auto key = item.first.cast<std::string>();
    const py::handle value = item.second;
    if (key == "rule") {
      c.rule = rule_from_name(value.cast<std::string>());
    } else if (key == "indegree") {
      c.indegree = as_int(to_value(value, key), key);
    } else if (key == "outdegree") {
      c.outdegree = as_int(to_value(value, key), key);
    } else if (key == "N") {
      c.total = as_int(to_value(value, key), key);
    } else if (key == "p") {
      const Parameter p = to_parameter(value);
      if (!p.is_constant()) {
        if (!spec.contains("spatial")) {
          throw Error(ErrorKind::BadProperty, "Random connection probabilities are not supported yet.");
        }
        spatial_p = p;
      } else {
        c.p = p.constant_value();
      }
    } else if (key == "pairwise_avg_num_conns") {
      const Parameter mean = to_parameter(value);
      if (!mean.is_constant()) {
        throw Error(ErrorKind::BadProperty, "Random pairwise_avg_num_conns are not supported yet.");
      }
      c.pairwise_avg_num_conns = mean.constant_value();
    } else if (key == "spatial") {
      spatial = to_spatial(py::reinterpret_borrow<py::dict>(value));
    } else if (key == "allow_autapses") {
      c.allow_autapses = as_bool(to_value(value, key), key);
    } else if (key == "allow_multapses") {
      c.allow_multapses = as_bool(to_value(value, key), key);
    } else {
      throw Error(ErrorKind::UnknownParameter, "Unknown conn_spec key '" + key + "'.");
    }
  }
  if (spatial) {
    if (spatial_p) {
      spatial->p = spatial_p;
    } else if (!std::isnan(c.p)) {
      spatial->p = Parameter::constant(c.p);
    }
    c.spatial = spatial;
  }
  return c;
}

SynSpec to_syn_spec(const py::dict& spec) {
  SynSpec s;
  for (auto item : spec) {
    const auto key = item.first.cast<std::string>();
    if (key == "synapse_model") {
      s.synapse_model = item.second.cast<std::string>();
    } else if (key == "weight") {
      s.weight = to_synapse_value(item.second, key);
    } else if (key == "delay") {
      s.delay = to_synapse_value(item.second, key);
    } else if (key == "receptor_type") {
      s.receptor_type = to_synapse_value(item.second, key);
    } else if (key == "pre_synaptic_element") {
      s.pre_element = item.second.cast<std::string>();
    } else if (key == "post_synaptic_element") {
      s.post_element = item.second.cast<std::string>();
    } else {
      s.extra[key] = to_synapse_value(item.second, key);
    }
  }
  return s;
}

namespace {
template <class T>
std::vector<T> flat_copy(const py::handle& obj) {
  // forcecast converts other dtypes; c_style makes the buffer contiguous.
  const auto arr = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!arr) type_error("Expected an array of numbers.");
  return std::vector<T>(arr.data(), arr.data() + arr.size());
}
}  // namespace

std::vector<Gid> to_gids(const py::handle& obj) { return flat_copy<Gid>(obj); }

std::vector<double> to_doubles(const py::handle& obj) { return flat_copy<double>(obj); }

namespace {
PyObject* g_classes[10] = {};

PyObject* make_class(py::module_& m, const char* name, PyObject* base1, PyObject* base2) {
  PyObject* bases = base2 ? PyTuple_Pack(2, base1, base2) : PyTuple_Pack(1, base1);
  const std::string full = std::string("roost._roost.") + name;
  PyObject* cls = PyErr_NewException(full.c_str(), bases, nullptr);
  Py_DECREF(bases);
  m.attr(name) = py::handle(cls);
  return cls;
}
}  // namespace

void register_exceptions(py::module_& m) {
  PyObject* base = make_class(m, "NESTError", PyExc_Exception, nullptr);
  g_classes[static_cast<int>(ErrorKind::UnknownModelName)] = make_class(m, "UnknownModelName", base, PyExc_KeyError);
  g_classes[static_cast<int>(ErrorKind::UnknownParameter)] = make_class(m, "UnknownParameter", base, PyExc_KeyError);
  g_classes[static_cast<int>(ErrorKind::BadProperty)] = make_class(m, "BadProperty", base, PyExc_ValueError);
  g_classes[static_cast<int>(ErrorKind::BadDelay)] = make_class(m, "BadDelay", base, PyExc_ValueError);
  g_classes[static_cast<int>(ErrorKind::UnknownNode)] = make_class(m, "UnknownNode", base, PyExc_KeyError);
  g_classes[static_cast<int>(ErrorKind::IllegalConnection)] = make_class(m, "IllegalConnection", base, PyExc_ValueError);
  g_classes[static_cast<int>(ErrorKind::TypeMismatch)] = make_class(m, "TypeMismatch", base, PyExc_TypeError);
  g_classes[static_cast<int>(ErrorKind::KernelException)] = make_class(m, "KernelException", base, PyExc_RuntimeError);
  g_classes[static_cast<int>(ErrorKind::BadParameter)] =
      make_class(m, "BadParameter", g_classes[static_cast<int>(ErrorKind::BadProperty)], nullptr);
  g_classes[static_cast<int>(ErrorKind::NotImplemented)] =
      make_class(m, "NotImplemented", g_classes[static_cast<int>(ErrorKind::KernelException)], nullptr);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      PyErr_SetString(g_classes[static_cast<int>(e.kind())], e.what());
    } catch (const std::bad_alloc&) {
      PyErr_SetString(PyExc_MemoryError, "Roost ran out of memory.");
    }
  });
}

}  // namespace roost::bindings
