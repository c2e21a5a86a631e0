# SPDX-License-Identifier: GPL-2.0-or-later
"""Simulate, Prepare/Run/Cleanup, RunManager.

The print_time progress line is printed by the kernel itself during run.
"""


from . import _state
from .errors import TypeMismatch
from .hl_api_helper import is_number

__all__ = ["Simulate", "Prepare", "Run", "Cleanup", "RunManager"]


def _time(t):
    if not is_number(t) or isinstance(t, bool):
        raise TypeMismatch(f"the simulation time must be a number (ms), not {t!r}")
    return float(t)  # the kernel checks the value (finite, not negative, on the grid)


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
