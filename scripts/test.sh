#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sets everything up and runs the whole test suite: C++ unit tests (ctest),
# then the Python API, acceptance and validation tests on every backend: the
# CPU backend, and the CUDA backend (on a GPU where one is present, otherwise
# the emulated build: the same sources on Thrust's OpenMP system).
# tests/distributed runs networks under mpirun with 1-4 ranks on each backend.
# Extra arguments go to pytest (e.g. -m slow for the long network runs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
echo "== C++ unit tests"
ctest --preset release -j "$(nproc)"
tests=(tests/python tests/validation tests/distributed)
[ -d tests/acceptance ] && tests+=(tests/acceptance)
for backend in $(python -c "import roost; print(' '.join(roost.available_backends()))"); do
  echo "== Python tests on the '$backend' backend"
  ROOST_BACKEND=$backend python -m pytest -q -rs "${tests[@]}" "$@"
done
