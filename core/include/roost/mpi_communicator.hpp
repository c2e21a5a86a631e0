// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The MPI communicator (built with ROOST_WITH_MPI): MPI_COMM_WORLD, one rank
// per process. The first call initialises MPI (MPI_THREAD_FUNNELED: only the
// thread that calls the kernel talks to MPI) unless the program already did,
// and finalises it at exit if it initialised it.

#include <memory>

#include "roost/communicator.hpp"

namespace roost {

std::shared_ptr<Communicator> make_mpi_communicator();

}  // namespace roost
