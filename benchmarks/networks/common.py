# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared parts of the network benchmarks: command line, simulator import,
timing, peak memory and the one-line JSON result.

Every benchmark runs the same PyNEST code for both simulators; only the
import differs (``import roost as nest`` or ``import nest``).  Timing follows
/work/shared/reference/nest/performance.md:

* construction = Create + Connect + a first Simulate of one resolution step
  (NEST prepares its connection infrastructure there, Roost builds its
  delivery tables there);
* simulation = the Simulate(simtime) that follows.

The last line a benchmark prints is one JSON object (see ``result``); the
comparison runner (compare.py) reads that line and nothing else.
"""

import argparse
import contextlib
import io
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]

# Keys of the result line, in print order (issue 5's list plus context).
RESULT_KEYS = (
    "benchmark", "simulator", "version", "commit", "backend", "device", "device_emulated",
    "threads", "ranks", "scale", "k_scale", "seed", "neurons", "synapses", "synapses_recurrent",
    "simtime_ms", "presim_ms", "construction_s", "presim_s", "simulation_s", "real_time_factor",
    "record", "recorded_neurons", "spikes", "mean_rate_hz", "peak_rss_mib", "device_memory_bytes",
    "bytes_per_synapse", "host", "cpu", "python",
)


def reference_dir():
    """The NEST reference data: $ROOST_REFERENCE_DIR, else ../shared/reference/nest
    next to the repository root."""
    env = os.environ.get("ROOST_REFERENCE_DIR")
    candidates = [Path(env).expanduser()] if env else []
    candidates.append(REPO_ROOT.parent / "shared" / "reference" / "nest")
    for path in candidates:
        if path.is_dir():
            return path.resolve()
    raise SystemExit("NEST reference data not found (tried "
                     + ", ".join(str(c) for c in candidates)
                     + "); set ROOST_REFERENCE_DIR")


def load_reference(relative):
    with open(reference_dir() / relative, encoding="utf-8") as fh:
        return json.load(fh)


def on_off(text):
    value = str(text).strip().lower()
    if value in ("on", "1", "true", "yes"):
        return True
    if value in ("off", "0", "false", "no"):
        return False
    raise argparse.ArgumentTypeError(f"expected on/off, got {text!r}")


def make_parser(description, default_simtime=1000.0, k_scale=False):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--simulator", choices=("roost", "nest"), default="roost",
                   help="which PyNEST-compatible module to import (default roost)")
    p.add_argument("--backend", choices=("cpu", "cuda"), default="cpu",
                   help="Roost backend (NEST has only cpu); cuda without a GPU is the emulated build")
    p.add_argument("--threads", type=int, default=2, help="local_num_threads (default 2)")
    p.add_argument("--scale", type=float, default=1.0, help="scale factor on the neuron numbers")
    if k_scale:
        p.add_argument("--k-scale", type=float, default=1.0, help="scale factor on the in-degrees")
    p.add_argument("--simtime", type=float, default=default_simtime,
                   help=f"simulated time of the timed Simulate in ms (default {default_simtime:g})")
    p.add_argument("--seed", type=int, default=55, help="rng_seed (default 55)")
    p.add_argument("--record", type=on_off, default=True, metavar="on|off",
                   help="record spikes with spike_recorders (default on)")
    p.add_argument("--json-out", default=None, help="also append the result line to this file")
    return p


def import_simulator(name):
    """The simulator module under its PyNEST name, made quiet.

    Roost is taken from the installed package or, failing that, from this
    source tree's bindings/python."""
    if name == "roost":
        try:
            import roost as nest  # noqa: F401
        except ImportError:
            sys.path.insert(0, str(REPO_ROOT / "bindings" / "python"))
            import roost as nest
    else:
        # NEST prints a banner on import; keep stdout for the result line.
        with contextlib.redirect_stdout(io.StringIO()):
            import nest
    nest.verbosity = nest.VerbosityLevel.ERROR
    return nest


def reset_kernel(nest, args):
    """ResetKernel; backend (Roost only), threads, resolution, seed."""
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    if args.simulator == "roost":
        nest.SetKernelStatus({"backend": args.backend})
    elif args.backend != "cpu":
        raise SystemExit("NEST has no 'cuda' backend here; use --backend cpu with --simulator nest")
    nest.SetKernelStatus({"local_num_threads": int(args.threads),
                          "resolution": 0.1,
                          "rng_seed": int(args.seed)})


class Stopwatch:
    """Wall-clock phases: ``with sw.phase('construction'): ...``."""

    def __init__(self):
        self.seconds = {}

    @contextlib.contextmanager
    def phase(self, name):
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0


def peak_rss_mib():
    """Peak resident set size of this process (ru_maxrss is KiB on Linux)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes there
        kib /= 1024.0
    return kib / 1024.0


def simulator_version(nest, name):
    version = getattr(nest, "__version__", None)
    if not version:
        try:
            version = nest.GetKernelStatus("build_info")["version"]
        except Exception:
            version = "unknown"
    return str(version)


def roost_commit(nest):
    """Commit of the source tree the imported roost module lives in (+dirty when
    that tree's C++/Python sources differ from it); None outside a checkout."""
    try:
        tree = Path(nest.__file__).resolve().parent
        out = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short=12", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        commit = out.stdout.strip()
        dirty = subprocess.run(["git", "-C", str(tree), "status", "--porcelain",
                                "--untracked-files=no", "--", ":/core", ":/cpu", ":/cuda", ":/models",
                                ":/bindings"], capture_output=True, text=True, timeout=10).stdout.strip()
        return commit + ("+dirty" if dirty else "") if commit else None
    except Exception:
        return None


def cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def device_facts(nest, args):
    """(device name, emulated?, device memory in bytes, bytes per synapse)."""
    if args.simulator != "roost" or args.backend != "cuda":
        return "cpu", None, None, None
    ks = nest.GetKernelStatus()
    return (ks.get("device_name"), ks.get("device_emulated"), ks.get("device_memory_used"),
            ks.get("device_bytes_per_synapse"))


def count_events(recorders):
    return int(sum(int(r.get("n_events")) for r in recorders))


def result(nest, args, benchmark, sw, neurons, synapses_recurrent, spikes, recorded_neurons,
           presim_ms=0.0, k_scale=None):
    """Builds, prints (last line, JSON) and returns the result record."""
    device, emulated, dev_mem, bps = device_facts(nest, args)
    sim_s = sw.seconds.get("simulation")
    rate = None
    if spikes is not None and recorded_neurons:
        rate = spikes / (recorded_neurons * args.simtime / 1000.0)
    rec = {
        "benchmark": benchmark,
        "simulator": args.simulator,
        "version": simulator_version(nest, args.simulator),
        "commit": roost_commit(nest) if args.simulator == "roost" else None,
        "backend": args.backend,
        "device": device,
        "device_emulated": emulated,
        "threads": int(nest.GetKernelStatus("local_num_threads")),
        "ranks": int(nest.NumProcesses()),
        "scale": args.scale,
        "k_scale": k_scale,
        "seed": args.seed,
        "neurons": int(neurons),
        "synapses": int(nest.GetKernelStatus("num_connections")),
        "synapses_recurrent": int(synapses_recurrent),
        "simtime_ms": args.simtime,
        "presim_ms": presim_ms,
        "construction_s": sw.seconds.get("construction"),
        "presim_s": sw.seconds.get("presim"),
        "simulation_s": sim_s,
        "real_time_factor": sim_s / (args.simtime / 1000.0) if sim_s else None,
        "record": bool(args.record),
        "recorded_neurons": int(recorded_neurons) if args.record else 0,
        "spikes": spikes,
        "mean_rate_hz": rate,
        "peak_rss_mib": peak_rss_mib(),
        "device_memory_bytes": dev_mem,
        "bytes_per_synapse": bps,
        "host": platform.node(),
        "cpu": f"{cpu_name()} x{os.cpu_count()}",
        "python": platform.python_version(),
    }
    rec = {k: rec[k] for k in RESULT_KEYS}
    line = json.dumps(rec, sort_keys=False)
    sys.stdout.flush()
    print(line, flush=True)
    if args.json_out:
        with open(args.json_out, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    return rec


def parse_result_line(text):
    """The last JSON object line of a benchmark's output (compare.py)."""
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            return json.loads(line)
    raise ValueError("no JSON result line in the output")
