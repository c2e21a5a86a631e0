#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run NEST's test suite (testsuite/pytests of a nest-simulator checkout)
against Roost and count what passes, per folder.

    python tools/nest_testsuite/run.py --suite /path/to/nest-simulator/testsuite/pytests \\
        [--folders connect neurons ...] [--json counts.json] [-- extra pytest args]

Nothing is fetched at test time: give it a checkout (e.g. `git archive v3.10
testsuite/pytests | tar -x`). ``import nest`` resolves to roost through the
roost_as_nest plugin; no test is changed. The MPI folders (mpi_direct,
mpi_indirect) need mpirun and are left out unless named.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_FOLDERS = ["connect", "neurons", "other", "recording", "regressions", "spatial",
                   "stimulating", "structural_plasticity", "synapses"]


def run_folder(python, suite, folder, extra):
    """pytest over one folder; returns {outcome: count} from its JUnit XML."""
    with tempfile.TemporaryDirectory() as tmp:
        xml_path = os.path.join(tmp, "junit.xml")
        env = dict(os.environ)
        env["PYTHONPATH"] = HERE + os.pathsep + env.get("PYTHONPATH", "")
        env.setdefault("MPLBACKEND", "Agg")
        cmd = [python, "-m", "pytest", "-q", "-p", "roost_as_nest", "-p", "no:cacheprovider", "--continue-on-collection-errors",
               f"--junitxml={xml_path}", "--rootdir", suite, os.path.join(suite, folder)] + extra
        subprocess.run(cmd, cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
        if not os.path.exists(xml_path):
            counts["error"] = -1  # collection crashed
            return counts, []
        failures = []
        for case in ET.parse(xml_path).getroot().iter("testcase"):
            outcome = "passed"
            for child in case:
                if child.tag in ("failure", "error", "skipped"):
                    outcome = "failed" if child.tag == "failure" else child.tag
                    if child.tag != "skipped":
                        first = (child.get("message") or "").splitlines()
                        failures.append((case.get("classname", "") + "::" + case.get("name", ""),
                                         first[0][:200] if first else ""))
            counts[outcome] += 1
        return counts, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", required=True, help="testsuite/pytests of a nest-simulator checkout")
    ap.add_argument("--folders", nargs="*", default=DEFAULT_FOLDERS)
    ap.add_argument("--python", default=sys.executable, help="the Python that imports roost")
    ap.add_argument("--json", help="write counts and failure lines here")
    ap.add_argument("extra", nargs=argparse.REMAINDER, help="after --: extra pytest arguments")
    ns = ap.parse_args()
    extra = ns.extra[1:] if ns.extra[:1] == ["--"] else ns.extra
    result, total = {}, {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    print(f"{'folder':24s} {'passed':>7s} {'failed':>7s} {'error':>7s} {'skipped':>8s}")
    for folder in ns.folders:
        counts, failures = run_folder(ns.python, ns.suite, folder, extra)
        result[folder] = {"counts": counts, "failures": failures}
        for k in total:
            total[k] += max(counts[k], 0)
        print(f"{folder:24s} {counts['passed']:7d} {counts['failed']:7d} {counts['error']:7d} "
              f"{counts['skipped']:8d}", flush=True)
    print(f"{'total':24s} {total['passed']:7d} {total['failed']:7d} {total['error']:7d} {total['skipped']:8d}")
    if ns.json:
        with open(ns.json, "w") as f:
            json.dump({"total": total, "folders": result}, f, indent=1)


if __name__ == "__main__":
    main()
