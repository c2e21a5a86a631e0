# SPDX-License-Identifier: GPL-2.0-or-later
"""Simulate, Prepare/Run/Cleanup, RunManager; the print_time progress line."""

import math
import sys
import time

from . import _state
from .errors import BadProperty, TypeMismatch
from .hl_api_helper import is_number

__all__ = ["Simulate", "Prepare", "Run", "Cleanup", "RunManager"]

_PROGRESS_CHUNKS = 20


def _time(t):
    if not is_number(t) or isinstance(t, bool):
        raise TypeMismatch(f"the simulation time must be a number (ms), not {t!r}")
    t = float(t)
    if not math.isfinite(t) or t < 0:
        raise BadProperty(f"the simulation time must be finite and non-negative, got {t} ms")
    return t


def Simulate(t):
    """Simulate t ms more (= Prepare, Run, Cleanup)."""
    t = _time(t)
    k = _state.kernel()
    if not k.get_kernel_status().get("print_time", False):
        k.simulate(t)
        return
    k.prepare()
    try:
        _run_with_progress(k, t)
    finally:
        k.cleanup()


def Prepare():
    """Get ready to Run (build connection structures, calibrate models)."""
    _state.kernel().prepare()


def Run(t):
    """Simulate t ms; only between Prepare() and Cleanup()."""
    t = _time(t)
    k = _state.kernel()
    if k.get_kernel_status().get("print_time", False):
        _run_with_progress(k, t)
    else:
        k.run(t)


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


def _run_with_progress(k, t):
    """k.run(t) in chunks on the resolution grid, printing NEST's progress line."""
    status = k.get_kernel_status()
    h = float(status["resolution"])
    t0 = float(status["biological_time"])
    steps = int(round(t / h))
    if steps < 2 or abs(steps * h - t) > 1e-9 * max(1.0, t):
        # Too short to report, or off the grid (then the kernel says why).
        k.run(t)
        return
    chunk = max(1, math.ceil(steps / _PROGRESS_CHUNKS))
    wall0 = time.perf_counter()
    done = 0
    while done < steps:
        n = min(chunk, steps - done)
        k.run(n * h)
        done += n
        elapsed = time.perf_counter() - wall0
        model_ms = done * h
        rtf = elapsed * 1000.0 / model_ms if model_ms > 0 else 0.0
        sys.stdout.write(f"\r[ {100 * done // steps:3d}% ] Model time: {t0 + model_ms:.1f} ms, "
                         f"Real-time factor: {rtf:.4f}")
        sys.stdout.flush()
    sys.stdout.write("\n")
    sys.stdout.flush()
