# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/astrocytes.json with NEST 3.10 (run in a
venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_astrocytes.py

The protocols (tests/validation/astro_cases.py) are shared with
tests/validation/test_astrocytes_nest.py, which replays them with Roost:
deterministic traces of astrocyte_lr_1994, aeif_cond_alpha_astro and
sic_connection (three grids / delay settings), and the statistics of NEST's
astrocyte_single.py and astrocyte_interaction.py per seed. Also NEST's
defaults of both models and of sic_connection (test_model_coverage.py
compares the models' with Roost's).
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import astro_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


result = {"models": astro_cases.MODELS, "nest_defaults": {}}
nest.ResetKernel()
for model in astro_cases.MODELS:
    result["nest_defaults"][model] = {k: plain(v) for k, v in nest.GetDefaults(model).items() if plain(v) is not None}
result["sic_connection_defaults"] = {
    k: plain(v) for k, v in nest.GetDefaults("sic_connection").items() if plain(v) is not None}
result["deterministic"] = {v: astro_cases.run_interaction(nest, v) for v in astro_cases.VARIANTS}
result["single"] = [astro_cases.run_single(nest, s) for s in astro_cases.STAT_SEEDS]
result["interaction"] = [astro_cases.run_interaction_poisson(nest, s) for s in astro_cases.STAT_SEEDS]
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_astrocytes.py"
out = ROOT / "tests" / "validation" / "data" / "astrocytes.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}: {len(result['deterministic'])} deterministic cases, {out.stat().st_size} bytes")
