# SPDX-License-Identifier: GPL-2.0-or-later
"""Compatibility home of PyNEST's ``nest.kernel``: the error classes.

Scripts write ``except nest.kernel.NESTError`` or
``nest.kernel.NESTErrors.BadProperty``; both resolve here.
"""

from .errors import NESTError, NESTErrors  # noqa: F401

__all__ = ["NESTError", "NESTErrors"]
