# SPDX-License-Identifier: GPL-2.0-or-later
"""Set-up of the Python API tests.

* Path set-up and the Agg backend: tests/conftest.py.
* Every test gets a fresh kernel and the default verbosity (which
  ResetKernel keeps) through the autouse ``nest`` fixture; while
  the compiled core ``roost._roost`` cannot be imported, every test is
  skipped with the import error as the reason.
"""

import pytest


@pytest.fixture(autouse=True)
def nest(fresh_kernel):
    """The roost module with a fresh kernel (tests/conftest.py's fresh_kernel)."""
    return fresh_kernel


@pytest.fixture
def errors(nest):
    """NESTErrors namespace (the exception classes)."""
    return nest.NESTErrors


@pytest.fixture
def usable(nest):
    """Check that the kernel still works: create, connect, simulate, record."""

    def check():
        t0 = nest.biological_time
        n_nodes = nest.network_size
        neuron = nest.Create("iaf_psc_alpha", params={"I_e": 500.0})
        sr = nest.Create("spike_recorder")
        assert neuron.global_id == n_nodes + 1
        assert sr.global_id == n_nodes + 2
        nest.Connect(neuron, sr)
        nest.Simulate(100.0)
        assert nest.biological_time == pytest.approx(t0 + 100.0)
        assert sr.n_events > 0
        assert set(sr.events["senders"].tolist()) == {neuron.global_id}

    return check
