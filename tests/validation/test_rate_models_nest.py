# SPDX-License-Identifier: GPL-2.0-or-later
"""Rate models and rate connections against NEST 3.10 (rate_cases.py; the
recording is made by tools/nest_reference/gen_rate_models.py), on each
backend of the build.

* Deterministic traces (no noise), with and without waveform relaxation:
  equal to rounding. Rate input passes the
  ring's fixed point (2^-32 per value), hence the absolute tolerance.
* Noise and network statistics: NEST draws other numbers, so the mean over
  seeds of each statistic must agree within four standard errors of the
  difference (from both simulators' seed-to-seed spread).
"""

import json
import pathlib

import numpy as np
import pytest

import rate_cases
from backend_configs import backends as _backends, on as _on

DATA = pathlib.Path(__file__).parent / "data" / "rate_models.json"
REF = json.loads(DATA.read_text())


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("case", [f"{m}/{v}" for m, v in rate_cases.DETERMINISTIC])
def test_deterministic_traces_match_nest(nest, case, threads, backend):
    if backend == "cuda" and threads > 1:
        pytest.skip("the CUDA backend does not split work by threads")
    model, variant = case.split("/")
    got = rate_cases.run_deterministic(nest, model, variant, threads, setup=_on(backend))
    want = REF["deterministic"][case]
    for label, trace in want.items():
        assert got[label]["times"] == pytest.approx(trace["times"]), label
        for key, values in trace.items():
            if key == "times":
                continue
            np.testing.assert_allclose(got[label][key], values, rtol=1e-9, atol=1e-8, err_msg=f"{label}.{key}")


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("case", [f"{m}/{v}" for m, v in rate_cases.WFR])
def test_waveform_relaxation_traces_match_nest(nest, case, backend):
    # The same iterations as NEST (wfr_tol 1e-4, slices of wfr_comm_interval).
    model, variant = case.split("/")
    got = rate_cases.run_deterministic(nest, model, variant, setup=_on(backend), wfr=True)
    for label, trace in REF["wfr"][case].items():
        assert got[label]["times"] == pytest.approx(trace["times"]), label
        for key, values in trace.items():
            if key != "times":
                np.testing.assert_allclose(got[label][key], values, rtol=1e-9, atol=1e-8, err_msg=f"{label}.{key}")


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("wfr", [False, True])
def test_step_rate_generator_matches_nest(nest, backend, wfr):
    got = rate_cases.run_step_rate_generator(nest, setup=_on(backend), wfr=wfr)
    for label, trace in REF["step_rate_generator"]["wfr" if wfr else "no_wfr"].items():
        assert got[label]["times"] == pytest.approx(trace["times"]), label
        np.testing.assert_allclose(got[label]["rate"], trace["rate"], rtol=1e-9, atol=1e-8, err_msg=label)


def _agree(ours, nests, what):
    ours, nests = np.asarray(ours), np.asarray(nests)
    se = np.sqrt(ours.var(ddof=1) / len(ours) + nests.var(ddof=1) / len(nests))
    diff = abs(ours.mean() - nests.mean())
    assert diff <= 4.0 * se + 1e-3 * abs(nests.mean()), (
        f"{what}: Roost {ours.mean():.5g} (seeds {np.round(ours, 4)}), NEST {nests.mean():.5g} "
        f"(seeds {np.round(nests, 4)})")


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("model", rate_cases.NOISE_MODELS)
def test_noise_statistics_match_nest(nest, model, backend):
    got = [rate_cases.run_noise(nest, model, seed, setup=_on(backend)) for seed in rate_cases.NOISE_SEEDS]
    want = REF["noise"][model]
    for key in ("mean", "var"):
        _agree([g[key] for g in got], [w[key] for w in want], f"{model} {key}")


@pytest.mark.parametrize("backend", _backends())
def test_example_network_statistics_match_nest(nest, backend):
    got = [rate_cases.run_example_network(nest, seed, setup=_on(backend)) for seed in rate_cases.EXAMPLE_SEEDS]
    for key in ("mean_e", "mean_i", "std_e", "std_i"):
        _agree([g[key] for g in got], [w[key] for w in REF["example"]], key)
