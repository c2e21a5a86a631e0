# SPDX-License-Identifier: GPL-2.0-or-later
"""Parameter objects (``nest.random.*``, ``nest.math.*``, arithmetic).

A Parameter is a lazy expression. It is serialised to the nested spec dict of
the binding contract and evaluated by the kernel: per node
(``k.evaluate_parameter``) or per connection (inside ``k.connect``).
"""

import numpy as np

from . import _state
from .errors import BadProperty, TypeMismatch
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

    # Comparisons give Parameters (1.0 where true, else 0.0), as NEST's
    # ComparingParameter; NEST's comparator codes.
    def _compare(self, other, code):
        try:
            other_spec = _as_spec(other)
        except TypeMismatch:
            return NotImplemented
        return Parameter({"type": "compare", "a": self._spec, "b": other_spec, "comparator": code})

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

    def __bool__(self):
        raise TypeMismatch("a Parameter has no truth value; it is evaluated per node or connection")

    def GetValue(self):
        """Draw one value (a float) from the kernel's RNG."""
        values = _state.kernel().evaluate_parameter(self._spec, np.array([1], dtype=np.int64))
        return float(values[0])

    def __repr__(self):
        return f"Parameter({_describe(self._spec)})"


def _copy_spec(spec):
    return {k: (_copy_spec(v) if isinstance(v, dict) else v) for k, v in spec.items()}


_SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}


def _describe(spec):
    t = spec["type"]
    if t == "constant":
        return repr(spec["value"])
    if t in _SYMBOLS:
        return f"({_describe(spec['a'])} {_SYMBOLS[t]} {_describe(spec['b'])})"
    if t == "compare":
        op = ("<", "<=", "==", "!=", ">=", ">")[int(spec.get("comparator", 2))]
        return f"({_describe(spec['a'])} {op} {_describe(spec['b'])})"
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
