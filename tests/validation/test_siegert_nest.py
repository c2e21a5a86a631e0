# SPDX-License-Identifier: GPL-2.0-or-later
"""siegert_neuron and diffusion_connection against NEST 3.10 (siegert_cases.py;
recorded by tools/nest_reference/gen_siegert.py), on each backend and for 1
and 2 threads. NEST integrates the Siegert formula with GSL's QAGS to a
relative error of 1.49e-8, Roost with its own Gauss-Kronrod quadrature to
1e-11: the rates agree to NEST's tolerance (relative 1e-7), in every branch
of the formula, with and without waveform relaxation."""

import json
import pathlib

import numpy as np
import pytest

import siegert_cases
from backend_configs import backends as _backends, on as _on

REF = json.loads((pathlib.Path(__file__).parent / "data" / "siegert.json").read_text())


CONFIGS = [(b, t) for b in _backends() for t in ([1] if b == "cuda" else [1, 2])]


def _assert_rates(got, want):
    assert got["senders"] == want["senders"]
    np.testing.assert_allclose(got["times"], want["times"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(got["rate"], want["rate"], rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("backend,threads", CONFIGS)
def test_brunel_siegert_example_matches_nest(nest, backend, threads):
    _assert_rates(siegert_cases.run_example(nest, threads, setup=_on(backend)), REF["example"])


@pytest.mark.parametrize("backend,threads", CONFIGS)
@pytest.mark.parametrize("variant", ["wfr", "no_wfr"])
def test_every_branch_of_the_formula_matches_nest(nest, variant, backend, threads):
    got = siegert_cases.run_branches(nest, variant == "wfr", threads, setup=_on(backend))
    _assert_rates(got, REF["branches"][variant])
    last = {s: r for s, r in zip(got["senders"], got["rate"])}
    assert last[2] > 10.0 and 0.1 < last[3] < 10.0 and 0.0 < last[4] < 0.01 and last[5] == 0.0
