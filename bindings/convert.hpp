// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Conversions between Python objects and the core's Value / Dict / Parameter.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "roost/kernel.hpp"
#include "roost/value.hpp"

namespace roost::bindings {

namespace py = pybind11;

Value to_value(const py::handle& obj, const std::string& key);
Dict to_dict(const py::handle& obj);
py::object from_value(const Value& v);
py::dict from_dict(const Dict& d);

// A nest.random / nest.math Parameter serialised as nested dicts (binding contract).
Parameter to_parameter(const py::handle& spec);
SynapseValue to_synapse_value(const py::handle& obj, const std::string& key);
ConnSpec to_conn_spec(const py::dict& spec);
SynSpec to_syn_spec(const py::dict& spec);

std::vector<Gid> to_gids(const py::handle& obj);
// Any array-like of numbers as doubles (flattened), without a Python list in between.
std::vector<double> to_doubles(const py::handle& obj);

void register_exceptions(py::module_& m);

}  // namespace roost::bindings
