# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/eprop.json with NEST 3.10 (run in a venv
with `pip install nest-simulator==3.10.0`, never Roost's):

    /tmp/nestvenv/bin/python tools/nest_reference/gen_eprop.py

The protocols (tests/validation/eprop_cases.py) are shared with
tests/validation/test_eprop_nest.py, which replays them with Roost: traces
of eprop_iaf and eprop_readout (V_m, surrogate_gradient, learning_signal,
readout/target/error signals, eprop_history_duration) and spike times of
small deterministic networks (also eprop_iaf_adapt, eprop_iaf_psc_delta and
eprop_iaf_psc_delta_adapt), and NEST's defaults of the models
(test_model_coverage.py compares them with Roost's).
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import eprop_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


result = {"models": eprop_cases.MODELS, "nest_defaults": {}, "iaf": {}, "readout": {}}
nest.ResetKernel()
for model in eprop_cases.MODELS:
    d = nest.GetDefaults(model)
    result["nest_defaults"][model] = {k: plain(v) for k, v in d.items() if plain(v) is not None}
for variant, resolution in eprop_cases.CASES_IAF:
    result["iaf"][f"{variant}/{resolution}"] = eprop_cases.run_iaf(nest, variant, resolution)
for variant, resolution in eprop_cases.CASES_OUT:
    result["readout"][f"{variant}/{resolution}"] = eprop_cases.run_readout(nest, variant, resolution)
result["others"] = {}
for model, variant, resolution in eprop_cases.CASES_OTHER:
    result["others"][f"{model}/{variant}/{resolution}"] = eprop_cases.run_iaf(nest, variant, resolution, model=model)
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_eprop.py"
out = ROOT / "tests" / "validation" / "data" / "eprop.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}: {len(result['iaf'])} eprop_iaf cases, {len(result['readout'])} eprop_readout cases")
