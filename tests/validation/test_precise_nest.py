# SPDX-License-Identifier: GPL-2.0-or-later
"""Precise-spiking models against NEST 3.10 (precise_cases.py; the recording
is made by tools/nest_reference/gen_precise.py), on each backend of the build.

NEST's algorithm is deterministic (exact propagation between events, regula
falsi for the crossing), so spike times agree to 1e-10 ms (stamps exactly,
offsets to 1e-10 ms) and V_m to 1e-9 mV (README, exact-integration models).
"""

import json
import pathlib

import numpy as np
import pytest

import precise_cases
from backend_configs import backends as _backends, on as _on

DATA = pathlib.Path(__file__).parent / "data" / "precise_models.json"
REF = json.loads(DATA.read_text())


def _sorted_spikes(case):
    """(stamp, sender, offset, time) in time order: within a min_delay slice
    NEST's recorder lists the events sender by sender, Roost step by step."""
    return sorted(zip(case["sr_steps"]["times"], case["senders_sr"], case["sr_steps"]["offsets"], case["sr"]["times"]))


def _same_spikes(got, want, label):
    g, w = _sorted_spikes(got), _sorted_spikes(want)
    assert [(s[0], s[1]) for s in g] == [(s[0], s[1]) for s in w], label
    np.testing.assert_allclose([s[2] for s in g], [s[2] for s in w], rtol=0, atol=1e-10, err_msg=label)
    np.testing.assert_allclose([s[3] for s in g], [s[3] for s in w], rtol=0, atol=1e-10, err_msg=label)


def _by_sender(vm):
    """Voltmeter events ordered by (sender, time): NEST's memory order is its own."""
    order = sorted(range(len(vm["times"])), key=lambda k: (vm["senders"][k], vm["times"][k]))
    return {key: [vm[key][k] for k in order] for key in ("senders", "times", "V_m")}


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("case", [f"{m}/{c}" for m, c in precise_cases.CASES])
def test_precise_cases_match_nest(nest, case, threads, backend):
    if backend == "cuda" and threads > 1:
        pytest.skip("the CUDA backend does not split work by threads")
    model, variant = case.split("/")
    got = precise_cases.run_case(nest, model, variant, threads, setup=_on(backend))
    want = REF["cases"][case]
    assert len(want["sr"]["times"]) > 4, "the case must make the neurons fire"
    _same_spikes(got, want, case)
    g, w = _by_sender(got["vm"]), _by_sender(want["vm"])
    assert g["senders"] == w["senders"]
    np.testing.assert_allclose(g["times"], w["times"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(g["V_m"], w["V_m"], rtol=0, atol=1e-9, err_msg=case)
    for key, values in want["state"].items():
        np.testing.assert_allclose(got["state"][key], values, rtol=1e-9, atol=1e-9, err_msg=f"{case} {key}")


@pytest.mark.parametrize("backend", _backends())
def test_precise_spiking_example_matches_nest(nest, backend):
    import roost
    roost.ResetKernel()
    roost.SetKernelStatus({"backend": backend})
    got = precise_cases.run_example_precise_spiking(_Backend(roost, backend))
    for res, models in REF["example_precise_spiking"].items():
        for model, want in models.items():
            g = got[res][model]
            np.testing.assert_allclose(g["spikes"], want["spikes"], rtol=0, atol=1e-10, err_msg=f"{res} {model}")
            np.testing.assert_allclose(g["vm_times"], want["vm_times"], rtol=0, atol=1e-9)
            np.testing.assert_allclose(g["vm_values"], want["vm_values"], rtol=0, atol=1e-9, err_msg=f"{res} {model}")


class _Backend:
    """The roost module with ResetKernel keeping the chosen backend."""

    def __init__(self, module, backend):
        self._m, self._b = module, backend

    def ResetKernel(self):
        self._m.ResetKernel()
        self._m.SetKernelStatus({"backend": self._b})

    def __getattr__(self, name):
        return getattr(self._m, name)

    def __setattr__(self, name, value):
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._m, name, value)


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("case", [f"{m}/{w}" for m, w in precise_cases.NETWORK])
def test_network_of_artificial_synchrony_matches_nest(nest, case, threads, backend):
    # Precise spikes through delivery: every neuron receives 128 events per
    # volley, in time order within the step, with tics_per_ms = 32.
    if backend == "cuda" and threads > 1:
        pytest.skip("the CUDA backend does not split work by threads")
    model, strength = case.split("/")
    got = precise_cases.run_network(nest, model, float(strength), threads=threads, setup=_on(backend))
    want = REF["network"][case]
    assert got["senders"] == want["senders"], case
    np.testing.assert_allclose(got["times"], want["times"], rtol=0, atol=1e-10, err_msg=case)
    np.testing.assert_allclose(got["vm_V_m"], want["vm_V_m"], rtol=0, atol=1e-9, err_msg=case)
