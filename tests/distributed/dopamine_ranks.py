# SPDX-License-Identifier: GPL-2.0-or-later
"""``python dopamine_ranks.py OUT_DIR THREADS`` under mpirun: runs
tests/validation/dopamine_network.py and writes each rank's part (its
connections, its recorded spikes) to OUT_DIR/dopamine-<rank>.json."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "validation"))
import dopamine_network  # noqa: E402

import roost as nest  # noqa: E402

out, threads = Path(sys.argv[1]), int(sys.argv[2])
result = dopamine_network.run(nest, threads=threads)
(out / f"dopamine-{nest.Rank()}.json").write_text(json.dumps(result))
