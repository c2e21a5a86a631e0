# SPDX-License-Identifier: GPL-2.0-or-later
"""``nest.spatial``: not supported yet.

The module exists so that ``import nest.spatial`` works and the first use of
``nest.spatial.grid(...)`` etc. says clearly what is missing.
"""

from .errors import NotSupported


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError(name)
    raise NotSupported(f"nest.spatial.{name}: spatial networks are not supported yet")
