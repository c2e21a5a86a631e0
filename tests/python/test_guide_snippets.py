# SPDX-License-Identifier: GPL-2.0-or-later
"""Every ```python block of docs/user/guide.md runs.

Each block runs on its own as a subprocess (a fresh interpreter, as a user
would paste it into a script), with MPLBACKEND=Agg, in a temporary working
directory, with the source tree's bindings/python on PYTHONPATH unless roost
is installed. Skipped while the compiled core roost._roost cannot be imported.
"""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GUIDE = REPO_ROOT / "docs" / "user" / "guide.md"

# A fenced block opened by ```python (possibly indented, e.g. inside a list item).
_BLOCK = re.compile(r"^(?P<indent>[ \t]*)```python[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                    re.S | re.M)


def python_blocks(text):
    """[(line number, code)] of the ```python blocks of a Markdown text."""
    blocks = []
    for m in _BLOCK.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        blocks.append((line, textwrap.dedent(m.group("body"))))
    return blocks


BLOCKS = python_blocks(GUIDE.read_text(encoding="utf-8"))


def test_guide_has_snippets():
    assert len(BLOCKS) >= 5, "docs/user/guide.md should show runnable ```python examples"


@pytest.mark.parametrize("line,code", BLOCKS, ids=[f"guide.md:{line}" for line, _ in BLOCKS])
def test_guide_snippet_runs(roost_env, tmp_path, line, code):
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=roost_env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (
        f"the ```python block at docs/user/guide.md:{line} failed (exit {proc.returncode})\n"
        f"--- code ---\n{code}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}")


SPATIAL = REPO_ROOT / "docs" / "user" / "spatial.md"


def test_spatial_chapter_runs(roost_env, tmp_path):
    """The ```python blocks of docs/user/spatial.md run as one script, in order
    (the chapter is one session: later blocks use the layers of earlier ones)."""
    blocks = python_blocks(SPATIAL.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    code = "import matplotlib\nmatplotlib.use('Agg')\n" + "\n".join(c for _, c in blocks)
    script = tmp_path / "spatial_chapter.py"
    script.write_text(code, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=roost_env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (f"docs/user/spatial.md's code failed\n--- stdout ---\n{proc.stdout}"
                                  f"\n--- stderr ---\n{proc.stderr}")
    assert "[2. 1.] [0.65 0.05]" in proc.stdout
