# SPDX-License-Identifier: GPL-2.0-or-later
"""SynapseCollection: the connections returned by GetConnections."""

import numpy as np

from . import _state
from .errors import (BadProperty, KernelException, NESTError, NotSupported, TypeMismatch,
                     UnknownAttribute, UnknownParameter)
from .hl_api_helper import is_integer, is_number, is_key_collection, is_sequence, is_string, to_json
from .parameters import Parameter

__all__ = ["SynapseCollection"]

# Keys every connection has (k.get_connection_values), in NEST's get() order.
_BASE_KEYS = ("delay", "port", "receptor", "source", "synapse_id", "synapse_model",
              "target", "target_thread", "weight")
_READ_ONLY = {"port", "receptor", "source", "synapse_id", "synapse_model", "target",
              "target_thread", "receptor_type"}
# Entries of a synapse model's defaults that are not per-connection values.
_NOT_CONNECTION_KEYS = {"element_type", "model", "type_id", "num_connections",
                        "synapse_model", "recordables", "receptor_types", "sizeof",
                        "has_delay", "requires_symmetric", "weight_recorder", "volume_transmitter",
                        "receptor_type", "synapse_modelid"}


class SynapseCollection:
    """Connections, addressed by the kernel's connection ids.

    Supports len, iteration and indexing (1-connection SynapseCollections),
    slicing, ``==``, ``get``/``set`` and attribute access (``conns.weight``).
    """

    def __init__(self, conn_ids=None, epoch=None, connection_epoch=None):
        ids = np.zeros(0, dtype=np.int64) if conn_ids is None else np.asarray(conn_ids, dtype=np.int64)
        object.__setattr__(self, "_ids", ids)
        object.__setattr__(self, "_epoch", _state.epoch if epoch is None else epoch)
        object.__setattr__(self, "_connection_epoch",
                           _state.connection_epoch if connection_epoch is None else connection_epoch)
        object.__setattr__(self, "print_all", False)

    def _valid(self):
        if self._epoch != _state.epoch or len(self._ids) == 0:
            return False
        if self._connection_epoch != _state.connection_epoch:
            # A Disconnect renumbered connections: find ours again.
            ids = _state.current_connection_ids(self._ids, self._connection_epoch)
            if np.any(ids < 0):
                raise KernelException("this SynapseCollection holds connections that Disconnect removed")
            object.__setattr__(self, "_ids", ids)
            object.__setattr__(self, "_connection_epoch", _state.connection_epoch)
        return True

    def disconnect(self):
        """Remove these connections (NEST's SynapseCollection.disconnect)."""
        from .hl_api_disconnect import remove_connections
        if self._valid():
            remove_connections(self._ids)

    # ------------------------------------------------------------ container
    def __len__(self):
        return len(self._ids)

    def __iter__(self):
        for i in range(len(self._ids)):
            yield SynapseCollection(self._ids[i:i + 1], self._epoch, self._connection_epoch)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return SynapseCollection(self._ids[key], self._epoch, self._connection_epoch)
        if is_integer(key):
            n = len(self._ids)
            if not -n <= key < n:
                raise IndexError(f"index {key} is out of range for {n} connections")
            i = int(key) % n
            return SynapseCollection(self._ids[i:i + 1], self._epoch, self._connection_epoch)
        raise TypeMismatch(f"SynapseCollection indices must be integers or slices, not {type(key).__name__}")

    def __eq__(self, other):
        if not isinstance(other, SynapseCollection):
            return NotImplemented
        return self._epoch == other._epoch and np.array_equal(self._ids, other._ids)

    def __hash__(self):
        return hash((self._epoch, self._ids.tobytes()))

    def sources(self):
        """Iterator over the source node ids."""
        return iter(self._column("source") if self._valid() else [])

    def targets(self):
        """Iterator over the target node ids."""
        return iter(self._column("target") if self._valid() else [])

    # ------------------------------------------------------------ reading
    def _models(self):
        # Names of the distinct synapse ids only: a name per connection would
        # cost a Python string per synapse.
        k = _state.kernel()
        ids = np.asarray(self._ids, dtype=np.int64)
        _, first = np.unique(k.get_connection_values(ids, "synapse_id"), return_index=True)
        return sorted(set(k.get_connection_values(ids[first], "synapse_model")))

    def _param_keys(self):
        """Synapse-model parameters present on every connection here."""
        k = _state.kernel()
        keys = None
        for model in self._models():
            d = k.get_defaults(model)
            mk = {key for key, v in d.items()
                  if key not in _NOT_CONNECTION_KEYS and is_number(v)}
            keys = mk if keys is None else keys & mk
        return keys or set()

    def _column(self, key):
        k = _state.kernel()
        if key not in _BASE_KEYS and key not in self._param_keys():
            raise UnknownParameter(f"connections have no parameter '{key}'")
        values = k.get_connection_values(self._ids, key)
        if isinstance(values, np.ndarray):
            return values.tolist()
        return list(values)

    def get(self, keys=None, output=""):
        """Connection parameters.

        ``get()`` a dict of all parameters, ``get(key)`` a value (one
        connection) or a list, ``get([k1, k2])`` a dict.
        """
        if output not in ("", "json", "pandas"):
            raise TypeMismatch(f"output must be '', 'json' or 'pandas', not {output!r}")
        if not self._valid():
            return ()
        single = len(self._ids) == 1

        def shape(values):
            return values[0] if single else values

        if keys is None:
            names = sorted(set(_BASE_KEYS) | self._param_keys())
            result = {key: shape(self._column(key)) for key in names}
        elif is_string(keys):
            result = shape(self._column(keys))
        elif is_key_collection(keys):
            keys = list(keys)
            for key in keys:
                if not is_string(key):
                    raise TypeMismatch(f"parameter names must be strings, got {key!r}")
            result = {key: shape(self._column(key)) for key in keys}
        else:
            raise TypeMismatch("keys must be a string or a list of strings")
        if output == "json":
            return to_json(result)
        if output == "pandas":
            try:
                import pandas
            except ImportError:
                raise NotSupported("output='pandas' needs pandas, which is not installed") from None
            if not isinstance(result, dict):
                result = {keys: result}
            if single:
                result = {key: [v] for key, v in result.items()}
            return pandas.DataFrame(result, index=self._column("source"))
        return result

    # ------------------------------------------------------------ writing
    def set(self, params=None, **kwargs):
        """Set parameters: ``set({k: v})``, ``set(k=v)``, ``set([dict per connection])``.

        Values may be scalars, one value per connection, or Parameters.
        """
        if kwargs and params is not None:
            raise TypeMismatch("give either a dict/list or keyword arguments, not both")
        if params is None:
            params = kwargs
        if not self._valid():
            return
        n = len(self._ids)
        if isinstance(params, (list, tuple)):
            if len(params) != n:
                raise TypeMismatch(f"got {len(params)} dicts for {n} connections (need one per connection)")
            columns = self._columns_from_dicts(params)
        elif isinstance(params, dict):
            columns = {key: (np.arange(n), value) for key, value in params.items()}
        else:
            raise TypeMismatch("set() takes a dict, a list of dicts or keyword arguments")
        plan = self._plan(columns)
        self._apply(plan)

    def _columns_from_dicts(self, dicts):
        cols = {}
        for i, d in enumerate(dicts):
            if not isinstance(d, dict):
                raise TypeMismatch(f"expected a dict per connection, got {type(d).__name__}")
            for key, value in d.items():
                cols.setdefault(key, ([], []))
                cols[key][0].append(i)
                cols[key][1].append(value)
        return {key: (np.asarray(pos), vals) for key, (pos, vals) in cols.items()}

    def _plan(self, columns):
        """Check everything; return [(key, positions, float64 values or Parameter)]."""
        allowed = {"weight", "delay"} | self._param_keys()
        plan = []
        for key, (pos, value) in columns.items():
            if key in _READ_ONLY:
                raise BadProperty(f"'{key}' of a connection cannot be changed")
            if key not in allowed:
                raise UnknownParameter(f"connections have no parameter '{key}'")
            m = len(pos)
            if isinstance(value, Parameter):
                plan.append((key, pos, value))
                continue
            if is_sequence(value):
                arr = np.asarray(value)
                if arr.ndim != 1 or len(arr) != m:
                    raise BadProperty(f"'{key}': got {arr.size} values for {m} connections")
            elif is_number(value):
                arr = np.full(m, value)
            else:
                raise TypeMismatch(f"'{key}' expects a number, got {type(value).__name__}")
            if arr.dtype.kind not in "biuf":
                raise TypeMismatch(f"'{key}' expects numbers")
            plan.append((key, pos, arr.astype(np.float64)))
        return plan

    def _apply(self, plan):
        k = _state.kernel()
        done = []
        try:
            for key, pos, values in plan:
                ids = self._ids[pos]
                if isinstance(values, Parameter):
                    keys = np.arange(1, len(ids) + 1, dtype=np.int64)
                    values = np.asarray(k.evaluate_parameter(values._spec, keys), dtype=np.float64)
                old = np.asarray(k.get_connection_values(ids, key), dtype=np.float64)
                k.set_connection_values(ids, key, values)
                done.append((ids, key, old))
        except NESTError:
            for ids, key, old in reversed(done):
                try:
                    k.set_connection_values(ids, key, old)
                except NESTError:
                    pass
            raise

    def __getattr__(self, attr):
        if attr.startswith("_"):
            raise AttributeError(attr)
        try:
            return self.get(attr)
        except UnknownParameter as err:
            raise UnknownAttribute(str(err)) from None

    def __setattr__(self, attr, value):
        if attr.startswith("_") or attr == "print_all":
            object.__setattr__(self, attr, value)
            return
        try:
            self.set({attr: value})
        except UnknownParameter as err:
            raise UnknownAttribute(str(err)) from None

    # ------------------------------------------------------------ printing
    def __str__(self):
        if not self._valid():
            return "The synapse collection does not contain any connections."
        n = len(self._ids)
        rows = np.arange(n)
        if n > 36 and not self.print_all:
            rows = np.concatenate([rows[:15], rows[-15:]])
        sub = self._ids[rows]
        k = _state.kernel()
        cols = [k.get_connection_values(sub, key) for key in
                ("source", "target", "synapse_model", "weight", "delay")]
        table = [(str(s), str(t), str(m), f"{w:.3f}", f"{d:.3f}") for s, t, m, w, d in zip(*cols)]
        header = ("source", "target", "synapse model", "weight", "delay")
        widths = [max([len(h) + 2] + [len(r[i]) for r in table]) for i, h in enumerate(header)]

        def line(cells):
            return " ".join(c.rjust(w) if i != 2 else c.center(w)
                            for i, (c, w) in enumerate(zip(cells, widths)))

        out = [" ".join(h.center(w) for h, w in zip(header, widths)),
               " ".join("-" * w for w in widths)]
        for i, r in enumerate(table):
            if n > 36 and not self.print_all and i == 15:
                out.append(" ".join("...".rjust(w) if j < 2 else "".rjust(w)
                                    for j, w in enumerate(widths)).rstrip())
            out.append(line(r))
        return "\n".join(out)

    def __repr__(self):
        return f"SynapseCollection(size={len(self._ids)})" if len(self._ids) else "SynapseCollection()"
