# SPDX-License-Identifier: GPL-2.0-or-later
"""pytest plugin: run NEST's own test suite against Roost.

Loaded with ``-p roost_as_nest`` before NEST's conftest.py imports ``nest``:
makes ``import nest`` (and its submodules) resolve to roost, exactly as
``python -m roost run`` does for scripts, and bounds each test's wall time so
that one slow or hanging test cannot stall the whole run.
"""

import os
import signal

import pytest

from roost.__main__ import install_nest_alias

install_nest_alias()

_TIMEOUT_S = int(os.environ.get("ROOST_NEST_TEST_TIMEOUT", "120"))


class TestTimeout(Exception):
    """A NEST test ran past ROOST_NEST_TEST_TIMEOUT seconds."""


def _alarm(signum, frame):
    raise TestTimeout(f"test ran longer than {_TIMEOUT_S} s (ROOST_NEST_TEST_TIMEOUT)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(_TIMEOUT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
