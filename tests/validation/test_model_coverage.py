# SPDX-License-Identifier: GPL-2.0-or-later
"""Every neuron model Roost registers is validated against NEST, and starts
from NEST's defaults.

* A registered neuron model without a NEST reference case (a scenario or a
  statistical case whose protocol creates it) fails: a model is done when its
  reference cases pass, and test_reference_cases.py replays them on the
  backend under test (ROOST_BACKEND).
* Models whose NEST recordings Roost makes itself (tools/nest_reference/
  gen_*.py, for models the shared reference set lacks) count when their JSON
  in tests/validation/data names them: a top-level "models" list (the neuron
  models its cases create, and which a validation test replays) and,
  optionally, "nest_defaults" ({model: GetDefaults}) as the shared cases have.
* The defaults NEST recorded with each case (``nest_defaults``) are compared
  with Roost's GetDefaults for every numeric key both have: parameters and
  initial state within 1e-12 relative.  Keys Roost does not have are listed
  in docs/models/<model>.md under "Differences from NEST".
"""

import json
import math
from pathlib import Path

import pytest

REPO_DATA = Path(__file__).parent / "data"


def _cases(reference_dir):
    for sub in ("neurons", "synapses", "devices"):
        for path in sorted((reference_dir / sub).glob("*.json")):
            with open(path, encoding="utf-8") as fh:
                yield path, json.load(fh)


def _repo_cases():
    """Roost's own NEST 3.10 recordings that declare the models they cover."""
    for path in sorted(REPO_DATA.glob("*.json")):
        with open(path, encoding="utf-8") as fh:
            case = json.load(fh)
        if isinstance(case, dict) and "models" in case:
            yield path, case


def _neuron_models(nest):
    nest.ResetKernel()
    return sorted(m for m in nest.node_models
                  if nest.GetDefaults(m).get("element_type") == "neuron")


def test_every_neuron_model_has_a_reference_case(nest, reference_dir):
    used = set()
    for _, case in _cases(reference_dir):
        used.update(n["model"] for n in case["protocol"]["nodes"])
    for _, case in _repo_cases():
        used.update(case["models"])
    missing = [m for m in _neuron_models(nest) if m not in used]
    assert not missing, f"neuron models without a NEST reference case: {missing}"


def test_defaults_match_nest(nest, reference_dir):
    nest.ResetKernel()
    roost_models = set(_neuron_models(nest))
    checked, problems = set(), []
    for path, case in [*_cases(reference_dir), *_repo_cases()]:
        for model, nest_defaults in case.get("nest_defaults", {}).items():
            if model not in roost_models or model in checked:
                continue
            checked.add(model)
            ours = nest.GetDefaults(model)
            for key, value in nest_defaults.items():
                if key not in ours or isinstance(value, (bool, str, list, dict)):
                    continue
                mine = ours[key]
                if isinstance(mine, bool) or not isinstance(mine, (int, float)):
                    continue
                if not math.isclose(float(mine), float(value), rel_tol=1e-12, abs_tol=1e-300):
                    problems.append(f"{model}.{key}: Roost {mine!r}, NEST {value!r} ({path.name})")
    assert checked, "no reference case recorded defaults of a Roost neuron model"
    assert not problems, "defaults differ from NEST 3.10:\n" + "\n".join(problems)
