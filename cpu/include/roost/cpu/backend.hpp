// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <memory>

#include "roost/backend.hpp"

namespace roost::cpu {

// The CPU backend: OpenMP threads over the neurons of every population (see
// cpu/README.md for the data layout and the per-slice sequence).
std::unique_ptr<Backend> make_backend();

}  // namespace roost::cpu
