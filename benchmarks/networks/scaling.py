# SPDX-License-Identifier: GPL-2.0-or-later
"""Strong and weak scaling of the Brunel benchmark over MPI ranks (Roost).

Launches ``mpirun -np R python brunel.py --simulator roost ...`` once per
(ranks, threads per rank) pair and repetition, reads the JSON line rank 0
prints, and prints a table per mode followed by the JSON rows.

* strong scaling: the same network (``--scale S``) on every configuration;
  speed-up = T(base) / T, efficiency = speed-up / (VPs / VPs(base));
* weak scaling: the network grows with the ranks (``--weak-scale W`` per
  rank, so scale = W x ranks, in-degrees fixed); efficiency = T(base) / T
  and speed-up is the scaled speed-up (VPs / VPs(base)) x efficiency.

T is the simulation phase (the timed Simulate), VPs = ranks x threads, and
the base is the first configuration (fewest ranks, then fewest threads).
Each figure is the median over ``--repeats`` launches.

    PYTHONPATH=bindings/python python benchmarks/networks/scaling.py \\
        --mode both --ranks 1,2,4 --threads 1 --scale 0.5 --weak-scale 0.25 \\
        --simtime 500 --json-out scaling.jsonl

Runs on more ranks than this machine has cores are oversubscribed (the
table marks them); their times say nothing about more hardware.
"""

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import common  # noqa: E402

BRUNEL = HERE / "brunel.py"


def int_list(text):
    try:
        values = [int(v) for v in str(text).split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of integers, got {text!r}")
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected positive integers, got {text!r}")
    return values


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mode", choices=("strong", "weak", "both"), default="both")
    p.add_argument("--ranks", type=int_list, default=[1, 2, 4], help="MPI ranks, e.g. 1,2,4 (default)")
    p.add_argument("--threads", type=int_list, default=[1], help="threads per rank, e.g. 1,2 (default 1)")
    p.add_argument("--scale", type=float, default=0.5, help="strong scaling: network scale (default 0.5)")
    p.add_argument("--weak-scale", type=float, default=0.25,
                   help="weak scaling: network scale per rank (default 0.25)")
    p.add_argument("--simtime", type=float, default=500.0, help="simulated time in ms (default 500)")
    p.add_argument("--repeats", type=int, default=1, help="launches per configuration; the median is kept")
    p.add_argument("--backend", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--record", type=common.on_off, default=False, metavar="on|off",
                   help="spike recording in brunel.py (default off)")
    p.add_argument("--seed", type=int, default=55)
    p.add_argument("--mpirun", default="mpirun", help="the launcher (default mpirun)")
    p.add_argument("--mpirun-args", default="",
                   help="extra launcher arguments, one string (e.g. \"--mca btl self,vader\")")
    p.add_argument("--bind", choices=("auto", "none"), default="auto",
                   help="auto: bind each rank to its threads' cores when ranks x threads fit "
                        "the cores, else --bind-to none; none: never bind")
    p.add_argument("--timeout", type=float, default=1800.0, help="seconds per launch (default 1800)")
    p.add_argument("--json-out", default=None, help="write the JSON rows to this file (one per line)")
    args = p.parse_args(argv)
    if args.repeats < 1:
        p.error("--repeats must be at least 1")
    return args


def mpirun_command(args, ranks, threads, scale):
    cores = os.cpu_count() or 1
    cmd = [args.mpirun, "-np", str(ranks), "--oversubscribe"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    if args.bind == "auto" and ranks * threads <= cores:
        cmd += ["--map-by", f"slot:PE={threads}", "--bind-to", "core"]
    else:
        cmd += ["--bind-to", "none"]
    cmd += shlex.split(args.mpirun_args)
    cmd += [sys.executable, str(BRUNEL), "--simulator", "roost", "--backend", args.backend,
            "--threads", str(threads), "--scale", repr(scale), "--simtime", repr(args.simtime),
            "--seed", str(args.seed), "--record", "on" if args.record else "off"]
    return cmd


def child_env(threads):
    env = dict(os.environ)
    bindings = str(common.REPO_ROOT / "bindings" / "python")
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if bindings not in paths:
        env["PYTHONPATH"] = os.pathsep.join([bindings] + paths)
    env["OMP_NUM_THREADS"] = str(threads)
    return env


def launch(args, ranks, threads, scale):
    cmd = mpirun_command(args, ranks, threads, scale)
    print("  $ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True, env=child_env(threads),
                         timeout=args.timeout, cwd=str(common.REPO_ROOT))
    if out.returncode != 0:
        sys.stderr.write(out.stdout[-4000:] + out.stderr[-4000:])
        raise SystemExit(f"launch failed (exit {out.returncode}): {' '.join(cmd)}")
    rec = common.parse_result_line(out.stdout)
    if rec.get("ranks") != ranks:
        raise SystemExit(f"asked for {ranks} ranks, the run reports {rec.get('ranks')} "
                         "(is Roost built with MPI? see README.md)")
    return rec


def median_run(args, ranks, threads, scale):
    runs = [launch(args, ranks, threads, scale) for _ in range(args.repeats)]
    keys = ("construction_s", "simulation_s", "real_time_factor", "time_communicate_s",
            "peak_rss_mib", "peak_rss_mib_all_ranks")
    row = dict(runs[0])
    for k in keys:
        values = [r[k] for r in runs if r.get(k) is not None]
        row[k] = statistics.median(values) if values else None
    row["repeats"] = len(runs)
    row["simulation_s_all"] = [r["simulation_s"] for r in runs]
    return row


def run_mode(args, mode):
    configs = [(r, t) for r in sorted(set(args.ranks)) for t in sorted(set(args.threads))]
    cores = os.cpu_count() or 1
    rows = []
    for ranks, threads in configs:
        scale = args.scale if mode == "strong" else args.weak_scale * ranks
        print(f"{mode}: {ranks} rank(s) x {threads} thread(s), scale {scale:g}", flush=True)
        row = median_run(args, ranks, threads, scale)
        row["mode"] = mode
        row["vps"] = ranks * threads
        row["oversubscribed"] = ranks * threads > cores
        rows.append(row)
    base = rows[0]
    for row in rows:
        eff = None
        speed = None
        if row["simulation_s"] and base["simulation_s"]:
            ratio = base["simulation_s"] / row["simulation_s"]
            vp_ratio = row["vps"] / base["vps"]
            if mode == "strong":
                speed, eff = ratio, ratio / vp_ratio
            else:
                speed, eff = vp_ratio * ratio, ratio
        row["speed_up"] = speed
        row["efficiency"] = eff
    return rows


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def print_table(mode, rows):
    cores = os.cpu_count() or 1
    title = {"strong": "Strong scaling (fixed network)",
             "weak": "Weak scaling (network grows with the ranks)"}[mode]
    print()
    print(f"{title}; {common.cpu_name()}, {cores} cores; medians of {rows[0]['repeats']} launch(es)")
    print("| ranks | threads | neurons | synapses | construction (s) | simulation (s) | "
          "exchange (s) | real-time factor | speed-up | efficiency | RSS rank 0 / all (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        mark = " *" if r["oversubscribed"] else ""
        print(f"| {r['ranks']}{mark} | {r['threads']} | {r['neurons']:,} | {r['synapses']:,} | "
              f"{fmt(r['construction_s'], '.2f')} | {fmt(r['simulation_s'], '.2f')} | "
              f"{fmt(r.get('time_communicate_s'), '.2f')} | {fmt(r['real_time_factor'], '.2f')} | {fmt(r['speed_up'], '.2f')} | "
              f"{fmt(r['efficiency'], '.2f')} | {fmt(r['peak_rss_mib'], '.0f')} / "
              f"{fmt(r['peak_rss_mib_all_ranks'], '.0f')} |")
    print("exchange: rank 0's time in the spike exchange (kernel time_communicate: MPI "
          "allgather, waiting for slower ranks included, and merge).")
    if any(r["oversubscribed"] for r in rows):
        print(f"* oversubscribed: ranks x threads > {cores} cores; the processes share cores.")


def main(argv=None):
    args = parse_args(argv)
    if shutil.which(args.mpirun) is None:
        raise SystemExit(f"{args.mpirun} not found (install Open MPI: scripts/setup.sh)")
    modes = ("strong", "weak") if args.mode == "both" else (args.mode,)
    results = {m: run_mode(args, m) for m in modes}
    for m in modes:
        print_table(m, results[m])
    print()
    lines = [json.dumps(row) for m in modes for row in results[m]]
    for line in lines:
        print(line)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
