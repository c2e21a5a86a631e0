# SPDX-License-Identifier: GPL-2.0-or-later
"""The scripts in examples/ run to completion with small settings.

Each example runs as a subprocess (as a user would run it) with
MPLBACKEND=Agg, in a temporary directory, with the source tree's
bindings/python on PYTHONPATH unless roost is installed.  Skipped while the
compiled core roost._roost cannot be imported.
"""

import re
import subprocess
import sys
from pathlib import Path


REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"


def run_example(env, tmp_path, script, *args, timeout=600):
    proc = subprocess.run([sys.executable, str(EXAMPLES / script), *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (f"{script} exited with {proc.returncode}\n"
                                  f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}")
    return proc.stdout


def _number(pattern, text):
    m = re.search(pattern, text)
    assert m, f"no line matching {pattern!r} in the output:\n{text}"
    return float(m.group(1))


NUMBER = r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"


def test_hello_world(roost_env, tmp_path):
    png = tmp_path / "hello_world.png"
    out = run_example(roost_env, tmp_path, "hello_world.py", "--output", str(png))
    assert png.is_file() and png.stat().st_size > 0
    assert _number(r"Spike count\s*:\s*" + NUMBER, out) == 0
    peak = _number(r"Peak V_m\s*:\s*" + NUMBER, out)
    # two 50 pA inputs lift V_m a little above E_L = -70 mV, far from threshold
    assert -70.0 < peak < -55.0


def test_brunel_delta(roost_env, tmp_path):
    png = tmp_path / "raster.png"
    out = run_example(roost_env, tmp_path, "brunel_delta.py", "--scale", "0.1",
                      "--simtime", "100", "--output", str(png))
    assert png.is_file() and png.stat().st_size > 0
    rate_ex = _number(r"Excitatory rate\s*:\s*" + NUMBER + r"\s*Hz", out)
    rate_in = _number(r"Inhibitory rate\s*:\s*" + NUMBER + r"\s*Hz", out)
    assert rate_ex > 0 and rate_in > 0
    # 1000 + 250 neurons, in-degrees 100 + 25, one Poisson input each, 2 x 50 recorder links
    assert _number(r"Number of synapses\s*:\s*" + NUMBER, out) == 1250 * 125 + 1250 + 100


def test_stdp_pairing(roost_env, tmp_path):
    """Causal pairs potentiate, anti-causal ones depress; NEST 3.10 prints
    these final weights for the same script (recorded 2026-12-07)."""
    out = run_example(roost_env, tmp_path, "stdp_pairing.py")
    nest_weights = {-20.0: 42.9452, -10.0: 38.0037, -5.0: 34.4891, 5.0: 64.7268, 10.0: 61.3857, 20.0: 56.6844}
    for lag, weight in nest_weights.items():
        m = re.search(rf"^\s*{lag:.1f}\s+{NUMBER}\s+(\d+)", out, re.M)
        assert m, f"no line for lag {lag} in:\n{out}"
        assert abs(float(m.group(1)) - weight) < 1e-4
        assert int(m.group(2)) == 20


def test_spatial_layers(roost_env, tmp_path):
    png = tmp_path / "spatial.png"
    out = run_example(roost_env, tmp_path, "spatial_layers.py", "--simtime", "50", "--output", str(png))
    assert png.is_file() and png.stat().st_size > 0
    assert _number(r"E->E connections\s*:\s*" + NUMBER, out) > 0
    assert _number(r"I->E connections\s*:\s*" + NUMBER, out) > 0
    # a Gaussian kernel (std 0.25) inside a circular mask of radius 0.5
    assert 0.15 < _number(r"Mean E->E distance\s*:\s*" + NUMBER, out) <= 0.5
    assert _number(r"Excitatory rate\s*:\s*" + NUMBER + r"\s*Hz", out) >= 0
