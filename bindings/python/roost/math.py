# SPDX-License-Identifier: GPL-2.0-or-later
"""``nest.math``: functions of Parameters."""

from .errors import BadProperty
from .parameters import Parameter, _as_spec, _number

__all__ = ["exp", "sin", "cos", "abs", "min", "max", "redraw"]


def _unary(kind, x):
    return Parameter({"type": kind, "a": _as_spec(x)})


def exp(x):
    """e to the power of the Parameter."""
    return _unary("exp", x)


def sin(x):
    """Sine of the Parameter."""
    return _unary("sin", x)


def cos(x):
    """Cosine of the Parameter."""
    return _unary("cos", x)


def abs(x):  # noqa: A001 (NEST's name)
    """Absolute value of the Parameter."""
    return _unary("abs", x)


def min(x, value):  # noqa: A001
    """The smaller of the Parameter and value."""
    return Parameter({"type": "min", "a": _as_spec(x), "b": _as_spec(value)})


def max(x, value):  # noqa: A001
    """The larger of the Parameter and value."""
    return Parameter({"type": "max", "a": _as_spec(x), "b": _as_spec(value)})


def redraw(x, min, max):  # noqa: A002
    """Draw the Parameter again until the value lies in [min, max]."""
    lo, hi = _number("min", min), _number("max", max)
    if not lo < hi:
        raise BadProperty("redraw: 'min' must be smaller than 'max'")
    return Parameter({"type": "redraw", "param": _as_spec(x), "min": lo, "max": hi})
