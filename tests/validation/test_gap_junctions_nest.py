# SPDX-License-Identifier: GPL-2.0-or-later
"""Gap junctions by waveform relaxation against NEST 3.10 (gap_cases.py; the
recording is made by tools/nest_reference/gen_gap_junctions.py), on each
backend of the build and for 1 and 2 threads.

The models integrate with the adaptive RKF45 and NEST's error control, and
the iterations follow NEST's (the same coefficients, tolerance, order and
carried solver step), so the traces agree to rounding: 1e-6 mV absolute is
far below the solver's own error bound (1e-6 / 1e-3 per substep) and far
above what rounding differences grow to in these runs (< 1e-8 mV). Spike
times must be the same steps.
"""

import json
import pathlib

import numpy as np
import pytest

import gap_cases
from backend_configs import backends as _backends, on as _on

DATA = pathlib.Path(__file__).parent / "data" / "gap_junctions.json"
REF = json.loads(DATA.read_text())


def _threads(backend):
    return [1] if backend == "cuda" else [1, 2]


CONFIGS = [(b, t) for b in _backends() for t in _threads(b)]


def _assert_trace(got, want, keys, atol=1e-6):
    assert got["senders"] == want["senders"]
    np.testing.assert_allclose(got["times"], want["times"], rtol=0, atol=1e-9)
    for key in keys:
        np.testing.assert_allclose(got[key], want[key], rtol=0, atol=atol, err_msg=key)


def _assert_spikes(got, want):
    assert got["senders"] == want["senders"]
    np.testing.assert_allclose(got["times"], want["times"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("backend,threads", CONFIGS)
@pytest.mark.parametrize("variant", gap_cases.PAIR_VARIANTS)
def test_two_neurons_match_nest(nest, variant, backend, threads):
    got = gap_cases.run_pair(nest, variant, threads, setup=_on(backend))
    want = REF["pair"][variant]
    _assert_trace(got["V_m"], want["V_m"], ["V_m"])
    _assert_spikes(got["spikes"], want["spikes"])


@pytest.mark.parametrize("backend,threads", CONFIGS)
def test_traub_pair_matches_nest(nest, backend, threads):
    got = gap_cases.run_traub_pair(nest, threads, setup=_on(backend))
    want = REF["traub_pair"]
    _assert_trace(got["multimeter"], want["multimeter"], ["V_m", "g_ex", "g_in"])
    _assert_spikes(got["spikes"], want["spikes"])


@pytest.mark.parametrize("backend,threads", CONFIGS)
def test_ring_with_spikes_and_currents_matches_nest(nest, backend, threads):
    got = gap_cases.run_ring(nest, threads, setup=_on(backend))
    want = REF["ring"]
    _assert_trace(got["V_m"], want["V_m"], ["V_m"])
    _assert_spikes(got["spikes"], want["spikes"])


def test_coupling_matters(nest):
    """The pair's traces differ from the uncoupled neurons' (the cases cannot
    pass with the gap junction ignored)."""
    nest.ResetKernel()
    nest.resolution = 0.05
    neuron = nest.Create("hh_psc_alpha_gap", 2)
    neuron.I_e = 100.0
    neuron[0].V_m = -10.0
    vm = nest.Create("voltmeter", params={"interval": 0.05})
    nest.Connect(vm, neuron)
    nest.Simulate(80.0)
    ev = vm.events
    uncoupled = np.asarray(ev["V_m"])[np.lexsort((ev["times"], ev["senders"]))]
    assert np.max(np.abs(uncoupled - np.asarray(REF["pair"]["order3"]["V_m"]["V_m"]))) > 1.0
