# SPDX-License-Identifier: GPL-2.0-or-later
"""The gif family (gif_psc_exp, gif_cond_exp, gif_psc_exp_multisynapse,
gif_cond_exp_multisynapse): NEST's names and checks, the adaptation kernels
as lists of their own length, receptor ports of the multisynapse variants,
the kernels' effect at a spike and reproducible escape noise. NEST's
statistics are checked by tests/validation/test_statistical_cases.py."""

import numpy as np
import pytest

GIF_MODELS = ["gif_psc_exp", "gif_cond_exp", "gif_psc_exp_multisynapse", "gif_cond_exp_multisynapse"]
DRIVEN = {"lambda_0": 10.0, "Delta_V": 2.0, "V_T_star": -50.0, "V_reset": -60.0, "t_ref": 2.0, "I_e": 100.0}


@pytest.mark.parametrize("model", GIF_MODELS)
def test_defaults_and_recordables(nest, model):
    d = nest.GetDefaults(model)
    assert d["lambda_0"] == 1.0  # 1/s, as NEST shows it
    assert len(d["tau_sfa"]) == 0 and len(d["q_stc"]) == 0
    assert {"V_m", "E_sfa", "I_stc"} <= set(d["recordables"])


@pytest.mark.parametrize("model", GIF_MODELS)
@pytest.mark.parametrize("params, message", [
    ({"g_L": 0.0}, "Membrane conductance must be strictly positive"),
    ({"Delta_V": -1.0}, "Delta_V must be strictly positive"),
    ({"C_m": 0.0}, "Capacitance must be strictly positive"),
    ({"t_ref": -1.0}, "Refractory time must not be negative"),
    ({"lambda_0": -1.0}, "lambda_0 must not be negative"),
    ({"tau_sfa": [10.0, 20.0], "q_sfa": [1.0]}, "'tau_sfa' and 'q_sfa' need to have the same dimensions"),
    ({"tau_stc": [0.0], "q_stc": [1.0]}, "All time constants must be strictly positive"),
])
def test_bad_parameters_are_refused_and_kernel_stays_usable(nest, errors, usable, model, params, message):
    n = nest.Create(model)
    with pytest.raises(errors.BadProperty, match=message):
        n.set(params)
    assert n.g_L == 4.0 and len(n.tau_sfa) == 0
    usable()


def test_kernel_lists_have_their_own_lengths(nest):
    n = nest.Create("gif_psc_exp", params={"tau_sfa": [10.0, 100.0], "q_sfa": [3.0, 1.0],
                                            "tau_stc": [50.0], "q_stc": [20.0]})
    assert list(n.tau_sfa) == [10.0, 100.0] and list(n.q_stc) == [20.0]
    n.set(tau_sfa=[30.0], q_sfa=[2.0])
    assert list(n.tau_sfa) == [30.0] and list(n.q_sfa) == [2.0] and list(n.tau_stc) == [50.0]


@pytest.mark.parametrize("model", GIF_MODELS)
def test_a_spike_kicks_both_kernels_and_holds_v_at_reset(nest, model):
    """After the first spike E_sfa = V_T_star + q_sfa decayed, I_stc = q_stc decayed,
    and V_m is V_reset for t_ref."""
    params = dict(DRIVEN, I_e=400.0, tau_sfa=[100.0], q_sfa=[5.0], tau_stc=[50.0], q_stc=[20.0])
    n = nest.Create(model, params=params)
    sr = nest.Create("spike_recorder")
    mm = nest.Create("multimeter", params={"record_from": ["V_m", "E_sfa", "I_stc"], "interval": 0.1})
    nest.Connect(n, sr)
    nest.Connect(mm, n)
    nest.Simulate(300.0)
    spikes = np.asarray(sr.events["times"])
    assert len(spikes) > 3
    ev = mm.events
    t, V, E_sfa, I_stc = (np.asarray(ev[k]) for k in ("times", "V_m", "E_sfa", "I_stc"))
    first = spikes[0]
    # The step after the spike step shows the kernels' jump (summed before their decay).
    after = np.searchsorted(t, first + 0.1 - 1e-9)
    assert E_sfa[after] == pytest.approx(-50.0 + 5.0, abs=1e-9)
    assert I_stc[after] == pytest.approx(20.0, abs=1e-9)
    refractory = (t > first + 1e-9) & (t <= first + 2.0 + 1e-9)
    assert np.all(V[refractory] == -60.0)
    assert np.all(np.diff(spikes) > 2.0 - 1e-9)  # never within t_ref


@pytest.mark.parametrize("model", ["gif_psc_exp", "gif_cond_exp_multisynapse"])
def test_same_seed_same_spikes_for_any_thread_count(nest, model):
    def run(threads, seed):
        nest.ResetKernel()
        nest.local_num_threads = threads
        nest.rng_seed = seed
        pop = nest.Create(model, 30, params=DRIVEN)
        sr = nest.Create("spike_recorder")
        nest.Connect(pop, sr)
        nest.Simulate(400.0)
        e = sr.events
        order = np.lexsort((e["senders"], e["times"]))
        return np.asarray(e["senders"])[order], np.asarray(e["times"])[order]

    s1, t1 = run(1, 5)
    s2, t2 = run(2, 5)
    assert len(t1) > 50
    np.testing.assert_array_equal(s1, s2)
    np.testing.assert_array_equal(t1, t2)
    _, t3 = run(1, 6)
    assert len(t3) != len(t1) or not np.array_equal(t1, t3)


def test_multisynapse_ports_from_one(nest, errors):
    n = nest.Create("gif_psc_exp_multisynapse", params={"tau_syn": [2.0, 8.0]})
    assert n.n_receptors == 2
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": 2, "weight": -50.0})
    for bad in (0, 3):
        with pytest.raises(errors.NESTError):
            nest.Connect(sg, n, syn_spec={"receptor_type": bad})
    with pytest.raises(errors.BadProperty, match="connections"):
        n.set(tau_syn=[2.0])


def test_inhibitory_port_of_psc_multisynapse_lowers_v(nest):
    quiet = {"lambda_0": 0.0}
    a, b = nest.Create("gif_psc_exp_multisynapse", 2, params=dict(quiet, tau_syn=[2.0, 8.0]))
    sg = nest.Create("spike_generator", params={"spike_times": [5.0]})
    nest.Connect(sg, a, syn_spec={"receptor_type": 1, "weight": 100.0})
    nest.Connect(sg, b, syn_spec={"receptor_type": 2, "weight": -100.0})
    nest.Simulate(10.0)
    assert a.V_m > -70.0 > b.V_m


def test_conductance_multisynapse_refuses_negative_weights_and_uses_e_rev(nest, errors):
    quiet = {"lambda_0": 0.0, "tau_syn": [2.0, 2.0], "E_rev": [0.0, -85.0]}
    n = nest.Create("gif_cond_exp_multisynapse", 2, params=quiet)
    sg = nest.Create("spike_generator", params={"spike_times": [5.0]})
    with pytest.raises(errors.NESTError):
        nest.Connect(sg, n[0], syn_spec={"receptor_type": 1, "weight": -1.0})
    with pytest.raises(errors.BadProperty, match="same size"):
        n[0].set(tau_syn=[2.0, 2.0, 2.0])
    nest.Connect(sg, n[0], syn_spec={"receptor_type": 1, "weight": 5.0})
    nest.Connect(sg, n[1], syn_spec={"receptor_type": 2, "weight": 5.0})
    nest.Simulate(10.0)
    assert n[0].V_m > -70.0 > n[1].V_m
    assert len(n[0].g) == 2 and n[0].g[0] > 0.0 and n[0].g[1] == 0.0


def test_gif_cond_exp_conductances_by_sign(nest):
    n = nest.Create("gif_cond_exp", params={"lambda_0": 0.0})
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    nest.Connect(sg, n, syn_spec={"weight": 3.0})
    nest.Connect(sg, n, syn_spec={"weight": -2.0})
    nest.Simulate(2.1)
    # delivered at 2.0 ms, decayed for one step of 0.1 ms with tau 2 ms
    assert n.g_ex == pytest.approx(3.0 * np.exp(-0.05), rel=1e-3)
    assert n.g_in == pytest.approx(2.0 * np.exp(-0.05), rel=1e-3)
