# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/precise2_models.json with NEST 3.10 (run in a
venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_precise2.py

The protocols (tests/validation/precise2_cases.py) are shared with
tests/validation/test_precise2_nest.py, which replays them with Roost:
iaf_psc_delta_ps and iaf_psc_exp_ps_lossless under DC drive and grid, off-grid and inhibitory input,
spike_generator with precise_times into parrot_neuron_ps chains (several
spikes within one step, multiplicities, port 1 ignored) and into
iaf_psc_delta_ps; statistics of poisson_generator_ps trains (rate, dead
time, ISI law, offsets) over several seeds. Also NEST's defaults of the models for the coverage test.
"""

import json
import math
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import precise2_cases  # noqa: E402

nest.set_verbosity("M_ERROR") if hasattr(nest, "set_verbosity") else None


def plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


result = {"models": precise2_cases.MODELS, "nest_defaults": {}}
nest.ResetKernel()
for model in precise2_cases.MODELS + precise2_cases.DEVICES:
    d = nest.GetDefaults(model)
    result["nest_defaults"][model] = {k: plain(v) for k, v in d.items() if plain(v) is not None}
result["delta"] = {c: precise2_cases.run_delta_case(nest, c) for c in precise2_cases.DELTA_CASES}
result["lossless"] = {c: precise2_cases.run_lossless_case(nest, c) for c in precise2_cases.LOSSLESS_CASES}
result["lossless_instability"] = precise2_cases.run_lossless_instability(nest)
result["parrot_chain"] = precise2_cases.run_parrot_chain(nest)
result["parrot_chain_tics"] = precise2_cases.run_parrot_chain(nest, tics_per_ms=64)
result["generator_to_delta"] = precise2_cases.run_generator_to_delta(nest)
result["poisson_ps"] = {str(seed): precise2_cases.poisson_ps_summary(precise2_cases.run_poisson_ps(nest, seed))
                        for seed in precise2_cases.PS_SEEDS}
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_precise2.py"
out = ROOT / "tests" / "validation" / "data" / "precise2_models.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}")
