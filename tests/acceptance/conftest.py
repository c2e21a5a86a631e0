# SPDX-License-Identifier: GPL-2.0-or-later
"""Set-up of the acceptance tests: scenarios A1, A2 and A7 of the acceptance
table (PyNEST scripts that must run unchanged), written as our own code from
the scenario descriptions.

* Path set-up and the Agg backend: tests/conftest.py.
* Every test gets a fresh kernel and the default verbosity through the
  autouse ``nest`` fixture; while the compiled core ``roost._roost`` cannot be
  imported, every test is skipped with the import error as the reason.
"""

import sys

import pytest


def _import_roost():
    try:
        import roost  # noqa: F401
        from roost import _roost  # noqa: F401
    except ImportError as err:
        return None, f"roost._roost cannot be imported (build it first): {err}"
    return sys.modules["roost"], ""


ROOST, SKIP_REASON = _import_roost()


@pytest.fixture(autouse=True)
def nest():
    """The roost module with a fresh kernel (skips if roost._roost is missing)."""
    if ROOST is None:
        pytest.skip(SKIP_REASON)
    ROOST.ResetKernel()
    ROOST.set_verbosity(ROOST.VerbosityLevel.INFO)
    yield ROOST
    ROOST.ResetKernel()
    import matplotlib.pyplot as plt
    plt.close("all")
