# SPDX-License-Identifier: GPL-2.0-or-later
"""Roost: a spiking-network simulator with the Python API of NEST 3 (PyNEST).

Use it as ``import roost as nest``; an unmodified script runs with
``python -m roost run script.py``.
"""

import sys as _sys
import types as _types

try:
    from . import _roost
except ImportError as _err:  # pragma: no cover - depends on the build
    raise ImportError(
        "roost's compiled module roost._roost is missing or broken; build it with "
        "'cmake -S . -B build && cmake --build build' from the repository root "
        f"({_err})") from _err

from . import _state
from .errors import NESTError, NESTErrors
from .hl_api_connections import Connect, GetConnections, TripartiteConnect
from .hl_api_disconnect import Disconnect
from .hl_api_info import GetNodes, GetStatus, SetStatus
from .hl_api_kernel import (_READ_ONLY_PYTHON_KEYS, GetKernelStatus, Install, NumProcesses, Rank, ResetKernel,
                            SetKernelStatus, VerbosityLevel, available_backends, get,
                            get_verbosity, message, set, set_verbosity)
from .hl_api_models import CopyModel, GetDefaults, Models, SetDefaults
from .hl_api_models import node_models as _node_models
from .hl_api_models import synapse_models as _synapse_models
from .hl_api_nodes import Create, GetLocalNodeCollection, PrintNodes
from .hl_api_parallel import GetLocalVPs, SyncProcesses, gather_events
from .hl_api_parallel import _abort_all_ranks_on_uncaught_exception
from .hl_api_simulation import (Cleanup, DisableStructuralPlasticity, EnableStructuralPlasticity, Prepare, Run,
                                RunManager, Simulate)
from .node_collection import NodeCollection
from .parameters import CreateParameter, Parameter
from .synapse_collection import SynapseCollection
from .masks import CreateMask, Mask  # noqa: F401
from . import kernel, logic, math, random, spatial, spatial_distributions  # noqa: F401
from .hl_api_spatial import (Displacement, Distance, DumpLayerConnections, DumpLayerNodes,
                             FindCenterElement, FindNearestElement, GetPosition, GetSourceNodes,
                             GetSourcePositions, GetTargetNodes, GetTargetPositions, PlotLayer,
                             PlotProbabilityParameter, PlotSources, PlotTargets)
from . import analysis, raster_plot, voltage_trace  # noqa: F401

__version__ = getattr(_roost, "__version__", "0.1.0.dev0")

_abort_all_ranks_on_uncaught_exception()

__all__ = [
    "Cleanup", "Connect", "Displacement", "Distance", "DumpLayerConnections", "DumpLayerNodes",
    "FindCenterElement", "FindNearestElement", "GetPosition", "GetSourceNodes", "GetSourcePositions",
    "GetTargetNodes", "GetTargetPositions", "PlotLayer", "PlotProbabilityParameter", "PlotSources",
    "PlotTargets", "logic", "spatial_distributions",
    "CopyModel", "Create", "CreateMask", "CreateParameter", "GetConnections",
    "DisableStructuralPlasticity", "Disconnect", "EnableStructuralPlasticity", "GetDefaults", "GetKernelStatus", "GetNodes", "GetLocalNodeCollection", "GetLocalVPs", "GetStatus", "Install",
    "Models", "NESTError", "NESTErrors", "NodeCollection", "NumProcesses", "Parameter", "Prepare", "PrintNodes",
    "Rank", "ResetKernel", "Run", "RunManager", "SetDefaults", "SetKernelStatus",
    "SetStatus", "Simulate", "SyncProcesses", "SynapseCollection", "TripartiteConnect", "VerbosityLevel", "available_backends", "gather_events",
    "get", "get_verbosity", "kernel", "math", "message", "random", "raster_plot", "set",
    "set_verbosity", "spatial", "voltage_trace",
]


# PyNEST names that Roost does not provide yet: using one says so clearly.
_NOT_SUPPORTED = {
    "CollocatedSynapses": "collocated synapses",
    "SonataNetwork": "SONATA networks",
}


def _build_info():
    """NEST's build_info keys, with values that say what Roost provides.

    have_gsl and have_boost are True because Roost has the models NEST builds
    only with GSL (the adaptive-step ODE neurons) or Boost (iaf_bw_2001*):
    scripts and tests that check them before using those models should run.
    """
    import datetime
    import os
    import platform
    import sys
    from . import _roost
    package_dir = os.path.dirname(os.path.abspath(__file__))
    built = datetime.datetime.fromtimestamp(os.path.getmtime(_roost.__file__))
    return {"version": __version__, "threading": "openmp", "threads_model": "openmp",
            "have_threads": True, "have_mpi": bool(_roost.mpi_built()),
            "have_gsl": True, "have_boost": True, "have_music": False, "have_hdf5": False,
            "have_libneurosim": False, "have_sionlib": False, "mpiexec": "mpirun",
            "hostos": platform.system().lower(), "hostcpu": platform.machine(),
            "hostvendor": "pc", "host": f"{platform.machine()}-pc-{platform.system().lower()}",
            "built": built.strftime("%b %d %Y %H:%M:%S"), "ndebug": True, "exitcode": 0,
            "prefix": sys.prefix, "datadir": package_dir, "docdir": package_dir,
            "test_exitcodes": dict(_TEST_EXITCODES),
            "backends": available_backends()}


# NEST's exit codes of its test runner (build_info["test_exitcodes"]).
_TEST_EXITCODES = {"abort": 134, "exception": 125, "fatal": 127, "scripterror": 126,
                   "segfault": 139, "skipped": 200, "skipped_have_mpi": 202,
                   "skipped_no_gsl": 204, "skipped_no_mpi": 201, "skipped_no_music": 205,
                   "skipped_no_threading": 203, "success": 0, "unknownerror": 10,
                   "userabort": 15}


def _memory_size():
    """Resident memory of this process in kB (NEST's memory_size)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        import os
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


_PYTHON_KEYS = ("rng_type", "use_compressed_spikes", "keep_source_table") + _READ_ONLY_PYTHON_KEYS


def _kernel_keys():
    return _state.kernel().get_kernel_status()


class _RoostModule(_types.ModuleType):
    """Kernel properties as module attributes, as in NEST 3:
    ``nest.resolution = 0.1``, ``nest.biological_time``. Assigning a name that
    is no kernel property raises instead of silently creating an attribute."""

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(f"module 'roost' has no attribute '{name}'")
        if name == "verbosity":
            return get_verbosity()
        if name == "node_models":
            return _node_models()
        if name == "synapse_models":
            return _synapse_models()
        if name == "kernel_status":
            return GetKernelStatus()
        if name == "build_info":
            return _build_info()
        if name == "memory_size":
            return _memory_size()
        if name in _NOT_SUPPORTED:
            raise NESTErrors.NotSupportedAttribute(
                f"nest.{name}: {_NOT_SUPPORTED[name]} is not supported by Roost yet")
        status = _kernel_keys()
        if name in status:
            return status[name]
        if name in _PYTHON_KEYS:
            return GetKernelStatus(name)
        raise AttributeError(f"module 'roost' has no attribute or kernel property '{name}'")

    def __setattr__(self, name, value):
        if (name.startswith("_") or name in self.__dict__
                or isinstance(value, _types.ModuleType)):
            super().__setattr__(name, value)
        elif name == "verbosity":
            set_verbosity(value)
        elif name in _kernel_keys() or name in _PYTHON_KEYS:
            SetKernelStatus({name: value})
        else:
            raise NESTErrors.UnknownAttribute(
                f"'{name}' is not a kernel property; setting it would have no effect "
                "(kernel properties: " + ", ".join(sorted(_kernel_keys())) + ")")


_sys.modules[__name__].__class__ = _RoostModule
