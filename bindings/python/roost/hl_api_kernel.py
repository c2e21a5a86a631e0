# SPDX-License-Identifier: GPL-2.0-or-later
"""Kernel status, ResetKernel, verbosity and messages, process info."""

import enum
import sys

from . import _roost, _state
from .errors import NotSupported, TypeMismatch, UnknownParameter
from .hl_api_helper import is_integer, is_sequence, is_string, to_python

__all__ = ["ResetKernel", "SetKernelStatus", "GetKernelStatus", "set", "get",
           "VerbosityLevel", "set_verbosity", "get_verbosity", "message",
           "Install", "Rank", "NumProcesses", "available_backends"]


class VerbosityLevel(enum.IntEnum):
    """Message levels (NEST's M_* values); messages below the level are hidden."""
    ALL = 0
    DEBUG = 5
    STATUS = 7
    INFO = 10
    DEPRECATED = 18
    WARNING = 20
    ERROR = 30
    FATAL = 40
    QUIET = 100


DEFAULT_VERBOSITY = VerbosityLevel.INFO
_state.verbosity = DEFAULT_VERBOSITY


def _level(level):
    """VerbosityLevel from an enum, an int, or a name ('M_WARNING' / 'WARNING')."""
    if isinstance(level, VerbosityLevel):
        return level
    if is_string(level):
        name = level.upper()
        name = name[2:] if name.startswith("M_") else name
        if name in VerbosityLevel.__members__:
            return VerbosityLevel[name]
        raise UnknownParameter(f"unknown verbosity level {level!r}")
    if is_integer(level):
        for member in sorted(VerbosityLevel, reverse=True):
            if level >= member:
                return member
        return VerbosityLevel.ALL
    raise TypeMismatch(f"verbosity must be a VerbosityLevel, an int or a name, not {level!r}")


def set_verbosity(level):
    """Hide messages below level (``nest.set_verbosity("M_WARNING")``)."""
    _state.verbosity = _level(level)


def get_verbosity():
    """The current verbosity level."""
    return _state.verbosity


def message(level, sender=None, text=None):
    """Print a message if its level is at or above the verbosity:
    ``message(text)`` or ``message(level, sender, text)``."""
    if sender is None and text is None:
        level, sender, text = VerbosityLevel.INFO, "roost", level
    lvl = _level(level)
    if lvl >= _state.verbosity:
        stream = sys.stderr if lvl >= VerbosityLevel.WARNING else sys.stdout
        print(f"{sender} [{lvl.name.capitalize()}]: {text}", file=stream)


def ResetKernel():
    """Start over: no nodes, connections or copied models; default settings."""
    _state.reset()
    _state.verbosity = DEFAULT_VERBOSITY


def SetKernelStatus(params):
    """Set kernel properties from a dict (resolution, rng_seed, local_num_threads, ...)."""
    if not isinstance(params, dict):
        raise TypeMismatch("SetKernelStatus takes a dict")
    params = dict(params)
    if "verbosity" in params:
        level = params.pop("verbosity")
        if params:
            _kernel_set(params)
        set_verbosity(level)
        return
    _kernel_set(params)


def _kernel_set(params):
    if "rng_seeds" in params:
        raise UnknownParameter("'rng_seeds' is NEST 2; NEST 3 and Roost take one integer 'rng_seed'")
    _state.kernel().set_kernel_status(to_python(params))


def GetKernelStatus(keys=None):
    """All kernel properties (dict), one (``GetKernelStatus("resolution")``) or several (tuple)."""
    status = _state.kernel().get_kernel_status()
    status["verbosity"] = _state.verbosity
    if keys is None:
        return status
    if is_string(keys):
        if keys not in status:
            raise UnknownParameter(f"'{keys}' is not a kernel property")
        return status[keys]
    if is_sequence(keys):
        missing = [k for k in keys if k not in status]
        if missing:
            raise UnknownParameter(f"'{missing[0]}' is not a kernel property")
        return tuple(status[k] for k in keys)
    raise TypeMismatch("keys must be a string or a list of strings")


def set(params=None, **kwargs):  # noqa: A001 (NEST's name)
    """``nest.set(resolution=0.1, rng_seed=3)`` or ``nest.set(dict)``."""
    if params is not None:
        if kwargs:
            raise TypeMismatch("give either a dict or keyword arguments, not both")
        kwargs = params
    SetKernelStatus(kwargs)


def get(*keys):
    """``nest.get()`` all kernel properties, ``nest.get("resolution")`` one,
    ``nest.get("a", "b")`` a dict."""
    if not keys:
        return GetKernelStatus()
    if len(keys) == 1:
        return GetKernelStatus(keys[0])
    return dict(zip(keys, GetKernelStatus(list(keys))))


def Install(module_name):
    """NEST loads extension modules (e.g. NESTML output) here; Roost cannot."""
    raise NotSupported(
        f"cannot install '{module_name}': extension modules (NESTML, custom C++ models) "
        "are not supported by Roost")


def Rank():
    """MPI rank of this process (0 without MPI)."""
    return int(_state.kernel().get_kernel_status().get("rank", 0))


def NumProcesses():
    """Number of MPI processes (1 without MPI)."""
    return int(_state.kernel().get_kernel_status().get("num_processes", 1))


def available_backends():
    """Backends this build provides (``"cpu"`` always)."""
    backends = ["cpu"]
    extra = getattr(_roost, "available_backends", None)
    if callable(extra):
        for b in extra():
            if b not in backends:
                backends.append(b)
    return backends
