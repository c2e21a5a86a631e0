# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/gif_pop_psc_exp.json with NEST 3.10 (run in a
venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_gif_pop_psc_exp.py

The protocols are tests/validation/gif_pop_network.py's: the deterministic
traces, and per-seed statistics of the example network and of a Poisson-drawing
population over five seeds, with NEST's self-test of the pass rule (fresh seeds
pass; a 10 % longer tau_m, resp. binomial draws, fail).
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import gif_pop_network as net  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR


def stats_case(fn, **perturbed):
    per_seed = [dict(seed=s, **fn(nest, s)) for s in net.SEEDS]
    summary = net.summarize(per_seed)
    fresh = [fn(nest, s) for s in net.REPLAY_SEEDS]
    wrong = [fn(nest, s, **perturbed) for s in net.REPLAY_SEEDS]
    f_fresh, r_fresh = net.rule_failures(summary, fresh)
    f_wrong, r_wrong = net.rule_failures(summary, wrong)
    return {"seeds": net.SEEDS, "per_seed": per_seed, "summary": summary,
            "self_test": {"fresh_seeds": {"failed": f_fresh, "ratios": r_fresh},
                          "perturbed": {"perturbation": {k: str(v) for k, v in perturbed.items()},
                                        "failed": f_wrong, "ratios": r_wrong}}}


NODE_BOOKKEEPING = {"elementsize", "frozen", "global_id", "local", "model_id", "node_uses_wfr", "thread",
                   "thread_local_id", "vp", "type_id", "element_type", "model"}
nest.ResetKernel()
defaults = {k: v for k, v in nest.GetDefaults("gif_pop_psc_exp").items()
            if isinstance(v, (int, float, bool, str)) and k not in NODE_BOOKKEEPING}
defaults["tau_sfa"] = list(nest.GetDefaults("gif_pop_psc_exp", "tau_sfa"))
defaults["q_sfa"] = list(nest.GetDefaults("gif_pop_psc_exp", "q_sfa"))
result = {
    "schema": "roost-nest-reference/1",
    "name": "gif_pop_psc_exp",
    "description": "gif_pop_psc_exp: deterministic traces (free potential, PSCs, E_sfa, expected count before "
                   "the first spike) and population statistics of NEST's example network and of Poisson draws.",
    "nest_version": nest.__version__,
    "generator": "tools/nest_reference/gen_gif_pop_psc_exp.py",
    # For tests/validation/test_model_coverage.py: the models the case covers
    # ("models", main's convention; "protocol", this branch's reading).
    "models": ["gif_pop_psc_exp"],
    "protocol": {"nodes": [{"label": "pops", "model": "gif_pop_psc_exp", "n": 2, "params": {}}]},
    "nest_defaults": {"gif_pop_psc_exp": defaults},
    "rule": {"kind": "seed_means", "z": 3.5, "floor_rel": 0.01, "floor_abs": 1e-9},
    "deterministic": net.deterministic(nest),
    "example": stats_case(net.example_stats, perturb={"tau_m": 1.1}),
    "poisson": stats_case(net.poisson_stats, binorand=True),
}
out = ROOT / "tests" / "validation" / "data" / "gif_pop_psc_exp.json"
out.write_text(json.dumps(result) + "\n")
for key in ("example", "poisson"):
    st = result[key]["self_test"]
    print(key, "fresh failed:", st["fresh_seeds"]["failed"], "perturbed failed:", st["perturbed"]["failed"])
    print("  ", {k: round(v["mean"], 4) for k, v in result[key]["summary"].items()})
    print("  ", {k: round(v["std"], 4) for k, v in result[key]["summary"].items()})
print(f"wrote {out}")
