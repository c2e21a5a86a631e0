# SPDX-License-Identifier: GPL-2.0-or-later
"""Simulate, Prepare/Run/Cleanup, RunManager.

The print_time progress line is printed by the kernel itself during run.
"""

import math

from . import _state
from .errors import BadParameter, TypeMismatch
from .hl_api_helper import is_number

__all__ = ["Simulate", "Prepare", "Run", "Cleanup", "RunManager"]


def _time(t):
    if not is_number(t) or isinstance(t, bool):
        raise TypeMismatch(f"the simulation time must be a number (ms), not {t!r}")
    t = float(t)
    # NEST's limits: a time it can represent (T_max), on the grid.
    if not math.isfinite(t) or t > 1.15e15:
        raise BadParameter(f"The simulation time must be finite (got {t} ms).")
    if t < 0:
        raise BadParameter(f"The simulation time cannot be negative (got {t} ms).")
    steps = t / _state.kernel().get_kernel_status()["resolution"]
    if abs(steps - round(steps)) > 1e-9 * max(1.0, steps):
        raise BadParameter(f"The simulation time must be a multiple of the simulation resolution (got {t} ms).")
    return t


def Simulate(t):
    """Simulate t ms more (= Prepare, Run, Cleanup); state and recordings carry over."""
    _state.kernel().simulate(_time(t))


def Prepare():
    """Get ready to Run (build connection structures, calibrate models)."""
    _state.kernel().prepare()


def Run(t):
    """Simulate t ms; only between Prepare() and Cleanup()."""
    _state.kernel().run(_time(t))


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
