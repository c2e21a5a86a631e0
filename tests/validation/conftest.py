# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared set-up of the NEST-reference validation tests.

* Locates the NEST reference data: ``$ROOST_REFERENCE_DIR`` if set, else
  ``<repo root>/../shared/reference/nest``.  Tests that need it are skipped
  with the reason when it is absent.
* Makes ``roost`` importable: if no installed ``roost`` is found, the source
  tree's ``bindings/python`` is put at the front of ``sys.path``.  Tests that
  request the ``nest`` fixture are skipped (with the import error) while the
  compiled core ``roost._roost`` cannot be imported.  Tests that only check
  the comparison code itself run without Roost.
* Parametrises ``scenario_case`` (every ``*.json`` under neurons/, devices/,
  synapses/ except the statistical cases ``*_statistics.json``),
  ``statistics_case`` (those statistical cases, README-models2.md section 2,
  replayed by test_statistical_cases.py), ``brunel_case`` and ``brunel_file`` (every
  ``network/brunel_*.json``; ``brunel_case``, used for simulations, marks
  all but FAST_BRUNEL_CASES slow) by globbing,
  so new reference cases are picked up without editing the tests, and
  ``rule_entry`` (every entry of connectivity/connection_rules.json).
* Registers the ``slow`` marker.  Run slow tests with ``-m slow`` (or
  ``-m "slow or not slow"`` for everything); this overrides the repository's
  default ``-m 'not slow'``.  Where no ``-m`` expression mentions ``slow``
  (e.g. another rootdir without that default) slow tests are skipped with a
  visible reason unless ``ROOST_RUN_SLOW=1`` is set.
"""

import importlib
import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BINDINGS_DIR = REPO_ROOT / "bindings" / "python"

# Categories replayed one JSON file per test by test_reference_cases.py.
SCENARIO_CATEGORIES = ("neurons", "devices", "synapses")

# Statistical cases (README-models2.md section 2: ``"kind": "statistics"``,
# no ``results``): their own test, test_statistical_cases.py.
STATISTICS_PATTERN = "*_statistics.json"

# Brunel regimes that run in the default (non-slow) suite; every other
# network/brunel_*.json file, present or future, is marked slow.
FAST_BRUNEL_CASES = ("brunel_delta_AI", "brunel_exp_AI", "brunel_alpha_AI")


def locate_reference_dir():
    """Return (path or None, reason) of the NEST reference directory."""
    env = os.environ.get("ROOST_REFERENCE_DIR")
    if env:
        path = Path(env).expanduser()
        if path.is_dir():
            return path, ""
        return None, f"ROOST_REFERENCE_DIR={env!r} is not a directory"
    path = (REPO_ROOT / ".." / "shared" / "reference" / "nest").resolve()
    if path.is_dir():
        return path, ""
    return None, (f"NEST reference data not found at {path} "
                  "(set ROOST_REFERENCE_DIR to its location)")


def _make_roost_importable():
    if importlib.util.find_spec("roost") is None and BINDINGS_DIR.is_dir():
        sys.path.insert(0, str(BINDINGS_DIR))


_make_roost_importable()


def import_roost():
    """Return (roost module or None, reason)."""
    try:
        importlib.import_module("roost._roost")
    except Exception as exc:  # ImportError, or a broken extension module
        return None, f"roost._roost cannot be imported: {exc!r}"
    try:
        return importlib.import_module("roost"), ""
    except Exception as exc:
        return None, f"roost cannot be imported: {exc!r}"


@pytest.fixture(scope="session")
def reference_dir():
    path, reason = locate_reference_dir()
    if path is None:
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def nest():
    """The Roost module under its PyNEST name (``import roost as nest``)."""
    module, reason = import_roost()
    if module is None:
        pytest.skip(reason)
    return module


def _case_params(pattern_dirs, pattern, slow_unless=None, exclude=None):
    ref, reason = locate_reference_dir()
    if ref is None:
        return [pytest.param(None, id="no-reference-data",
                             marks=pytest.mark.skip(reason=reason))]
    params = []
    for sub in pattern_dirs:
        for path in sorted((ref / sub).glob(pattern)):
            if exclude is not None and path.match(exclude):
                continue
            marks = []
            if slow_unless is not None and path.stem not in slow_unless:
                marks.append(pytest.mark.slow)
            params.append(pytest.param(path, id=f"{sub}/{path.stem}", marks=marks))
    if not params:
        where = ", ".join(str(ref / sub / pattern) for sub in pattern_dirs)
        return [pytest.param(None, id="no-cases",
                             marks=pytest.mark.skip(reason=f"no reference cases match {where}"))]
    return params


def _rule_entry_params():
    ref, reason = locate_reference_dir()
    path = ref / "connectivity" / "connection_rules.json" if ref is not None else None
    if path is None or not path.is_file():
        reason = reason or f"{path} not found"
        return [pytest.param(None, id="no-reference-data", marks=pytest.mark.skip(reason=reason))]
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return [pytest.param(entry, id=f"{entry['rule']}-{entry['variant']}-{entry['populations']}")
            for entry in data["entries"]]


def pytest_generate_tests(metafunc):
    if "rule_entry" in metafunc.fixturenames:
        metafunc.parametrize("rule_entry", _rule_entry_params())
    if "scenario_case" in metafunc.fixturenames:
        metafunc.parametrize("scenario_case", _case_params(SCENARIO_CATEGORIES, "*.json",
                                                           exclude=STATISTICS_PATTERN))
    if "statistics_case" in metafunc.fixturenames:
        metafunc.parametrize("statistics_case",
                             _case_params(SCENARIO_CATEGORIES, STATISTICS_PATTERN))
    if "brunel_case" in metafunc.fixturenames:      # simulations: extra regimes slow
        metafunc.parametrize("brunel_case",
                             _case_params(("network",), "brunel_*.json",
                                          slow_unless=FAST_BRUNEL_CASES))
    if "brunel_file" in metafunc.fixturenames:      # cheap checks of the files: all
        metafunc.parametrize("brunel_file", _case_params(("network",), "brunel_*.json"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "slow: long-running validation (extra Brunel regimes); select with -m slow")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("ROOST_RUN_SLOW", "").lower() in ("1", "true", "yes"):
        return
    if "slow" in (config.getoption("markexpr", "") or ""):
        return
    skip_slow = pytest.mark.skip(reason="slow test: run with -m slow (or set ROOST_RUN_SLOW=1)")
    here = Path(__file__).resolve().parent
    for item in items:
        # only this directory's tests: the hook sees every collected item
        if "slow" in item.keywords and here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip_slow)
