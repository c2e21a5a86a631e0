# SPDX-License-Identifier: GPL-2.0-or-later
"""Running on several MPI ranks: ``mpirun -np N python script.py``.

Each rank holds a block of every neuron population and a copy of every device;
spikes travel between ranks every min_delay. Recorders keep the events of the
neurons on their own rank (NEST's behaviour); ``gather_events`` collects them.
"""

import sys

from . import _roost, _state
from .errors import TypeMismatch
from .node_collection import NodeCollection

__all__ = ["GetLocalVPs", "SyncProcesses", "gather_events"]


def SyncProcesses():
    """Wait until every rank has reached this call (MPI_Barrier)."""
    _state.kernel().barrier()


def GetLocalVPs():
    """The virtual processes (rank x thread) of this rank."""
    status = _state.kernel().get_kernel_status()
    threads = status["local_num_threads"]
    return range(status["rank"] * threads, (status["rank"] + 1) * threads)


def gather_events(recorder, root=0):
    """Every rank's recorded events of ``recorder`` (a spike_recorder or
    multimeter, record_to 'memory'), on rank ``root``; None on the other ranks.

    Collective: every rank must call it. Events come ordered by (time, sender),
    the same for any number of ranks. With one rank it returns ``recorder.events``
    in that order.
    """
    if not isinstance(recorder, NodeCollection) or len(recorder) != 1:
        raise TypeMismatch("gather_events takes one recorder (a NodeCollection of size 1)")
    return _state.kernel().gather_events(int(recorder._ids[0]), int(root))


def _abort_all_ranks_on_uncaught_exception():
    """With several ranks, an exception that ends one rank would leave the others
    waiting in the next collective call forever: print it, then end all ranks."""
    if _roost.mpi_info()["num_processes"] < 2:
        return
    previous = sys.excepthook

    def hook(kind, value, traceback):
        rank = _roost.mpi_info()["rank"]
        sys.stderr.write(f"roost: uncaught exception on rank {rank}; aborting all ranks\n")
        previous(kind, value, traceback)
        sys.stdout.flush()
        sys.stderr.flush()
        _roost.abort(1)

    sys.excepthook = hook
