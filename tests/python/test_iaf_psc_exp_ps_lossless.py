# SPDX-License-Identifier: GPL-2.0-or-later
"""iaf_psc_exp_ps_lossless: NEST 3.10's defaults, checks and recordables;
the same spikes as iaf_psc_exp_ps where the end-of-step test sees every
crossing; I_syn as the sum of the currents. Traces against NEST:
tests/validation/test_precise2_nest.py."""

import math

import pytest


def test_defaults_and_recordables(nest):
    d = nest.GetDefaults("iaf_psc_exp_ps_lossless")
    assert d["V_min"] == -math.inf
    assert (d["E_L"], d["V_th"], d["V_reset"], d["C_m"], d["tau_m"], d["t_ref"]) == (-70.0, -55.0, -70.0, 250.0, 10.0, 2.0)
    assert (d["tau_syn_ex"], d["tau_syn_in"], d["I_syn"], d["offset"]) == (2.0, 2.0, 0.0, 0.0)
    assert sorted(d["recordables"]) == ["I_syn", "I_syn_ex", "I_syn_in", "V_m"]


@pytest.mark.parametrize("bad, text", [
    ({"V_reset": -50.0}, "Reset potential must be smaller than threshold"),
    ({"V_min": -60.0}, "Reset potential must be greater than or equal to minimum potential"),
    ({"C_m": 0.0}, "Capacitance must be strictly positive"),
    ({"t_ref": -1.0}, "Refractory time must not be negative"),
    ({"tau_syn_ex": 3.0}, "tau_syn_ex == tau_syn_in is required"),
    ({"tau_syn_ex": 10.0, "tau_syn_in": 10.0}, "Membrane and synapse time constant"),
    ({"tau_m": -1.0}, "All time constants must be strictly positive"),
    ({"I_syn": 3.0}, "I_syn"),
    ({"offset": 0.3}, "offset"),
])
def test_bad_parameters_raise_and_leave_kernel_usable(nest, bad, text):
    n = nest.Create("iaf_psc_exp_ps_lossless")
    with pytest.raises(Exception, match=text):
        n.set(bad)
    assert n.tau_syn_ex == 2.0 and n.V_reset == -70.0 and n.t_ref == 2.0
    nest.Simulate(1.0)


def test_same_spikes_as_iaf_psc_exp_ps_under_dc_and_input(nest):
    out = {}
    for model in ("iaf_psc_exp_ps", "iaf_psc_exp_ps_lossless"):
        nest.ResetKernel()
        n = nest.Create(model, params={"I_e": 500.0})
        sg = nest.Create("spike_generator", params={"precise_times": True, "spike_times": [3.33, 7.01, 7.02, 15.5]})
        nest.Connect(sg, n, syn_spec={"weight": 300.0})
        sr = nest.Create("spike_recorder")
        nest.Connect(n, sr)
        nest.Simulate(60.0)
        out[model] = list(sr.events["times"])
    assert len(out["iaf_psc_exp_ps"]) > 3
    assert out["iaf_psc_exp_ps_lossless"] == pytest.approx(out["iaf_psc_exp_ps"], abs=1e-9)


def test_i_syn_is_the_sum(nest):
    n = nest.Create("iaf_psc_exp_ps_lossless")
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0]})
    sg2 = nest.Create("spike_generator", params={"spike_times": [1.5]})
    nest.Connect(sg, n, syn_spec={"weight": 100.0})
    nest.Connect(sg2, n, syn_spec={"weight": -40.0})
    nest.Simulate(3.0)
    assert n.I_syn == pytest.approx(n.I_syn_ex + n.I_syn_in, abs=1e-12)
    assert n.I_syn_in < 0.0 < n.I_syn_ex
