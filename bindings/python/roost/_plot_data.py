# SPDX-License-Identifier: GPL-2.0-or-later
"""Reading recorder output for the plot modules: in-memory events or
record_to="ascii" files (header lines, then tab-separated columns)."""

import numpy as np

from .errors import NESTError
from .node_collection import NodeCollection


def single_recorder(detec, what):
    if not isinstance(detec, NodeCollection) or len(detec) != 1:
        raise NESTError(f"Please provide a single {what}.")
    return detec


def defaults_of(detec):
    from .hl_api_models import GetDefaults
    return GetDefaults(detec.get("model"))


def load_ascii(fnames):
    """Rows of numbers from one or several recorder files, header lines skipped."""
    if isinstance(fnames, str):
        fnames = [fnames]
    rows = []
    width = None
    for fname in fnames:
        with open(fname) as f:
            for line in f:
                fields = line.split()
                if not fields or line.lstrip().startswith("#"):
                    continue
                try:
                    values = [float(x) for x in fields]
                except ValueError:
                    continue  # a column-name line
                width = width or len(values)
                rows.append(values)
    if not rows:
        return np.zeros((0, width or 2))
    return np.array(rows, dtype=float)
