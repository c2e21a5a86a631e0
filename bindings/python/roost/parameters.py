# SPDX-License-Identifier: GPL-2.0-or-later
"""Parameter objects (``nest.random.*``, ``nest.math.*``, arithmetic).

A Parameter is a lazy expression. It is serialised to the nested spec dict of
the binding contract and evaluated by the kernel: per node
(``k.evaluate_parameter``) or per connection (inside ``k.connect``).
"""

import numpy as np

from . import _state
from .errors import BadProperty, KernelException, TypeMismatch
from .hl_api_helper import is_number

__all__ = ["Parameter", "CreateParameter"]


def _as_spec(x):
    """Spec dict of a Parameter or of a number (as a constant)."""
    if isinstance(x, Parameter):
        return x._spec
    if is_number(x) and not isinstance(x, (bool, np.bool_)):
        return {"type": "constant", "value": float(x)}
    raise TypeMismatch(
        f"a Parameter can only be combined with numbers and Parameters, not {type(x).__name__}")


class Parameter:
    """A value drawn or computed per node or per connection.

    Build one with ``nest.random.uniform(...)`` etc.; combine with numbers and
    other Parameters using ``+ - * / **`` and unary ``-``.
    """

    __slots__ = ("_spec",)

    def __init__(self, spec):
        if not isinstance(spec, dict) or "type" not in spec:
            raise TypeMismatch("a Parameter is built from a spec dict with a 'type' key")
        self._spec = spec

    def spec(self):
        """The contract's spec dict (a copy)."""
        return _copy_spec(self._spec)

    def _binop(self, op, other, reverse=False):
        try:
            other_spec = _as_spec(other)
        except TypeMismatch:
            return NotImplemented
        a, b = (other_spec, self._spec) if reverse else (self._spec, other_spec)
        return Parameter({"type": op, "a": a, "b": b})

    def __add__(self, other):
        return self._binop("add", other)

    def __radd__(self, other):
        return self._binop("add", other, reverse=True)

    def __sub__(self, other):
        return self._binop("sub", other)

    def __rsub__(self, other):
        return self._binop("sub", other, reverse=True)

    def __mul__(self, other):
        return self._binop("mul", other)

    def __rmul__(self, other):
        return self._binop("mul", other, reverse=True)

    def __truediv__(self, other):
        return self._binop("div", other)

    def __rtruediv__(self, other):
        return self._binop("div", other, reverse=True)

    def __pow__(self, other):
        return self._binop("pow", other)

    def __rpow__(self, other):
        return self._binop("pow", other, reverse=True)

    def __neg__(self):
        return Parameter({"type": "neg", "a": self._spec})

    def __pos__(self):
        return self

    def __abs__(self):
        return Parameter({"type": "abs", "a": self._spec})

    def _compare(self, other, comparator):
        try:
            other_spec = _as_spec(other)
        except TypeMismatch:
            return NotImplemented
        return Parameter({"type": "compare", "a": self._spec, "b": other_spec,
                          "comparator": comparator})

    # NEST's comparators: Parameters that are 1 where the comparison holds, else 0
    # (for nest.logic.conditional)
    def __lt__(self, other):
        return self._compare(other, 0)

    def __le__(self, other):
        return self._compare(other, 1)

    def __eq__(self, other):
        return self._compare(other, 2)

    def __ne__(self, other):
        return self._compare(other, 3)

    def __ge__(self, other):
        return self._compare(other, 4)

    def __gt__(self, other):
        return self._compare(other, 5)

    __hash__ = object.__hash__

    def is_spatial(self):
        """True if the Parameter depends on positions (nest.spatial.distance, pos ...)."""
        from ._spatial_eval import is_spatial
        return is_spatial(self._spec)

    def apply(self, spatial_nc, positions=None):
        """Values of the Parameter for the nodes of a layer (``apply(layer)``,
        node Parameters such as nest.spatial.pos.x), or between one node and a
        list of positions (``apply(layer[i], [[x, y], ...])``, connection
        Parameters such as nest.spatial.distance, with the layer's periodic
        boundaries). Returns a tuple."""
        from . import _layers, _spatial_eval
        geo = _layers.geometry(spatial_nc)
        if geo is None:
            raise KernelException("Node position parameter can only be used when connecting "
                                  "spatially distributed nodes.")
        if positions is None:
            n = len(spatial_nc)
            ctx = _spatial_eval.Context(n, node=geo["positions"], draw=_kernel_draw(spatial_nc))
            return tuple(_spatial_eval.evaluate(self._spec, ctx).tolist())
        if len(spatial_nc) != 1:
            raise ValueError("The NodeCollection must contain a single node ID only")
        if not isinstance(positions, (list, tuple)):
            raise TypeError("Positions must be a list or tuple of positions")
        for p in positions:
            if not isinstance(p, (list, tuple, np.ndarray)):
                raise TypeError("Each position must be a list or tuple")
            if len(p) != len(positions[0]):
                raise ValueError("All positions must have the same number of dimensions")
        target = np.asarray(positions, dtype=np.float64).reshape(len(positions), -1)
        source = np.repeat(geo["positions"], len(target), axis=0)
        disp = _spatial_eval.periodic(target - source, geo["extent"], geo["edge_wrap"])
        ctx = _spatial_eval.Context(len(target), source=source, target=target, displacement=disp)
        return tuple(_spatial_eval.evaluate(self._spec, ctx).tolist())

    def __bool__(self):
        raise TypeMismatch("a Parameter has no truth value; it is evaluated per node or connection")

    def GetValue(self):
        """Draw one value (a float) from the kernel's RNG."""
        from ._spatial_eval import is_spatial
        if is_spatial(self._spec):
            raise KernelException("a spatial Parameter (distance, positions) has no value on its "
                                  "own: it is evaluated per node of a layer or per connection")
        values = _state.kernel().evaluate_parameter(self._spec, np.array([1], dtype=np.int64))
        return float(values[0])

    def __repr__(self):
        return f"Parameter({_describe(self._spec)})"


def _kernel_draw(nc):
    """Random leaves drawn per node by the kernel's RNG."""
    def draw(spec, n):
        return np.asarray(_state.kernel().evaluate_parameter(spec, nc._ids), dtype=np.float64)
    return draw


def _copy_spec(spec):
    return {k: (_copy_spec(v) if isinstance(v, dict) else v) for k, v in spec.items()}


_SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}
_COMPARATORS = ["<", "<=", "==", "!=", ">=", ">"]
_SPATIAL_NAMES = {"spatial_source_position": "source_pos", "spatial_target_position": "target_pos",
                  "spatial_node_position": "pos", "spatial_distance_component": "distance"}


def _describe(spec):
    t = spec["type"]
    if t == "constant":
        return repr(spec["value"])
    if t in _SYMBOLS:
        return f"({_describe(spec['a'])} {_SYMBOLS[t]} {_describe(spec['b'])})"
    if t == "compare":
        return f"({_describe(spec['a'])} {_COMPARATORS[spec.get('comparator', 2)]} {_describe(spec['b'])})"
    if t == "conditional":
        return (f"conditional({_describe(spec['condition'])}, {_describe(spec['if_true'])}, "
                f"{_describe(spec['if_false'])})")
    if t == "spatial_distance":
        return "distance"
    if t in _SPATIAL_NAMES:
        return f"{_SPATIAL_NAMES[t]}.{'xyz'[spec['dimension']] if spec['dimension'] < 3 else spec['dimension']}"
    if t in ("min", "max"):
        return f"{t}({_describe(spec['a'])}, {_describe(spec['b'])})"
    if t in ("neg",):
        return f"-{_describe(spec['a'])}"
    if t in ("exp", "sin", "cos", "abs"):
        return f"{t}({_describe(spec['a'])})"
    if t == "redraw":
        return f"redraw({_describe(spec['param'])}, min={spec['min']}, max={spec['max']})"
    args = ", ".join(f"{k}={v}" for k, v in spec.items() if k != "type")
    return f"{t}({args})"


def _number(name, value):
    if not is_number(value) or isinstance(value, (bool, np.bool_)):
        raise TypeMismatch(f"'{name}' must be a number, got {type(value).__name__}")
    return float(value)


def make_random(kind, **kwargs):
    """Build a random Parameter spec, checking the arguments."""
    spec = {"type": kind}
    for key, value in kwargs.items():
        spec[key] = _number(key, value)
    if kind == "uniform" and not spec["min"] < spec["max"]:
        raise BadProperty("uniform: 'min' must be smaller than 'max'")
    if kind in ("normal", "lognormal") and spec["std"] <= 0:
        raise BadProperty(f"{kind}: 'std' must be positive")
    if kind == "exponential" and spec["beta"] <= 0:
        raise BadProperty("exponential: 'beta' must be positive")
    if kind == "uniform_int":
        if spec["max"] != int(spec["max"]) or spec["max"] < 1:
            raise BadProperty("uniform_int: 'max' must be a positive integer")
    return Parameter(spec)


_CREATE_PARAMETER_KEYS = {
    "constant": {"value": None},
    "uniform": {"min": 0.0, "max": 1.0},
    "normal": {"mean": 0.0, "std": 1.0},
    "lognormal": {"mean": 0.0, "std": 1.0},
    "exponential": {"beta": 1.0},
    "uniform_int": {"max": None},
}


def CreateParameter(parametertype, specs):
    """NEST's generic constructor: ``CreateParameter('uniform', {'min': 0., 'max': 2.})``."""
    if parametertype not in _CREATE_PARAMETER_KEYS:
        raise BadProperty(
            f"unknown parameter type '{parametertype}'; Roost supports "
            + ", ".join(sorted(_CREATE_PARAMETER_KEYS)))
    known = _CREATE_PARAMETER_KEYS[parametertype]
    args = dict(known)
    for key, value in dict(specs).items():
        if key not in known:
            raise BadProperty(f"parameter type '{parametertype}' has no argument '{key}'")
        args[key] = value
    missing = [k for k, v in args.items() if v is None]
    if missing:
        raise BadProperty(f"parameter type '{parametertype}' needs {', '.join(missing)}")
    if parametertype == "constant":
        return Parameter({"type": "constant", "value": _number("value", args["value"])})
    return make_random(parametertype, **args)
