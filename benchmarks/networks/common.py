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

Under MPI (``mpirun -np N python brunel.py ...``) every rank runs the same
script; only rank 0 prints the JSON line (and appends it to ``--json-out``).
'ranks' is NumProcesses(), 'synapses' the kernel's global num_connections,
and spikes are counted over all ranks (Roost: ``nest.gather_events``).  The
times are rank 0's (the phases start after a barrier, and Simulate ends in a
collective spike exchange, so they are close to the slowest rank's), as is
'time_communicate_s' (Roost's time in the spike exchange, waiting included).
'peak_rss_mib' is rank 0's own peak RSS, 'peak_rss_mib_all_ranks' the sum
over the ranks (see ``sum_over_ranks``; None where it cannot be had).
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
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]

# Keys of the result line, in print order (issue 5's list plus context).
RESULT_KEYS = (
    "benchmark", "simulator", "version", "commit", "backend", "device", "device_emulated",
    "threads", "ranks", "scale", "k_scale", "seed", "neurons", "synapses", "synapses_recurrent",
    "simtime_ms", "presim_ms", "construction_s", "presim_s", "simulation_s", "real_time_factor",
    "time_communicate_s",
    "record", "recorded_neurons", "spikes", "mean_rate_hz", "peak_rss_mib", "peak_rss_mib_all_ranks",
    "device_memory_bytes",
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
    p.add_argument("--spike-exchange", choices=("allgather", "alltoallv"), default="allgather",
                   help="Roost under MPI: how spikes travel between ranks (default allgather)")
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
        nest.SetKernelStatus({"backend": args.backend, "spike_exchange": args.spike_exchange})
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


def num_processes(nest):
    try:
        return int(nest.NumProcesses())
    except Exception:
        return 1


def rank(nest):
    try:
        return int(nest.Rank())
    except Exception:
        return 0


def is_root(nest):
    """True on rank 0 (and without MPI): the rank that prints."""
    return rank(nest) == 0


def sync(nest):
    """A barrier over the ranks (nothing with one process)."""
    if num_processes(nest) > 1:
        nest.SyncProcesses()


def _module_of(recorders):
    """The simulator module a NodeCollection comes from (roost or nest)."""
    return sys.modules.get(type(recorders[0]).__module__.split(".")[0])


def time_communicate(nest, args):
    """Roost: seconds this rank spent in the spike exchange since ResetKernel
    (kernel 'time_communicate': the allgather, waiting for the slower ranks
    included, and the merge); None for NEST."""
    if args.simulator != "roost":
        return None
    value = nest.GetKernelStatus().get("time_communicate")
    return float(value) if value is not None else None


def spike_recorders(nest, neurons, exc, record, n_record=0):
    """([spike_recorder] connected to all neurons or to the first n_record
    excitatory ones, recorded count); ([], 0) when record is off."""
    if not record:
        return [], 0
    rec_nodes = exc[:n_record] if n_record else neurons
    recorder = nest.Create("spike_recorder")
    nest.Connect(rec_nodes, recorder)
    return [recorder], len(rec_nodes)


def count_events(recorders, nest=None):
    """Number of events of the recorders over all ranks.

    One process: the sum of their n_events.  Several ranks: collective (every
    rank must call it); Roost gathers each recorder's events on rank 0 with
    ``nest.gather_events``, NEST sums the per-rank counts with
    ``sum_over_ranks``.  The global count is returned on rank 0; the other
    ranks get their own local count (they print nothing)."""
    if not recorders:
        return 0
    nest = nest or _module_of(recorders)
    local = int(sum(int(r.get("n_events")) for r in recorders))
    if nest is None or num_processes(nest) == 1:
        return local
    if hasattr(nest, "gather_events"):
        total = 0
        for r in recorders:
            events = nest.gather_events(r, root=0)
            if events is not None:
                total += len(events["times"])
        return total if is_root(nest) else local
    total = sum_over_ranks(nest, local, "events")
    return int(total) if is_root(nest) and total is not None else local


def _job_key():
    """A name shared by the ranks of one launch and no other: the launcher's
    job id (Open MPI/PMIx namespace, Slurm job and step), else the parent
    process (mpirun's local daemon on this node)."""
    for var in ("PMIX_NAMESPACE", "OMPI_MCA_ess_base_jobid"):
        if os.environ.get(var):
            return os.environ[var]
    if os.environ.get("SLURM_JOB_ID"):
        return f"slurm{os.environ['SLURM_JOB_ID']}.{os.environ.get('SLURM_STEP_ID', '0')}"
    return f"ppid{os.getppid()}"


def sum_over_ranks(nest, value, tag):
    """Sum of a per-rank number over all ranks, on rank 0 (None elsewhere).

    Collective.  Without new compiled code there is no reduction to use, so
    each rank writes its value to a file named by job, tag and rank in
    $ROOST_BENCH_SHARED_DIR (default: the temporary directory), and rank 0
    reads them after a barrier.  The files must be visible to rank 0: on
    several nodes set ROOST_BENCH_SHARED_DIR to a shared file system;
    otherwise rank 0 does not find them all and the sum is None."""
    n = num_processes(nest)
    if n == 1:
        return value
    me = rank(nest)
    folder = Path(os.environ.get("ROOST_BENCH_SHARED_DIR") or tempfile.gettempdir())
    key = "".join(c if c.isalnum() or c in "._-" else "_" for c in _job_key())

    def path(r):
        return folder / f"roost-bench-{key}-{tag}-{r}.txt"

    mine = path(me)
    try:
        tmp = mine.with_suffix(".tmp")
        tmp.write_text(repr(float(value)), encoding="utf-8")
        tmp.replace(mine)
    except OSError:
        mine = None
    sync(nest)
    total = None
    if me == 0:
        values = []
        deadline = time.monotonic() + 2.0      # a shared file system may lag a little
        for r in range(n):
            while True:
                try:
                    values.append(float(path(r).read_text(encoding="utf-8")))
                    break
                except (OSError, ValueError):
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
        total = sum(values) if len(values) == n else None
    sync(nest)                                  # rank 0 has read them all
    if mine is not None:
        with contextlib.suppress(OSError):
            mine.unlink()
    return total


def result(nest, args, benchmark, sw, neurons, synapses_recurrent, spikes, recorded_neurons,
           presim_ms=0.0, k_scale=None):
    """Builds, prints (last line, JSON) and returns the result record.

    Collective under MPI (every rank must call it); only rank 0 prints and
    writes --json-out, and only its record is complete (spikes from
    count_events, the RSS sum)."""
    rss = peak_rss_mib()
    rss_all = sum_over_ranks(nest, rss, "rss")
    device, emulated, dev_mem, bps = device_facts(nest, args)
    sim_s = sw.seconds.get("simulation")
    rate = None
    if spikes is not None and recorded_neurons:
        rate = spikes / (recorded_neurons * args.simtime / 1000.0)
    rec = {
        "benchmark": benchmark,
        "simulator": args.simulator,
        "version": simulator_version(nest, args.simulator),
        "commit": roost_commit(nest) if args.simulator == "roost" and is_root(nest) else None,
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
        "time_communicate_s": time_communicate(nest, args),
        "record": bool(args.record),
        "recorded_neurons": int(recorded_neurons) if args.record else 0,
        "spikes": spikes,
        "mean_rate_hz": rate,
        "peak_rss_mib": rss,
        "peak_rss_mib_all_ranks": rss_all,
        "device_memory_bytes": dev_mem,
        "bytes_per_synapse": bps,
        "host": platform.node(),
        "cpu": f"{cpu_name()} x{os.cpu_count()}",
        "python": platform.python_version(),
    }
    rec = {k: rec[k] for k in RESULT_KEYS}
    if not is_root(nest):
        return rec
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
