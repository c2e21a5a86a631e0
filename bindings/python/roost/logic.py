# SPDX-License-Identifier: GPL-2.0-or-later
"""``nest.logic``: conditional Parameters."""

from .errors import TypeMismatch
from .parameters import Parameter, _as_spec

__all__ = ["conditional"]


def conditional(condition, param_if_true, param_if_false):
    """param_if_true where the condition (a comparing Parameter, e.g.
    ``nest.spatial.distance < 0.5``) holds, else param_if_false; both may be
    numbers or Parameters."""
    if not isinstance(condition, Parameter):
        raise TypeMismatch("conditional: the condition must be a Parameter, e.g. "
                           "nest.spatial.distance < 0.5")
    return Parameter({"type": "conditional", "condition": condition._spec,
                      "if_true": _as_spec(param_if_true), "if_false": _as_spec(param_if_false)})
