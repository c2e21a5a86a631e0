# SPDX-License-Identifier: GPL-2.0-or-later
"""``python -m roost run script.py [args...]``: run an unmodified PyNEST script
with ``import nest`` resolved to roost. ``python -m roost --version``."""

import argparse
import os
import runpy
import sys

_ALIASES = ("raster_plot", "voltage_trace", "random", "math", "kernel", "spatial")


def install_nest_alias():
    """Make ``import nest`` (and nest.raster_plot, nest.random, ...) give roost."""
    import roost

    sys.modules["nest"] = roost
    for name in _ALIASES:
        sys.modules[f"nest.{name}"] = getattr(roost, name)


def run_script(path, args):
    install_nest_alias()
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        sys.exit(f"roost run: no such script: {path}")
    sys.argv = [path] + list(args)
    sys.path.insert(0, os.path.dirname(path))
    runpy.run_path(path, run_name="__main__")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m roost",
        description="Roost: run PyNEST scripts on Roost (import nest resolves to roost).")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run a PyNEST script unchanged")
    run.add_argument("script")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")
    ns = parser.parse_args(argv)
    if ns.version:
        import roost
        print(f"roost {roost.__version__}")
        return 0
    if ns.command == "run":
        run_script(ns.script, ns.args)
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
