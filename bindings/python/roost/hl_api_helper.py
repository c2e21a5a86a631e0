# SPDX-License-Identifier: GPL-2.0-or-later
"""Small type helpers shared by the hl_api_* modules."""

import json
import numbers

import numpy as np


def is_string(x):
    return isinstance(x, str)


def is_number(x):
    """A real scalar (Python or numpy), bools included."""
    return isinstance(x, (numbers.Real, np.number, np.bool_)) and not isinstance(x, str)


def is_integer(x):
    return isinstance(x, (numbers.Integral, np.integer)) and not isinstance(x, (bool, np.bool_))


def is_sequence(x):
    """A list-like value: list, tuple, range or numpy array (not a string or dict)."""
    return isinstance(x, (list, tuple, range, np.ndarray))


def is_key_collection(x):
    """Keys given as a collection: a sequence, set or dict view of strings (NEST
    accepts any of them where it takes several keys)."""
    import collections.abc as abc
    if is_string(x) or isinstance(x, (dict, bytes)):
        return False
    return isinstance(x, (list, tuple, set, frozenset, abc.KeysView, np.ndarray))


def to_python(x):
    """Convert numpy scalars/arrays inside x to plain Python values."""
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, dict):
        return {k: to_python(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(to_python(v) for v in x)
    return x


def value_kind(default):
    """Classify a field by its default value: 'bool', 'int', 'float', 'str',
    'array' (list-like), 'dict' or 'other'."""
    if isinstance(default, (bool, np.bool_)):
        return "bool"
    if is_integer(default):
        return "int"
    if is_number(default):
        return "float"
    if isinstance(default, str):
        return "str"
    if is_sequence(default):
        return "array"
    if isinstance(default, dict):
        return "dict"
    return "other"


def convert_numeric(values, kind):
    """Turn a float64 array from k.get_values back into the field's type."""
    if kind == "bool":
        return [bool(v) for v in values]
    if kind == "int":
        return [int(round(v)) for v in values]
    return [float(v) for v in values]


def _json_default(x):
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    if hasattr(x, "tolist"):
        return x.tolist()
    raise TypeError(f"{type(x).__name__} is not JSON serialisable")


def to_json(data, **kwargs):
    """Serialise data (dicts/tuples with numpy values) to a JSON string."""
    return json.dumps(data, default=_json_default, **kwargs)
