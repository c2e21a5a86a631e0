# SPDX-License-Identifier: GPL-2.0-or-later
"""The one kernel instance behind the module-level API, and Python-side state.

``ResetKernel`` replaces the kernel with a fresh ``_roost.Kernel``; every
NodeCollection remembers the epoch it was made in so that a stale one is
refused instead of silently addressing nodes of the new network.
"""

from . import _roost
from .errors import KernelException

_kernel = None
epoch = 0
# Bumped by every Disconnect: connection ids shift. removed_connections[e] holds
# the ids (sorted, in the numbering of epoch e) that the Disconnect ending epoch
# e removed, so that a SynapseCollection from epoch e can find its connections'
# ids now (current_connection_ids).
connection_epoch = 0
removed_connections = []


def current_connection_ids(ids, since):
    """Connection ids from epoch `since` in today's numbering; -1 where removed."""
    import numpy as np
    ids = np.array(ids, dtype=np.int64)
    for removed in removed_connections[since:]:
        at = np.searchsorted(removed, ids)
        gone = (at < len(removed)) & (removed[np.minimum(at, len(removed) - 1)] == ids) if len(removed) else \
            np.zeros(len(ids), dtype=bool)
        ids = np.where(gone | (ids < 0), -1, ids - at)
    return ids


verbosity = None  # a VerbosityLevel, set by hl_api_kernel


def kernel():
    """Return the current kernel, creating it on first use."""
    global _kernel
    if _kernel is None:
        from ._cm import Kernel  # _roost.Kernel plus cm_default's list-of-dict entries
        _kernel = Kernel()
    return _kernel


def reset():
    """Drop the current kernel and start a fresh one; bump the epoch."""
    global _kernel, epoch
    _kernel = None
    epoch += 1
    return kernel()


def check_epoch(obj_epoch, what="NodeCollection"):
    if obj_epoch != epoch:
        raise KernelException(
            f"this {what} was created before the last ResetKernel() and no "
            "longer refers to existing nodes")
