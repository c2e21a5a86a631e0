# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared set-up of every Python test directory.

* If ``roost`` is not installed, the source tree's ``bindings/python`` goes to
  the front of ``sys.path`` (the in-place build puts the compiled module there).
* matplotlib uses the non-interactive Agg backend.
* ``fresh_kernel``: the roost module with a fresh kernel and the default
  verbosity, skipped visibly while ``roost._roost`` cannot be imported.
* ``roost_env``: the environment for running Roost in a subprocess (examples,
  the docs generator, guide snippets); skips visibly if ``roost._roost`` cannot
  be imported there.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BINDINGS_DIR = REPO_ROOT / "bindings" / "python"

if importlib.util.find_spec("roost") is None and BINDINGS_DIR.is_dir():
    sys.path.insert(0, str(BINDINGS_DIR))

os.environ.setdefault("MPLBACKEND", "Agg")


def subprocess_env():
    """os.environ plus Agg, and bindings/python on PYTHONPATH unless roost is installed elsewhere."""
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    spec = importlib.util.find_spec("roost")
    installed_elsewhere = (spec is not None and spec.origin is not None
                           and BINDINGS_DIR not in Path(spec.origin).resolve().parents)
    if not installed_elsewhere:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(BINDINGS_DIR)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


@pytest.fixture(scope="module")
def roost_env():
    env = subprocess_env()
    probe = subprocess.run([sys.executable, "-c", "import roost._roost"], env=env,
                           capture_output=True, text=True, timeout=120)
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        pytest.skip(f"roost._roost cannot be imported: {last}")
    return env


def _import_roost():
    try:
        import roost  # noqa: F401
        from roost import _roost  # noqa: F401
    except ImportError as err:
        return None, f"roost._roost cannot be imported (build it first): {err}"
    return sys.modules["roost"], ""


ROOST, SKIP_REASON = _import_roost()


@pytest.fixture
def fresh_kernel():
    if ROOST is None:
        pytest.skip(SKIP_REASON)
    ROOST.ResetKernel()
    ROOST.set_verbosity(ROOST.VerbosityLevel.INFO)  # ResetKernel keeps it, as in NEST
    yield ROOST
    ROOST.ResetKernel()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
