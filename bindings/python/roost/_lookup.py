# SPDX-License-Identifier: GPL-2.0-or-later
"""Which model each node id belongs to, and what type each field has.

One Lookup is built per user call; it caches the kernel's node ranges and the
defaults of the models involved so that a call over many nodes asks the kernel
only a few questions.
"""

import numpy as np

from . import _state
from .errors import UnknownNode, UnknownParameter
from .hl_api_helper import value_kind

NUMERIC_KINDS = ("bool", "int", "float")

# Fields every node has although get_defaults does not list them.
_NODE_FIELDS = {"global_id": "int", "model": "str", "element_type": "str",
                "local": "bool", "thread": "int", "vp": "int",
                # recorder options of the ascii/screen backends (shown only while in use)
                "precision": "int", "file_extension": "str",
                # structural plasticity: changes some of a node's synaptic elements (set only)
                "synaptic_elements_param": "dict"}


class Lookup:
    def __init__(self, ids=None):
        self.k = _state.kernel()
        ranges = self.k.node_ranges()
        self.firsts = np.array([r[0] for r in ranges], dtype=np.int64)
        self.lasts = np.array([r[1] for r in ranges], dtype=np.int64)
        self.range_models = [r[2] for r in ranges]
        self._defaults = {}
        self._status = {}
        self.groups = [] if ids is None else self.group(ids)

    def range_index(self, ids):
        """Index of the create-range of each id; raises UnknownNode."""
        ids = np.atleast_1d(np.asarray(ids, dtype=np.int64))
        if len(self.firsts) == 0:
            if len(ids):
                raise UnknownNode(f"node {int(ids[0])} does not exist")
            return np.zeros(0, dtype=np.int64)
        idx = np.searchsorted(self.firsts, ids, side="right") - 1
        bad = (idx < 0) | (ids > self.lasts[np.maximum(idx, 0)])
        if np.any(bad):
            raise UnknownNode(f"node {int(ids[np.argmax(bad)])} does not exist")
        return idx

    def models_of(self, ids):
        return [self.range_models[i] for i in self.range_index(ids)]

    def group(self, ids):
        """[(model, ids of that model, positions in ids)] in order of first appearance."""
        if len(ids) == 0:
            return []
        idx = self.range_index(ids)
        by_model = {}
        for r in np.unique(idx):
            by_model.setdefault(self.range_models[r], []).append(r)
        groups = []
        for model, rs in by_model.items():
            pos = np.nonzero(np.isin(idx, rs))[0]
            groups.append((model, np.asarray(ids, dtype=np.int64)[pos], pos))
        groups.sort(key=lambda g: g[2][0])
        return groups

    def defaults(self, model):
        if model not in self._defaults:
            self._defaults[model] = self.k.get_defaults(model)
        return self._defaults[model]

    def status(self, gid):
        gid = int(gid)
        if gid not in self._status:
            self._status[gid] = self.k.get_status(gid)
        return self._status[gid]

    def kind(self, model, key, sample_gid=None):
        """Kind of field `key` for `model` (see value_kind), or None if unknown."""
        d = self.defaults(model)
        if key in d:
            return value_kind(d[key])
        if key in _NODE_FIELDS:
            return _NODE_FIELDS[key]
        if sample_gid is not None and sample_gid > 0:
            s = self.status(sample_gid)
            if key in s:
                return value_kind(s[key])
        return None

    def require_kind(self, model, key, sample_gid=None):
        kind = self.kind(model, key, sample_gid)
        if kind is None:
            raise UnknownParameter(f"'{key}' is not a parameter of model '{model}'")
        return kind
