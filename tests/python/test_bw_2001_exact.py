# SPDX-License-Identifier: GPL-2.0-or-later
"""iaf_bw_2001_exact: one NMDA port per connection (numbered as NEST numbers
them), NMDA connections only before the first Simulate, the weight a port's
first spike takes, NEST's errors, and the solver's limit on NMDA connections.
(The dynamics against NEST: tests/validation/test_bw_2001_exact.py.)"""

import pytest

NMDA = 3


def _receptors(nest, target):
    conns = nest.GetConnections(target=target)
    return sorted(zip(conns.get("source"), conns.get("receptor")))


def test_every_nmda_connection_gets_its_own_port(nest):
    n = nest.Create("iaf_bw_2001_exact", 2)
    src = nest.Create("parrot_neuron", 3)
    nest.Connect(src[:2], n, syn_spec={"receptor_type": NMDA})
    nest.Connect(src[2], n[0], syn_spec={"receptor_type": 1})
    nest.Connect(src[0], n[0], syn_spec={"receptor_type": NMDA})  # a multapse: another port
    s = src.tolist()
    assert _receptors(nest, n[0]) == sorted([(s[0], 3), (s[1], 4), (s[2], 1), (s[0], 5)])
    assert _receptors(nest, n[1]) == [(s[0], 3), (s[1], 4)]
    assert nest.GetStatus(n[0], "receptor_types")[0] == {"AMPA": 1, "GABA": 2, "NMDA": 3}


def test_receptors_beyond_nmda_and_current_ports_are_refused(nest, errors, usable):
    n = nest.Create("iaf_bw_2001_exact")
    p = nest.Create("parrot_neuron")
    nest.Connect(p, n, syn_spec={"receptor_type": NMDA})
    with pytest.raises(errors.IllegalConnection, match="receptor_type 4"):
        nest.Connect(p, n, syn_spec={"receptor_type": 4})  # 4 exists only as a numbered port
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(nest.Create("dc_generator"), n, syn_spec={"receptor_type": 1})
    assert nest.GetConnections(target=n).get("receptor") == 3
    usable()


def test_nmda_connections_only_before_the_first_simulate(nest, errors):
    n = nest.Create("iaf_bw_2001_exact")
    p = nest.Create("parrot_neuron")
    nest.Connect(p, n, syn_spec={"receptor_type": NMDA})
    nest.Simulate(1.0)
    with pytest.raises(errors.IllegalConnection, match="only be made before the first call to nest.Simulate"):
        nest.Connect(p, n, syn_spec={"receptor_type": NMDA})
    assert nest.num_connections == 1  # the refused call left nothing behind
    nest.Connect(p, n, syn_spec={"receptor_type": 1})  # AMPA and GABA stay open
    # A neuron created after the Simulate has not been sized yet (as NEST, per node).
    late = nest.Create("iaf_bw_2001_exact")
    nest.Connect(p, late, syn_spec={"receptor_type": NMDA})
    nest.Simulate(1.0)


def test_nmda_input_is_counted_and_scaled_by_the_weight_of_the_first_spike(nest):
    """S_j sees the multiplicity (x_j += 2 for a doubled spike), and w_j scales s_NMDA."""
    gen = nest.Create("spike_generator", params={"spike_times": [1.0, 1.0]})
    one, two = nest.Create("iaf_bw_2001_exact", 2, params={"V_th": 1e3})
    nest.Connect(gen, one, syn_spec={"receptor_type": NMDA, "weight": 1.0})
    nest.Connect(gen, two, syn_spec={"receptor_type": NMDA, "weight": 3.0})
    nest.Simulate(20.0)
    s_one, s_two = one.get("V_m"), two.get("V_m")
    assert s_two > s_one > -70.0  # more NMDA weight, more depolarisation
    mm = nest.Create("multimeter", params={"record_from": ["s_NMDA"], "interval": 1.0})
    # Multimeters connect after the first Simulate (not an NMDA connection).
    nest.Connect(mm, one + two)
    nest.Simulate(5.0)
    ev = mm.events
    by_sender = {s: v for s, v in zip(ev["senders"], ev["s_NMDA"])}
    assert by_sender[two.global_id] == pytest.approx(3.0 * by_sender[one.global_id], rel=1e-9)
    assert by_sender[one.global_id] > 0.5  # two spikes of multiplicity 1 each, alpha 0.5, tau_rise 2 ms


def test_a_weight_may_change_until_the_first_spike_crosses(nest, errors):
    gen = nest.Create("spike_generator", params={"spike_times": [30.0, 60.0]})
    n = nest.Create("iaf_bw_2001_exact")
    nest.Connect(gen, n, syn_spec={"receptor_type": NMDA, "weight": 1.0})
    nest.Simulate(10.0)
    conn = nest.GetConnections(target=n)
    conn.set(weight=2.0)   # no spike has crossed yet: the first spike takes 2.0
    nest.Simulate(30.0)    # the spike at 30 ms arrives at 31 ms
    conn.set(weight=2.5)
    nest.Simulate(10.0)    # no spike in between: fine, as in NEST
    with pytest.raises(errors.KernelException, match="requires constant weights"):
        nest.Simulate(30.0)
    assert n.get("V_m") < 0.0  # the kernel still answers


def test_more_nmda_connections_than_the_solver_holds_are_refused(nest, errors):
    n = nest.Create("iaf_bw_2001_exact")
    p = nest.Create("parrot_neuron", 65)
    with pytest.raises(errors.IllegalConnection, match="at most 64 NMDA connections"):
        nest.Connect(p, n, syn_spec={"receptor_type": NMDA})
    assert nest.num_connections == 0
    nest.Connect(p[:64], n, syn_spec={"receptor_type": NMDA})
    nest.Simulate(1.0)


def test_status_hides_the_per_connection_state(nest):
    n = nest.Create("iaf_bw_2001_exact")
    status = n.get()
    for key in ("s_NMDA", "I_NMDA", "n_nmda_connections", "x_NMDA", "has_connections"):
        assert key not in status
    assert set(status["recordables"]) == {"V_m", "s_AMPA", "s_GABA", "s_NMDA", "I_NMDA", "I_AMPA", "I_GABA"}
