# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs a network benchmark with Roost and with NEST on the same settings and
prints the Roost / NEST ratios of construction time, simulation time and
peak RSS (medians of --reps runs; each run is a fresh subprocess, the two
simulators alternate so that slow drifts of the machine hit both alike).

    python benchmarks/networks/compare.py brunel --scale 0.5 1 --reps 3
    python benchmarks/networks/compare.py microcircuit --scale 0.1 --k-scale 0.1 --simtime 1000
    python benchmarks/networks/compare.py hpc --scale 0.05 --simtime 100      # plastic (stdp_pl_synapse_hom_hpc)
    python benchmarks/networks/compare.py brunel --nest-python /opt/nest/bin/python

Finding NEST, in this order: --nest-python; the interpreter running this
script (``import nest``); the scratch venv /tmp/roost-nest-venv (made by
--install-nest with ``pip install nest-simulator``; never a project
requirement).  Without a working NEST the runner says so and prints Roost's
figures beside the NEST 3.10 figures recorded in the reference data's
performance.md, labelled as recorded figures from another session, not as a
comparison.

The issue 5 bar (2 threads, same machine, same run): simulation <= 0.5x,
construction <= 0.2x, peak RSS <= 0.5x of NEST's; the table marks each ratio.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import common  # noqa: E402

NEST_VENV = Path("/tmp/roost-nest-venv")
BAR = {"construction_s": 0.2, "simulation_s": 0.5, "peak_rss_mib": 0.5}
METRICS = (("construction_s", "construction (s)"), ("simulation_s", "simulation (s)"),
           ("peak_rss_mib", "peak RSS (MiB)"))


def nest_works(python):
    try:
        out = subprocess.run([str(python), "-c", "import nest, sys; sys.stderr.write(nest.__version__)"],
                             capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, str(exc)
    if out.returncode != 0:
        return None, (out.stderr.strip().splitlines() or ["import nest failed"])[-1]
    return out.stderr.strip().splitlines()[-1], ""


def install_nest():
    """pip install nest-simulator into the scratch venv; returns its python or None."""
    py = NEST_VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(NEST_VENV)], check=False)
    if not py.exists():
        return None
    print(f"installing nest-simulator into {NEST_VENV} (scratch venv, not a project dependency) ...",
          file=sys.stderr)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "nest-simulator", "numpy"], check=False)
    return py


def find_nest(args):
    """(python with a working NEST or None, version or reason)."""
    tried = []
    candidates = []
    if args.nest_python:
        candidates.append(Path(args.nest_python))
    else:
        candidates.append(Path(sys.executable))
        if (NEST_VENV / "bin" / "python").exists():
            candidates.append(NEST_VENV / "bin" / "python")
    for py in candidates:
        version, why = nest_works(py)
        if version:
            return py, version
        tried.append(f"{py}: {why}")
    if args.install_nest and not args.nest_python:
        py = install_nest()
        if py is not None:
            version, why = nest_works(py)
            if version:
                return py, version
            tried.append(f"{py} after pip install nest-simulator: {why}")
    return None, "; ".join(tried)


def _busy_jiffies():
    """Busy CPU time of the whole machine so far, in USER_HZ ticks (Linux)."""
    with open("/proc/stat", encoding="ascii") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    return sum(f) - f[3] - (f[4] if len(f) > 4 else 0)   # minus idle and iowait


def wait_until_idle(max_wait_s, threshold=0.1, sample_s=2.0):
    """Waits until the machine's busy fraction over sample_s is below threshold
    (other work would steal the benchmark's cores); returns the seconds waited."""
    if not os.path.exists("/proc/stat") or max_wait_s <= 0:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    ncpu = os.cpu_count() or 1
    t0 = time.perf_counter()
    while True:
        b0 = _busy_jiffies()
        time.sleep(sample_s)
        busy = (_busy_jiffies() - b0) / ticks / (sample_s * ncpu)
        waited = time.perf_counter() - t0
        if busy < threshold or waited >= max_wait_s:
            if busy >= threshold:
                print(f"  machine still {busy:.0%} busy after {waited:.0f} s: running anyway", file=sys.stderr)
            return waited


def run_one(python, simulator, args, env_extra):
    script = HERE / f"{args.benchmark}.py"
    cmd = [str(python), str(script), "--simulator", simulator, "--threads", str(args.threads),
           "--scale", str(args.scale_now), "--simtime", str(args.simtime), "--seed", str(args.seed_now),
           "--record", "on" if args.record else "off"]
    if args.benchmark == "microcircuit":
        cmd += ["--k-scale", str(args.k_scale), "--presim", str(args.presim)]
    elif args.benchmark == "hpc" and args.presim:
        cmd += ["--presim", str(args.presim)]
    if simulator == "roost":
        cmd += ["--backend", args.backend]
    cmd += args.extra
    env = dict(os.environ, **env_extra)
    waited = wait_until_idle(args.wait_idle)
    have_stat = os.path.exists("/proc/stat")
    busy0 = _busy_jiffies() if have_stat else 0
    ru0 = os.times()
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.timeout)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr[-3000:]}")
    ru1 = os.times()
    rec = common.parse_result_line(out.stdout)
    rec["_wall_s"] = wall
    rec["_waited_for_idle_s"] = waited
    if have_stat:
        # CPU time other processes took while this run ran: the noise indicator.
        own = (ru1.children_user - ru0.children_user) + (ru1.children_system - ru0.children_system)
        total = (_busy_jiffies() - busy0) / os.sysconf("SC_CLK_TCK")
        rec["_foreign_cpu_frac"] = max(0.0, total - own) / (wall * (os.cpu_count() or 1))
    return rec


def noise_note(rec):
    frac = rec.get("_foreign_cpu_frac")
    return "" if frac is None else f", other processes {frac:.0%} of the cores"


def median(records, key):
    vals = [r[key] for r in records if r.get(key) is not None]
    return statistics.median(vals) if vals else None


# ---------------------------------------------------------------- recorded NEST figures

def recorded_nest_figures():
    """NEST 3.10 figures parsed from the reference data's performance.md:
    {(benchmark, scale, k_scale): {construction_s, simulation_s_per_bio_s, peak_rss_mib, note}}."""
    try:
        text = (common.reference_dir() / "performance.md").read_text(encoding="utf-8")
    except (OSError, SystemExit):
        return {}
    out = {}
    brunel = re.compile(r"^\|\s*([\d.]+)\s*\|\s*([\d,]+)\s*\|[^|]*\|\s*([\d.]+)\s*/\s*([\d.]+)\s*\|"
                        r"\s*([\d.]+)\s*/\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|")
    micro = re.compile(r"^\|\s*N ([\d.]+), K ([\d.]+), Poisson\s*\|\s*[\d,]+\s*\|\s*([\d.]+)\s*\|"
                       r"\s*([\d.]+) s in ([\d.]+) s[^|]*\|\s*([\d.]+)\s*(MB|GB)\s*\|")
    for line in text.splitlines():
        m = brunel.match(line)
        if m:
            s = float(m.group(1))
            out[("brunel", s, None)] = {
                "construction_s": (float(m.group(3)) + float(m.group(4))) / 2,
                "simulation_s_per_bio_s": (float(m.group(5)) + float(m.group(6))) / 2,
                "peak_rss_mib": float(m.group(7)),
                "note": "mean of the two recorded runs; 50 E neurons recorded; sim of 1 s",
            }
            continue
        m = micro.match(line)
        if m:
            mem = float(m.group(6)) * (1024.0 if m.group(7) == "GB" else 1.0)
            out[("microcircuit", float(m.group(1)), float(m.group(2)))] = {
                "construction_s": float(m.group(3)),
                "simulation_s_per_bio_s": float(m.group(5)) / float(m.group(4)),
                "peak_rss_mib": mem,
                "note": f"sim of {m.group(4)} s after 500 ms presimulation; memory as '{m.group(6)} {m.group(7)}'",
            }
    return out


# ---------------------------------------------------------------- output

def fmt(x, digits=3):
    if x is None:
        return "-"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


def ratio_cell(r, n, key):
    if r is None or n in (None, 0):
        return "-"
    q = r / n
    return f"{q:.2f}{' ok' if q <= BAR[key] else ' >bar'}"


def print_table(rows, same_session, nest_label):
    title = ("Roost / NEST, same machine and session, medians" if same_session else
             f"Roost (this session) beside {nest_label} -- NOT a same-session comparison")
    print("\n" + title)
    head = "| benchmark | scale | K | neurons | synapses | reps |"
    sep = "|---|---|---|---|---|---|"
    for _key, label in METRICS:
        head += f" Roost {label} | NEST {label} | ratio (bar {BAR[_key]}) |"
        sep += "---|---|---|"
    head += " Roost RTF | NEST RTF | Roost rate (Hz) | NEST rate (Hz) | max CPU of other processes |"
    sep += "---|---|---|---|---|"
    print(head)
    print(sep)
    for row in rows:
        line = (f"| {row['benchmark']} | {row['scale']:g} | {fmt(row.get('k_scale'))} | {row['neurons']} | "
                f"{row['synapses']} | {row['reps']} |")
        for key, _label in METRICS:
            line += f" {fmt(row['roost'][key])} | {fmt(row['nest'].get(key))} | {ratio_cell(row['roost'][key], row['nest'].get(key), key)} |"
        line += (f" {fmt(row['roost'].get('real_time_factor'))} | {fmt(row['nest'].get('real_time_factor'))} |"
                 f" {fmt(row['roost'].get('mean_rate_hz'))} | {fmt(row['nest'].get('mean_rate_hz'))} |"
                 f" {row.get('foreign_max', 0.0):.0%} |")
        print(line)


def plot(rows, path, same_session):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, key, label in ((axes[0], "simulation_s", "simulation time (s)"),
                           (axes[1], "construction_s", "construction time (s)")):
        for sim, style in (("roost", "o-"), ("nest", "s--")):
            pts = sorted((r["neurons"], r[sim].get(key)) for r in rows if r[sim].get(key) is not None)
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], style,
                        label={"roost": "Roost", "nest": "NEST"}[sim])
        ax.set_xlabel("neurons")
        ax.set_ylabel(label)
        ax.grid(True, alpha=0.3)
        ax.legend()
    bench = ", ".join(sorted({r["benchmark"] for r in rows}))
    fig.suptitle(f"{bench}: time vs network size" + ("" if same_session else " (NEST: recorded figures)"))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"plot written to {path}")


def make_row(benchmark, scale, k_scale, roost_runs, nest_runs):
    keys = [k for k, _ in METRICS] + ["real_time_factor", "mean_rate_hz"]
    return {"benchmark": benchmark, "scale": scale,
            "k_scale": k_scale if benchmark == "microcircuit" else None,
            "neurons": roost_runs[0]["neurons"], "synapses": roost_runs[0]["synapses_recurrent"],
            "reps": max(len(roost_runs), len(nest_runs)),
            "roost": {k: median(roost_runs, k) for k in keys},
            "nest": {k: median(nest_runs, k) for k in keys} if nest_runs else {},
            "foreign_max": max((r.get("_foreign_cpu_frac") or 0.0) for r in roost_runs + nest_runs)}


def rows_from_jsonl(path):
    """Rows (one per benchmark/scale/K/backend/record setting) from saved result lines."""
    groups = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                key = (r["benchmark"], r["scale"], r.get("k_scale"), r["record"], r["simtime_ms"])
                groups.setdefault(key, {"roost": [], "nest": []})[r["simulator"]].append(r)
    return [make_row(b, s, k, g["roost"], g["nest"])
            for (b, s, k, _rec, _t), g in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][2] or 0, kv[0][1]))
            if g["roost"]]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("benchmark", choices=("brunel", "brunel_cond", "microcircuit", "hpc"))
    p.add_argument("--scale", type=float, nargs="+", default=None,
                   help="one or more scales (default: brunel 1, microcircuit 0.1)")
    p.add_argument("--k-scale", type=float, default=0.1, help="microcircuit in-degree scale")
    p.add_argument("--presim", type=float, default=0.0,
                   help="presimulation (ms): microcircuit (default 0), hpc (0: the script's 50 ms)")
    p.add_argument("--simtime", type=float, default=1000.0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=55)
    p.add_argument("--seed-per-rep", action="store_true",
                   help="rep i runs seed + i (both simulators): medians over networks, for benchmarks "
                        "whose activity depends much on the seed (hpc at small scales)")
    p.add_argument("--record", type=common.on_off, default=True, metavar="on|off")
    p.add_argument("--backend", choices=("cpu", "cuda"), default="cpu", help="Roost backend")
    p.add_argument("--reps", type=int, default=3, help="runs per simulator and setting (median)")
    p.add_argument("--roost-python", default=sys.executable)
    p.add_argument("--roost-pythonpath", default=str(common.REPO_ROOT / "bindings" / "python"),
                   help="PYTHONPATH for the roost runs (a build tree's bindings/python)")
    p.add_argument("--nest-python", default=None, help="python of an existing NEST install")
    p.add_argument("--install-nest", action="store_true",
                   help=f"pip install nest-simulator into {NEST_VENV} when no NEST is found")
    p.add_argument("--roost-only", action="store_true", help="do not look for NEST")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds per run")
    p.add_argument("--wait-idle", type=float, default=300.0,
                   help="before each run wait up to this many seconds for the machine to be idle "
                        "(< 10%% busy over 2 s); 0: do not wait")
    p.add_argument("--json-out", default=None, help="append every run's result line to this file")
    p.add_argument("--plot", default=None, help="write a PNG of time vs network size")
    p.add_argument("--from-jsonl", default=None,
                   help="do not run: tabulate (and --plot) the result lines saved by --json-out")
    p.epilog = "Arguments after a lone -- are passed to the benchmark script (e.g. -- --drive dc)."
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    args = p.parse_args(argv)
    args.extra = extra
    if args.from_jsonl:
        rows = rows_from_jsonl(args.from_jsonl)
        same = all(r["nest"] for r in rows)
        print_table(rows, same, "NEST")
        if args.plot:
            plot(rows, args.plot, same)
        return
    scales = args.scale or ([1.0] if args.benchmark.startswith("brunel") else [0.1])  # hpc: 0.1

    nest_python, nest_info = (None, "not looked for (--roost-only)") if args.roost_only else find_nest(args)
    same_session = nest_python is not None
    if same_session:
        print(f"NEST {nest_info} found: {nest_python}", file=sys.stderr)
    else:
        print(f"NEST is ABSENT ({nest_info}).\nFalling back to the NEST 3.10 figures recorded in "
              f"performance.md (another session, another time): not a same-session comparison.",
              file=sys.stderr)

    roost_env = {"PYTHONPATH": args.roost_pythonpath + os.pathsep + os.environ.get("PYTHONPATH", "")}
    recorded = {} if same_session else recorded_nest_figures()
    rows = []
    for scale in scales:
        args.scale_now = scale
        roost_runs, nest_runs = [], []
        for rep in range(args.reps):
            args.seed_now = args.seed + rep if args.seed_per_rep else args.seed
            roost_runs.append(run_one(args.roost_python, "roost", args, roost_env))
            print(f"  roost scale {scale:g} rep {rep + 1}: construction {roost_runs[-1]['construction_s']:.3f} s, "
                  f"simulation {roost_runs[-1]['simulation_s']:.3f} s, RSS {roost_runs[-1]['peak_rss_mib']:.0f} MiB"
                  f"{noise_note(roost_runs[-1])}",
                  file=sys.stderr)
            if same_session:
                nest_runs.append(run_one(nest_python, "nest", args, {}))
                print(f"  nest  scale {scale:g} rep {rep + 1}: construction {nest_runs[-1]['construction_s']:.3f} s, "
                      f"simulation {nest_runs[-1]['simulation_s']:.3f} s, RSS {nest_runs[-1]['peak_rss_mib']:.0f} MiB"
                      f"{noise_note(nest_runs[-1])}",
                      file=sys.stderr)
        if args.json_out:
            with open(args.json_out, "a", encoding="utf-8") as fh:
                for r in roost_runs + nest_runs:
                    fh.write(json.dumps(r) + "\n")
        row = make_row(args.benchmark, scale, args.k_scale, roost_runs, nest_runs)
        if not same_session:
            fig = recorded.get((args.benchmark, scale, row["k_scale"]))
            if fig:
                # Recorded simulation time is per biological second: scale to this simtime.
                row["nest"] = {"construction_s": fig["construction_s"],
                               "simulation_s": fig["simulation_s_per_bio_s"] * args.simtime / 1000.0,
                               "peak_rss_mib": fig["peak_rss_mib"],
                               "real_time_factor": fig["simulation_s_per_bio_s"]}
                row["nest_note"] = fig["note"]
        rows.append(row)

    label = f"NEST {nest_info}" if same_session else "NEST 3.10 as recorded in performance.md"
    print_table(rows, same_session, label)
    for row in rows:
        if row.get("nest_note"):
            print(f"  recorded NEST figure for scale {row['scale']:g}: {row['nest_note']}")
        elif not same_session:
            print(f"  no recorded NEST figure for {row['benchmark']} scale {row['scale']:g}")
    if args.plot:
        plot(rows, args.plot, same_session)


if __name__ == "__main__":
    main()
