# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/urbanczik_synapse.json with NEST 3.10 (run in a
venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_urbanczik.py

The protocols (tests/validation/urbanczik_synapse_cases.py) are shared with
tests/validation/test_urbanczik_synapse_nest.py, which replays them with
Roost: the weight trajectories of urbanczik_synapse in two setups whose
postsynaptic spikes are deterministic (weight_recorder events and GetStatus
after each Simulate call), and the final weights of NEST's
urbanczik_synapse_example.py over a few seeds (statistics). Also NEST's
defaults of urbanczik_synapse (test_model_coverage.py compares them with Roost's).
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import urbanczik_synapse_cases as cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


nest.ResetKernel()
result = {"models": [cases.SYNAPSE, cases.MODEL, "parrot_neuron"], "nest_defaults": {}}
result["nest_defaults"][cases.SYNAPSE] = {
    k: plain(v) for k, v in nest.GetDefaults(cases.SYNAPSE).items()
    if plain(v) is not None and k not in ("synapse_modelid", "sizeof")}
result["cases"] = {case: cases.run_case(nest, case) for case in cases.NEURON}
result["example"] = {str(seed): cases.run_example(nest, seed) for seed in cases.EXAMPLE_SEEDS}
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_urbanczik.py"
out = ROOT / "tests" / "validation" / "data" / "urbanczik_synapse.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}")
