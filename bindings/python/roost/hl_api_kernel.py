# SPDX-License-Identifier: GPL-2.0-or-later
"""Kernel status, ResetKernel, verbosity and messages, process info."""

import enum
import numbers
import sys

import numpy as np

from . import _roost, _state
from .errors import BadProperty, NotSupported, TypeMismatch, UnknownParameter
from .hl_api_helper import is_integer, is_key_collection, is_string, to_python

__all__ = ["ResetKernel", "SetKernelStatus", "GetKernelStatus", "set", "get",
           "VerbosityLevel", "set_verbosity", "get_verbosity", "message",
           "Install", "Rank", "NumProcesses", "available_backends"]


class VerbosityLevel(enum.IntEnum):
    """Message levels (NEST's M_* values); messages below the level are hidden.

    The ``M_*`` names are aliases of the same values: scripts written between
    NEST 3.0 and 3.10 spell them ``nest.verbosity.M_WARNING`` (member access
    through the current level, which ``nest.verbosity`` returns)."""
    ALL = 0
    DEBUG = 5
    STATUS = 7
    INFO = 10
    DEPRECATED = 18
    WARNING = 20
    ERROR = 30
    FATAL = 40
    QUIET = 100
    M_ALL = 0
    M_DEBUG = 5
    M_STATUS = 7
    M_INFO = 10
    M_DEPRECATED = 18
    M_WARNING = 20
    M_ERROR = 30
    M_FATAL = 40
    M_QUIET = 100


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
    """Start over: no nodes, connections or copied models; default settings.

    The verbosity is kept, as in NEST (it belongs to the logger, not to the
    kernel): scripts set it first and reset afterwards
    (``nest.set_verbosity("M_WARNING"); nest.ResetKernel()``)."""
    _state.reset()
    _communication.update(_COMMUNICATION_DEFAULTS)


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


# Kernel properties NEST reports that the core does not keep: fixed facts of
# Roost (read-only) and rng_type (settable to the one generator Roost has).
_RNG_TYPE = "Philox_32"  # Roost's streams are Philox4x32-10 (core/include/roost/rng.hpp)
_CONNECTION_RULES = ["all_to_all", "fixed_indegree", "fixed_outdegree", "fixed_total_number",
                     "one_to_one", "pairwise_bernoulli", "pairwise_poisson",
                     "symmetric_pairwise_bernoulli"]


# NEST's communication knobs: settable booleans that change how NEST moves
# spikes, never what a simulation computes. Roost's exchange does not depend on
# them; they are kept so that scripts setting them run and read back their value.
_COMMUNICATION_DEFAULTS = {"use_compressed_spikes": True, "keep_source_table": True}
_communication = dict(_COMMUNICATION_DEFAULTS)


def _python_status(status, keys=None):
    """The Python-side keys (all, or those in `keys`), given the core's status."""
    from . import _build_info, _memory_size, _node_models, _synapse_models
    # NEST's time limits: the largest tic count it can hold, in ms.
    t_max = float(2**60 - 1) / status["tics_per_ms"]
    getters = {
        "build_info": _build_info, "memory_size": _memory_size,
        "node_models": _node_models, "synapse_models": _synapse_models,
        "connection_rules": lambda: list(_CONNECTION_RULES), "rng_type": lambda: _RNG_TYPE,
        "rng_types": lambda: [_RNG_TYPE], "recording_backends": lambda: ["ascii", "memory", "screen"],
        "stimulation_backends": lambda: [], "modules": lambda: [], "mpi_rank": lambda: status["rank"],
        "use_compressed_spikes": lambda: _communication["use_compressed_spikes"],
        "keep_source_table": lambda: _communication["keep_source_table"],
        "off_grid_spiking": lambda: False,
        "tics_per_step": lambda: int(round(status["tics_per_ms"] * status["resolution"])),
        "T_min": lambda: -t_max, "T_max": lambda: t_max,
    }
    return {key: get() for key, get in getters.items() if keys is None or key in keys}


def _kernel_set(params):
    params = dict(params)
    if "rng_type" in params:
        if params.pop("rng_type") != _RNG_TYPE:
            raise BadProperty(f"rng_type: Roost has one random generator, '{_RNG_TYPE}'")
        if not params:
            return
    for key in _COMMUNICATION_DEFAULTS:
        if key in params:
            value = params.pop(key)
            if not isinstance(value, (bool, np.bool_)):
                raise TypeMismatch(f"{key} must be True or False, got {value!r}")
            _communication[key] = bool(value)
    if not params:
        return
    read_only = [key for key in params if key in _READ_ONLY_PYTHON_KEYS]
    if read_only:
        raise BadProperty(f"Kernel property '{read_only[0]}' is read-only.")
    if "rng_seeds" in params:
        raise UnknownParameter("'rng_seeds' is NEST 2; NEST 3 and Roost take one integer 'rng_seed'")
    if "biological_time" in params:
        params = dict(params)
        _reset_clock(params.pop("biological_time"))
        if not params:
            return
    _state.kernel().set_kernel_status(to_python(params))


def _reset_clock(value):
    """NEST accepts ``biological_time = 0.0`` (and only 0.0) to reset the clock.
    Before anything was simulated the clock is at 0 and this is a no-op, which
    is how scripts use it (set up a trial, then ``{"biological_time": 0.0}``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeMismatch(f"biological_time must be a number, not {value!r}")
    if value != 0.0:
        raise BadProperty("biological_time (the simulation time) can only be set to 0.0")
    if _state.kernel().get_kernel_status()["biological_time"] != 0.0:
        raise NotSupported(
            "resetting biological_time to 0.0 after a simulation is not supported by "
            "Roost; call ResetKernel() and build the network again")


_READ_ONLY_PYTHON_KEYS = ("build_info", "memory_size", "node_models", "synapse_models",
                          "connection_rules", "rng_types", "recording_backends",
                          "stimulation_backends", "modules", "mpi_rank", "off_grid_spiking", "tics_per_step", "T_min", "T_max")


def GetKernelStatus(keys=None):
    """All kernel properties (dict), one (``GetKernelStatus("resolution")``) or several (tuple)."""
    status = _state.kernel().get_kernel_status()
    wanted = None if keys is None else ([keys] if is_string(keys) else list(keys))
    status.update(_python_status(status, wanted))
    status["verbosity"] = _state.verbosity
    if keys is None:
        return status
    if is_string(keys):
        if keys not in status:
            raise UnknownParameter(f"'{keys}' is not a kernel property")
        return status[keys]
    if is_key_collection(keys):
        keys = list(keys)
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
