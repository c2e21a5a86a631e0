# SPDX-License-Identifier: GPL-2.0-or-later
"""Exception classes of the Python layer.

The kernel's classes come from ``roost._roost`` (see
docs/dev/binding-contract.md). Python-side checks raise the same classes so a
script can catch ``nest.kernel.NESTErrors.BadProperty`` (or ``ValueError``)
whichever half found the problem.
"""

from types import SimpleNamespace

from . import _roost

NESTError = _roost.NESTError
UnknownModelName = _roost.UnknownModelName
UnknownParameter = _roost.UnknownParameter
BadProperty = _roost.BadProperty
BadDelay = _roost.BadDelay
UnknownNode = _roost.UnknownNode
IllegalConnection = _roost.IllegalConnection
TypeMismatch = _roost.TypeMismatch
KernelException = _roost.KernelException
# NEST's BadParameter (a bad argument, e.g. Simulate's time); a BadProperty
# subclass, so code catching that (as Roost's did) keeps working.
BadParameter = _roost.BadParameter


class UnknownAttribute(AttributeError, UnknownParameter):
    """An attribute that names no parameter of the nodes/connections/kernel.

    Also an AttributeError so that ``hasattr`` and ``getattr(x, k, default)``
    behave as Python expects.
    """


class NotSupported(KernelException):
    """A NEST feature Roost does not provide (yet)."""


class NotSupportedAttribute(AttributeError, NotSupported):
    """A NEST API name Roost does not provide (AttributeError for hasattr)."""


class LayerExpected(KernelException):
    """A spatial function got nodes that are not (a part of) a spatial layer."""


# NEST's other exception classes, so that scripts (and NEST's own tests) can
# name every one of them. UnaccessedDictionaryEntry is NEST's name for a dict
# key no model reads, which is what Roost's UnknownParameter reports.
_NEST_ONLY_NAMES = (
    "BackendAlreadyRegistered", "BackendNotPrepared", "BackendPrepared",
    "BadParameterValue", "DimensionMismatch", "DistributionError", "DynamicModuleManagementError",
    "GSLSolverFailure", "IOError", "IncompatibleReceptorType", "InexistentConnection",
    "InternalError", "InvalidDefaultResolution", "InvalidTimeInModel", "KeyError",
    "LayerNodeExpected", "LocalNodeExpected", "MPIErrorCode", "MPIPortsFileMissing",
    "MPIPortsFileUnknown", "MUSICChannelAlreadyMapped", "MUSICChannelUnknown",
    "MUSICPortAlreadyPublished", "MUSICPortHasNoWidth", "MUSICPortUnconnected", "MUSICPortUnknown",
    "MUSICSimulationHasRun", "ModelInUse", "NamingConflict", "NewModelNameExists",
    "NoThreadSiblingsAvailable", "NodeWithProxiesExpected",
    "NumericalInstability", "RangeCheck", "StepMultipleRequired", "TimeMultipleRequired",
    "UndefinedName", "UnexpectedEvent", "UnknownCompartment", "UnknownComponent", "UnknownPort",
    "UnknownReceptorType", "UnknownSynapseType", "UnknownThread", "UnmatchedSteps",
    "UnsupportedEvent",
)

NESTErrors = SimpleNamespace(
    NESTError=NESTError,
    UnknownModelName=UnknownModelName,
    UnknownParameter=UnknownParameter,
    UnaccessedDictionaryEntry=UnknownParameter,
    BadParameter=BadParameter,
    BadProperty=BadProperty,
    BadDelay=BadDelay,
    UnknownNode=UnknownNode,
    IllegalConnection=IllegalConnection,
    TypeMismatch=TypeMismatch,
    KernelException=KernelException,
    UnknownAttribute=UnknownAttribute,
    NotSupported=NotSupported,
    NotSupportedAttribute=NotSupportedAttribute,
    LayerExpected=LayerExpected,
    NotImplemented=_roost.NotImplemented,
    **{name: type(name, (KernelException,), {"__doc__": f"NEST's {name} error."})
       for name in _NEST_ONLY_NAMES},
)
