#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Everything a lent GPU is for, in one go (shared/design/gpu-validation.md):
#   1. build with the real CUDA backend (sm_90, Release), module in place;
#   2. the whole test suite on the 'cuda' backend, with the ctest label 'gpu';
#   3. the card's floors (benchmarks/gpu/floors.cu);
#   4. Brunel (scale 1 and 4) and the microcircuit (scale 1, DC and Poisson,
#      recording off) on the GPU, with the CPU backend as the same-machine baseline.
# Usage: benchmarks/gpu/run_all.sh OUTDIR [quick]   (logs in OUTDIR, a table last)
# "quick" shortens the simulated times for a first try. Set ROOST_REFERENCE_DIR
# if the NEST reference data is not at ../shared/reference/nest.
set -uo pipefail
OUT=${1:?usage: run_all.sh OUTDIR [quick]}
QUICK=${2:-}
mkdir -p "$OUT"
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export PYTHONPATH="$PWD/bindings/python${PYTHONPATH:+:$PYTHONPATH}" MPLBACKEND=Agg
status=()
step() { local name=$1; shift; if "$@" > "$OUT/$name.log" 2>&1; then status+=("$name: ok"); else status+=("$name: FAILED (see $name.log)"); fi; }

{ nvidia-smi; nvcc --version; git rev-parse HEAD; date -u; } > "$OUT/machine.txt" 2>&1
step configure cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DROOST_WITH_CUDA=ON \
  -DROOST_CUDA_ARCHITECTURES=90-real -DPython_EXECUTABLE="$(command -v python3)"
step build cmake --build build-gpu -j "$(nproc)"
step ctest ctest --test-dir build-gpu --output-on-failure
step pytest_cuda env ROOST_BACKEND=cuda python3 -m pytest -q -rs tests/python tests/validation tests/acceptance
step floors bash -c "nvcc -O3 -arch=sm_90 benchmarks/gpu/floors.cu -o build-gpu/floors && build-gpu/floors"

sim=1000; mc_sim=10000
[ "$QUICK" = quick ] && { sim=200; mc_sim=1000; }
results="$OUT/results.jsonl"
: > "$results"
bench() { local name=$1; shift; step "$name" python3 "$@" --json-out "$results"; }
bench brunel1_cuda benchmarks/networks/brunel.py --backend cuda --scale 1 --simtime $sim --record off
bench brunel4_cuda benchmarks/networks/brunel.py --backend cuda --scale 4 --simtime $sim --record off
bench brunel1_cpu benchmarks/networks/brunel.py --backend cpu --threads "$(nproc)" --scale 1 --simtime $sim --record off
bench mc_poisson_cuda benchmarks/networks/microcircuit.py --backend cuda --scale 1 --k-scale 1 --drive poisson --simtime $mc_sim --record off
bench mc_dc_cuda benchmarks/networks/microcircuit.py --backend cuda --scale 1 --k-scale 1 --drive dc --simtime $mc_sim --record off
bench mc_poisson_cpu benchmarks/networks/microcircuit.py --backend cpu --threads "$(nproc)" --scale 1 --k-scale 1 --drive poisson --simtime $sim --record off

printf '\n== summary (%s)\n' "$(grep -m1 -o 'NVIDIA [^|]*' "$OUT/machine.txt" | head -1)"
printf '%s\n' "${status[@]}"
grep -h -E "passed|failed" "$OUT/pytest_cuda.log" | tail -1
grep -h -E "tests passed|tests failed" "$OUT/ctest.log" | tail -1
cat "$OUT/floors.log" 2>/dev/null
python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
keys = ["backend", "device", "neurons", "synapses", "construction_s", "simulation_s", "real_time_factor",
        "device_memory_bytes", "bytes_per_synapse"]
print(" | ".join(keys))
for r in rows:
    print(" | ".join(str(r.get(k, "")) for k in keys))
PY
