# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/structural.json with NEST 3.10 (run in a venv
with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_structural.py

The protocols (tests/validation/structural_cases.py) are shared with
tests/validation/test_structural_plasticity_nest.py, which replays them with
Roost: calcium traces and synaptic elements (deterministic), rewiring counts
(deterministic), and the structural plasticity example's network over three
seeds (statistical). Also NEST's defaults of the models the cases create.
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import structural_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR

EXAMPLE_MS = 40000.0
SEEDS = [1, 2, 3]


def plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


result = {"models": structural_cases.MODELS, "nest_defaults": {}}
nest.ResetKernel()
for model in structural_cases.MODELS:
    result["nest_defaults"][model] = {k: plain(v) for k, v in nest.GetDefaults(model).items() if plain(v) is not None}
result["traces"] = structural_cases.run_traces(nest)
result["rewiring"] = {side: structural_cases.run_rewiring(nest, side) for side in ("pre", "post")}
result["example_ms"] = EXAMPLE_MS
result["example"] = {str(seed): structural_cases.run_example(nest, EXAMPLE_MS, seed) for seed in SEEDS}
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_structural.py"
out = ROOT / "tests" / "validation" / "data" / "structural.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}")
