# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/iaf_cond_alpha_mc.json with NEST 3.10 (run in
a venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_iaf_cond_alpha_mc.py

The protocols are tests/validation/mc_cases.py (NEST's mc_neuron.py example
and a driven two-neuron case); NEST's defaults of the model are stored too.
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import mc_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    if isinstance(value, float):
        return float(f"{value:.13g}")  # 13 digits: far below every bound the replay uses
    return value


nest.ResetKernel()
defaults = nest.GetDefaults("iaf_cond_alpha_mc")
keep = ("V_th", "V_reset", "t_ref", "g_sp", "g_pd", "soma", "proximal", "distal", "receptor_types", "recordables",
        "tau_minus", "tau_minus_triplet")
result = {"nest_version": nest.__version__, "generator": "tools/nest_reference/gen_iaf_cond_alpha_mc.py",
          "models": ["iaf_cond_alpha_mc"],
          "nest_defaults": {"iaf_cond_alpha_mc": {k: plain(defaults[k]) for k in keep}},
          "cases": {name: plain(run(nest)) for name, run in mc_cases.CASES.items()}}
out = ROOT / "tests" / "validation" / "data" / "iaf_cond_alpha_mc.json"
out.write_text(json.dumps(result) + "\n")
for name, case in result["cases"].items():
    print(name, {g: len(t) for g, t in case["spikes"].items()})
print(f"wrote {out}")
