# SPDX-License-Identifier: GPL-2.0-or-later
"""Structural plasticity: calcium traces, synaptic elements, rewiring rules
and the rewiring itself (NEST 3.10's semantics; the comparison with NEST's
recordings is tests/validation/test_structural_plasticity_nest.py)."""

import math

import numpy as np
import pytest


def _spiking_neuron(nest, times, params=None):
    """An iaf_psc_delta that spikes once at each time (+ 1 ms delay)."""
    n = nest.Create("iaf_psc_delta", params=params or {})
    gen = nest.Create("spike_generator", params={"spike_times": times})
    nest.Connect(gen, n, syn_spec={"weight": 40.0, "delay": 1.0})
    return n


def test_defaults_and_models_without_a_trace(nest, errors):
    d = nest.GetDefaults("iaf_psc_alpha")
    assert (d["Ca"], d["tau_Ca"], d["beta_Ca"], d["synaptic_elements"]) == (0.0, 10000.0, 0.001, {})
    assert "Ca" in nest.GetDefaults("parrot_neuron")
    # As NEST: these models keep no calcium trace.
    for model in ("gif_pop_psc_exp", "astrocyte_lr_1994"):
        assert "Ca" not in nest.GetDefaults(model)
    pop = nest.Create("gif_pop_psc_exp")
    with pytest.raises(errors.UnknownParameter):
        pop.set(Ca=0.1)
    with pytest.raises(errors.UnknownParameter):
        pop.set(synaptic_elements={"A": {}})
    assert nest.structural_plasticity_update_interval == 10000.0
    assert nest.growth_curves == ["gaussian", "linear", "sigmoid"]
    assert nest.structural_plasticity_synapses == {}


def test_calcium_is_the_trace_of_the_spikes_at_the_end_of_each_run(nest):
    tau, beta = 50.0, 0.1
    n = _spiking_neuron(nest, [10.0, 30.0, 34.0], {"tau_Ca": tau, "beta_Ca": beta})
    nest.Simulate(100.0)
    spikes = [11.0, 31.0, 35.0]  # at arrival, one delay after the input
    rec = nest.Create("spike_recorder")  # (recorded from here on only)
    want = sum(beta * math.exp(-(100.0 - t) / tau) for t in spikes)
    assert n.Ca == pytest.approx(want, rel=1e-12)
    nest.Simulate(50.0)
    assert n.Ca == pytest.approx(want * math.exp(-50.0 / tau), rel=1e-12)
    assert rec.n_events == 0


def test_linear_growth_in_closed_form(nest):
    tau, beta, nu, eps = 200.0, 0.05, 0.01, 0.08
    n = _spiking_neuron(nest, [20.0, 60.0], {"tau_Ca": tau, "beta_Ca": beta})
    n.synaptic_elements = {"A": {"growth_curve": "linear", "growth_rate": nu, "eps": eps, "z": 1.0}}
    nest.Simulate(150.0)
    z, ca, t_prev = 1.0, 0.0, 0.0

    def advance(t):
        nonlocal z, ca, t_prev
        decayed = ca * math.exp((t_prev - t) / tau)
        z = max(0.0, nu * tau * (decayed - ca) / eps + nu * (t - t_prev) + z)
        ca, t_prev = decayed, t

    for t in (21.0, 61.0):
        advance(t)
        ca += beta
    advance(150.0)
    e = n.synaptic_elements["A"]
    assert e["z"] == pytest.approx(z, rel=1e-12)
    assert n.Ca == pytest.approx(ca, rel=1e-12)
    assert (e["growth_curve"], e["eps"], e["growth_rate"], e["z_connected"]) == ("linear", eps, nu, 0)


@pytest.mark.parametrize("curve", ["gaussian", "sigmoid"])
def test_nonlinear_curves_step_by_step_as_nest(nest, curve):
    """NEST integrates these two by forward Euler on the grid (the trace
    too); the result depends on that, so Roost does the same."""
    tau, beta, nu, h = 100.0, 0.2, 0.02, 0.1
    eta, eps, psi = 0.05, 0.6, 0.1
    params = {"growth_curve": curve, "growth_rate": nu, "eps": eps}
    params.update({"eta": eta} if curve == "gaussian" else {"psi": psi})
    n = _spiking_neuron(nest, [5.0, 9.0, 40.0], {"tau_Ca": tau, "beta_Ca": beta})
    n.synaptic_elements = {"A": params}
    nest.Simulate(80.0)
    z, ca, t_prev = 0.0, 0.0, 0.0

    def rate(c):
        if curve == "gaussian":
            zeta_inv = 2.0 * math.sqrt(math.log(2.0)) / (eta - eps)
            return 2.0 * math.exp(-(((c - (eta + eps) * 0.5) * zeta_inv) ** 2)) - 1.0
        return 2.0 / (1.0 + math.exp((c - eps) / psi)) - 1.0

    def advance(t):
        nonlocal z, ca, t_prev
        c, lag = ca, t_prev
        while lag < t - h / 2:
            c -= c / tau * h if curve == "sigmoid" else c * (1.0 / tau) * h
            z += h * nu * rate(c)
            lag += h
        z = max(z, 0.0)
        ca, t_prev = ca * math.exp((t_prev - t) / tau), t

    for t in (6.0, 10.0, 41.0):
        advance(t)
        ca += beta
    advance(80.0)
    assert n.synaptic_elements["A"]["z"] == pytest.approx(z, rel=1e-9)
    assert n.synaptic_elements["A"]["z"] > 0.0


def test_element_status_checks_and_replacement(nest, errors, usable):
    n = nest.Create("iaf_psc_alpha", 2)
    n.synaptic_elements = {"SE1": {"z": 15.0, "growth_curve": "linear"}}
    n.synaptic_elements = {"SE2": {"z": 10.0, "growth_curve": "gaussian"}}  # replaces all
    se = n[0].synaptic_elements
    assert list(se) == ["SE2"] and se["SE2"]["eta"] == 0.1 and se["SE2"]["z"] == 10.0
    n.synaptic_elements_param = {"SE2": {"eta": 0.3}, "absent": {"z": 1.0}}  # only the named existing ones
    assert n[1].synaptic_elements["SE2"]["eta"] == 0.3 and "absent" not in n[1].synaptic_elements
    cases = [({"Ca": -1.0}, "Calcium concentration cannot be negative"),
             ({"tau_Ca": 0.0}, "strictly positive"),
             ({"beta_Ca": 0.0}, "beta_ca needs to be greater than 0"),
             ({"synaptic_elements": {"X": {"tau_vacant": -1.0}}}, "strictly positive"),
             ({"synaptic_elements": {"X": {"growth_curve": "cubic"}}}, "Unknown growth curve 'cubic'"),
             ({"synaptic_elements": {"X": {"growth_curve": "sigmoid", "psi": -0.1}}}, "psi parameter")]
    for change, message in cases:
        with pytest.raises(errors.BadProperty, match=message):
            n[0].set(change)
    with pytest.raises(errors.UnknownParameter, match="'zz'"):
        n[0].set(synaptic_elements={"X": {"zz": 1.0}})
    # Nothing changed by the failed calls, in the elements or the fields set with them.
    with pytest.raises(errors.BadProperty):
        n[0].set({"V_m": -60.0, "tau_Ca": -1.0})
    assert n[0].V_m == -70.0 and n[0].tau_Ca == 10000.0 and list(n[0].synaptic_elements) == ["SE2"]
    n.set(tau_Ca=[100.0, 200.0])
    assert n.tau_Ca == (100.0, 200.0)
    usable()


def test_model_defaults_and_copies_carry_elements(nest):
    nest.SetDefaults("iaf_psc_alpha", {"synaptic_elements": {"SE": {"z": 15.0, "growth_curve": "linear"}},
                                       "beta_Ca": 0.01})
    nest.CopyModel("iaf_psc_alpha", "grower", {"tau_Ca": 500.0})
    a, b = nest.Create("iaf_psc_alpha"), nest.Create("grower")
    assert a.synaptic_elements["SE"]["z"] == 15.0 and b.synaptic_elements["SE"]["z"] == 15.0
    assert (a.beta_Ca, a.tau_Ca, b.beta_Ca, b.tau_Ca) == (0.01, 10000.0, 0.01, 500.0)
    assert nest.GetDefaults("grower")["synaptic_elements"]["SE"]["growth_curve"] == "linear"


def _sp_neurons(nest, n, z1, z2, **rule):
    nest.structural_plasticity_synapses = {
        "syn1": dict({"synapse_model": "static_synapse", "pre_synaptic_element": "SE1",
                      "post_synaptic_element": "SE2"}, **rule)}
    return nest.Create("iaf_psc_alpha", n, {"synaptic_elements": {
        "SE1": {"z": z1, "growth_rate": 0.0}, "SE2": {"z": z2, "growth_rate": 0.0}}})


def test_rules_in_the_kernel_status(nest, errors):
    nest.CopyModel("static_synapse", "synapse_ex", {"weight": 1.0, "delay": 2.5})
    nest.structural_plasticity_synapses = {"syn": {"synapse_model": "synapse_ex", "pre_synaptic_element": "A",
                                                   "post_synaptic_element": "D", "allow_autapses": False}}
    got = nest.structural_plasticity_synapses["syn"]
    assert got == {"synapse_model": "synapse_ex", "pre_synaptic_element": "A", "post_synaptic_element": "D",
                   "allow_autapses": False, "allow_multapses": True}
    assert nest.min_delay <= 2.5 <= nest.max_delay  # the rule's delay counts before any connection
    with pytest.raises(errors.BadProperty, match="missing"):
        nest.structural_plasticity_synapses = {"syn": {"synapse_model": "synapse_ex", "pre_synaptic_element": "A"}}
    with pytest.raises(errors.BadProperty, match="min and max delay"):
        nest.structural_plasticity_synapses = {"syn": {"pre_synaptic_element": "A", "post_synaptic_element": "D",
                                                       "delay": 3.0}}
    with pytest.raises(errors.UnknownModelName):
        nest.structural_plasticity_synapses = {"syn": {"synapse_model": "nope", "pre_synaptic_element": "A",
                                                       "post_synaptic_element": "D"}}
    assert list(nest.structural_plasticity_synapses) == ["syn"]  # unchanged by the failures
    nest.structural_plasticity_update_interval = 500.0
    assert nest.structural_plasticity_update_interval == 500.0


def test_connect_and_disconnect_bind_and_free_elements(nest, errors):
    n = _sp_neurons(nest, 4, 0.0, 0.0)
    syn = {"synapse_model": "static_synapse", "pre_synaptic_element": "SE1", "post_synaptic_element": "SE2"}
    nest.Connect(n, n, "all_to_all", syn)
    assert all(e["SE1"]["z_connected"] == 4 and e["SE2"]["z_connected"] == 4 for e in n.synaptic_elements)
    assert all(e["SE1"]["z"] == 4.0 for e in n.synaptic_elements)  # bound elements raise z (NEST)
    for rule in ({"rule": "fixed_indegree", "indegree": 1}, {"rule": "pairwise_bernoulli", "p": 0.5}):
        with pytest.raises(errors.NotImplemented):
            nest.Connect(n, n, rule, syn)
    nest.Disconnect(n[:2], n[2:], conn_spec="all_to_all", syn_spec={"synapse_model": "static_synapse"})  # the rule's
    bound = [(e["SE1"]["z_connected"], e["SE2"]["z_connected"]) for e in n.synaptic_elements]
    assert bound == [(2, 4), (2, 4), (4, 2), (4, 2)]
    assert nest.num_connections == 12


def test_rewiring_pairs_vacant_elements(nest):
    n = _sp_neurons(nest, 3, 10.0, 10.0)
    nest.EnableStructuralPlasticity()
    nest.Simulate(10.0)
    assert all(e["SE1"]["z_connected"] == 10 and e["SE2"]["z_connected"] == 10 for e in n.synaptic_elements)
    conns = nest.GetConnections(n, n)
    assert len(conns) == 30
    nest.Simulate(100.0)  # no rewiring before t = 10 s
    assert len(nest.GetConnections(n, n)) == 30


def test_no_autapses_when_the_rule_forbids_them(nest):
    n = _sp_neurons(nest, 5, 8.0, 8.0, allow_autapses=False)
    nest.EnableStructuralPlasticity()
    nest.Simulate(1.0)
    c = nest.GetConnections(n, n)
    assert len(c) > 0 and not any(s == t for s, t in zip(c.source, c.target))


def test_lost_elements_delete_connections_and_collections_follow(nest):
    nest.structural_plasticity_update_interval = 100.0
    n = _sp_neurons(nest, 4, 3.0, 3.0)
    nest.EnableStructuralPlasticity()
    nest.Simulate(50.0)
    assert nest.num_connections == 12
    before = nest.GetConnections(n, n)
    edges = sorted(zip(before.source, before.target))
    extra = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(extra, extra)  # made after the rewired ones: their ids shift when some go
    kept = nest.GetConnections(extra, extra)
    n[0].synaptic_elements_param = {"SE1": {"z": 1.0}}  # two axonal elements lost
    n[1].synaptic_elements_param = {"SE2": {"z": 0.0}}  # all three dendritic ones
    nest.Simulate(100.0)
    after = nest.GetConnections(n, n)
    assert sorted(zip(after.source, after.target)) != edges
    # Lost: n[1]'s three incoming connections went (NEST's z then rises to the
    # elements still bound during the deletions, so two of them come back,
    # paired at random with the two dendritic elements freed at n[0]'s targets).
    e = n.synaptic_elements
    assert sum(x["SE1"]["z_connected"] for x in e) == sum(x["SE2"]["z_connected"] for x in e) == len(after)
    assert nest.num_connections == len(after) + 4
    assert list(kept.source) == [int(g) for g in extra.global_id for _ in range(2)]
    assert list(kept.target) == [int(g) for _ in range(2) for g in extra.global_id]
    assert kept.get("weight") == [1.0] * 4


def _rewired_network(nest, threads, backend=None):
    nest.ResetKernel()
    if backend:
        nest.set(backend=backend)
    nest.set(local_num_threads=threads, rng_seed=7, structural_plasticity_update_interval=200.0)
    nest.CopyModel("static_synapse", "ex", {"weight": 30.0, "delay": 1.0})
    nest.structural_plasticity_synapses = {"ex": {"synapse_model": "ex", "pre_synaptic_element": "Axon",
                                                  "post_synaptic_element": "Den"}}
    curve = {"growth_curve": "gaussian", "growth_rate": 0.05, "eta": 0.0, "eps": 0.3, "continuous": False}
    n = nest.Create("iaf_psc_alpha", 40, {"synaptic_elements": {"Axon": curve, "Den": curve}, "beta_Ca": 0.01,
                                          "tau_Ca": 100.0})
    noise = nest.Create("poisson_generator", params={"rate": 12000.0})
    nest.Connect(noise, n, syn_spec={"weight": 25.0})
    nest.EnableStructuralPlasticity()
    nest.Simulate(1000.0)
    c = nest.GetConnections(n, n)
    return sorted(zip(c.source, c.target)), list(n.Ca)


def test_same_rewiring_for_any_thread_count_and_backend(nest):
    edges, ca = _rewired_network(nest, 1)
    assert len(edges) > 20
    assert _rewired_network(nest, 2) == (edges, ca)
    for backend in nest.available_backends():
        assert _rewired_network(nest, 1, backend) == (edges, ca)


def test_enable_refuses_what_nest_refuses(nest, errors):
    nest.keep_source_table = False
    with pytest.raises(errors.KernelException, match="keep_source_table"):
        nest.EnableStructuralPlasticity()
    nest.ResetKernel()
    nest.use_compressed_spikes = False
    with pytest.raises(errors.KernelException, match="use_compressed_spikes"):
        nest.EnableStructuralPlasticity()
    nest.ResetKernel()
    nest.EnableStructuralPlasticity()
    nest.DisableStructuralPlasticity()
