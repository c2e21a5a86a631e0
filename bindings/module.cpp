// SPDX-License-Identifier: GPL-2.0-or-later
// roost._roost: the thin compiled half of the Python API (docs/dev/binding-contract.md).
#include <pybind11/pybind11.h>

#include "convert.hpp"

namespace roost::bindings {
void register_kernel(py::module_& m);
}

PYBIND11_MODULE(_roost, m) {
  m.doc() = "Roost core: kernel, models and the CPU backend";
  m.attr("__version__") = ROOST_VERSION;
  roost::bindings::register_exceptions(m);
  roost::bindings::register_kernel(m);
}
