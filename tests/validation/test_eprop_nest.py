# SPDX-License-Identifier: GPL-2.0-or-later
"""eprop_iaf, eprop_readout, eprop_iaf_adapt, eprop_iaf_psc_delta and
eprop_iaf_psc_delta_adapt against NEST 3.10 (eprop_cases.py; the
recording is made by tools/nest_reference/gen_eprop.py), on each backend of
the build, with 1 and 2 threads.

Exact integration (README's rule for exact models): V_m within 1e-9 mV,
the other traces (surrogate gradient, readout, target and error signals)
rtol 1e-9 with atol 1e-9 (spike weights and rates pass the ring's fixed
point, 2^-32 per value); spike times and senders identical.
"""

import json
import pathlib

import numpy as np
import pytest

import eprop_cases
from backend_configs import backends as _backends, on as _on

DATA = pathlib.Path(__file__).parent / "data" / "eprop.json"
REF = json.loads(DATA.read_text())


def _compare(got, want):
    assert got["times"] == pytest.approx(want["times"], abs=1e-9)
    assert got["senders"] == want["senders"]
    for key, values in want.items():
        if key in ("times", "senders"):
            continue
        np.testing.assert_allclose(got[key], values, rtol=1e-9, atol=1e-9, err_msg=key)


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("case", [f"{v}/{r}" for v, r in eprop_cases.CASES_IAF])
def test_eprop_iaf_matches_nest(nest, case, threads, backend):
    if backend == "cuda" and threads > 1:
        pytest.skip("the CUDA backend does not split work by threads")
    variant, resolution = case.split("/")
    got = eprop_cases.run_iaf(nest, variant, float(resolution), threads, setup=_on(backend))
    want = REF["iaf"][case]
    assert got["spikes"]["senders"] == want["spikes"]["senders"]
    assert got["spikes"]["times"] == pytest.approx(want["spikes"]["times"], abs=1e-9)
    _compare(got["mm"], want["mm"])
    for key, value in want["status"].items():
        assert got["status"][key] == pytest.approx(value, rel=1e-9, abs=1e-9), key


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("case", [f"{v}/{r}" for v, r in eprop_cases.CASES_OUT])
def test_eprop_readout_matches_nest(nest, case, threads, backend):
    if backend == "cuda" and threads > 1:
        pytest.skip("the CUDA backend does not split work by threads")
    variant, resolution = case.split("/")
    got = eprop_cases.run_readout(nest, variant, float(resolution), threads, setup=_on(backend))
    _compare(got["mm"], REF["readout"][case]["mm"])


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("case", [f"{m}/{v}/{r}" for m, v, r in eprop_cases.CASES_OTHER])
def test_other_recurrent_models_match_nest(nest, case, threads, backend):
    if backend == "cuda" and threads > 1:
        pytest.skip("the CUDA backend does not split work by threads")
    model, variant, resolution = case.split("/")
    got = eprop_cases.run_iaf(nest, variant, float(resolution), threads, setup=_on(backend), model=model)
    want = REF["others"][case]
    assert got["spikes"]["senders"] == want["spikes"]["senders"]
    assert got["spikes"]["times"] == pytest.approx(want["spikes"]["times"], abs=1e-9)
    _compare(got["mm"], want["mm"])
