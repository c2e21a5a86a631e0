# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/precise_models.json with NEST 3.10 (run in a
venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_precise.py

The protocols (tests/validation/precise_cases.py) are shared with
tests/validation/test_precise_nest.py, which replays them with Roost: spike
times (stamp and offset) and V_m traces of the precise-spiking models, and
the data of NEST's precise_spiking.py example. Also NEST's defaults of every
model in the file (test_model_coverage.py compares them with Roost's).
"""

import json
import math
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import precise_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no infinities (V_min = -inf is checked by test_precise_*.py)
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


result = {"models": precise_cases.MODELS, "nest_defaults": {}, "cases": {}}
nest.ResetKernel()
for model in precise_cases.MODELS:
    d = nest.GetDefaults(model)
    result["nest_defaults"][model] = {k: plain(v) for k, v in d.items() if plain(v) is not None}
for model, case in precise_cases.CASES:
    result["cases"][f"{model}/{case}"] = precise_cases.run_case(nest, model, case)
result["network"] = {f"{m}/{w}": precise_cases.run_network(nest, m, w) for m, w in precise_cases.NETWORK}
result["example_precise_spiking"] = precise_cases.run_example_precise_spiking(nest)
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_precise.py"
out = ROOT / "tests" / "validation" / "data" / "precise_models.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}: {len(result['cases'])} cases")
