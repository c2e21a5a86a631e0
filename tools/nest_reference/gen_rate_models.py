# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/rate_models.json with NEST 3.10 (run in a
venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_rate_models.py

The protocols (tests/validation/rate_cases.py) are shared with
tests/validation/test_rate_models_nest.py, which replays them with Roost:
the deterministic traces of every rate model (also with waveform
relaxation, NEST's default), the noise statistics of
isolated nodes and the population rates of NEST's lin_rate_ipn_network.py
example, per seed. Also NEST's defaults of every rate model
(test_model_coverage.py compares them with Roost's).
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import rate_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


result = {"models": rate_cases.MODELS, "nest_defaults": {}, "deterministic": {}, "noise": {}, "example": []}
nest.ResetKernel()
for model in rate_cases.MODELS:
    d = nest.GetDefaults(model)
    result["nest_defaults"][model] = {k: plain(v) for k, v in d.items() if plain(v) is not None}
for model, variant in rate_cases.DETERMINISTIC:
    result["deterministic"][f"{model}/{variant}"] = rate_cases.run_deterministic(nest, model, variant)
result["wfr"] = {f"{m}/{v}": rate_cases.run_deterministic(nest, m, v, wfr=True) for m, v in rate_cases.WFR}
result["step_rate_generator"] = {"no_wfr": rate_cases.run_step_rate_generator(nest),
                                 "wfr": rate_cases.run_step_rate_generator(nest, wfr=True)}
nest.ResetKernel()
result["nest_defaults"]["step_rate_generator"] = {
    k: plain(v) for k, v in nest.GetDefaults("step_rate_generator").items() if plain(v) is not None}
for model in rate_cases.NOISE_MODELS:
    result["noise"][model] = [rate_cases.run_noise(nest, model, seed) for seed in rate_cases.NOISE_SEEDS]
result["example"] = [rate_cases.run_example_network(nest, seed) for seed in rate_cases.EXAMPLE_SEEDS]
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_rate_models.py"
out = ROOT / "tests" / "validation" / "data" / "rate_models.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}: {len(result['deterministic'])} deterministic cases")
