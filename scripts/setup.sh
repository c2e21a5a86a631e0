#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what Roost needs on a fresh Debian machine and builds it in place.
# Sourced by demo.sh and test.sh; safe to run again (it skips what is there).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need_apt=()
command -v cmake >/dev/null || need_apt+=(cmake)
command -v ninja >/dev/null || need_apt+=(ninja-build)
command -v g++ >/dev/null || need_apt+=(g++)
[ -f /usr/include/gtest/gtest.h ] || need_apt+=(libgtest-dev)
command -v python3 >/dev/null || need_apt+=(python3 python3-dev python3-venv)
# MPI for runs over several ranks (mpirun -np N python script.py).
command -v mpirun >/dev/null || need_apt+=(openmpi-bin)
[ -n "$(find /usr/include /usr/lib -name mpi.h -print -quit 2>/dev/null)" ] || need_apt+=(libopenmpi-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing with apt-get: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# A virtual environment keeps Roost's Python packages apart from the system's.
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  if ! python3 -m venv .venv 2>/dev/null; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq python3-venv python3-dev >/dev/null
    python3 -m venv .venv
  fi
fi
# shellcheck disable=SC1091
source .venv/bin/activate
python -m pip install -q --upgrade pip >/dev/null
python -m pip install -q numpy matplotlib scipy pytest pybind11 "scikit-build-core>=0.10"
# Optional analysis packages (roost.analysis); the tests use them.
python -m pip install -q pandas neo quantities elephant

echo "== building (cmake --preset release)"
cmake --preset release -DPython_EXECUTABLE="$(command -v python)" -DROOST_WITH_MPI=AUTO >/dev/null
cmake --build --preset release -j "$(nproc)"
# The in-place package on the venv's path: `python my_script.py` in this venv
# imports roost without PYTHONPATH (a .pth file, as an editable install would).
site="$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$ROOT/bindings/python" > "$site/roost-inplace.pth"
export PYTHONPATH="$ROOT/bindings/python${PYTHONPATH:+:$PYTHONPATH}"
export MPLBACKEND=Agg
