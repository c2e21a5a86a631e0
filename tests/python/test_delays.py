# SPDX-License-Identifier: GPL-2.0-or-later
"""Delay rounding and the kernel's delay extrema, as NEST reports them."""

import pytest


def test_delay_extrema_follow_connect_and_set(nest):
    a = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(a[0], a[1], syn_spec={"delay": 1.5})
    nest.Connect(a[1], a[0], syn_spec={"delay": 3.2})
    assert nest.GetKernelStatus("min_delay") == pytest.approx(1.5)
    assert nest.GetKernelStatus("max_delay") == pytest.approx(3.2)
    conns = nest.GetConnections(a[1], a[0])
    conns.set(delay=0.4)
    assert nest.GetKernelStatus("min_delay") == pytest.approx(0.4)
    assert nest.GetKernelStatus("max_delay") == pytest.approx(1.5)
    # Recorder links do not count.
    sr = nest.Create("spike_recorder")
    nest.Connect(a, sr, syn_spec={"delay": 9.0})
    assert nest.GetKernelStatus("max_delay") == pytest.approx(1.5)


def test_delays_round_to_the_grid_like_nest(nest, errors):
    a = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(a[0], a[1], syn_spec={"delay": 0.06})   # in [h/2, h): one step
    nest.Connect(a[1], a[0], syn_spec={"delay": 1.04})   # rounds to 1.0
    assert nest.GetConnections(a[0], a[1]).delay == pytest.approx(0.1)
    assert nest.GetConnections(a[1], a[0]).delay == pytest.approx(1.0)
    with pytest.raises(errors.BadDelay):
        nest.Connect(a[0], a[1], syn_spec={"delay": 0.04})  # rounds to zero steps


def test_user_set_delay_extrema_as_nest(nest):
    nest.set(min_delay=2.0, max_delay=4.0)
    assert (nest.min_delay, nest.max_delay) == (2.0, 4.0)
    n = nest.Create("iaf_psc_alpha")
    rec = nest.Create("spike_recorder")
    with pytest.raises(nest.NESTErrors.BadDelay, match="Default delay of 'static_synapse'"):
        nest.Connect(n, rec)  # recorder links are checked too, as in NEST
    with pytest.raises(nest.NESTErrors.BadDelay, match="greater than or equal to min_delay"):
        nest.Connect(n, n, syn_spec={"delay": 1.0})
    with pytest.raises(nest.NESTErrors.BadDelay, match="smaller than or equal to max_delay"):
        nest.Connect(n, n, syn_spec={"delay": 5.0})
    nest.Connect(n, n, syn_spec={"delay": 3.0})
    with pytest.raises(nest.NESTErrors.BadDelay, match="max_delay"):
        nest.GetConnections().delay = 7.0
    with pytest.raises(nest.NESTErrors.BadProperty, match="Connections already exist"):
        nest.set(min_delay=1.0, max_delay=4.0)
    nest.Simulate(10.0)
    assert nest.biological_time == 10.0


def test_user_set_delay_extrema_checks_and_rounding(nest):
    with pytest.raises(nest.NESTErrors.BadProperty, match="Both min_delay and max_delay"):
        nest.set(min_delay=1.0)
    with pytest.raises(nest.NESTErrors.BadDelay, match="greater than or equal to resolution"):
        nest.set(min_delay=0.05, max_delay=1.0)
    with pytest.raises(nest.NESTErrors.BadDelay, match="smaller than or equal to max_delay"):
        nest.set(min_delay=3.0, max_delay=1.0)
    nest.set(min_delay=0.25, max_delay=1.33)  # min rounds down, max up, as NEST
    assert nest.min_delay == pytest.approx(0.2) and nest.max_delay == pytest.approx(1.4)
    nest.ResetKernel()
    n = nest.Create("iaf_psc_alpha")
    nest.Connect(n, n, syn_spec={"delay": 0.5})  # no bounds after ResetKernel
    assert nest.min_delay == 0.5
