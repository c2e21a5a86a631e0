# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/gap_junctions.json with NEST 3.10 (run in a
venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_gap_junctions.py

The protocols (tests/validation/gap_cases.py) are shared with
tests/validation/test_gap_junctions_nest.py, which replays them with Roost.
Also NEST's defaults of the gap-junction neurons (test_model_coverage.py
compares them with Roost's).
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import gap_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


result = {"models": gap_cases.MODELS, "nest_defaults": {}}
nest.ResetKernel()
for model in gap_cases.MODELS + ["gap_junction"]:
    d = nest.GetDefaults(model)
    result["nest_defaults"][model] = {k: plain(v) for k, v in d.items() if plain(v) is not None}
result["pair"] = {variant: gap_cases.run_pair(nest, variant) for variant in gap_cases.PAIR_VARIANTS}
result["traub_pair"] = gap_cases.run_traub_pair(nest)
result["ring"] = gap_cases.run_ring(nest)
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_gap_junctions.py"
out = ROOT / "tests" / "validation" / "data" / "gap_junctions.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}: spikes pair {len(result['pair']['order3']['spikes']['times'])}, "
      f"traub {len(result['traub_pair']['spikes']['times'])}, ring {len(result['ring']['spikes']['times'])}")
