// SPDX-License-Identifier: GPL-2.0-or-later
#include "convert.hpp"

#include <pybind11/stl.h>

#include "roost/error.hpp"

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
  type_error("'" + key + "' has a value of unsupported type " + std::string(py::str(obj.get_type().attr("__name__"))) + ".");
}

Dict to_dict(const py::handle& obj) {
  if (obj.is_none()) return {};
  if (!py::isinstance<py::dict>(obj)) type_error("Expected a dictionary of parameters.");
  Dict d;
  for (auto item : py::reinterpret_borrow<py::dict>(obj)) {
    if (!py::isinstance<py::str>(item.first)) type_error("Parameter names must be strings.");
    const auto key = item.first.cast<std::string>();
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
  if (type == "neg") return Parameter::neg(sub("a"));
  if (type == "exp") return Parameter::exp(sub("a"));
  if (type == "sin") return Parameter::sin(sub("a"));
  if (type == "cos") return Parameter::cos(sub("a"));
  if (type == "abs") return Parameter::abs(sub("a"));
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

ConnSpec to_conn_spec(const py::dict& spec) {
  ConnSpec c;
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
      if (!p.is_constant()) throw Error(ErrorKind::BadProperty, "Random connection probabilities are not supported yet.");
      c.p = p.constant_value();
    } else if (key == "pairwise_avg_num_conns") {
      const Parameter mean = to_parameter(value);
      if (!mean.is_constant()) {
        throw Error(ErrorKind::BadProperty, "Random pairwise_avg_num_conns are not supported yet.");
      }
      c.pairwise_avg_num_conns = mean.constant_value();
    } else if (key == "allow_autapses") {
      c.allow_autapses = as_bool(to_value(value, key), key);
    } else if (key == "allow_multapses") {
      c.allow_multapses = as_bool(to_value(value, key), key);
    } else {
      throw Error(ErrorKind::UnknownParameter, "Unknown conn_spec key '" + key + "'.");
    }
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
PyObject* g_classes[8] = {};

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
