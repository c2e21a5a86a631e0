#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sets everything up and runs the whole test suite: C++ unit tests (ctest),
# Python API tests and the validation against NEST's reference recordings.
# Extra arguments go to pytest (e.g. -m slow for the long network runs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
echo "== C++ unit tests"
ctest --preset release -j "$(nproc)"
echo "== Python API and validation tests"
python -m pytest -q -rs tests/python tests/validation "$@"
