# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/bw_2001_exact_nmda.json with NEST 3.10
(run in a venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_bw_2001_exact_nmda.py
"""

import json
import pathlib
import sys

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import bw_2001_exact_network  # noqa: E402

nest.verbosity = nest.VerbosityLevel.ERROR
result = bw_2001_exact_network.run(nest, threads=1)
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_bw_2001_exact_nmda.py"
out = ROOT / "tests" / "validation" / "data" / "bw_2001_exact_nmda.json"
out.write_text(json.dumps(result) + "\n")
print(f"wrote {out}: spikes " + ", ".join(f"{g}: {len(t)}" for g, t in result["spikes"].items()))
