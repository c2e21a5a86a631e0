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
verbosity = None  # a VerbosityLevel, set by hl_api_kernel


def kernel():
    """Return the current kernel, creating it on first use."""
    global _kernel
    if _kernel is None:
        _kernel = _roost.Kernel()
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
