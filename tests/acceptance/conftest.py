# SPDX-License-Identifier: GPL-2.0-or-later
"""Set-up of the acceptance tests: scenarios A1, A2 and A7 of the acceptance
table (PyNEST scripts that must run unchanged), written as our own code from
the scenario descriptions.

* Path set-up and the Agg backend: tests/conftest.py.
* Every test gets a fresh kernel and the default verbosity through the
  autouse ``nest`` fixture; while the compiled core ``roost._roost`` cannot be
  imported, every test is skipped with the import error as the reason.
"""

import pytest


@pytest.fixture(autouse=True)
def nest(fresh_kernel):
    """The roost module with a fresh kernel (tests/conftest.py's fresh_kernel)."""
    return fresh_kernel
