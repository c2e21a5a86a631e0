# SPDX-License-Identifier: GPL-2.0-or-later
"""nest.CreateMask and the Mask objects it returns.

A Mask holds NEST's dict form ({"circular": {"radius": 0.5}, "anchor": [..]});
``&``, ``|`` and ``-`` combine masks as NEST does (intersection, union,
difference). Connect passes the dict to the core (conn_spec['mask'])."""

import numpy as np

from .errors import BadProperty, TypeMismatch
from .hl_api_helper import is_sequence, is_string

__all__ = ["CreateMask", "Mask"]


def _plain(v):
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, np.ndarray) or (is_sequence(v) and not is_string(v)):
        return [_plain(x) for x in v]
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v


class Mask:
    """A spatial mask (NEST's nest.Mask)."""

    __slots__ = ("_spec",)

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise TypeMismatch("Mask expects a mask dictionary")
        self._spec = _plain(spec)

    def _combine(self, other, how):
        if not isinstance(other, Mask):
            raise TypeMismatch(f"a Mask can only be combined with another Mask, not {type(other).__name__}")
        return Mask({how: [self._spec, other._spec]})

    def __and__(self, other):
        return self._combine(other, "intersection")

    def __or__(self, other):
        return self._combine(other, "union")

    def __sub__(self, other):
        return self._combine(other, "difference")

    def __repr__(self):
        return f"Mask({self._spec!r})"


def CreateMask(masktype, specs, anchor=None):
    """A Mask of type masktype ('circular', 'rectangular', 'elliptical',
    'doughnut', 'spherical', 'box', 'ellipsoidal', 'grid') with parameters
    specs (a dict) and an optional anchor."""
    if not is_string(masktype):
        raise TypeMismatch("CreateMask: masktype must be a string")
    if not isinstance(specs, dict):
        raise BadProperty("CreateMask: specs must be a dictionary")
    spec = {masktype: dict(specs)}
    if anchor is not None:
        spec["anchor"] = anchor
    return Mask(spec)
