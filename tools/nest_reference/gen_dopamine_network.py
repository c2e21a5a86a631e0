# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/stdp_dopamine_network.json with NEST 3.10
(run in a venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_dopamine_network.py
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import dopamine_network  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR
result = dopamine_network.run(nest, threads=1)
two = dopamine_network.run(nest, threads=2)
assert two == result, "NEST itself differs between 1 and 2 threads"
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_dopamine_network.py"
out = ROOT / "tests" / "validation" / "data" / "stdp_dopamine_network.json"
out.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {out}: {len(result['probes'])} probes, {len(result['driven_spikes'])} spikes of the driven neuron")
