# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/siegert.json with NEST 3.10 (run in a venv
with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_siegert.py

The protocols (tests/validation/siegert_cases.py) are shared with
tests/validation/test_siegert_nest.py, which replays them with Roost. Also
NEST's defaults of siegert_neuron (test_model_coverage.py compares them).
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import siegert_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


result = {"models": siegert_cases.MODELS, "nest_defaults": {}}
nest.ResetKernel()
for model in siegert_cases.MODELS:
    result["nest_defaults"][model] = {k: plain(v) for k, v in nest.GetDefaults(model).items() if plain(v) is not None}
result["example"] = siegert_cases.run_example(nest)
result["branches"] = {"wfr": siegert_cases.run_branches(nest, True),
                      "no_wfr": siegert_cases.run_branches(nest, False)}
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_siegert.py"
out = ROOT / "tests" / "validation" / "data" / "siegert.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}")
