# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/pp_cond_exp_mc_urbanczik.json with NEST 3.10
(run in a venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_pp_cond_exp_mc_urbanczik.py

The protocols are tests/validation/urbanczik_cases.py: the deterministic
traces, and spike statistics for seeds 1..5; NEST's defaults are stored too.
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import urbanczik_cases  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR
SEEDS = [1, 2, 3, 4, 5]


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    if isinstance(value, float):
        return float(f"{value:.13g}")
    return value


nest.ResetKernel()
defaults = nest.GetDefaults("pp_cond_exp_mc_urbanczik")
keep = ("t_ref", "phi_max", "rate_slope", "beta", "theta", "g_sp", "g_ps", "soma", "dendritic", "receptor_types",
        "recordables", "tau_minus", "tau_minus_triplet")
result = {"nest_version": nest.__version__, "generator": "tools/nest_reference/gen_pp_cond_exp_mc_urbanczik.py",
          "models": ["pp_cond_exp_mc_urbanczik"],
          "nest_defaults": {"pp_cond_exp_mc_urbanczik": {k: plain(defaults[k]) for k in keep}},
          "trace": plain(urbanczik_cases.run_trace(nest)),
          "stats": {str(seed): urbanczik_cases.run_stats(nest, seed) for seed in SEEDS}}
out = ROOT / "tests" / "validation" / "data" / "pp_cond_exp_mc_urbanczik.json"
out.write_text(json.dumps(result) + "\n")
for seed, s in result["stats"].items():
    print(seed, s)
print(f"wrote {out}")
