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
