# SPDX-License-Identifier: GPL-2.0-or-later
"""Records tests/validation/data/binary_neurons.json with NEST 3.10 (run in a
venv with `pip install nest-simulator==3.10.0`, never Roost's):

    python tools/nest_reference/gen_binary_neurons.py

The protocol (tests/validation/binary_neurons.py) is shared with
tests/validation/test_binary_neurons_nest.py, which replays it with Roost:
the deterministic chain exactly, the statistical cases per seed.
"""

import json
import pathlib
import sys
import time

import nest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
import binary_neurons as bn  # noqa: E402

result = {"chain": bn.chain(nest, 1), "chain_2threads": bn.chain(nest, 2)}
t0 = time.time()
result["ginzburg_net"] = [bn.ginzburg_net(nest, s) for s in bn.SEEDS]
result["example"] = [bn.example(nest, s) for s in bn.SEEDS]
result["seconds"] = time.time() - t0
# For tests/validation/test_model_coverage.py: the models this case covers and NEST's defaults.
MODELS = ["mcculloch_pitts_neuron", "ginzburg_neuron", "erfc_neuron", "spin_detector", "correlospinmatrix_detector"]
result["models"] = MODELS
result["protocol"] = {"nodes": [{"model": m} for m in MODELS],
                      "replayed_by": "tests/validation/test_binary_neurons_nest.py"}
nest.ResetKernel()
result["nest_defaults"] = {
    m: {k: v for k, v in nest.GetDefaults(m).items() if isinstance(v, (bool, int, float, str))} for m in MODELS}
result["nest_version"] = nest.__version__
result["generator"] = "tools/nest_reference/gen_binary_neurons.py"
out = ROOT / "tests" / "validation" / "data" / "binary_neurons.json"
out.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {out} in {result['seconds']:.1f} s")
