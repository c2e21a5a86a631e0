# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/cm_default.json with NEST 3.10 (run in a venv
with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_cm_default.py

The protocols (tests/validation/cm_cases.py) are shared with
tests/validation/test_cm_default_nest.py, which replays them with Roost:
NEST's examples compartmental_model/two_comps.py and
receptors_and_current.py, and a branching tree with every receptor type.
Also NEST's defaults of cm_default (test_model_coverage.py compares them).
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import cm_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


nest.ResetKernel()
result = {
    "models": ["cm_default"],
    "nest_defaults": {"cm_default": {k: plain(v) for k, v in nest.GetDefaults("cm_default").items()
                                     if plain(v) is not None}},
    "two_comps": cm_cases.run_two_comps(nest),
    "receptors_and_current": cm_cases.run_receptors_and_current(nest),
    "receptors_and_current_quantized": cm_cases.run_receptors_and_current(nest, quantized=True),
    "tree": cm_cases.run_tree(nest),
}
nest.ResetKernel()
cm = cm_cases.build_tree(nest)
status = nest.GetStatus(cm)[0]
result["tree_status"] = {"compartments": [dict(c) for c in status["compartments"]],
                         "receptors": [dict(r) for r in status["receptors"]],
                         "recordables": [str(r) for r in status["recordables"]]}
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_cm_default.py"
out = ROOT / "tests" / "validation" / "data" / "cm_default.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}: tree spikes {result['tree']['spikes']}, two_comps spikes "
      f"{result['two_comps']['passive']['spikes']} / {result['two_comps']['active']['spikes']}")
