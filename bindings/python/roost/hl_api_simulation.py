# SPDX-License-Identifier: GPL-2.0-or-later
"""Simulate, Prepare/Run/Cleanup, RunManager.

The print_time progress line is printed by the kernel itself during run.
"""


from . import _state
from .errors import TypeMismatch
from .hl_api_helper import is_number

__all__ = ["Simulate", "Prepare", "Run", "Cleanup", "RunManager", "EnableStructuralPlasticity",
           "DisableStructuralPlasticity"]


def _time(t):
    if not is_number(t) or isinstance(t, bool):
        raise TypeMismatch(f"the simulation time must be a number (ms), not {t!r}")
    return float(t)  # the kernel checks the value (finite, not negative, on the grid)


def _follow_rewiring(k):
    """Connections that structural plasticity removed during a run shift the
    ids after them: SynapseCollections follow, as after a Disconnect."""
    for ids in k.take_removed_connections():
        _state.removed_connections.append(ids)
        _state.connection_epoch += 1


def Simulate(t):
    """Simulate t ms more (= Prepare, Run, Cleanup); state and recordings carry over."""
    k = _state.kernel()
    try:
        k.simulate(_time(t))
    finally:
        _follow_rewiring(k)


def EnableStructuralPlasticity():
    """Rewire the network every structural_plasticity_update_interval ms
    (NEST's structural plasticity; kernel properties structural_plasticity_*)."""
    from .errors import KernelException
    from .hl_api_kernel import _communication
    # NEST's conditions (Roost's exchange does not need them, scripts may rely on the errors).
    if not _communication["keep_source_table"]:
        raise KernelException("Structural plasticity can not be enabled if keep_source_table has been set to false.")
    if not _communication["use_compressed_spikes"]:
        raise KernelException("Structural plasticity can not be enabled if use_compressed_spikes has been set to "
                              "false.")
    _state.kernel().enable_structural_plasticity(True)


def DisableStructuralPlasticity():
    """Stop rewiring; the calcium traces and synaptic elements stay as they are."""
    _state.kernel().enable_structural_plasticity(False)


def Prepare():
    """Get ready to Run (build connection structures, calibrate models)."""
    _state.kernel().prepare()


def Run(t):
    """Simulate t ms; only between Prepare() and Cleanup()."""
    k = _state.kernel()
    try:
        k.run(_time(t))
    finally:
        _follow_rewiring(k)


def Cleanup():
    """End a Prepare()/Run() sequence."""
    _state.kernel().cleanup()


class RunManager:
    """``with nest.RunManager(): nest.Run(t)`` (Prepare on entry, Cleanup on exit)."""

    def __enter__(self):
        Prepare()
        return self

    def __exit__(self, *exc):
        Cleanup()
        return False
