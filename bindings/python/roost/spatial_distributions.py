# SPDX-License-Identifier: GPL-2.0-or-later
"""``nest.spatial_distributions``: distance-dependent kernels of Parameters.

Each is built from the arithmetic Parameter ops around its argument(s)
(usually ``nest.spatial.distance`` or its components), so the kernel needs no
special code for them. Formulas (NEST 3.10):

* ``exponential(x, beta)      = exp(-x / beta)``
* ``gaussian(x, mean, std)    = exp(-(x - mean)^2 / (2 std^2))``
* ``gaussian2D(x, y, ...)     = exp(-(X^2 + Y^2 - 2 rho X Y) / (2 (1 - rho^2)))``,
  ``X = (x - mean_x) / std_x``, ``Y = (y - mean_y) / std_y``
* ``gamma(x, kappa, theta)    = x^(kappa - 1) exp(-x / theta) / (theta^kappa Gamma(kappa))``
"""

import math as _math

from .errors import BadProperty, TypeMismatch
from .parameters import Parameter, _number

__all__ = ["exponential", "gaussian", "gaussian2D", "gamma"]


def _const(v):
    return {"type": "constant", "value": float(v)}


def _op(kind, a, b):
    return {"type": kind, "a": a, "b": b}


def _arg(name, x):
    if not isinstance(x, Parameter):
        raise TypeMismatch(f"Expected datatype: '{name}' must be a Parameter, not {type(x).__name__}")
    return x._spec


def _positive(dist, name, value):
    value = _number(name, value)
    if not value > 0:
        raise BadProperty(f"{name} > 0 required for {dist} distribution parameter, got {name}={value:f}")
    return value


def exponential(x, beta=1.0):
    """exp(-x / beta)."""
    beta = _positive("exponential", "beta", beta)
    return Parameter({"type": "exp", "a": {"type": "neg", "a": _op("div", _arg("x", x), _const(beta))}})


def gaussian(x, mean=0.0, std=1.0):
    """exp(-(x - mean)^2 / (2 std^2))."""
    mean = _number("mean", mean)
    std = _positive("gaussian", "std", std)
    dx = _op("sub", _arg("x", x), _const(mean))
    q = _op("div", _op("mul", dx, dx), _const(2.0 * std * std))
    return Parameter({"type": "exp", "a": {"type": "neg", "a": q}})


def gaussian2D(x, y, mean_x=0.0, mean_y=0.0, std_x=1.0, std_y=1.0, rho=0.0):
    """Bivariate gaussian of x and y (not normalised: 1 at the mean)."""
    mean_x, mean_y = _number("mean_x", mean_x), _number("mean_y", mean_y)
    std_x = _positive("gaussian2d", "std_x", std_x)
    std_y = _positive("gaussian2d", "std_y", std_y)
    rho = _number("rho", rho)
    if not -1.0 < rho < 1.0:
        raise BadProperty(f"-1 < rho < 1 required for gaussian2d distribution parameter, got rho={rho:f}")
    X = _op("div", _op("sub", _arg("x", x), _const(mean_x)), _const(std_x))
    Y = _op("div", _op("sub", _arg("y", y), _const(mean_y)), _const(std_y))
    num = _op("sub", _op("add", _op("mul", X, X), _op("mul", Y, Y)),
              _op("mul", _const(2.0 * rho), _op("mul", X, Y)))
    q = _op("div", num, _const(2.0 * (1.0 - rho * rho)))
    return Parameter({"type": "exp", "a": {"type": "neg", "a": q}})


def gamma(x, kappa=1.0, theta=1.0):
    """The gamma pdf of x (it can exceed 1)."""
    kappa = _positive("gamma", "kappa", kappa)
    theta = _positive("gamma", "theta", theta)
    xs = _arg("x", x)
    power = _op("pow", xs, _const(kappa - 1.0))
    decay = {"type": "exp", "a": {"type": "neg", "a": _op("div", xs, _const(theta))}}
    norm = theta ** kappa * _math.gamma(kappa)
    return Parameter(_op("div", _op("mul", power, decay), _const(norm)))
