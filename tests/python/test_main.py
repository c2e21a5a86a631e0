# SPDX-License-Identifier: GPL-2.0-or-later
"""python -m roost run script.py: unmodified PyNEST scripts."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

BINDINGS = Path(__file__).resolve().parents[2] / "bindings" / "python"

SCRIPT = textwrap.dedent("""
    import sys
    import nest
    import nest.raster_plot
    import nest.voltage_trace
    from nest import voltage_trace
    import matplotlib
    matplotlib.use("Agg")

    assert __name__ == "__main__"
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.WARNING
    nest.resolution = 0.1
    neuron = nest.Create("iaf_psc_alpha", params={"I_e": 376.0})
    sr = nest.Create("spike_recorder")
    vm = nest.Create("voltmeter")
    nest.Connect(neuron, sr)
    nest.Connect(vm, neuron)
    nest.Simulate(100.0)
    voltage_trace.from_device(vm)
    nest.raster_plot.from_device(sr, hist=True)
    w = nest.random.uniform(1.0, 2.0)
    print("args", sys.argv[1:])
    print("spikes", sr.events["times"].tolist())
""")


def run(args, cwd):
    env = dict(os.environ, MPLBACKEND="Agg")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(BINDINGS), env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "roost"] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_run_script(nest, tmp_path):
    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    proc = run(["run", str(script), "--flag", "7"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "args ['--flag', '7']" in proc.stdout
    assert "spikes [59.3" in proc.stdout


def test_script_failure_propagates(nest, tmp_path):
    script = tmp_path / "bad.py"
    script.write_text("import nest\nnest.Create('no_such_model')\n")
    proc = run(["run", str(script)], tmp_path)
    assert proc.returncode != 0
    assert "UnknownModelName" in proc.stderr


def test_version(nest, tmp_path):
    proc = run(["--version"], tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"roost {nest.__version__}"
