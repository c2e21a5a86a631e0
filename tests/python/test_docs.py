# SPDX-License-Identifier: GPL-2.0-or-later
"""docs/models/ is what tools/gen_model_docs.py generates from the running module.

The generator runs as a subprocess (as a developer would run it) into a
temporary folder; every file must equal the committed one, and every model of
``roost.Models()`` must have a page listed in the index.
"""

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS = REPO_ROOT / "docs" / "models"
GENERATOR = REPO_ROOT / "tools" / "gen_model_docs.py"
FIX = "run python tools/gen_model_docs.py"


@pytest.fixture(scope="module")
def generated(tmp_path_factory, roost_env):
    out = tmp_path_factory.mktemp("models")
    proc = subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], cwd=REPO_ROOT,
                          env=roost_env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (f"gen_model_docs.py failed\n--- stdout ---\n{proc.stdout}"
                                  f"\n--- stderr ---\n{proc.stderr}")
    return out


def test_model_docs_up_to_date(generated):
    fresh = {p.name: p.read_text(encoding="utf-8") for p in generated.glob("*.md")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    missing = sorted(set(fresh) - set(committed))
    extra = sorted(set(committed) - set(fresh))
    assert not missing, f"docs/models/ lacks {missing}: {FIX}"
    assert not extra, f"docs/models/ has pages no model generates {extra}: {FIX}"
    for name in sorted(fresh):
        if fresh[name] != committed[name]:
            diff = "".join(difflib.unified_diff(
                committed[name].splitlines(True), fresh[name].splitlines(True),
                f"docs/models/{name}", f"generated/{name}", n=1))
            pytest.fail(f"docs/models/{name} is out of date: {FIX}\n{diff[:3000]}")


def test_generator_is_deterministic(generated, tmp_path, roost_env):
    proc = subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path)],
                          cwd=REPO_ROOT, env=roost_env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for p in generated.glob("*.md"):
        assert (tmp_path / p.name).read_text(encoding="utf-8") == p.read_text(encoding="utf-8"), \
            f"{p.name} differs between two runs of the generator"


def test_every_model_has_a_page(nest):
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for model in nest.Models():
        assert (DOCS / f"{model}.md").is_file(), f"docs/models/{model}.md is missing: {FIX}"
        assert f"[`{model}`]({model}.md)" in index, \
            f"docs/models/README.md does not list {model}: {FIX}"
