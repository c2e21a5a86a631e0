# SPDX-License-Identifier: GPL-2.0-or-later
"""siegert_neuron and diffusion_connection through the PyNEST API: NEST's
connection rules and messages, status keys, and the rate dynamics (the
traces against NEST are in tests/validation/test_siegert_nest.py)."""

import numpy as np
import pytest


def test_defaults_as_nest(nest):
    d = nest.GetDefaults("siegert_neuron")
    assert (d["tau"], d["tau_m"], d["tau_syn"], d["t_ref"], d["mean"], d["theta"], d["V_reset"], d["rate"]) == \
        (1.0, 5.0, 0.0, 2.0, 0.0, 15.0, 0.0, 0.0)
    assert d["recordables"] == ["rate"]
    c = nest.GetDefaults("diffusion_connection")
    assert (c["drift_factor"], c["diffusion_factor"], c["weight"], c["has_delay"]) == (1.0, 1.0, 0.0, False)


def test_parameter_checks_as_nest(nest):
    n = nest.Create("siegert_neuron")
    for key, value, message in [("V_reset", 20.0, "Reset potential must be smaller than threshold."),
                                ("t_ref", -1.0, "Refractory time must not be negative."),
                                ("tau", 0.0, "time constant must be > 0."),
                                ("tau_m", 0.0, "Membrane time constant must be > 0."),
                                ("tau_syn", -1.0, "Membrane time constant must not be negative.")]:
        with pytest.raises(nest.NESTErrors.BadProperty, match=message):
            n.set({key: value})
    assert n.V_reset == 0.0


def test_diffusion_connection_rules(nest):
    s = nest.Create("siegert_neuron", 2)
    for other in ("iaf_psc_alpha", "lin_rate_ipn", "hh_psc_alpha_gap"):
        o = nest.Create(other)
        with pytest.raises(nest.NESTErrors.IllegalConnection, match="does not support diffusion input"):
            nest.Connect(s[0], o, syn_spec={"synapse_model": "diffusion_connection"})
        with pytest.raises(nest.NESTErrors.IllegalConnection, match="does not support diffusion output"):
            nest.Connect(o, s[0], syn_spec={"synapse_model": "diffusion_connection"})
    lin = nest.Create("lin_rate_ipn")
    for syn in ("rate_connection_delayed", "rate_connection_instantaneous"):
        with pytest.raises(nest.NESTErrors.IllegalConnection):
            nest.Connect(lin, s[0], syn_spec={"synapse_model": syn})
        with pytest.raises(nest.NESTErrors.IllegalConnection):
            nest.Connect(s[0], lin, syn_spec={"synapse_model": syn})
    with pytest.raises(nest.NESTErrors.BadProperty, match="drift_factor and diffusion_factor"):
        nest.Connect(s[0], s[1], syn_spec={"synapse_model": "diffusion_connection", "weight": 2.0})
    with pytest.raises(nest.NESTErrors.BadProperty, match="diffusion_connection has no delay."):
        nest.Connect(s[0], s[1], syn_spec={"synapse_model": "diffusion_connection", "delay": 2.0})
    nest.Connect(s[0], s[1], syn_spec={"synapse_model": "diffusion_connection", "drift_factor": 2.0,
                                       "diffusion_factor": 3.0})
    conn = nest.GetConnections(synapse_model="diffusion_connection")
    assert (conn.drift_factor, conn.diffusion_factor) == (2.0, 3.0)
    conn.drift_factor = 0.5
    assert conn.drift_factor == 0.5
    with pytest.raises(nest.NESTErrors.BadProperty, match="drift_factor and diffusion_factor"):
        conn.weight = 1.0
    nest.Simulate(1.0)  # the kernel stays usable


def test_relaxes_to_mean_plus_siegert_rate(nest):
    # Without input Phi = 0: r relaxes to `mean` with time constant tau.
    n = nest.Create("siegert_neuron", params={"mean": 50.0, "tau": 2.0})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, n)
    nest.Simulate(10.0)
    ev = mm.events
    np.testing.assert_allclose(ev["rate"], 50.0 * (1.0 - np.exp(-np.asarray(ev["times"]) / 2.0)), rtol=1e-12)
    # Strong drift makes the driven neuron fire; weaker drift, less.
    nest.ResetKernel()
    drive = nest.Create("siegert_neuron", params={"mean": 1000.0, "tau": 0.1})
    cells = nest.Create("siegert_neuron", 2, params={"tau_m": 10.0, "theta": 20.0, "V_reset": 10.0})
    nest.Connect(drive, cells[0], syn_spec={"synapse_model": "diffusion_connection", "drift_factor": 0.03,
                                            "diffusion_factor": 0.01})
    nest.Connect(drive, cells[1], syn_spec={"synapse_model": "diffusion_connection", "drift_factor": 0.02,
                                            "diffusion_factor": 0.01})
    nest.Simulate(50.0)
    fast, slow = cells.rate
    assert fast > slow > 1.0
