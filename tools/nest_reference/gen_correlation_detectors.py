# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/correlation_detectors.json with NEST 3.10
(run in a venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_correlation_detectors.py

The protocol (tests/validation/correlation_detectors.py) is shared with
tests/validation/test_correlation_detectors.py, which replays it with Roost.
The result for 1 thread is recorded. Cases whose NEST result differs with 2
threads are listed in "thread_dependent": NEST delivers neuron spikes in an
order that depends on the thread count, and its pruning then loses different
pairs. Roost reproduces NEST's 1-thread order for any thread count.
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import correlation_detectors  # noqa: E402

nest.set_verbosity("M_ERROR") if hasattr(nest, "set_verbosity") else None
result = {"cases": {}, "thread_dependent": []}
for name in correlation_detectors.CASES:
    one = correlation_detectors.run_case(nest, name, threads=1)
    two = correlation_detectors.run_case(nest, name, threads=2)
    if one != two:
        result["thread_dependent"].append(name)
    result["cases"][name] = one
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_correlation_detectors.py"
out = ROOT / "tests" / "validation" / "data" / "correlation_detectors.json"
out.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {out}: {len(result['cases'])} cases; thread-dependent in NEST: {result['thread_dependent']}")
