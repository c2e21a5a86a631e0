# SPDX-License-Identifier: GPL-2.0-or-later
"""Every backend runs every model; CPU and CUDA agree.

On a machine without a GPU the 'cuda' backend is the emulated build (the same
sources on Thrust's OpenMP system); on a GPU machine it is the real one. Tests
that need a backend this build lacks are skipped with the reason.
"""

import numpy as np
import pytest


def _backends(nest):
    return nest.available_backends()


def _need_cuda(nest):
    if "cuda" not in _backends(nest):
        pytest.skip("this build has no usable 'cuda' backend")


def _node_models(nest):
    return [m for m in nest.Models() if nest.GetDefaults(m)["element_type"] == "neuron"]


def test_backend_choice_before_nodes(nest, errors):
    assert nest.GetKernelStatus("backend") in _backends(nest)
    nest.SetKernelStatus({"backend": "cpu"})
    assert nest.GetKernelStatus("backend") == "cpu"
    with pytest.raises(errors.BadProperty, match="backend"):
        nest.SetKernelStatus({"backend": "fpga"})
    nest.Create("iaf_psc_alpha")
    other = "cuda" if "cuda" in _backends(nest) else "cpu"
    if other != "cpu":
        with pytest.raises(errors.KernelException, match="before nodes"):
            nest.SetKernelStatus({"backend": other})
    assert nest.GetKernelStatus("backend") == "cpu"
    nest.Simulate(1.0)  # still usable


@pytest.mark.parametrize("backend", ["cpu", "cuda"])
def test_every_registered_neuron_model_runs(nest, backend):
    """Fails if any model of the registry lacks an implementation on a backend."""
    if backend == "cuda":
        _need_cuda(nest)
    for model in _node_models(nest):
        nest.ResetKernel()
        nest.SetKernelStatus({"backend": backend})
        if model == "volume_transmitter":  # takes spikes from neurons only, sends none
            vt = nest.Create(model)
            parrot = nest.Create("parrot_neuron")
            nest.Connect(nest.Create("spike_generator", params={"spike_times": [1.0, 2.0]}), parrot)
            nest.Connect(parrot, vt)
            nest.Simulate(20.0)
            continue
        if model == "spike_train_injector":  # a neuron-like spike source: sends, takes no input
            sti = nest.Create(model, params={"spike_times": [1.0, 2.0, 2.0]})
            sr = nest.Create("spike_recorder")
            nest.Connect(sti, nest.Create("parrot_neuron"))
            nest.Connect(sti, sr)
            nest.Simulate(5.0)
            assert sr.events["times"].tolist() == [1.0, 2.0, 2.0]
            continue
        if model == "astrocyte_lr_1994":  # spikes in, a slow inward current out (sic_connection)
            astro = nest.Create(model, params={"Ca_astro": 0.5})
            nrn = nest.Create("aeif_cond_alpha_astro")
            nest.Connect(nest.Create("spike_generator", params={"spike_times": [1.0]}), astro)
            nest.Connect(astro, nrn, syn_spec={"synapse_model": "sic_connection"})
            mm = nest.Create("multimeter", params={"record_from": ["I_SIC"], "interval": 1.0})
            nest.Connect(mm, nrn)
            nest.Simulate(5.0)
            assert max(mm.events["I_SIC"]) > 0 and nest.GetKernelStatus("backend") == backend, model
            continue
        if model == "siegert_neuron":  # rates through diffusion_connection only
            drive = nest.Create(model, params={"mean": 1000.0})
            nrn = nest.Create(model, params={"tau_m": 10.0, "theta": 20.0, "V_reset": 10.0})
            nest.Connect(drive, nrn, syn_spec={"synapse_model": "diffusion_connection", "drift_factor": 0.03,
                                               "diffusion_factor": 0.01})
            nest.Simulate(20.0)
            assert nrn.rate > 1.0 and nest.GetKernelStatus("backend") == backend, model
            continue
        if "linear_summation" in nest.GetDefaults(model):  # rate models: rates only
            nrn = nest.Create(model, 2, params={"rate": 0.5})
            mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 1.0})
            nest.Connect(nrn, nrn, "all_to_all", {"synapse_model": "rate_connection_delayed", "weight": 0.3})
            nest.Connect(nrn, nrn, "one_to_one", {"synapse_model": "rate_connection_instantaneous", "weight": -0.2})
            nest.Connect(mm, nrn)
            nest.Simulate(20.0)
            assert len(mm.events["rate"]) > 0 and nest.GetKernelStatus("backend") == backend, model
            continue
        if model in ("mcculloch_pitts_neuron", "ginzburg_neuron", "erfc_neuron"):
            # Binary neurons take binary input only (NEST's signal check): no
            # poisson or dc generators, no spiking neurons.
            nrn = nest.Create(model, 2, params={"tau_m": 1.0})
            nest.Connect(nest.Create("spike_generator", params={"spike_times": [1.0], "spike_multiplicities": [2]}), nrn)
            nest.Connect(nest.Create("noise_generator", params={"mean": 1.0, "std": 1.0}), nrn)
            nest.Connect(nrn, nrn, "one_to_one", syn_spec={"weight": 1.0, "delay": 1.0})
            sd = nest.Create("spin_detector")
            nest.Connect(nrn, sd)
            nest.Simulate(20.0)
            assert nest.GetKernelStatus("backend") == backend and sd.n_events > 0, model
            continue
        # cm_default has ports (and can run) once it has a tree (as in NEST).
        tree = {"compartments": [{"parent_idx": -1}, {"parent_idx": 0}],
                "receptors": [{"comp_idx": 1, "receptor_type": "AMPA"}]} if model == "cm_default" else None
        nrn = nest.Create(model, 2, params=tree)
        pg = nest.Create("poisson_generator", params={"rate": 5000.0})
        dc = nest.Create("dc_generator", params={"amplitude": 100.0})
        sg = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0]})
        sr = nest.Create("spike_recorder")
        # Models with receptor ports set by their lists (multisynapse, glif: they show
        # has_connections) and models with named ports number them from 1.
        defaults = nest.GetDefaults(model)
        port = 1 if "has_connections" in defaults or "receptor_types" in defaults else 0
        if model == "eprop_readout":  # its named ports take rates; spikes and currents use 0
            port = 0
        nest.Connect(pg, nrn, syn_spec={"weight": 5.0, "receptor_type": port})
        nest.Connect(sg, nrn, syn_spec={"weight": 5.0, "receptor_type": port})
        if model not in ("parrot_neuron", "parrot_neuron_ps", "iaf_chs_2007"):  # iaf_chs_2007 takes no currents
            # Multi-compartment models take currents on a named receptor only.
            current_port = dict(defaults.get("receptor_types", {})).get("soma_curr", 0)
            nest.Connect(dc, nrn, syn_spec={"receptor_type": current_port})
        recordables = list(nest.GetDefaults(model)["recordables"])
        if recordables:  # V_m first, where there is one
            first = "V_m" if "V_m" in recordables else recordables[0]
            mm = nest.Create("multimeter", params={"record_from": [first], "interval": 1.0})
            nest.Connect(mm, nrn)
        # A parrot_neuron_ps onto itself would repeat every spike forever, one
        # event more per loop (its event room is finite; NEST's queue grows).
        if model != "parrot_neuron_ps":
            nest.Connect(nrn, nrn, "one_to_one", syn_spec={"weight": 1.0, "delay": 1.0, "receptor_type": port})
        nest.Connect(nrn, sr)
        nest.Simulate(20.0)
        assert nest.GetKernelStatus("backend") == backend
        if model == "parrot_neuron":
            assert sr.n_events > 0, model


def _network(nest, backend, seed=7):
    """A small random network with Poisson drive, generators and recorders."""
    nest.ResetKernel()
    nest.SetKernelStatus({"backend": backend, "rng_seed": seed, "local_num_threads": 2})
    ex = nest.Create("iaf_psc_exp", 80)
    inh = nest.Create("iaf_psc_alpha", 20)
    parrots = nest.Create("parrot_neuron", 5)
    pg = nest.Create("poisson_generator", params={"rate": 15000.0})
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 5.0, 12.3], "spike_weights": [1.0, 2.0, -1.0]})
    sr = nest.Create("spike_recorder")
    mm = nest.Create("multimeter", params={"record_from": ["V_m", "I_syn_ex"], "interval": 0.5})
    nest.Connect(ex, ex + inh, {"rule": "fixed_indegree", "indegree": 10},
                 {"weight": nest.random.normal(30.0, 5.0), "delay": nest.random.uniform(1.0, 3.0)})
    nest.Connect(inh, ex + inh, {"rule": "pairwise_bernoulli", "p": 0.3}, {"weight": -60.0, "delay": 0.8})
    nest.Connect(pg, ex + inh, syn_spec={"weight": 20.0})
    nest.Connect(pg, parrots)
    nest.Connect(sg, ex[:3], syn_spec={"weight": 100.0, "delay": 2.5})
    nest.Connect(ex + inh + parrots, sr)
    nest.Connect(mm, ex[:4])
    nest.Simulate(60.0)
    nest.Simulate(15.3)
    conns = nest.GetConnections()
    connectivity = {k: np.asarray(conns.get(k)) for k in ("source", "target", "weight", "delay")}
    parrot_spikes = sr.events["senders"] >= parrots[0].global_id
    return connectivity, sr.events, mm.events, parrot_spikes


def test_cpu_and_cuda_agree(nest):
    _need_cuda(nest)
    cpu_conn, cpu_spikes, cpu_samples, cpu_parrot = _network(nest, "cpu")
    cuda_conn, cuda_spikes, cuda_samples, cuda_parrot = _network(nest, "cuda")
    for key in cpu_conn:  # same seed: the same connections, weights and delays
        np.testing.assert_array_equal(cpu_conn[key], cuda_conn[key], err_msg=key)
    # Identical Poisson input: the parrots repeat it spike for spike.
    for key in ("senders", "times"):
        np.testing.assert_array_equal(cpu_spikes[key][cpu_parrot], cuda_spikes[key][cuda_parrot])
    assert cpu_parrot.sum() > 50
    # Few inputs per cell and step: sums are exact in any order, so the spike
    # trains and traces agree too.
    for key in ("senders", "times"):
        np.testing.assert_array_equal(cpu_spikes[key], cuda_spikes[key])
    for key in ("senders", "times"):
        np.testing.assert_array_equal(cpu_samples[key], cuda_samples[key])
    np.testing.assert_allclose(cpu_samples["V_m"], cuda_samples["V_m"], rtol=0, atol=1e-9)
    assert len(cpu_spikes["times"]) > 100


def test_cuda_reports_device_and_memory(nest):
    _need_cuda(nest)
    nest.SetKernelStatus({"backend": "cuda"})
    n = nest.Create("iaf_psc_delta", 100)
    nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 10}, {"weight": 0.1, "delay": 1.5})
    nest.Simulate(1.0)
    status = nest.GetKernelStatus()
    assert status["backend"] == "cuda"
    assert status["device_name"]
    assert status["device_bytes_per_synapse"] >= 16
    assert status["device_bytes_per_neuron"] > 0
    assert status["device_memory_used"] > 1000 * 16
